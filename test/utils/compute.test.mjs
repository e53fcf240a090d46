// computeWithBuffers on every backend: results, output specs, in-place bindings, constants, 2-D dispatch,
// and errors that carry the implementation's validation message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { computeWithBuffers } from "wgpu-ts/utils";
import { BACKENDS, deviceOf, skipReason } from "./backends.mjs";

const DOUBLE = /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < arrayLength(&dst)) { dst[id.x] = src[id.x] * 2.0; }
}`;

for (const backend of BACKENDS) {
  const skip = await skipReason(backend);
  test(`computeWithBuffers on ${backend}`, { skip, timeout: 30_000 }, async (t) => {
    const device = await deviceOf(backend);

    await t.test("doubles 1000 floats; the output type follows the spec", async () => {
      const input = Float32Array.from({ length: 1000 }, (_, i) => i * 0.5);
      const out = await computeWithBuffers({ device, inputs: { 0: input }, outputs: { 1: { type: "f32", length: 1000 } }, shader: DOUBLE, workgroups: 16 });
      assert.ok(out[1] instanceof Float32Array);
      assert.equal(out[1].length, 1000);
      assert.deepEqual(Array.from(out[1]), Array.from(input, (v) => v * 2));
    });

    await t.test("several outputs: byte size, constructor type, and a binding that is input and output", async () => {
      const shader = /* wgsl */ `
        override scale: u32 = 1u;
        @group(0) @binding(0) var<storage, read_write> io: array<u32>;
        @group(0) @binding(1) var<storage, read_write> bytes: array<u32>;
        @group(0) @binding(2) var<storage, read_write> signed: array<i32>;
        @compute @workgroup_size(2, 2) fn main(@builtin(global_invocation_id) id: vec3u) {
          let i = id.y * 4u + id.x;
          io[i] = io[i] * scale;
          bytes[i] = 0x01020304u;
          signed[i] = -i32(i);
        }`;
      const out = await computeWithBuffers({
        device, shader, constants: { scale: 3 }, workgroups: [2, 2],
        inputs: { 0: Uint32Array.from({ length: 16 }, (_, i) => i) },
        outputs: { 0: { type: Uint32Array, length: 16 }, 1: 64, 2: { type: "i32", length: 16 } },
      });
      assert.deepEqual(Array.from(out[0]), Array.from({ length: 16 }, (_, i) => i * 3));
      assert.ok(out[1] instanceof Uint8Array);
      assert.deepEqual(Array.from(out[1].subarray(0, 8)), [4, 3, 2, 1, 4, 3, 2, 1]);
      assert.ok(out[2] instanceof Int32Array);
      assert.deepEqual(Array.from(out[2]), Array.from({ length: 16 }, (_, i) => -i || 0));
    });

    await t.test("an output shorter than 4 bytes and an ArrayBuffer input", async () => {
      const shader = /* wgsl */ `
        @group(0) @binding(0) var<storage, read> a: array<u32>;
        @group(0) @binding(1) var<storage, read_write> b: array<u32>;
        @compute @workgroup_size(1) fn main() { b[0] = a[0] + 1u; }`;
      const out = await computeWithBuffers({ device, shader, workgroups: 1, inputs: { 0: new Uint32Array([41]).buffer }, outputs: { 1: { type: "u8", length: 2 } } });
      assert.deepEqual(Array.from(out[1]), [42, 0]);
    });

    await t.test("a WGSL error rejects with the compiler's message", async () => {
      await assert.rejects(
        computeWithBuffers({ device, shader: "fn broken(", workgroups: 1, outputs: { 0: 4 } }),
        (e) => e instanceof Error && /shader module failed/.test(e.message) && e.message.length > 40,
      );
    });

    await t.test("a binding the shader does not use is named in the error", async () => {
      await assert.rejects(
        computeWithBuffers({ device, shader: DOUBLE, workgroups: 1, inputs: { 0: new Float32Array(4), 5: new Float32Array(4) }, outputs: { 1: 16 } }),
        (e) => /bind group 0 .*every binding given must be used/.test(e.message),
      );
    });

    await t.test("JS-shaped mistakes are TypeErrors before any GPU work", async () => {
      await assert.rejects(computeWithBuffers({ device, shader: DOUBLE, workgroups: 1, outputs: { x: 4 } }), TypeError);
      await assert.rejects(computeWithBuffers({ device, shader: DOUBLE, workgroups: 1, outputs: {} }), TypeError);
      await assert.rejects(computeWithBuffers({ device, shader: DOUBLE, workgroups: 1, outputs: { 1: { type: "f80", length: 1 } } }), /f32/);
      await assert.rejects(computeWithBuffers({ device, shader: DOUBLE, workgroups: [1, 2, 3, 4], outputs: { 1: 4 } }), TypeError);
      await assert.rejects(computeWithBuffers({ device, shader: DOUBLE, workgroups: 1, inputs: { 0: [1, 2] }, outputs: { 1: 4 } }), TypeError);
    });

    await t.test("the device still works and no buffer is left mapped", async () => {
      const out = await computeWithBuffers({ device, inputs: { 0: new Float32Array([1.5]) }, outputs: { 1: { type: "f32", length: 1 } }, shader: DOUBLE, workgroups: 1 });
      assert.equal(out[1][0], 3);
    });
    device.destroy();
  });
}
