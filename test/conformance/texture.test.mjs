// Textures, views, samplers and texel copies: attributes, every view dimension, round trips
// buffer -> texture -> texture -> buffer over formats, mip levels and unaligned widths, writeTexture,
// and the copy rules' failure modes (each a validation error, the device still usable).
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import { backendName, getDevice, readBuffer, expectValidationError, expectNoError, expectTypeError, probeDevice, T } from '../harness.mjs';
import { readTexels } from './texture-helpers.mjs';

const COPY_ALL = () => GPUTextureUsage.COPY_SRC | GPUTextureUsage.COPY_DST;
let device;
const dev = async () => (device ??= await getDevice());

function pattern(n, seed) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed * 17 + (i >> 8)) & 0xff;
  return out;
}

/** Finite floats for float formats (NaN bit patterns may be canonicalised by a copy). */
function safeBytes(format, n, seed) {
  if (format.endsWith('32float')) return new Uint8Array(Float32Array.from({ length: n / 4 }, (_, i) => (i * 0.75 - seed) / 8).buffer);
  if (format.endsWith('16float')) return new Uint8Array(Uint16Array.from({ length: n / 2 }, (_, i) => 0x3c00 + ((i * 7 + seed) % 0x300)).buffer);
  return pattern(n, seed);
}

describe('createTexture / createView / createSampler', () => {
  test('attributes reflect the descriptor, with the spec defaults', T, async () => {
    const d = await dev();
    await expectNoError(d, () => {
      const t = d.createTexture({ size: [16, 8], format: 'rgba8unorm', usage: GPUTextureUsage.TEXTURE_BINDING, label: 'attrs' });
      assert.deepEqual([t.width, t.height, t.depthOrArrayLayers, t.mipLevelCount, t.sampleCount, t.dimension, t.format, t.usage, t.label],
        [16, 8, 1, 1, 1, '2d', 'rgba8unorm', GPUTextureUsage.TEXTURE_BINDING, 'attrs']);
      const t3 = d.createTexture({ size: { width: 8, height: 4, depthOrArrayLayers: 2 }, dimension: '3d', mipLevelCount: 3, format: 'r32float', usage: GPUTextureUsage.COPY_DST });
      assert.deepEqual([t3.width, t3.height, t3.depthOrArrayLayers, t3.mipLevelCount, t3.dimension], [8, 4, 2, 3, '3d']);
      assert.ok(t instanceof GPUTexture);
      t.destroy();
      t.destroy(); // twice is fine
    });
  });

  test('views of every dimension, aspect and subresource range', T, async () => {
    const d = await dev();
    await expectNoError(d, () => {
      const usage = GPUTextureUsage.TEXTURE_BINDING;
      const t1 = d.createTexture({ size: [32], dimension: '1d', format: 'rgba8unorm', usage });
      const t2 = d.createTexture({ size: [16, 16, 12], mipLevelCount: 4, format: 'rgba8unorm', usage });
      const t3 = d.createTexture({ size: [8, 8, 8], dimension: '3d', format: 'rgba8unorm', usage });
      const ds = d.createTexture({ size: [8, 8], format: 'depth24plus-stencil8', usage });
      const views = [
        t1.createView(), t1.createView({ dimension: '1d' }),
        t2.createView({ dimension: '2d', baseArrayLayer: 3, arrayLayerCount: 1 }),
        t2.createView({ dimension: '2d-array', baseMipLevel: 1, mipLevelCount: 2 }),
        t2.createView({ dimension: 'cube', baseArrayLayer: 6, arrayLayerCount: 6 }),
        t2.createView({ dimension: 'cube-array', arrayLayerCount: 12 }),
        t3.createView(), t3.createView({ dimension: '3d', baseMipLevel: 0 }),
        ds.createView({ aspect: 'depth-only' }), ds.createView({ aspect: 'stencil-only' }),
        t2.createView({ format: 'rgba8unorm', label: 'v' }),
      ];
      for (const v of views) assert.ok(v instanceof GPUTextureView);
      assert.equal(views.at(-1).label, 'v');
    });
  });

  test('samplers: filtering, address modes, compare, anisotropy, LOD clamps', T, async () => {
    const d = await dev();
    await expectNoError(d, () => {
      const samplers = [
        d.createSampler(),
        d.createSampler({ addressModeU: 'repeat', addressModeV: 'mirror-repeat', addressModeW: 'clamp-to-edge', magFilter: 'linear', minFilter: 'linear', mipmapFilter: 'linear' }),
        d.createSampler({ compare: 'less-equal' }),
        d.createSampler({ magFilter: 'linear', minFilter: 'linear', mipmapFilter: 'linear', maxAnisotropy: 16 }),
        d.createSampler({ lodMinClamp: 1, lodMaxClamp: 4 }),
      ];
      for (const s of samplers) assert.ok(s instanceof GPUSampler);
    });
    await expectValidationError(d, () => d.createSampler({ maxAnisotropy: 4 }), 'maxAnisotropy > 1 with nearest filters');
    await expectValidationError(d, () => d.createSampler({ lodMinClamp: 4, lodMaxClamp: 1 }), 'lodMaxClamp < lodMinClamp');
  });

  test('bad descriptors: TypeErrors for shape, validation errors for rules', T, async () => {
    const d = await dev();
    // (dawn.node aborts the process on these three: see NOT_APPLICABLE in test/harness.mjs)
    await expectTypeError(d, () => d.createTexture({ size: [4, 4], format: 'not-a-format', usage: GPUTextureUsage.COPY_DST }), 'unknown format');
    await expectTypeError(d, () => d.createTexture({ size: [4, 4], usage: GPUTextureUsage.COPY_DST }), 'missing format');
    await expectTypeError(d, () => d.createTexture({ format: 'rgba8unorm', usage: GPUTextureUsage.COPY_DST }), 'missing size');
    await expectValidationError(d, () => d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: 0x4000 }), 'unknown usage bits');
    await expectValidationError(d, () => d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: 0 }), 'no usage');
    await expectValidationError(d, () => d.createTexture({ size: [0, 4], format: 'rgba8unorm', usage: GPUTextureUsage.COPY_DST }), 'zero width');
    await expectValidationError(d, () => d.createTexture({ size: [4, 4], mipLevelCount: 4, format: 'rgba8unorm', usage: GPUTextureUsage.COPY_DST }), 'too many mips');
    const t = d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: GPUTextureUsage.TEXTURE_BINDING });
    await expectValidationError(d, () => t.createView({ mipLevelCount: 0 }), 'view mipLevelCount 0');
    await expectValidationError(d, () => t.createView({ baseMipLevel: 1 }), 'view past the mip levels');
    await expectValidationError(d, () => t.createView({ dimension: 'cube' }), 'cube view of a 1-layer texture');
    await probeDevice(d);
  });
});

describe('texel copies: round trips', () => {
  // [format, bytes per texel]
  const formats = [['rgba8unorm', 4], ['r8unorm', 1], ['rg8uint', 2], ['r32float', 4], ['rgba16float', 8], ['rgba32float', 16], ['bgra8unorm', 4]];
  for (const [format, bpt] of formats) {
    test(`buffer -> texture -> texture -> buffer, ${format}, unaligned widths and mip levels`, T, async () => {
      const d = await dev();
      await expectNoError(d, async () => {
        const base = [37, 19];
        const a = d.createTexture({ size: base, mipLevelCount: 3, format, usage: COPY_ALL() });
        const b = d.createTexture({ size: base, mipLevelCount: 3, format, usage: COPY_ALL() });
        for (let level = 0; level < 3; level++) {
          const w = Math.max(1, base[0] >> level), h = Math.max(1, base[1] >> level);
          const rowBytes = w * bpt, padded = Math.ceil(rowBytes / 256) * 256;
          const tight = safeBytes(format, rowBytes * h, level + bpt);
          const staged = new Uint8Array(padded * h);
          for (let r = 0; r < h; r++) staged.set(tight.subarray(r * rowBytes, (r + 1) * rowBytes), r * padded);
          const src = d.createBuffer({ size: staged.byteLength, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
          d.queue.writeBuffer(src, 0, staged);
          const enc = d.createCommandEncoder();
          enc.copyBufferToTexture({ buffer: src, bytesPerRow: padded }, { texture: a, mipLevel: level }, [w, h]);
          enc.copyTextureToTexture({ texture: a, mipLevel: level }, { texture: b, mipLevel: level }, [w, h]);
          d.queue.submit([enc.finish()]);
          const back = await readTexels(d, b, { width: w, height: h, bytesPerTexel: bpt, mipLevel: level });
          assert.deepEqual(back, tight, `${format} mip ${level} (${w}x${h}) round trip`);
        }
      }, `${format} round trip`);
    });
  }

  test('writeTexture with tight, unaligned rows, an offset, and a sub-region origin', T, async () => {
    const d = await dev();
    await expectNoError(d, async () => {
      const t = d.createTexture({ size: [7, 5], format: 'rgba8unorm', usage: COPY_ALL() });
      const full = pattern(7 * 5 * 4, 3);
      d.queue.writeTexture({ texture: t }, full, { bytesPerRow: 28 }, [7, 5]);
      assert.deepEqual(await readTexels(d, t), full);
      // A 3x2 region at (2, 1) from data starting at byte 12 with 16-byte rows.
      const data = pattern(12 + 16 * 2, 9);
      d.queue.writeTexture({ texture: t, origin: { x: 2, y: 1 } }, data, { offset: 12, bytesPerRow: 16 }, { width: 3, height: 2 });
      const back = await readTexels(d, t);
      for (let y = 0; y < 2; y++) {
        assert.deepEqual(back.subarray(((1 + y) * 7 + 2) * 4, ((1 + y) * 7 + 5) * 4), data.subarray(12 + y * 16, 12 + y * 16 + 12));
      }
      assert.deepEqual(back.subarray(0, 28), full.subarray(0, 28), 'row 0 untouched');
    });
  });

  test('3D textures and 2D array layers round-trip through rowsPerImage', T, async () => {
    const d = await dev();
    await expectNoError(d, async () => {
      for (const dimension of ['3d', '2d']) {
        const t = d.createTexture({ size: [5, 3, 4], dimension, format: 'r32uint', usage: COPY_ALL() });
        const data = Uint32Array.from({ length: 5 * 4 * 4 }, (_, i) => i * 1000 + 7); // rowsPerImage 4 > height 3
        d.queue.writeTexture({ texture: t }, data, { bytesPerRow: 20, rowsPerImage: 4 }, [5, 3, 4]);
        const back = new Uint32Array((await readTexels(d, t, { width: 5, height: 3, bytesPerTexel: 4, layers: 4 })).buffer);
        const expected = [];
        for (let z = 0; z < 4; z++) for (let i = 0; i < 15; i++) expected.push(data[z * 20 + i]);
        assert.deepEqual(Array.from(back), expected, dimension);
      }
    });
  });

  test('stencil aspect of depth24plus-stencil8 and depth16unorm copy both ways', T, async () => {
    const d = await dev();
    await expectNoError(d, async () => {
      const ds = d.createTexture({ size: [4, 2], format: 'depth24plus-stencil8', usage: COPY_ALL() });
      const stencil = Uint8Array.from({ length: 8 }, (_, i) => i * 30 + 1);
      d.queue.writeTexture({ texture: ds, aspect: 'stencil-only' }, stencil, { bytesPerRow: 4 }, [4, 2]);
      assert.deepEqual(await readTexels(d, ds, { bytesPerTexel: 1, aspect: 'stencil-only' }), stencil);
      const d16 = d.createTexture({ size: [4, 2], format: 'depth16unorm', usage: COPY_ALL() });
      const depth = new Uint8Array(Uint16Array.from({ length: 8 }, (_, i) => i * 8000).buffer);
      d.queue.writeTexture({ texture: d16 }, depth, { bytesPerRow: 8 }, [4, 2]);
      assert.deepEqual(await readTexels(d, d16, { bytesPerTexel: 2 }), depth);
    });
  });
});

describe('texel copies: failure modes', () => {
  async function encoderError(d, record, what) {
    await expectValidationError(d, () => {
      const enc = d.createCommandEncoder();
      record(enc);
      enc.finish();
    }, what);
  }

  test('buffer/texture copy rules are validation errors naming the rule', T, async () => {
    const d = await dev();
    const t = d.createTexture({ size: [16, 16], format: 'rgba8unorm', usage: COPY_ALL() });
    const noDst = d.createTexture({ size: [16, 16], format: 'rgba8unorm', usage: GPUTextureUsage.COPY_SRC });
    const buf = d.createBuffer({ size: 256 * 16, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    const small = d.createBuffer({ size: 256, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    const noUsage = d.createBuffer({ size: 256 * 16, usage: GPUBufferUsage.COPY_DST });
    await encoderError(d, (e) => e.copyBufferToTexture({ buffer: buf, bytesPerRow: 64 }, { texture: t }, [16, 16]), 'bytesPerRow not a multiple of 256');
    await encoderError(d, (e) => e.copyBufferToTexture({ buffer: buf, bytesPerRow: 256 }, { texture: t, origin: [8, 8] }, [16, 16]), 'out of bounds region');
    await encoderError(d, (e) => e.copyBufferToTexture({ buffer: buf, bytesPerRow: 256 }, { texture: noDst }, [16, 16]), 'missing COPY_DST');
    await encoderError(d, (e) => e.copyBufferToTexture({ buffer: noUsage, bytesPerRow: 256 }, { texture: t }, [16, 16]), 'buffer lacks COPY_SRC');
    await encoderError(d, (e) => e.copyTextureToBuffer({ texture: t }, { buffer: small, bytesPerRow: 256 }, [16, 16]), 'buffer too small');
    await encoderError(d, (e) => e.copyBufferToTexture({ buffer: buf, offset: 2, bytesPerRow: 256 }, { texture: t }, [1, 1]), 'offset not a multiple of the block size');
    await encoderError(d, (e) => e.copyBufferToTexture({ buffer: buf }, { texture: t }, [16, 2]), 'bytesPerRow missing for 2 rows');
    await encoderError(d, (e) => e.copyBufferToTexture({ buffer: buf, bytesPerRow: 256 }, { texture: t, mipLevel: 1 }, [1, 1]), 'mip level out of range');
    const depth = d.createTexture({ size: [4, 4], format: 'depth24plus', usage: COPY_ALL() });
    await encoderError(d, (e) => e.copyTextureToBuffer({ texture: depth }, { buffer: buf, bytesPerRow: 256 }, [4, 4]), 'depth24plus cannot be copied');
    const r8 = d.createTexture({ size: [16, 16], format: 'r8unorm', usage: COPY_ALL() });
    await encoderError(d, (e) => e.copyTextureToTexture({ texture: t }, { texture: r8 }, [4, 4]), 'texture copy between incompatible formats');
    await encoderError(d, (e) => e.copyTextureToTexture({ texture: t }, { texture: t, origin: [2, 2] }, [4, 4]), 'overlapping copy within one subresource');
    await probeDevice(d);
  });

  test('writeTexture rules: data too small, missing usage, bad region', T, async () => {
    const d = await dev();
    const t = d.createTexture({ size: [8, 8], format: 'rgba8unorm', usage: COPY_ALL() });
    const noDst = d.createTexture({ size: [8, 8], format: 'rgba8unorm', usage: GPUTextureUsage.COPY_SRC });
    await expectValidationError(d, () => d.queue.writeTexture({ texture: t }, new Uint8Array(100), { bytesPerRow: 32 }, [8, 8]), 'data too small');
    await expectValidationError(d, () => d.queue.writeTexture({ texture: noDst }, new Uint8Array(256), { bytesPerRow: 32 }, [8, 8]), 'missing COPY_DST');
    await expectValidationError(d, () => d.queue.writeTexture({ texture: t, origin: [4, 0] }, new Uint8Array(256), { bytesPerRow: 32 }, [8, 8]), 'out of bounds');
    await expectValidationError(d, () => d.queue.writeTexture({ texture: t }, new Uint8Array(256), { bytesPerRow: 16 }, [8, 8]), 'bytesPerRow smaller than a row');
    await expectTypeError(d, () => d.queue.writeTexture({ texture: t }, 'not data', { bytesPerRow: 32 }, [8, 8]), 'data not a BufferSource');
    await probeDevice(d);
  });

  test('a command buffer using a texture destroyed before submit is a validation error', T, async () => {
    const d = await dev();
    const t = d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: COPY_ALL() });
    const buf = d.createBuffer({ size: 256 * 4, usage: GPUBufferUsage.COPY_DST });
    const enc = d.createCommandEncoder();
    enc.copyTextureToBuffer({ texture: t }, { buffer: buf, bytesPerRow: 256 }, [4, 4]);
    const cb = enc.finish();
    t.destroy();
    await expectValidationError(d, () => d.queue.submit([cb]), 'submit with a destroyed texture');
    await expectValidationError(d, () => d.queue.writeTexture({ texture: t }, new Uint8Array(64), { bytesPerRow: 16 }, [4, 4]), 'writeTexture to a destroyed texture');
    await probeDevice(d);
  });
});
