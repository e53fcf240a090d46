// Push constants as on the wgpu-py spec page, on wgpu-native 29's immediates; and the standard-track
// immediateSize / setImmediates.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { native, adapter, device, readBuffer, readTexture, validationErrorOf, T } from './helpers.mjs';
const { nativeFeatures, nativeLimits } = native;

const { createPipelineLayout, setPushConstants } = native;
const STORAGE = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;

// The spec page's WGSL spelling: var<push_constant>.
const COMPUTE_WGSL = `
struct PushConstants { a: vec4u, b: vec4u }
var<push_constant> pc: PushConstants;
@group(0) @binding(0) var<storage, read_write> out: array<u32, 8>;
@compute @workgroup_size(1) fn main() {
  for (var i = 0u; i < 4u; i++) { out[i] = pc.a[i]; out[i + 4u] = pc.b[i]; }
}`;

async function pushDevice() {
  return device({ requiredFeatures: ['push-constants'], requiredLimits: { 'max-push-constant-size': 128 } });
}

function computeSetup(d, layoutOf) {
  const module = d.createShaderModule({ code: COMPUTE_WGSL });
  const bgl = d.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } }] });
  const layout = layoutOf(bgl);
  const pipeline = d.createComputePipeline({ layout, compute: { module } });
  const out = d.createBuffer({ size: 32, usage: STORAGE() });
  const bindGroup = d.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer: out } }] });
  return { pipeline, out, bindGroup };
}

async function dispatch(d, { pipeline, out, bindGroup }, record) {
  const enc = d.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  record(pass);
  pass.dispatchWorkgroups(1);
  pass.end();
  d.queue.submit([enc.finish()]);
  return Array.from(new Uint32Array(await readBuffer(d, out)));
}

describe('push constants: feature and limit names', () => {
  test('"push-constants" and maxPushConstantSize are wgpu-native extras: in nativeFeatures(), not in adapter.features', T, async () => {
    const a = await adapter();
    assert.ok(nativeFeatures(a).has('push-constants'));
    assert.ok(nativeFeatures(a).has('immediates'));
    // adapter.features holds WebGPU names only (code that requests every listed feature keeps WebGPU's rules).
    assert.ok(!a.features.has('push-constants') && !a.features.has('immediates'));
    assert.equal(a.limits.maxPushConstantSize, a.limits.maxImmediateSize);
    assert.ok(a.limits.maxPushConstantSize >= 128);
  });

  test('requiredLimits accepts "max-push-constant-size" and maxPushConstantSize', T, async () => {
    const d = await pushDevice();
    assert.ok(d.features.has('push-constants'));
    assert.equal(d.limits.maxPushConstantSize, 128);
    assert.equal(d.limits.maxImmediateSize, 128);
    d.destroy();
    const d2 = await device({ requiredFeatures: ['push-constants'], requiredLimits: { maxPushConstantSize: 64 } });
    assert.equal(d2.limits.maxImmediateSize, 64);
    d2.destroy();
  });

  test('native limits of wgpu.h appear in adapter.limits and nativeLimits()', T, async () => {
    const a = await adapter();
    for (const k of ['maxNonSamplerBindings', 'maxBindingArrayElementsPerShaderStage', 'maxBindingArraySamplerElementsPerShaderStage', 'maxMultiviewViewCount']) {
      assert.equal(typeof a.limits[k], 'number', k);
      assert.equal(typeof nativeLimits(a)[k], 'number', k);
    }
    assert.ok(a.limits.maxMultiviewViewCount > 0);
    assert.ok(nativeFeatures(a).has('pipeline-statistics-query'));
  });
});

describe('push constants: compute', () => {
  test('setPushConstants fills the shader\'s var<push_constant> (data offset, two calls)', T, async () => {
    const d = await pushDevice();
    const setup = computeSetup(d, (bgl) => createPipelineLayout(d, {
      bindGroupLayouts: [bgl], pushConstantLayouts: [{ visibility: GPUShaderStage.COMPUTE, start: 0, end: 32 }],
    }));
    const data = new Uint32Array([100, 1, 2, 3, 4, 5, 6, 7, 8]);
    const got = await dispatch(d, setup, (pass) => {
      setPushConstants(pass, GPUShaderStage.COMPUTE, 0, 16, data, 4);          // bytes 4..20 of data: 1..4
      setPushConstants(pass, GPUShaderStage.COMPUTE, 16, 16, data.buffer, 20); // ArrayBuffer source: 5..8
    });
    assert.deepEqual(got, [1, 2, 3, 4, 5, 6, 7, 8]);
    d.destroy();
  });

  test('later calls overwrite only the bytes they set', T, async () => {
    const d = await pushDevice();
    const setup = computeSetup(d, (bgl) => createPipelineLayout(d, {
      bindGroupLayouts: [bgl], pushConstantLayouts: [{ visibility: GPUShaderStage.COMPUTE, start: 0, end: 32 }],
    }));
    const got = await dispatch(d, setup, (pass) => {
      setPushConstants(pass, GPUShaderStage.COMPUTE, 0, 32, new Uint32Array([1, 2, 3, 4, 5, 6, 7, 8]));
      setPushConstants(pass, GPUShaderStage.COMPUTE, 8, 4, new Uint32Array([42]));
    });
    assert.deepEqual(got, [1, 2, 42, 4, 5, 6, 7, 8]);
    d.destroy();
  });

  test('standard track: immediateSize in device.createPipelineLayout, pass.setImmediates', T, async () => {
    const d = await pushDevice();
    const setup = computeSetup(d, (bgl) => d.createPipelineLayout({ bindGroupLayouts: [bgl], immediateSize: 32 }));
    const got = await dispatch(d, setup, (pass) => {
      pass.setImmediates(0, new Uint32Array([9, 9, 1, 2, 3, 4]), 2, 4);  // elements 2..6
      pass.setImmediates(16, new Uint8Array(new Uint32Array([5, 6, 7, 8]).buffer));
    });
    assert.deepEqual(got, [1, 2, 3, 4, 5, 6, 7, 8]);
    d.destroy();
  });

  test('var<immediate> (wgpu-native 29 spelling) works as well', T, async () => {
    const d = await pushDevice();
    const module = d.createShaderModule({ code: COMPUTE_WGSL.replace('var<push_constant>', 'var<immediate>') });
    const info = await module.getCompilationInfo();
    assert.equal(info.messages.length, 0);
    d.destroy();
  });
});

describe('push constants: errors are clear, never panics', () => {
  test('bad pushConstantLayouts are validation errors naming the range', T, async () => {
    const d = await pushDevice();
    const bgls = [];
    const cases = [
      [{ visibility: GPUShaderStage.COMPUTE, start: 0, end: 256 }, /exceeds maxPushConstantSize 128/],
      [{ visibility: GPUShaderStage.COMPUTE, start: 2, end: 16 }, /multiples of 4/],
      [{ visibility: GPUShaderStage.COMPUTE, start: 16, end: 16 }, /less than end/],
      [{ visibility: 0, start: 0, end: 16 }, /GPUShaderStage/],
      [{ visibility: 0x10, start: 0, end: 16 }, /GPUShaderStage/],
    ];
    for (const [range, re] of cases) {
      const err = await validationErrorOf(d, () => createPipelineLayout(d, { bindGroupLayouts: bgls, pushConstantLayouts: [range] }));
      assert.ok(err, JSON.stringify(range));
      assert.match(err.message, re);
    }
    assert.throws(() => createPipelineLayout(d, { bindGroupLayouts: bgls, pushConstantLayouts: [{ visibility: 4, start: -1, end: 4 }] }), TypeError);
    d.destroy();
  });

  test('setPushConstants out of range, unaligned, or without the feature: errors, device still works', T, async () => {
    const d = await pushDevice();
    const setup = computeSetup(d, (bgl) => createPipelineLayout(d, {
      bindGroupLayouts: [bgl], pushConstantLayouts: [{ visibility: GPUShaderStage.COMPUTE, start: 0, end: 32 }],
    }));
    const enc = d.createCommandEncoder();
    const pass = enc.beginComputePass();
    let err = await validationErrorOf(d, () => setPushConstants(pass, GPUShaderStage.COMPUTE, 124, 8, new Uint8Array(8)));
    assert.match(err.message, /exceeds the device's maxImmediateSize \(maxPushConstantSize\) 128/);
    err = await validationErrorOf(d, () => setPushConstants(pass, GPUShaderStage.COMPUTE, 2, 4, new Uint8Array(8)));
    assert.match(err.message, /offset 2 is not a multiple of 4/);
    // The standard setImmediates throws for content that is not a multiple of 4 bytes (WebGPU: OperationError).
    assert.throws(() => pass.setImmediates(0, new Uint8Array(6)), { name: 'OperationError', message: /content size \(6 bytes\) is not a multiple of 4/ });
    assert.throws(() => setPushConstants(pass, GPUShaderStage.COMPUTE, 0, 16, new Uint8Array(8)), RangeError);
    assert.throws(() => setPushConstants({}, GPUShaderStage.COMPUTE, 0, 4, new Uint8Array(4)), TypeError);
    pass.end();
    enc.finish();
    // The device still computes.
    const got = await dispatch(d, setup, (p) => setPushConstants(p, GPUShaderStage.COMPUTE, 0, 32, new Uint32Array([1, 2, 3, 4, 5, 6, 7, 8])));
    assert.deepEqual(got, [1, 2, 3, 4, 5, 6, 7, 8]);
    d.destroy();

    const plain = await device();
    const e2 = plain.createCommandEncoder();
    const p2 = e2.beginComputePass();
    err = await validationErrorOf(plain, () => setPushConstants(p2, GPUShaderStage.COMPUTE, 0, 4, new Uint8Array(4)));
    assert.match(err.message, /"push-constants"/);
    err = await validationErrorOf(plain, () => createPipelineLayout(plain, { bindGroupLayouts: [], pushConstantLayouts: [{ visibility: 4, start: 0, end: 4 }] }));
    assert.match(err.message, /"push-constants" feature/);
    p2.end();
    plain.destroy();
  });
});

// The spec page's example: a vertex range, a fragment range and one visible to both stages.
const RENDER_WGSL = `
struct PushConstants {
  vertex_v: vec4u,     // vertex shader
  fragment_v: vec4u,   // fragment shader
  both_v: vec4u,       // used in both
}
var<push_constant> push_constants: PushConstants;
struct VOut { @builtin(position) pos: vec4f, @location(0) @interpolate(flat) v: vec4u, @location(1) @interpolate(flat) b: vec4u }
@vertex fn vs(@builtin(vertex_index) i: u32) -> VOut {
  var p = array(vec2f(-1, -1), vec2f(3, -1), vec2f(-1, 3));
  return VOut(vec4f(p[i], 0, 1), push_constants.vertex_v, push_constants.both_v);
}
struct FOut { @location(0) v: vec4u, @location(1) f: vec4u, @location(2) bv: vec4u, @location(3) bf: vec4u }
@fragment fn fs(in: VOut) -> FOut {
  return FOut(in.v, push_constants.fragment_v, in.b, push_constants.both_v);
}`;

const { VERTEX, FRAGMENT } = { VERTEX: 1, FRAGMENT: 2 };

async function renderWithPushConstants(d, record, { bundle = false } = {}) {
  const module = d.createShaderModule({ code: RENDER_WGSL });
  const layout = createPipelineLayout(d, {
    bindGroupLayouts: [],
    pushConstantLayouts: [
      { visibility: VERTEX, start: 0, end: 16 },
      { visibility: FRAGMENT, start: 16, end: 32 },
      { visibility: VERTEX + FRAGMENT, start: 32, end: 48 },
    ],
  });
  const format = 'rgba8uint'; // 4 targets x 4 bytes: within maxColorAttachmentBytesPerSample
  const targets = [0, 1, 2, 3].map(() => ({ format }));
  const pipeline = d.createRenderPipeline({ layout, vertex: { module }, fragment: { module, targets }, primitive: { topology: 'triangle-list' } });
  const textures = targets.map(() => d.createTexture({ size: [1, 1], format, usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC }));
  const enc = d.createCommandEncoder();
  const pass = enc.beginRenderPass({ colorAttachments: textures.map((t) => ({ view: t.createView(), loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 0, 0] })) });
  if (bundle) {
    const be = d.createRenderBundleEncoder({ colorFormats: targets.map(() => format) });
    be.setPipeline(pipeline);
    record(be);
    be.draw(3);
    pass.executeBundles([be.finish()]);
  } else {
    pass.setPipeline(pipeline);
    record(pass);
    pass.draw(3);
  }
  pass.end();
  d.queue.submit([enc.finish()]);
  const out = [];
  for (const t of textures) out.push(Array.from(new Uint8Array(await readTexture(d, t, 1, 1, 4))));
  return out;
}

test('a range outside the layout\'s declared push constants is a validation error (at finish)', T, async () => {
  const d = await pushDevice();
  const setup = computeSetup(d, (bgl) => createPipelineLayout(d, {
    bindGroupLayouts: [bgl], pushConstantLayouts: [{ visibility: GPUShaderStage.COMPUTE, start: 0, end: 16 }],
  }));
  for (const [offset, size] of [[16, 16], [12, 8]]) {
    const enc = d.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(setup.pipeline);
    setPushConstants(pass, GPUShaderStage.COMPUTE, offset, size, new Uint8Array(size));
    pass.dispatchWorkgroups(1);
    pass.end();
    const err = await validationErrorOf(d, () => enc.finish());
    assert.match(err.message, /overruns the immediate data range with a size of 16/);
  }
  d.destroy();
});

describe('push constants: render passes and bundles', () => {
  const V = [1, 2, 3, 4], F = [5, 6, 7, 8], B = [9, 10, 11, 12];

  test('vertex, fragment and shared ranges each reach their stages (as on the spec page)', T, async () => {
    const d = await pushDevice();
    d.pushErrorScope('validation');
    const got = await renderWithPushConstants(d, (pass) => {
      setPushConstants(pass, VERTEX, 0, 16, new Uint32Array(V));
      setPushConstants(pass, FRAGMENT, 16, 16, new Uint32Array(F));
      setPushConstants(pass, VERTEX + FRAGMENT, 32, 16, new Uint32Array(B));
    });
    assert.equal(await d.popErrorScope(), null);
    assert.deepEqual(got, [V, F, B, B]);
    d.destroy();
  });

  test('render bundle encoders take push constants too (and setImmediates)', T, async () => {
    const d = await pushDevice();
    d.pushErrorScope('validation');
    const got = await renderWithPushConstants(d, (be) => {
      setPushConstants(be, VERTEX, 0, 16, new Uint32Array(V));
      be.setImmediates(16, new Uint32Array([...F, ...B]));
    }, { bundle: true });
    assert.equal(await d.popErrorScope(), null);
    assert.deepEqual(got, [V, F, B, B]);
    d.destroy();
  });

  test('render pass setImmediates (standard track)', T, async () => {
    const d = await pushDevice();
    const got = await renderWithPushConstants(d, (pass) => pass.setImmediates(0, new Uint32Array([...V, ...F, ...B])));
    assert.deepEqual(got, [V, F, B, B]);
    d.destroy();
  });
});

describe('setImmediates (the standard API) on the push-constants device', () => {
  test('standard setImmediates before setPipeline reaches the dispatch (explicit layout with immediateSize)', T, async () => {
    const device = await pushDevice();
    const bgl = device.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } }] });
    const layout = device.createPipelineLayout({ bindGroupLayouts: [bgl], immediateSize: 16 });
    const module = device.createShaderModule({ code: `var<immediate> k: vec4u;
      @group(0) @binding(0) var<storage, read_write> o: array<vec4u>;
      @compute @workgroup_size(1) fn main() { o[0] = k; }` });
    const pipeline = device.createComputePipeline({ layout, compute: { module } });
    const out = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    assert.equal(await validationErrorOf(device, () => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setImmediates(0, new Uint32Array([1, 2, 3, 4]));
      pass.setImmediates(8, new Uint32Array([30]));
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer: out } }] }));
      pass.dispatchWorkgroups(1);
      pass.end();
      device.queue.submit([encoder.finish()]);
    }), null, 'dispatch');
    assert.deepEqual([...new Uint32Array(await readBuffer(device, out))], [1, 2, 30, 4]);
    device.destroy();
  });
});
