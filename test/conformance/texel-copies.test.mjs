// Texel copy edge cases the WebGPU CTS found (image_copy, copyTextureToTexture, queue,destroyed,
// render_pass,resolve): copies with no texels and bytesPerRow 0, srgb-twin copies, 3d copies at depth
// slices past 0 that must survive later submits, TRANSIENT_ATTACHMENT textures, and destroyed
// resources (reported by submit(), not by finish()).
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import { getDevice, readBuffer, createBufferWithData, expectValidationError, expectNoError, probeDevice, T } from '../harness.mjs';

let device;
const dev = async () => (device ??= await getDevice());
const TU = () => GPUTextureUsage;
const BU = () => GPUBufferUsage;

/** Reads texel (x, y, z) of a 4-byte-per-texel texture of `size` [w, h, d] with one full copy. */
async function readTexel(d, texture, [w, h, depth], [x, y, z]) {
  const bytesPerRow = Math.ceil((w * 4) / 256) * 256;
  const out = d.createBuffer({ size: bytesPerRow * h * depth, usage: BU().COPY_DST | BU().COPY_SRC });
  const e = d.createCommandEncoder();
  e.copyTextureToBuffer({ texture }, { buffer: out, bytesPerRow, rowsPerImage: h }, [w, h, depth]);
  d.queue.submit([e.finish()]);
  const at = bytesPerRow * h * z + bytesPerRow * y + x * 4;
  return [...new Uint8Array(await readBuffer(d, out, 4, at))];
}

describe('texel copies with no texels', () => {
  test('bytesPerRow 0 is valid when the rows are empty (writeTexture, buffer <-> texture copies)', T, async () => {
    const d = await dev();
    const texture = d.createTexture({ size: [4, 4, 2], format: 'r8unorm', usage: TU().COPY_DST | TU().COPY_SRC });
    const buffer = d.createBuffer({ size: 256, usage: BU().COPY_SRC | BU().COPY_DST });
    for (const [size, layout] of [[[0, 4, 1], { bytesPerRow: 0, rowsPerImage: 4 }], [[0, 4, 1], { bytesPerRow: 0 }], [[0, 4, 2], { bytesPerRow: 0, rowsPerImage: 4 }],
      [[4, 0, 1], { bytesPerRow: 256, rowsPerImage: 0 }], [[4, 4, 0], { bytesPerRow: 256 }]]) {
      await expectNoError(d, () => d.queue.writeTexture({ texture }, new Uint8Array(16), layout, size), `writeTexture ${JSON.stringify([size, layout])}`);
      await expectNoError(d, () => {
        const e = d.createCommandEncoder();
        e.copyBufferToTexture({ buffer, ...layout }, { texture }, size);
        e.copyTextureToBuffer({ texture }, { buffer, ...layout }, size);
        e.copyTextureToTexture({ texture }, { texture: d.createTexture({ size: [4, 4, 2], format: 'r8unorm', usage: TU().COPY_DST }) }, size);
        d.queue.submit([e.finish()]);
      }, `copies ${JSON.stringify([size, layout])}`);
    }
    await probeDevice(d);
  });

  test('an empty copy still follows the other rules', T, async () => {
    const d = await dev();
    const noDst = d.createTexture({ size: [4, 4], format: 'r8unorm', usage: TU().COPY_SRC });
    const texture = d.createTexture({ size: [4, 4], format: 'r8unorm', usage: TU().COPY_DST | TU().COPY_SRC });
    const buffer = d.createBuffer({ size: 256, usage: BU().COPY_SRC });
    await expectValidationError(d, () => d.queue.writeTexture({ texture: noDst }, new Uint8Array(16), { bytesPerRow: 0 }, [0, 4]), 'writeTexture without COPY_DST');
    await expectValidationError(d, () => d.queue.writeTexture({ texture, origin: [5, 0] }, new Uint8Array(16), { bytesPerRow: 0 }, [0, 1]), 'writeTexture origin out of bounds');
    // Rows and images before the last still count: 256 * 4 (one image) + 256 * 3 (three rows) bytes.
    const layers = d.createTexture({ size: [4, 4, 2], format: 'r8unorm', usage: TU().COPY_DST });
    await expectValidationError(d, () => d.queue.writeTexture({ texture: layers }, new Uint8Array(1791), { bytesPerRow: 256, rowsPerImage: 4 }, [0, 4, 2]), 'writeTexture: data too small for an empty copy');
    await expectNoError(d, () => d.queue.writeTexture({ texture: layers }, new Uint8Array(1792), { bytesPerRow: 256, rowsPerImage: 4 }, [0, 4, 2]), 'writeTexture: data just large enough');
    await expectValidationError(d, () => {
      const e = d.createCommandEncoder();
      e.copyBufferToTexture({ buffer, bytesPerRow: 0 }, { texture: noDst }, [0, 4]);
      e.finish();
    }, 'copyBufferToTexture without COPY_DST');
    await expectValidationError(d, () => {
      const e = d.createCommandEncoder();
      e.copyTextureToBuffer({ texture }, { buffer, bytesPerRow: 0 }, [0, 4]); // buffer lacks COPY_DST
      e.finish();
    }, 'copyTextureToBuffer into a buffer without COPY_DST');
    await expectValidationError(d, () => {
      const e = d.createCommandEncoder();
      e.copyBufferToTexture({ buffer, bytesPerRow: 0 }, { texture, mipLevel: 1 }, [0, 1]);
      e.finish();
    }, 'copyBufferToTexture to a missing mip level');
    await probeDevice(d);
  });
});

describe('rowsPerImage 0', () => {
  // wgpu-native's descriptor conversion panics on rowsPerImage 0 (process abort); the spec allows it where the
  // copy has no rows and rejects it (rowsPerImage < heightInBlocks) everywhere else.
  test('valid for copies without rows (depth 1 and 2); a validation error for copies with rows; undefined works for one image', T, async () => {
    const d = await dev();
    const texture = d.createTexture({ size: [4, 4, 2], format: 'rgba8unorm', usage: TU().COPY_DST | TU().COPY_SRC });
    const buffer = d.createBuffer({ size: 4096, usage: BU().COPY_SRC | BU().COPY_DST });
    const copies = (layout, size) => ({
      writeTexture: () => d.queue.writeTexture({ texture }, new Uint8Array(4096), layout, size),
      copyBufferToTexture: () => { const e = d.createCommandEncoder(); e.copyBufferToTexture({ buffer, ...layout }, { texture }, size); d.queue.submit([e.finish()]); },
      copyTextureToBuffer: () => { const e = d.createCommandEncoder(); e.copyTextureToBuffer({ texture }, { buffer, ...layout }, size); d.queue.submit([e.finish()]); },
    });
    for (const size of [[4, 0, 1], [4, 0, 2], [0, 0, 0], [0, 0, 2]]) {
      for (const [name, fn] of Object.entries(copies({ bytesPerRow: 256, rowsPerImage: 0 }, size))) await expectNoError(d, fn, `${name} ${JSON.stringify(size)} rowsPerImage 0`);
    }
    for (const size of [[1, 1, 1], [4, 4, 1], [4, 1, 2], [0, 4, 1]]) {
      for (const [name, fn] of Object.entries(copies({ bytesPerRow: 256, rowsPerImage: 0 }, size))) await expectValidationError(d, fn, `${name} ${JSON.stringify(size)} rowsPerImage 0`);
    }
    // One image: rowsPerImage may be left out, and the texels land where they should.
    d.queue.writeTexture({ texture, origin: [0, 0, 1] }, new Uint8Array([...Array(16).keys()].map((i) => i + 1)), { bytesPerRow: 16 }, [4, 1, 1]);
    assert.deepEqual(await readTexel(d, texture, [4, 4, 2], [3, 0, 1]), [13, 14, 15, 16]);
    await probeDevice(d);
  });
});

describe('copyTextureToTexture between formats', () => {
  test('formats that differ only in -srgb are copy-compatible and the bytes are copied unchanged', T, async () => {
    const d = await dev();
    for (const [from, to] of [['rgba8unorm', 'rgba8unorm-srgb'], ['rgba8unorm-srgb', 'rgba8unorm'], ['bgra8unorm', 'bgra8unorm-srgb']]) {
      const src = d.createTexture({ size: [2, 2], format: from, usage: TU().COPY_SRC | TU().COPY_DST });
      const dst = d.createTexture({ size: [2, 2], format: to, usage: TU().COPY_DST | TU().COPY_SRC });
      const data = Uint8Array.from({ length: 16 }, (_, i) => i * 13 + 7);
      d.queue.writeTexture({ texture: src }, data, { bytesPerRow: 8 }, [2, 2]);
      await expectNoError(d, () => {
        const e = d.createCommandEncoder();
        e.copyTextureToTexture({ texture: src }, { texture: dst }, [2, 2]);
        d.queue.submit([e.finish()]);
      }, `${from} -> ${to}`);
      assert.deepEqual(await readTexel(d, dst, [2, 2, 1], [1, 1, 0]), [...data.subarray(12, 16)], `${from} -> ${to}`);
    }
  });

  test('other format pairs are not', T, async () => {
    const d = await dev();
    const src = d.createTexture({ size: [2, 2], format: 'rgba8unorm', usage: TU().COPY_SRC });
    for (const to of ['bgra8unorm', 'bgra8unorm-srgb', 'rgba8uint']) {
      const dst = d.createTexture({ size: [2, 2], format: to, usage: TU().COPY_DST });
      await expectValidationError(d, () => {
        const e = d.createCommandEncoder();
        e.copyTextureToTexture({ texture: src }, { texture: dst }, [2, 2]);
        e.finish();
      }, `rgba8unorm -> ${to}`);
    }
  });
});

describe('3d texture copies', () => {
  test('a copy into depth slice z >= 1 survives later submits (every init method and origin)', T, async () => {
    const d = await dev();
    for (const [size, origin] of [[[100, 1, 2], [1, 0, 1]], [[8, 2, 3], [1, 1, 2]], [[4, 4, 4], [0, 0, 3]]]) {
      for (const method of ['writeTexture', 'copyBufferToTexture', 'copyTextureToTexture']) {
        const texture = d.createTexture({ size, dimension: '3d', format: 'rgba8unorm', usage: TU().COPY_DST | TU().COPY_SRC | TU().TEXTURE_BINDING });
        const texel = [1, 2, 3, 4];
        if (method === 'writeTexture') d.queue.writeTexture({ texture, origin }, new Uint8Array(texel), {}, [1, 1, 1]);
        else {
          const e = d.createCommandEncoder();
          if (method === 'copyBufferToTexture') e.copyBufferToTexture({ buffer: createBufferWithData(d, new Uint8Array(texel), BU().COPY_SRC) }, { texture, origin }, [1, 1, 1]);
          else {
            const src = d.createTexture({ size: [1, 1], format: 'rgba8unorm', usage: TU().COPY_SRC | TU().COPY_DST });
            d.queue.writeTexture({ texture: src }, new Uint8Array(texel), {}, [1, 1]);
            e.copyTextureToTexture({ texture: src }, { texture, origin }, [1, 1, 1]);
          }
          d.queue.submit([e.finish()]);
        }
        // Two later submits read the whole texture: neither may lose the texel (lazy zero-init).
        assert.deepEqual(await readTexel(d, texture, size, origin), texel, `${method} at ${origin} of ${size}, first read`);
        assert.deepEqual(await readTexel(d, texture, size, origin), texel, `${method} at ${origin} of ${size}, second read`);
        assert.deepEqual(await readTexel(d, texture, size, [0, 0, 0]), origin.every((v) => v === 0) ? texel : [0, 0, 0, 0], 'the rest stays zero');
      }
    }
  });
});

describe('3d textures rendered to one depth slice', () => {
  test('the slices and levels a render pass does not touch read as zero (also over reused memory)', T, async () => {
    const d = await dev();
    for (const usage of [TU().RENDER_ATTACHMENT | TU().COPY_SRC, TU().RENDER_ATTACHMENT | TU().COPY_SRC | TU().COPY_DST, TU().RENDER_ATTACHMENT | TU().COPY_SRC | TU().TEXTURE_BINDING]) {
      // Leave non-zero bytes in freed memory that the new texture may get (a texture like it, filled and destroyed).
      for (let i = 0; i < 4; i++) {
        const dirty = d.createTexture({ size: [8, 8, 4], dimension: '3d', format: 'rgba8unorm', usage: TU().RENDER_ATTACHMENT | TU().COPY_DST | TU().COPY_SRC, mipLevelCount: 2 });
        for (const [level, n] of [[0, 8], [1, 4]]) {
          d.queue.writeTexture({ texture: dirty, mipLevel: level }, new Uint8Array(n * n * (n / 2) * 4).fill(0x77), { bytesPerRow: n * 4, rowsPerImage: n }, [n, n, n / 2]);
        }
        await readTexel(d, dirty, [8, 8, 4], [0, 0, 0]);
        dirty.destroy();
      }
      const texture = d.createTexture({ size: [8, 8, 4], dimension: '3d', format: 'rgba8unorm', usage, mipLevelCount: 2 });
      const e = d.createCommandEncoder();
      const pass = e.beginRenderPass({ colorAttachments: [{ view: texture.createView({ baseMipLevel: 1, mipLevelCount: 1 }), depthSlice: 1, clearValue: [1, 0, 0, 1], loadOp: 'clear', storeOp: 'store' }] });
      pass.end();
      d.queue.submit([e.finish()]);
      const level1 = async (xyz) => {
        const out = d.createBuffer({ size: 256 * 4 * 2, usage: BU().COPY_DST | BU().COPY_SRC });
        const e2 = d.createCommandEncoder();
        e2.copyTextureToBuffer({ texture, mipLevel: 1 }, { buffer: out, bytesPerRow: 256, rowsPerImage: 4 }, [4, 4, 2]);
        d.queue.submit([e2.finish()]);
        return [...new Uint8Array(await readBuffer(d, out, 4, 256 * 4 * xyz[2] + 256 * xyz[1] + xyz[0] * 4))];
      };
      assert.deepEqual(await level1([3, 3, 1]), [255, 0, 0, 255], `usage 0x${usage.toString(16)}: the cleared slice`);
      assert.deepEqual(await level1([3, 3, 0]), [0, 0, 0, 0], `usage 0x${usage.toString(16)}: slice 0 of the rendered level`);
      assert.deepEqual(await readTexel(d, texture, [8, 8, 4], [7, 7, 3]), [0, 0, 0, 0], `usage 0x${usage.toString(16)}: level 0`);
    }
  });
});

describe('TRANSIENT_ATTACHMENT textures', () => {
  test('RENDER_ATTACHMENT | TRANSIENT_ATTACHMENT creates a texture that reports both usages', T, async () => {
    const d = await dev();
    assert.equal(GPUTextureUsage.TRANSIENT_ATTACHMENT, 0x20);
    const usage = TU().RENDER_ATTACHMENT | TU().TRANSIENT_ATTACHMENT;
    for (const format of ['rgba8unorm', 'depth24plus', 'depth24plus-stencil8']) {
      const t = await expectNoError(d, () => d.createTexture({ size: [4, 4], format, usage }), format);
      assert.equal(t.usage, usage);
      await expectNoError(d, () => { t.createView(); t.createView({ usage }); }, `views of ${format}`);
    }
  });

  test('the spec rules: 2d, only with RENDER_ATTACHMENT, one mip level, one layer, no viewFormats, views with all usages', T, async () => {
    const d = await dev();
    const TR = TU().TRANSIENT_ATTACHMENT, RA = TU().RENDER_ATTACHMENT;
    for (const [what, desc] of [
      ['TRANSIENT_ATTACHMENT alone', { usage: TR }],
      ['with TEXTURE_BINDING', { usage: TR | RA | TU().TEXTURE_BINDING }],
      ['with COPY_SRC', { usage: TR | RA | TU().COPY_SRC }],
      ['two mip levels', { usage: TR | RA, mipLevelCount: 2 }],
      ['two layers', { usage: TR | RA, size: [4, 4, 2] }],
      ['viewFormats', { usage: TR | RA, viewFormats: ['rgba8unorm-srgb'] }],
      ['a 3d texture', { usage: TR | RA, dimension: '3d' }],
    ]) {
      await expectValidationError(d, () => d.createTexture({ size: [4, 4], format: 'rgba8unorm', ...desc }), what);
    }
    const t = d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: TR | RA });
    await expectValidationError(d, () => t.createView({ usage: RA }), 'a view with a subset of the usages');
  });

  test('attachments must clear and discard; a transient texture is no resolve target', T, async () => {
    const d = await dev();
    const usage = TU().RENDER_ATTACHMENT | TU().TRANSIENT_ATTACHMENT;
    const color = d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage });
    const ds = d.createTexture({ size: [4, 4], format: 'depth24plus-stencil8', usage });
    const pass = (desc) => { const e = d.createCommandEncoder(); e.beginRenderPass(desc).end(); d.queue.submit([e.finish()]); };
    const dsOps = { depthLoadOp: 'clear', depthStoreOp: 'discard', depthClearValue: 1, stencilLoadOp: 'clear', stencilStoreOp: 'discard' };
    await expectNoError(d, () => pass({ colorAttachments: [{ view: color.createView(), loadOp: 'clear', storeOp: 'discard' }], depthStencilAttachment: { view: ds.createView(), ...dsOps } }), 'clear + discard');
    await expectValidationError(d, () => pass({ colorAttachments: [{ view: color.createView(), loadOp: 'load', storeOp: 'discard' }] }), 'loadOp load');
    await expectValidationError(d, () => pass({ colorAttachments: [{ view: color.createView(), loadOp: 'clear', storeOp: 'store' }] }), 'storeOp store');
    await expectValidationError(d, () => pass({ colorAttachments: [], depthStencilAttachment: { view: ds.createView(), ...dsOps, stencilStoreOp: 'store' } }), 'stencilStoreOp store');
    await expectValidationError(d, () => pass({ colorAttachments: [], depthStencilAttachment: { view: ds.createView(), ...dsOps, depthLoadOp: 'load' } }), 'depthLoadOp load');
    const ms = d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: TU().RENDER_ATTACHMENT, sampleCount: 4 });
    await expectValidationError(d, () => pass({ colorAttachments: [{ view: ms.createView(), resolveTarget: color.createView(), loadOp: 'clear', storeOp: 'discard' }] }), 'transient resolve target');
    // A transient multisampled attachment resolved into an ordinary texture (the CTS render_pass,resolve setup).
    const msTransient = d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage, sampleCount: 4 });
    const target = d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: TU().RENDER_ATTACHMENT | TU().COPY_SRC });
    await expectNoError(d, () => pass({ colorAttachments: [{ view: msTransient.createView(), resolveTarget: target.createView(), loadOp: 'clear', storeOp: 'discard', clearValue: [1, 0, 0, 1] }] }), 'resolve of a transient attachment');
    assert.deepEqual(await readTexel(d, target, [4, 4, 1], [2, 2, 0]), [255, 0, 0, 255]);
    await probeDevice(d);
  });
});

describe('destroyed resources in encoder commands', () => {
  test('finish() succeeds and submit() reports the destroyed resource (copies, clear, resolve, compute bindings)', T, async () => {
    const d = await dev();
    const cases = {
      'copyTextureToTexture into a destroyed texture': (e, { t1, t2 }) => { t2.destroy(); e.copyTextureToTexture({ texture: t1 }, { texture: t2 }, [4, 4]); },
      'copyBufferToTexture from a destroyed buffer': (e, { b1, t1 }) => { b1.destroy(); e.copyBufferToTexture({ buffer: b1, bytesPerRow: 256 }, { texture: t1 }, [4, 4]); },
      'copyTextureToBuffer from a destroyed texture': (e, { t1, b1 }) => { t1.destroy(); e.copyTextureToBuffer({ texture: t1 }, { buffer: b1, bytesPerRow: 256 }, [4, 4]); },
      'copyBufferToBuffer into a destroyed buffer': (e, { b1, b2 }) => { b2.destroy(); e.copyBufferToBuffer(b1, 0, b2, 0, 256); },
      'clearBuffer of a destroyed buffer': (e, { b1 }) => { b1.destroy(); e.clearBuffer(b1); },
      'resolveQuerySet into a destroyed buffer': (e, { q, r }) => { r.destroy(); e.resolveQuerySet(q, 0, 1, r, 0); },
      'a compute pass binding a storage texture destroyed after the pass': (e, { t1 }) => {
        const module = d.createShaderModule({ code: '@group(0) @binding(0) var t: texture_storage_2d<rgba8unorm, write>; @compute @workgroup_size(1) fn main() { textureStore(t, vec2i(0), vec4f(1.0)); }' });
        const pipeline = d.createComputePipeline({ layout: 'auto', compute: { module } });
        const pass = e.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, d.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: t1.createView() }] }));
        pass.dispatchWorkgroups(1);
        pass.end();
        t1.destroy();
      },
    };
    for (const [what, encode] of Object.entries(cases)) {
      const usage = TU().COPY_SRC | TU().COPY_DST | TU().STORAGE_BINDING;
      const r = {
        t1: d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage }), t2: d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage }),
        b1: d.createBuffer({ size: 1024, usage: BU().COPY_SRC | BU().COPY_DST }), b2: d.createBuffer({ size: 1024, usage: BU().COPY_SRC | BU().COPY_DST }),
        q: d.createQuerySet({ type: 'occlusion', count: 1 }), r: d.createBuffer({ size: 256, usage: BU().QUERY_RESOLVE }),
      };
      const e = d.createCommandEncoder();
      const cb = await expectNoError(d, () => { encode(e, r); return e.finish(); }, `${what}: finish`);
      await expectValidationError(d, () => d.queue.submit([cb]), `${what}: submit`);
    }
    await probeDevice(d);
  });

  test('the other rules of a command with a destroyed resource are still checked at finish()', T, async () => {
    const d = await dev();
    const b1 = d.createBuffer({ size: 1024, usage: BU().COPY_SRC });
    const b2 = d.createBuffer({ size: 1024, usage: BU().COPY_SRC | BU().COPY_DST });
    b2.destroy();
    await expectValidationError(d, () => { const e = d.createCommandEncoder(); e.copyBufferToBuffer(b1, 0, b2, 0, 6); e.finish(); }, 'size not a multiple of 4');
    await expectValidationError(d, () => { const e = d.createCommandEncoder(); e.copyBufferToBuffer(b2, 0, b1, 0, 256); e.finish(); }, 'destination without COPY_DST');
    await expectValidationError(d, () => { const e = d.createCommandEncoder(); e.clearBuffer(b2, 0, 2048); e.finish(); }, 'clear past the end');
    const t = d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: TU().COPY_SRC });
    t.destroy();
    await expectValidationError(d, () => { const e = d.createCommandEncoder(); e.copyTextureToBuffer({ texture: t }, { buffer: b1, bytesPerRow: 256 }, [4, 4]); e.finish(); }, 'buffer without COPY_DST');
  });
});

describe('depth/stencil attachment load and store ops', () => {
  test('ops are required for an aspect the pass writes and refused for one it lacks or only reads', T, async () => {
    const d = await dev();
    const pass = (format, ops) => {
      const view = d.createTexture({ size: [1, 1], format, usage: TU().RENDER_ATTACHMENT }).createView();
      const e = d.createCommandEncoder();
      e.beginRenderPass({ colorAttachments: [], depthStencilAttachment: { view, ...ops } }).end();
      d.queue.submit([e.finish()]);
    };
    const depth = { depthLoadOp: 'clear', depthStoreOp: 'store', depthClearValue: 1 };
    const stencil = { stencilLoadOp: 'clear', stencilStoreOp: 'store' };
    await expectNoError(d, () => { pass('depth24plus', depth); pass('stencil8', stencil); pass('depth24plus-stencil8', { ...depth, ...stencil }); }, 'ops for the aspects there');
    await expectNoError(d, () => pass('depth24plus-stencil8', { ...depth, stencilReadOnly: true }), 'read-only stencil without ops');
    await expectValidationError(d, () => pass('stencil8', { ...stencil, depthStoreOp: 'discard' }), 'depth op on stencil8');
    await expectValidationError(d, () => pass('depth32float', { ...depth, stencilLoadOp: 'clear' }), 'stencil op on depth32float');
    await expectValidationError(d, () => pass('depth24plus-stencil8', { ...depth, stencilReadOnly: true, ...stencil }), 'stencil ops with stencilReadOnly');
    await expectValidationError(d, () => pass('depth24plus-stencil8', { ...depth, stencilLoadOp: 'clear' }), 'stencilStoreOp missing');
    await probeDevice(d);
  });
});
