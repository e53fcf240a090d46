// Texture helpers: texelBlockInfo facts, and readTexture/writeTexture round trips (row padding removed,
// regions, mip levels, array layers) on every backend that has textures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readTexture, writeTexture, texelBlockInfo } from "wgpu-ts/utils";
import { BACKENDS, deviceOf, skipReason } from "./backends.mjs";

const COPY = 0x01 | 0x02; // GPUTextureUsage.COPY_SRC | COPY_DST
const BINDING = 0x04; // TEXTURE_BINDING

test("texelBlockInfo", () => {
  assert.deepEqual(texelBlockInfo("rgba8unorm"), { bytesPerBlock: 4, blockWidth: 1, blockHeight: 1, arrayType: "Uint8Array" });
  assert.equal(texelBlockInfo("bgra8unorm-srgb").bytesPerBlock, 4);
  assert.equal(texelBlockInfo("r8snorm").arrayType, "Int8Array");
  assert.deepEqual([texelBlockInfo("rg16float").bytesPerBlock, texelBlockInfo("rg16float").arrayType], [4, "Uint16Array"]);
  assert.deepEqual([texelBlockInfo("rgba32float").bytesPerBlock, texelBlockInfo("rgba32float").arrayType], [16, "Float32Array"]);
  assert.equal(texelBlockInfo("r32sint").arrayType, "Int32Array");
  assert.equal(texelBlockInfo("rgb10a2unorm").arrayType, "Uint32Array");
  assert.equal(texelBlockInfo("depth32float").arrayType, "Float32Array");
  assert.equal(texelBlockInfo("depth24plus-stencil8", "stencil-only").bytesPerBlock, 1);
  assert.equal(texelBlockInfo("depth32float-stencil8", "depth-only").bytesPerBlock, 4);
  assert.throws(() => texelBlockInfo("depth24plus"), TypeError);
  assert.throws(() => texelBlockInfo("depth24plus-stencil8"), /stencil-only/);
  assert.deepEqual(texelBlockInfo("bc1-rgba-unorm"), { bytesPerBlock: 8, blockWidth: 4, blockHeight: 4, arrayType: "Uint8Array" });
  assert.equal(texelBlockInfo("bc7-rgba-unorm-srgb").bytesPerBlock, 16);
  assert.deepEqual([texelBlockInfo("astc-10x6-unorm").blockWidth, texelBlockInfo("astc-10x6-unorm").blockHeight], [10, 6]);
  assert.equal(texelBlockInfo("etc2-rgb8a1unorm").bytesPerBlock, 8);
  assert.equal(texelBlockInfo("eac-rg11snorm").bytesPerBlock, 16);
  assert.throws(() => texelBlockInfo("rgba7unorm"), /unknown texture format/);
});

for (const backend of BACKENDS) {
  const reason = await skipReason(backend);
  const device = reason ? undefined : await deviceOf(backend);
  const skip = reason ?? (typeof device.createTexture !== "function" ? `${backend} has no createTexture yet` : false);
  test(`readTexture / writeTexture on ${backend}`, { skip, timeout: 30_000 }, async (t) => {
    await t.test("rgba8unorm 67x5: rows of 268 bytes come back without the 256-byte padding", async () => {
      const texture = device.createTexture({ size: [67, 5], format: "rgba8unorm", usage: COPY | BINDING });
      const data = Uint8Array.from({ length: 67 * 5 * 4 }, (_, i) => (i * 7) & 0xff);
      writeTexture(device, texture, data);
      const back = await readTexture(device, texture);
      assert.ok(back instanceof Uint8Array);
      assert.equal(back.length, data.length);
      assert.deepEqual(back, data);
    });

    await t.test("r32float: a Float32Array, and a sub-region at an origin", async () => {
      const texture = device.createTexture({ size: { width: 8, height: 4 }, format: "r32float", usage: COPY });
      const data = Float32Array.from({ length: 32 }, (_, i) => i + 0.25);
      writeTexture(device, texture, data);
      const all = await readTexture(device, texture);
      assert.ok(all instanceof Float32Array);
      assert.deepEqual(all, data);
      const part = await readTexture(device, texture, { origin: [2, 1], size: [3, 2] });
      assert.deepEqual(Array.from(part), [10, 11, 12, 18, 19, 20].map((v) => v + 0.25));
      writeTexture(device, texture, new Float32Array([-1, -2]), { origin: { x: 6, y: 3 }, size: { width: 2, height: 1 } });
      const after = await readTexture(device, texture);
      assert.deepEqual(Array.from(after.subarray(30)), [-1, -2]);
    });

    await t.test("mip level 1 and array layers of a 2d-array texture; rg16float as raw half floats", async () => {
      const texture = device.createTexture({ size: [16, 8, 3], mipLevelCount: 2, format: "rg16float", usage: COPY });
      const level1 = Uint16Array.from({ length: 8 * 4 * 3 * 2 }, (_, i) => 0x3c00 + i); // 1.0 + tiny steps
      writeTexture(device, texture, level1, { mipLevel: 1 });
      const back = await readTexture(device, texture, { mipLevel: 1 });
      assert.ok(back instanceof Uint16Array);
      assert.deepEqual(back, level1);
      const layer2 = await readTexture(device, texture, { mipLevel: 1, origin: [0, 0, 2], size: [8, 4, 1] });
      assert.deepEqual(layer2, level1.subarray(8 * 4 * 2 * 2));
    });

    await t.test("3d texture mip sizes shrink in depth too", async () => {
      const texture = device.createTexture({ size: [4, 4, 4], dimension: "3d", mipLevelCount: 2, format: "r8uint", usage: COPY });
      const data = Uint8Array.from({ length: 2 * 2 * 2 }, (_, i) => i + 1);
      writeTexture(device, texture, data, { mipLevel: 1 });
      assert.deepEqual(await readTexture(device, texture, { mipLevel: 1 }), data);
    });

    await t.test("short data is a RangeError; a texture without COPY_SRC rejects with the validation message", async () => {
      const texture = device.createTexture({ size: [4, 4], format: "rgba8unorm", usage: 0x02 | BINDING });
      assert.throws(() => writeTexture(device, texture, new Uint8Array(10)), RangeError);
      await assert.rejects(readTexture(device, texture), /readTexture: copyTextureToBuffer failed: \S/);
    });
  });
}
