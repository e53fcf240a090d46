// Objects look like the platform's: a browser's WebGPU objects have no own properties (their IDL attributes are
// getters on the prototype), so Object.keys(o) is [], JSON.stringify(o) is "{}" and never throws (luma.gl
// stringifies descriptors that hold a shader module), and replacing an attribute's getter on the prototype
// (shims, debugging tools) changes what the object reports. Checked over one object of every type.
import assert from 'node:assert/strict';
import { test, describe, getGPU, getDevice, T } from '../harness.mjs';

/** One object of each WebGPU type, with the IDL attributes of its interface. */
async function everyObject() {
  const gpu = await getGPU();
  const adapter = await gpu.requestAdapter();
  const device = await getDevice();
  const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const texture = device.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.TEXTURE_BINDING });
  const module = device.createShaderModule({ code: `@group(0) @binding(0) var<storage, read_write> b: array<u32>;
    @compute @workgroup_size(1) fn main() { b[0] = 1u; }
    @vertex fn vs() -> @builtin(position) vec4f { return vec4f(0.0); }
    @fragment fn fs() -> @location(0) vec4f { return vec4f(1.0); }` });
  const info = await module.getCompilationInfo();
  const bgl = device.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } }] });
  const layout = device.createPipelineLayout({ bindGroupLayouts: [bgl] });
  const pipeline = device.createComputePipeline({ layout, compute: { module } });
  const renderPipeline = device.createRenderPipeline({ layout: 'auto', vertex: { module }, fragment: { module, targets: [{ format: 'rgba8unorm' }] } });
  const encoder = device.createCommandEncoder();
  const computePass = encoder.beginComputePass();
  computePass.end();
  const renderPass = encoder.beginRenderPass({ colorAttachments: [{ view: texture.createView(), loadOp: 'clear', storeOp: 'store' }] });
  renderPass.end();
  const bundleEncoder = device.createRenderBundleEncoder({ colorFormats: ['rgba8unorm'] });
  const querySet = device.createQuerySet({ type: 'occlusion', count: 1 });
  const objects = {
    GPU: [gpu, ['wgslLanguageFeatures']],
    GPUAdapter: [adapter, ['features', 'limits', 'info']],
    GPUAdapterInfo: [adapter.info, ['vendor', 'architecture', 'device', 'description']],
    GPUSupportedFeatures: [adapter.features, []],
    GPUSupportedLimits: [adapter.limits, ['maxBindGroups', 'maxBufferSize']],
    GPUDevice: [device, ['features', 'limits', 'queue', 'lost', 'label']],
    GPUQueue: [device.queue, ['label']],
    GPUBuffer: [buffer, ['size', 'usage', 'mapState', 'label']],
    GPUTexture: [texture, ['width', 'height', 'depthOrArrayLayers', 'mipLevelCount', 'sampleCount', 'dimension', 'format', 'usage', 'label']],
    GPUTextureView: [texture.createView(), ['label']],
    GPUSampler: [device.createSampler(), ['label']],
    GPUShaderModule: [module, ['label']],
    GPUCompilationInfo: [info, ['messages']],
    GPUBindGroupLayout: [bgl, ['label']],
    GPUBindGroup: [device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer } }] }), ['label']],
    GPUPipelineLayout: [layout, ['label']],
    GPUComputePipeline: [pipeline, ['label']],
    GPURenderPipeline: [renderPipeline, ['label']],
    GPUCommandEncoder: [encoder, ['label']],
    GPUComputePassEncoder: [computePass, ['label']],
    GPURenderPassEncoder: [renderPass, ['label']],
    GPUCommandBuffer: [encoder.finish(), ['label']],
    GPURenderBundleEncoder: [bundleEncoder, ['label']],
    GPURenderBundle: [bundleEncoder.finish(), ['label']],
    GPUQuerySet: [querySet, ['type', 'count', 'label']],
    GPUValidationError: [new GPUValidationError('x'), []],
    GPUDeviceLostInfo: [null, ['reason', 'message']],
  };
  return { device, objects };
}

describe('WebGPU objects look like the platform\'s', () => {
  test('every object type: Object.keys is [], JSON.stringify gives "{}" and does not throw', T, async () => {
    const { device, objects } = await everyObject();
    const problems = [];
    for (const [type, [o]] of Object.entries(objects)) {
      if (o === null) continue;
      const keys = Object.keys(o);
      if (keys.length) problems.push(`${type}: Object.keys = ${JSON.stringify(keys)}`);
      let json;
      try { json = JSON.stringify(o); } catch (e) { problems.push(`${type}: JSON.stringify threw ${e}`); continue; }
      if (json !== '{}') problems.push(`${type}: JSON.stringify = ${json}`);
    }
    // A descriptor holding an object (luma.gl's case).
    assert.doesNotThrow(() => JSON.stringify({ vertex: { module: objects.GPUShaderModule[0] }, layout: objects.GPUPipelineLayout[0] }));
    assert.deepEqual(problems, []);
    device.destroy();
    const lost = await device.lost;
    assert.deepEqual(Object.keys(lost), []);
    assert.equal(JSON.stringify(lost), '{}');
  });

  test('every object type: IDL attributes are prototype getters (no own property), replaceable on the prototype', T, async () => {
    const { device, objects } = await everyObject();
    const problems = [];
    for (const [type, [o, attrs]] of Object.entries(objects)) {
      if (o === null) continue;
      for (const a of attrs) {
        if (Object.getOwnPropertyDescriptor(o, a)) { problems.push(`${type}.${a} is an own property`); continue; }
        let proto = Object.getPrototypeOf(o);
        let d;
        while (proto && !(d = Object.getOwnPropertyDescriptor(proto, a))) proto = Object.getPrototypeOf(proto);
        if (!d?.get) { problems.push(`${type}.${a} is not a getter on the prototype chain`); continue; }
        const before = o[a];
        Object.defineProperty(proto, a, { ...d, get() { return 'replaced'; } });
        const replaced = o[a];
        Object.defineProperty(proto, a, d);
        if (replaced !== 'replaced') problems.push(`${type}.${a}: replacing the prototype getter had no effect`);
        if (o[a] !== before) problems.push(`${type}.${a}: changed after restoring the getter`);
      }
    }
    assert.deepEqual(problems, []);
    device.destroy();
  });
});
