// Pass and pipeline state the spec defines and native libraries tend to differ on: indirect dispatches over the
// limits (a no-op), null slots (vertex buffers, bind group layouts, setBindGroup(i, null)), immediates set
// before a pipeline.
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import { getAdapter, getDevice, readBuffer, expectValidationError, expectNoError, probeDevice, T } from '../harness.mjs';

const COUNTER_WGSL = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> counter: atomic<u32>;
@compute @workgroup_size(1) fn main() { atomicAdd(&counter, 1u); }`;

describe('dispatchWorkgroupsIndirect limits', () => {
  test('indirect dispatches over maxComputeWorkgroupsPerDimension are no-ops (and return promptly); the others run', T, async () => {
    const device = await getDevice();
    const max = device.limits.maxComputeWorkgroupsPerDimension;
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: COUNTER_WGSL }) } });
    const counter = device.createBuffer({ size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: counter } }] });
    const cases = [[0x7fffffff, 1, 1], [1, 0xffffffff, 1], [1, 1, max + 1], [max + 1, 0, 1], [3, 2, 1], [0, 5, 5], [1, 1, 1]];
    const args = device.createBuffer({ size: 16 * cases.length, usage: GPUBufferUsage.INDIRECT | GPUBufferUsage.COPY_DST });
    cases.forEach((c, i) => device.queue.writeBuffer(args, 16 * i, new Uint32Array(c)));
    const started = Date.now();
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      cases.forEach((_, i) => pass.dispatchWorkgroupsIndirect(args, 16 * i));
      pass.end();
      device.queue.submit([encoder.finish()]);
    }, 'indirect dispatches');
    const count = new Uint32Array(await readBuffer(device, counter))[0];
    assert.equal(count, 3 * 2 + 1, 'only the dispatches within the limits ran');
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    await probeDevice(device);
  });
});

const SLOT1_WGSL = /* wgsl */ `
@vertex fn vs(@location(0) p: vec2f) -> @builtin(position) vec4f { return vec4f(p, 0, 1); }
@fragment fn fs() -> @location(0) vec4f { return vec4f(0, 1, 0, 1); }`;

describe('null vertex buffer layouts and unbound vertex slots', () => {
  async function setup(device) {
    const module = device.createShaderModule({ code: SLOT1_WGSL });
    const pipeline = device.createRenderPipeline({
      layout: 'auto', primitive: { topology: 'point-list' },
      vertex: { module, buffers: [null, { arrayStride: 8, attributes: [{ shaderLocation: 0, offset: 0, format: 'float32x2' }] }, null] },
      fragment: { module, targets: [{ format: 'rgba8unorm' }] },
    });
    const vertices = device.createBuffer({ size: 8, usage: GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(vertices, 0, new Float32Array([0, 0]));
    const target = device.createTexture({ size: [1, 1], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });
    return { pipeline, vertices, target };
  }
  const beginPass = (encoder, target) => encoder.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: 'clear', clearValue: [1, 0, 0, 1], storeOp: 'store' }] });

  for (const viaBundle of [false, true]) {
    test(`only the non-null slots need a buffer (${viaBundle ? 'render bundle' : 'render pass'}), and the draw renders`, T, async () => {
      const device = await getDevice();
      const { pipeline, vertices, target } = await setup(device);
      const out = device.createBuffer({ size: 256, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
      await expectNoError(device, () => {
        const encoder = device.createCommandEncoder();
        const pass = beginPass(encoder, target);
        const rec = viaBundle ? device.createRenderBundleEncoder({ colorFormats: ['rgba8unorm'] }) : pass;
        rec.setPipeline(pipeline);
        rec.setVertexBuffer(1, vertices);
        rec.draw(1);
        if (viaBundle) pass.executeBundles([rec.finish()]);
        pass.end();
        encoder.copyTextureToBuffer({ texture: target }, { buffer: out, bytesPerRow: 256 }, [1, 1]);
        device.queue.submit([encoder.finish()]);
      }, 'draw with null layouts in slots 0 and 2');
      await out.mapAsync(GPUMapMode.READ);
      assert.deepEqual([...new Uint8Array(out.getMappedRange(), 0, 4)], [0, 255, 0, 255], 'the point was drawn');
      out.unmap();
      await probeDevice(device);
    });
  }

  // The values, not only a draw: a layout with attributes behind null or empty layouts reads its own slot's
  // buffer, also when pipelines with other slot arrangements draw in between (the slots keep their buffers).
  for (const viaBundle of [false, true]) {
    test(`a buffer in slot 1 or 2 behind null and empty layouts feeds its attributes (${viaBundle ? 'render bundle' : 'render pass'})`, T, async () => {
      const device = await getDevice();
      const N = 8, ROWS = 5;
      const module = device.createShaderModule({ code: /* wgsl */ `
        struct O { @location(0) @interpolate(flat) v: u32, @builtin(position) p: vec4f };
        @vertex fn vs(@location(3) a: u32, @builtin(vertex_index) i: u32, @builtin(instance_index) r: u32) -> O {
          var o: O;
          o.v = a;
          o.p = vec4f((f32(i) + 0.5) / ${N}.0 * 2.0 - 1.0, 1.0 - (f32(r) + 0.5) / ${ROWS}.0 * 2.0, 0.0, 1.0);
          return o;
        }
        @fragment fn fs(@location(0) @interpolate(flat) v: u32) -> @location(0) u32 { return v; }` });
      const used = { arrayStride: 4, attributes: [{ shaderLocation: 3, offset: 0, format: 'uint32' }] };
      const make = (buffers) => device.createRenderPipeline({
        layout: 'auto', primitive: { topology: 'point-list' },
        vertex: { module, buffers }, fragment: { module, targets: [{ format: 'r32uint' }] },
      });
      const slot1 = make([null, used]);
      const slot0 = make([used]);
      const slot2 = make([{ arrayStride: 4, attributes: [] }, null, used]);
      const values = (base) => Array.from({ length: N }, (_, i) => base + i);
      const buffer = (words) => {
        const b = device.createBuffer({ size: 4 * N, usage: GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST });
        device.queue.writeBuffer(b, 0, new Uint32Array(words));
        return b;
      };
      const a = buffer(values(100)), b = buffer(values(200)), c = buffer(values(300)), decoy = buffer(Array(N).fill(7));
      const target = device.createTexture({ size: [N, ROWS], format: 'r32uint', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });
      const out = device.createBuffer({ size: 256 * ROWS, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
      await expectNoError(device, () => {
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: 'clear', clearValue: [0, 0, 0, 0], storeOp: 'store' }] });
        const rec = viaBundle ? device.createRenderBundleEncoder({ colorFormats: ['r32uint'] }) : pass;
        rec.setPipeline(slot1); rec.setVertexBuffer(1, a); rec.draw(N, 1, 0, 0); // row 0: a (slot 1)
        rec.setPipeline(slot0); rec.setVertexBuffer(0, b); rec.draw(N, 1, 0, 1); // row 1: b (slot 0)
        rec.setPipeline(slot1); rec.draw(N, 1, 0, 2); // row 2: a again
        rec.setPipeline(slot2); rec.setVertexBuffer(0, decoy); rec.setVertexBuffer(2, c); rec.draw(N, 1, 0, 3); // row 3: c (slot 2)
        rec.setPipeline(slot0); rec.draw(N, 1, 0, 4); // row 4: slot 0 now holds the decoy
        if (viaBundle) pass.executeBundles([rec.finish()]);
        pass.end();
        encoder.copyTextureToBuffer({ texture: target }, { buffer: out, bytesPerRow: 256 }, [N, ROWS]);
        device.queue.submit([encoder.finish()]);
      }, 'draws with the attributes in slots 0, 1 and 2');
      await out.mapAsync(GPUMapMode.READ);
      const texels = new Uint32Array(out.getMappedRange());
      const rows = Array.from({ length: ROWS }, (_, r) => [...texels.subarray(64 * r, 64 * r + N)]);
      out.unmap();
      assert.deepEqual(rows, [values(100), values(200), values(100), values(300), Array(N).fill(7)], 'attribute values, row by row');
      await probeDevice(device);
    });
  }

  test('a missing or unbound buffer in a used slot is a validation error; state resets after executeBundles', T, async () => {
    const device = await getDevice();
    const { pipeline, vertices, target } = await setup(device);
    const cases = {
      'slot 1 never set': (pass) => { pass.setPipeline(pipeline); pass.setVertexBuffer(0, vertices); pass.draw(1); },
      'slot 1 unbound with null': (pass) => { pass.setPipeline(pipeline); pass.setVertexBuffer(1, vertices); pass.setVertexBuffer(1, null); pass.draw(1); },
      'slot 1 set before executeBundles': (pass) => { pass.setVertexBuffer(1, vertices); pass.executeBundles([]); pass.setPipeline(pipeline); pass.draw(1); },
      'pipeline set before executeBundles([])': (pass) => { pass.setPipeline(pipeline); pass.executeBundles([]); pass.setVertexBuffer(1, vertices); pass.draw(1); },
    };
    for (const [name, record] of Object.entries(cases)) {
      await expectValidationError(device, () => {
        const encoder = device.createCommandEncoder();
        const pass = beginPass(encoder, target);
        record(pass);
        pass.end();
        encoder.finish();
      }, name);
    }
    // Unbinding a slot the pipeline does not use, and binding it again, are fine.
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      const pass = beginPass(encoder, target);
      pass.setPipeline(pipeline);
      pass.setVertexBuffer(0, vertices);
      pass.setVertexBuffer(0, null);
      pass.setVertexBuffer(1, vertices);
      pass.setVertexBuffer(1, null);
      pass.setVertexBuffer(1, vertices);
      pass.draw(1);
      pass.end();
      device.queue.submit([encoder.finish()]);
    }, 'rebinding');
    await probeDevice(device);
  });
});

describe('setImmediates', () => {
  // The largest immediate data size the adapter offers (and its feature, where an implementation names one).
  async function immediatesDevice() {
    const adapter = await getAdapter();
    const max = adapter.limits.maxImmediateSize ?? 0;
    const requiredFeatures = adapter.features.has('immediates') ? ['immediates'] : [];
    return getDevice({ requiredFeatures, requiredLimits: max > 0 ? { maxImmediateSize: max } : {} });
  }
  const encoders = {
    'compute pass': (device) => { const e = device.createCommandEncoder(); return { rec: e.beginComputePass(), finish: (r) => { r.end(); return e.finish(); } }; },
    'render pass': (device) => {
      const e = device.createCommandEncoder();
      const target = device.createTexture({ size: [1, 1], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT });
      return { rec: e.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: 'clear', storeOp: 'store' }] }), finish: (r) => { r.end(); return e.finish(); } };
    },
    'render bundle': (device) => ({ rec: device.createRenderBundleEncoder({ colorFormats: ['rgba8unorm'] }), finish: (r) => r.finish() }),
  };

  for (const [kind, make] of Object.entries(encoders)) {
    test(`${kind}: setImmediates without a pipeline is valid; misaligned content throws, misaligned or out-of-range offsets fail at finish`, T, async () => {
      const device = await immediatesDevice();
      if (typeof GPUComputePassEncoder.prototype.setImmediates !== 'function') return; // the implementation has no immediates at all
      const max = device.limits.maxImmediateSize ?? 0;
      if (max >= 8) {
        await expectNoError(device, () => { const { rec, finish } = make(device); rec.setImmediates(0, new Uint32Array([1, 2])); rec.setImmediates(max - 4, new Uint8Array(4)); finish(rec); }, 'in range, no pipeline');
      }
      await expectNoError(device, () => { const { rec, finish } = make(device); rec.setImmediates(0, new Uint32Array(0)); finish(rec); }, 'empty content');
      const { rec } = make(device);
      assert.throws(() => rec.setImmediates(0, new Uint8Array(6)), { name: 'OperationError' }, 'content of 6 bytes');
      assert.throws(() => rec.setImmediates(0, new Uint32Array(2), 1, 2), { name: 'OperationError' }, 'dataOffset + size past the data');
      await expectValidationError(device, () => { const { rec, finish } = make(device); rec.setImmediates(2, new Uint32Array(1)); finish(rec); }, 'rangeOffset 2');
      await expectValidationError(device, () => { const { rec, finish } = make(device); rec.setImmediates(max, new Uint32Array(1)); finish(rec); }, 'range past maxImmediateSize');
      await probeDevice(device);
    });
  }

  // WebGPU: immediates are core API with maxImmediateSize's default of 64 bytes; a device asked for nothing has them.
  test('a default device: maxImmediateSize is the spec default (64), setImmediates before setPipeline is valid and its data reaches the shader', T, async () => {
    const device = await getDevice();
    if (typeof GPUComputePassEncoder.prototype.setImmediates !== 'function') return; // the implementation has no immediates at all
    assert.equal(device.limits.maxImmediateSize, 64, 'device.limits.maxImmediateSize');
    for (const f of device.features) assert.ok(f === 'core-features-and-limits' || (await getAdapter()).features.has(f), `device feature ${f} is not a WebGPU adapter feature`);
    const module = device.createShaderModule({ code: /* wgsl */ `
      struct Imm { a: vec4u, b: vec4u, c: vec4u, d: vec4u }
      var<immediate> imm: Imm;
      @group(0) @binding(0) var<storage, read_write> o: array<vec4u, 4>;
      @compute @workgroup_size(1) fn main() { o[0] = imm.a; o[1] = imm.b; o[2] = imm.c; o[3] = imm.d; }` });
    const bgl = device.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } }] });
    const pipeline = device.createComputePipeline({ layout: device.createPipelineLayout({ bindGroupLayouts: [bgl], immediateSize: 64 }), compute: { module } });
    const out = device.createBuffer({ size: 64, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const words = Array.from({ length: 16 }, (_, i) => 100 + i);
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setImmediates(0, new Uint32Array(words)); // all 64 bytes, before any pipeline
      pass.setImmediates(60, new Uint32Array([7]));
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer: out } }] }));
      pass.dispatchWorkgroups(1);
      pass.end();
      device.queue.submit([encoder.finish()]);
    }, 'setImmediates before setPipeline, then a dispatch');
    assert.deepEqual([...new Uint32Array(await readBuffer(device, out))], [...words.slice(0, 15), 7]);
    await expectValidationError(device, () => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setImmediates(64, new Uint32Array([1]));
      pass.end();
      encoder.finish();
    }, 'a range past the default maxImmediateSize');
    // requiredLimits raise it up to the adapter's value.
    const adapter = await getAdapter();
    if (adapter.limits.maxImmediateSize > 64) {
      const big = await adapter.requestDevice({ requiredLimits: { maxImmediateSize: adapter.limits.maxImmediateSize } });
      assert.equal(big.limits.maxImmediateSize, adapter.limits.maxImmediateSize);
      big.destroy();
    }
  });
});

describe('null bind group layouts, unbound groups, external texture entries', () => {
  const STORE_WGSL = /* wgsl */ `
    @group(1) @binding(0) var<storage, read_write> o: array<u32>;
    @compute @workgroup_size(1) fn main() { o[0] = 7u; }`;

  test('a null bindGroupLayouts entry is an empty layout: no bind group is needed there, and the dispatch runs', T, async () => {
    const device = await getDevice();
    const bgl = device.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } }] });
    const empty = device.createBindGroupLayout({ entries: [] });
    const out = device.createBuffer({ size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const group = device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer: out } }] });
    for (const first of [null, undefined, empty]) {
      const layout = await expectNoError(device, () => device.createPipelineLayout({ bindGroupLayouts: [first, bgl] }), `bindGroupLayouts [${first === empty ? 'empty' : first}, bgl]`);
      const pipeline = device.createComputePipeline({ layout, compute: { module: device.createShaderModule({ code: STORE_WGSL }) } });
      await expectNoError(device, () => {
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(1, group);
        pass.dispatchWorkgroups(1);
        pass.end();
        device.queue.submit([encoder.finish()]);
      }, 'dispatch without a group 0');
    }
    assert.equal(new Uint32Array(await readBuffer(device, out))[0], 7);
    // Unbinding the group the pipeline does need is a validation error (compute pass and render bundle alike).
    const layout = device.createPipelineLayout({ bindGroupLayouts: [null, bgl] });
    const pipeline = device.createComputePipeline({ layout, compute: { module: device.createShaderModule({ code: STORE_WGSL }) } });
    await expectValidationError(device, () => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(1, group);
      pass.setBindGroup(1, null);
      pass.dispatchWorkgroups(1);
      pass.end();
      encoder.finish();
    }, 'dispatch after setBindGroup(1, null)');
    await expectNoError(device, () => {
      const bundle = device.createRenderBundleEncoder({ colorFormats: ['rgba8unorm'] });
      bundle.setBindGroup(0, group);
      bundle.setBindGroup(0, null);
      bundle.finish();
    }, 'setBindGroup(i, null) in a render bundle');
    await probeDevice(device);
  });

  test('a GPUTexture is a binding resource (its default view); externalTexture entries take 2d single-level views of the three formats', T, async () => {
    const device = await getDevice();
    const texture = device.createTexture({ size: [2, 2], format: 'rgba8unorm', usage: GPUTextureUsage.TEXTURE_BINDING });
    const sampled = device.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.FRAGMENT, texture: {} }] });
    await expectNoError(device, () => device.createBindGroup({ layout: sampled, entries: [{ binding: 0, resource: texture }] }), 'a texture as the resource');
    const layout = await expectNoError(device, () => device.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.FRAGMENT, externalTexture: {} }] }), 'externalTexture layout');
    await expectNoError(device, () => device.createBindGroup({ layout, entries: [{ binding: 0, resource: texture.createView() }] }), 'a 2d rgba8unorm view');
    const bad = {
      'r8unorm': device.createTexture({ size: [2, 2], format: 'r8unorm', usage: GPUTextureUsage.TEXTURE_BINDING }).createView(),
      'two mip levels': device.createTexture({ size: [2, 2], mipLevelCount: 2, format: 'rgba8unorm', usage: GPUTextureUsage.TEXTURE_BINDING }).createView(),
      '2d-array': device.createTexture({ size: [2, 2, 2], format: 'rgba8unorm', usage: GPUTextureUsage.TEXTURE_BINDING }).createView(),
      'no TEXTURE_BINDING': device.createTexture({ size: [2, 2], format: 'rgba8unorm', usage: GPUTextureUsage.COPY_DST }).createView(),
    };
    for (const [what, view] of Object.entries(bad)) {
      await expectValidationError(device, () => device.createBindGroup({ layout, entries: [{ binding: 0, resource: view }] }), `externalTexture with ${what}`);
    }
    await probeDevice(device);
  });
});

describe('pass limits and submit consumption', () => {
  test('draws over GPURenderPassDescriptor.maxDrawCount (bundles included) fail at finish', T, async () => {
    const device = await getDevice();
    const module = device.createShaderModule({ code: '@vertex fn vs() -> @builtin(position) vec4f { return vec4f(); } @fragment fn fs() {}' });
    const pipeline = device.createRenderPipeline({ layout: 'auto', vertex: { module }, fragment: { module, targets: [{ format: 'rgba8unorm', writeMask: 0 }] } });
    const target = device.createTexture({ size: [1, 1], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT });
    const bundleEncoder = device.createRenderBundleEncoder({ colorFormats: ['rgba8unorm'] });
    bundleEncoder.setPipeline(pipeline);
    bundleEncoder.draw(3);
    bundleEncoder.draw(3);
    const bundle = bundleEncoder.finish();
    const encode = (maxDrawCount, draws, bundles) => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginRenderPass({ maxDrawCount, colorAttachments: [{ view: target.createView(), loadOp: 'clear', storeOp: 'store' }] });
      pass.setPipeline(pipeline);
      for (let i = 0; i < draws; i++) pass.draw(3);
      if (bundles) pass.executeBundles([bundle]);
      pass.end();
      return encoder.finish();
    };
    await expectNoError(device, () => { encode(3, 3, false); encode(4, 2, true); encode(undefined, 100, true); }, 'within maxDrawCount');
    await expectValidationError(device, () => encode(3, 4, false), '4 draws, maxDrawCount 3');
    await expectValidationError(device, () => encode(3, 2, true), '2 draws + a bundle of 2, maxDrawCount 3');
    await expectValidationError(device, () => encode(0, 1, false), '1 draw, maxDrawCount 0');
    await probeDevice(device);
  });

  test('a failing submit consumes every command buffer it was given', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 4, usage: GPUBufferUsage.COPY_DST });
    const valid = () => { const e = device.createCommandEncoder(); e.clearBuffer(buffer); return e.finish(); };
    const invalid = () => { const e = device.createCommandEncoder(); e.clearBuffer(buffer, 1); return e.finish(); };
    for (const order of ['valid first', 'invalid first']) {
      const good = valid();
      let badCb;
      await expectValidationError(device, () => { badCb = invalid(); }, 'an invalid command buffer (finish)');
      await expectValidationError(device, () => device.queue.submit(order === 'valid first' ? [good, badCb] : [badCb, good]), `${order}: the submit`);
      await expectValidationError(device, () => device.queue.submit([good]), `${order}: resubmitting the valid one`);
    }
    await probeDevice(device);
  });
});
