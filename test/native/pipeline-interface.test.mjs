// Pipeline-creation rules on the shader interface (the fragment outputs against the color targets, alpha to
// coverage, inter-stage types and interpolation, texture/sampler filtering, the compute workgroup size after
// overrides and its workgroup storage, the var<immediate> size), and the render-bundle / attachment rules
// next to them. Each rule has a passing twin, so an implementation cannot pass by refusing everything.
// wgpu-native-only: wgpu-core lacks these rules (wgpu-ts applies them, guards/shader-interface.ts), so
// wgpu-based implementations (Deno) would deviate from most; dawn.node passes all but the depthSlice one.
import { test, describe } from 'node:test';
import { getDevice, expectValidationError, expectNoError, readBuffer, T } from '../harness.mjs';

let device;
const dev = async () => (device ??= await getDevice());

const VS = '@vertex fn vs() -> @builtin(position) vec4f { return vec4f(0, 0, 0, 1); }';

function renderPipeline(d, { fs, targets = [{ format: 'rgba8unorm' }], multisample, layout = 'auto', vs = VS }) {
  const module = d.createShaderModule({ code: `${vs}\n${fs}` });
  return d.createRenderPipeline({ layout, vertex: { module, entryPoint: 'vs' }, fragment: { module, entryPoint: 'fs', targets }, multisample });
}

describe('render pipelines: fragment outputs and targets', () => {
  test('a target with a nonzero writeMask needs a fragment output at its location; writeMask 0 needs none', T, async () => {
    const d = await dev();
    const fs = '@fragment fn fs() -> @location(0) vec4f { return vec4f(1); }';
    const targets = (writeMask) => [{ format: 'rgba8unorm' }, { format: 'rgba8unorm', writeMask }];
    await expectValidationError(d, () => renderPipeline(d, { fs, targets: targets(GPUColorWrite.ALL) }), 'target 1 without an output');
    await expectNoError(d, () => renderPipeline(d, { fs, targets: targets(0) }), 'target 1 without an output, writeMask 0');
  });

  test('a blend whose color factors read the source alpha needs a vec4 output', T, async () => {
    const d = await dev();
    const blend = (srcFactor) => [{ format: 'rg8unorm', blend: { color: { srcFactor, dstFactor: 'zero' }, alpha: {} } }];
    const vec2 = '@fragment fn fs() -> @location(0) vec2f { return vec2f(1); }';
    const vec4 = '@fragment fn fs() -> @location(0) vec4f { return vec4f(1); }';
    await expectValidationError(d, () => renderPipeline(d, { fs: vec2, targets: blend('src-alpha') }), 'src-alpha with a vec2 output');
    await expectNoError(d, () => renderPipeline(d, { fs: vec2, targets: blend('src') }), 'src with a vec2 output');
    await expectNoError(d, () => renderPipeline(d, { fs: vec4, targets: blend('one-minus-src-alpha') }), 'one-minus-src-alpha with a vec4 output');
  });

  test('alphaToCoverageEnabled needs multisample.count > 1 and a fragment shader without @builtin(sample_mask)', T, async () => {
    const d = await dev();
    const fs = '@fragment fn fs() -> @location(0) vec4f { return vec4f(1); }';
    const withMask = 'struct O { @location(0) c: vec4f, @builtin(sample_mask) m: u32 }\n@fragment fn fs() -> O { return O(vec4f(1), 1u); }';
    await expectValidationError(d, () => renderPipeline(d, { fs, multisample: { count: 1, alphaToCoverageEnabled: true } }), 'count 1');
    await expectValidationError(d, () => renderPipeline(d, { fs: withMask, multisample: { count: 4, alphaToCoverageEnabled: true } }), 'sample_mask output');
    await expectNoError(d, () => renderPipeline(d, { fs: withMask, multisample: { count: 4 } }), 'sample_mask output without alpha to coverage');
    await expectNoError(d, () => renderPipeline(d, { fs, multisample: { count: 4, alphaToCoverageEnabled: true } }), 'count 4');
  });
});

describe('render pipelines: inter-stage variables', () => {
  const vsOut = (decl) => `struct V { @builtin(position) p: vec4f, ${decl} }\n@vertex fn vs() -> V { var v: V; return v; }`;

  test('a fragment input must have the type of the vertex output at its location (no narrower input)', T, async () => {
    const d = await dev();
    const fs = '@fragment fn fs(@location(0) x: f32) -> @location(0) vec4f { return vec4f(x); }';
    await expectValidationError(d, () => renderPipeline(d, { vs: vsOut('@location(0) x: vec2f'), fs }), 'vec2f output, f32 input');
    await expectNoError(d, () => renderPipeline(d, { vs: vsOut('@location(0) x: f32'), fs }), 'f32 output, f32 input');
  });

  test('the default sampling is center: @interpolate(linear) matches @interpolate(linear, center), no attribute matches perspective', T, async () => {
    const d = await dev();
    const fs = (attr) => `@fragment fn fs(@location(0) ${attr} x: f32) -> @location(0) vec4f { return vec4f(x); }`;
    await expectNoError(d, () => renderPipeline(d, { vs: vsOut('@location(0) @interpolate(linear) x: f32'), fs: fs('@interpolate(linear, center)') }), 'linear / linear, center');
    await expectNoError(d, () => renderPipeline(d, { vs: vsOut('@location(0) x: f32'), fs: fs('@interpolate(perspective)') }), 'none / perspective');
    await expectValidationError(d, () => renderPipeline(d, { vs: vsOut('@location(0) @interpolate(linear) x: f32'), fs: fs('@interpolate(perspective)') }), 'linear / perspective');
  });
});

describe('pipelines: texture and sampler binding types', () => {
  test('a depth texture used with a "filtering" sampler is an error; with a "non-filtering" one it is not', T, async () => {
    const d = await dev();
    const code = `@group(0) @binding(0) var t: texture_depth_2d;
      @group(0) @binding(1) var s: sampler;
      fn f() -> vec4f { return textureGather(t, s, vec2f(0)); }
      @compute @workgroup_size(1) fn main() { _ = f(); }`;
    const module = d.createShaderModule({ code });
    const layout = (type) => d.createPipelineLayout({ bindGroupLayouts: [d.createBindGroupLayout({ entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, texture: { sampleType: 'depth' } },
      { binding: 1, visibility: GPUShaderStage.COMPUTE, sampler: { type } },
    ] })] });
    await expectValidationError(d, () => d.createComputePipeline({ layout: layout('filtering'), compute: { module } }), 'filtering sampler');
    await expectNoError(d, () => d.createComputePipeline({ layout: layout('non-filtering'), compute: { module } }), 'non-filtering sampler');
  });
});

describe('compute pipelines: workgroup limits after overrides', () => {
  test('an override workgroup size over maxComputeWorkgroupSizeX is an error at pipeline creation', T, async () => {
    const d = await dev();
    const module = d.createShaderModule({ code: 'override x: u32 = 1;\n@compute @workgroup_size(x) fn main() {}' });
    const max = d.limits.maxComputeWorkgroupSizeX;
    await expectNoError(d, () => d.createComputePipeline({ layout: 'auto', compute: { module, constants: { x: max } } }), 'at the limit');
    await expectValidationError(d, () => d.createComputePipeline({ layout: 'auto', compute: { module, constants: { x: max + 1 } } }), 'over the limit');
  });

  test('workgroup storage over maxComputeWorkgroupStorageSize is an error (override-sized arrays too)', T, async () => {
    const d = await dev();
    const max = d.limits.maxComputeWorkgroupStorageSize;
    const fixed = (n) => d.createShaderModule({ code: `var<workgroup> a: array<vec4f, ${n}>;\n@compute @workgroup_size(1) fn main() { _ = a[0]; }` });
    await expectNoError(d, () => d.createComputePipeline({ layout: 'auto', compute: { module: fixed(max / 16) } }), 'at the limit');
    await expectValidationError(d, () => d.createComputePipeline({ layout: 'auto', compute: { module: fixed(max / 16 + 1) } }), 'over the limit');
    const sized = d.createShaderModule({ code: 'override n: u32;\nvar<workgroup> a: array<vec4f, n>;\n@compute @workgroup_size(1) fn main() { _ = a[0]; }' });
    await expectNoError(d, () => d.createComputePipeline({ layout: 'auto', compute: { module: sized, constants: { n: max / 16 } } }), 'override at the limit');
    await expectValidationError(d, () => d.createComputePipeline({ layout: 'auto', compute: { module: sized, constants: { n: max / 16 + 1 } } }), 'override over the limit');
  });

  test('createComputePipelineAsync rejects those with a GPUPipelineError (reason "validation")', T, async () => {
    const d = await dev();
    const module = d.createShaderModule({ code: 'override x: u32 = 1;\n@compute @workgroup_size(x) fn main() {}' });
    let error = null;
    try { await d.createComputePipelineAsync({ layout: 'auto', compute: { module, constants: { x: d.limits.maxComputeWorkgroupSizeX + 1 } } }); } catch (e) { error = e; }
    if (!(error instanceof GPUPipelineError) || error.reason !== 'validation') throw new Error(`expected a GPUPipelineError (validation), got ${error}`);
  });
});

describe('render bundles and attachments', () => {
  test('executeBundles: a pass with depthReadOnly needs bundles with depthReadOnly (also for stencil8)', T, async () => {
    const d = await dev();
    for (const format of ['stencil8', 'depth24plus']) {
      const tex = d.createTexture({ size: [4, 4], format, usage: GPUTextureUsage.RENDER_ATTACHMENT });
      const bundle = (depthReadOnly) => d.createRenderBundleEncoder({ colorFormats: [], depthStencilFormat: format, depthReadOnly, stencilReadOnly: true }).finish();
      const run = (b) => {
        const enc = d.createCommandEncoder();
        const pass = enc.beginRenderPass({ colorAttachments: [], depthStencilAttachment: { view: tex.createView(), depthReadOnly: true, stencilReadOnly: true } });
        pass.executeBundles([b]);
        pass.end();
        enc.finish();
      };
      await expectValidationError(d, () => run(bundle(false)), `${format}: bundle without depthReadOnly`);
      await expectNoError(d, () => run(bundle(true)), `${format}: bundle with depthReadOnly`);
    }
  });

  test('createRenderBundleEncoder: color formats must be color-renderable', T, async () => {
    const d = await dev();
    await expectValidationError(d, () => d.createRenderBundleEncoder({ colorFormats: ['rgb9e5ufloat'] }), 'rgb9e5ufloat');
    await expectNoError(d, () => d.createRenderBundleEncoder({ colorFormats: ['rgba8unorm'] }), 'rgba8unorm');
  });

  test("a view's own usage decides: a STORAGE_BINDING view cannot be sampled or be an attachment", T, async () => {
    const d = await dev();
    const tex = d.createTexture({ size: [4, 4], format: 'r32float', usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.STORAGE_BINDING | GPUTextureUsage.RENDER_ATTACHMENT });
    const layout = d.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.FRAGMENT, texture: { sampleType: 'unfilterable-float' } }] });
    await expectValidationError(d, () => d.createBindGroup({ layout, entries: [{ binding: 0, resource: tex.createView({ usage: GPUTextureUsage.STORAGE_BINDING }) }] }), 'sampled');
    await expectNoError(d, () => d.createBindGroup({ layout, entries: [{ binding: 0, resource: tex.createView({ usage: GPUTextureUsage.TEXTURE_BINDING }) }] }), 'sampled, TEXTURE_BINDING view');
    const attach = (usage) => {
      const enc = d.createCommandEncoder();
      enc.beginRenderPass({ colorAttachments: [{ view: tex.createView({ usage }), loadOp: 'load', storeOp: 'store' }] }).end();
      enc.finish();
    };
    await expectValidationError(d, () => attach(GPUTextureUsage.STORAGE_BINDING), 'attachment');
    await expectNoError(d, () => attach(GPUTextureUsage.RENDER_ATTACHMENT), 'attachment, RENDER_ATTACHMENT view');
  });

  test('depthSlice must not be given for a 2d view, not even as 4294967295', T, async () => {
    const d = await dev();
    const tex = d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT });
    const run = (extra) => {
      const enc = d.createCommandEncoder();
      enc.beginRenderPass({ colorAttachments: [{ view: tex.createView(), loadOp: 'clear', storeOp: 'store', ...extra }] }).end();
      enc.finish();
    };
    await expectValidationError(d, () => run({ depthSlice: 0xffffffff }), 'depthSlice 4294967295');
    await expectNoError(d, () => run({}), 'no depthSlice');
  });
});

describe('immediate data against the shaders (wgpu-native backend)', () => {
  const code = `struct D { a: vec3<u32>, @align(32) b: vec2<u32> }
    var<immediate> data: D;
    fn use_b() { _ = data.b; }
    @compute @workgroup_size(1) fn main() { use_b(); }`;

  test('a dispatch needs every non-padding immediate word of the var<immediate> its pipeline uses', T, async () => {
    const d = await dev();
    const layout = d.createPipelineLayout({ bindGroupLayouts: [], immediateSize: 64 });
    const pipeline = d.createComputePipeline({ layout, compute: { module: d.createShaderModule({ code }) } });
    const run = (ranges) => {
      const enc = d.createCommandEncoder();
      const pass = enc.beginComputePass();
      for (const [offset, size] of ranges) pass.setImmediates(offset, new Uint8Array(size));
      pass.setPipeline(pipeline);
      pass.dispatchWorkgroups(1);
      pass.end();
      enc.finish();
    };
    // words used: a (0..12), b (32..40); 12..32 and 40..64 are padding
    await expectNoError(d, () => run([[0, 12], [32, 8]]), 'all non-padding words');
    await expectValidationError(d, () => run([[32, 8]]), 'a not set (the whole variable counts, not only the member read)');
    await expectValidationError(d, () => run([[0, 12], [32, 4]]), 'half of b not set');
  });

  test('a var<immediate> larger than the layout immediateSize is an error at pipeline creation', T, async () => {
    const d = await dev();
    const module = d.createShaderModule({ code });
    await expectValidationError(d, () => d.createComputePipeline({ layout: d.createPipelineLayout({ bindGroupLayouts: [], immediateSize: 32 }), compute: { module } }), 'immediateSize 32');
    await expectNoError(d, () => d.createComputePipeline({ layout: d.createPipelineLayout({ bindGroupLayouts: [], immediateSize: 64 }), compute: { module } }), 'immediateSize 64');
  });
});

describe('WGSL rewritten for naga keeps the user\'s positions', () => {
  test('compilation messages after a rewritten @interpolate point at the user\'s column', T, async () => {
    const d = await dev();
    const line = '@fragment fn fs(@location(0) @interpolate(linear) x: f32) -> @location(0) vec4f { return vec4f(x) + nope; }';
    const module = d.createShaderModule({ code: line });
    const info = await module.getCompilationInfo();
    const error = info.messages.find((m) => m.type === 'error');
    if (!error) throw new Error('expected a compilation error');
    const col = line.indexOf('nope') + 1;
    if (error.lineNum !== 1 || error.linePos !== col || error.offset !== col - 1) throw new Error(`message at ${error.lineNum}:${error.linePos} (offset ${error.offset}), expected 1:${col}`);
  });

  test('a module the reflection cannot read still makes a valid pipeline (the rules pass, wgpu-native decides)', T, async () => {
    const d = await dev();
    // a valid module with a construct the rules do not model (a const-expression workgroup size)
    const module = d.createShaderModule({ code: 'const k = 2u;\n@compute @workgroup_size(k * 2) fn main() {}' });
    await expectNoError(d, () => d.createComputePipeline({ layout: 'auto', compute: { module } }), 'const-expression workgroup size');
  });
});

describe('writable storage texture aliasing at dispatch', () => {
  test('two writable storage bindings of one subresource fail at the dispatch; of different mip levels they do not', T, async () => {
    const d = await dev();
    const tex = d.createTexture({ size: [4, 4], mipLevelCount: 2, format: 'r32float', usage: GPUTextureUsage.STORAGE_BINDING });
    const bgl = (binding) => d.createBindGroupLayout({ entries: [{ binding, visibility: GPUShaderStage.COMPUTE, storageTexture: { format: 'r32float', access: 'write-only' } }] });
    const l0 = bgl(0), l1 = bgl(1);
    const module = d.createShaderModule({ code: `@group(0) @binding(0) var a: texture_storage_2d<r32float, write>;
      @group(1) @binding(1) var b: texture_storage_2d<r32float, write>;
      @compute @workgroup_size(1) fn main() { textureStore(a, vec2u(0), vec4f(1)); textureStore(b, vec2u(0), vec4f(2)); }` });
    const pipeline = d.createComputePipeline({ layout: d.createPipelineLayout({ bindGroupLayouts: [l0, l1] }), compute: { module } });
    const run = (mip0, mip1, dispatch = true) => {
      const enc = d.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, d.createBindGroup({ layout: l0, entries: [{ binding: 0, resource: tex.createView({ baseMipLevel: mip0, mipLevelCount: 1 }) }] }));
      pass.setBindGroup(1, d.createBindGroup({ layout: l1, entries: [{ binding: 1, resource: tex.createView({ baseMipLevel: mip1, mipLevelCount: 1 }) }] }));
      if (dispatch) pass.dispatchWorkgroups(1);
      pass.end();
      enc.finish();
    };
    await expectValidationError(d, () => run(0, 0), 'same subresource');
    await expectNoError(d, () => run(0, 1), 'different mip levels');
    await expectNoError(d, () => run(0, 0, false), 'same subresource, no dispatch');
  });
});

describe('texture_external shaders (wgpu-native backend: texture_2d<f32> for naga)', () => {
  test('textureLoad and textureDimensions of a texture_external bound to a GPUTextureView read its texels', T, async () => {
    const d = await dev();
    const tex = d.createTexture({ size: [2, 1], format: 'rgba8unorm', usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST });
    d.queue.writeTexture({ texture: tex }, new Uint8Array([10, 20, 30, 40, 50, 60, 70, 80]), { bytesPerRow: 8 }, [2, 1]);
    const out = d.createBuffer({ size: 32, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const module = d.createShaderModule({ code: `@group(0) @binding(0) var e: texture_external;
      @group(0) @binding(1) var<storage, read_write> o: array<u32, 8>;
      @compute @workgroup_size(1) fn main() {
        let c = textureLoad(e, vec2u(1, 0));
        let s = textureDimensions(e);
        o[0] = u32(round(c.r * 255.0)); o[1] = u32(round(c.a * 255.0)); o[2] = s.x; o[3] = s.y;
      }` });
    const layout = d.createBindGroupLayout({ entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, externalTexture: {} },
      { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
    ] });
    const pipeline = await expectNoError(d, () => d.createComputePipeline({ layout: d.createPipelineLayout({ bindGroupLayouts: [layout] }), compute: { module } }), 'pipeline');
    const group = d.createBindGroup({ layout, entries: [{ binding: 0, resource: tex.createView() }, { binding: 1, resource: { buffer: out } }] });
    const enc = d.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline); pass.setBindGroup(0, group); pass.dispatchWorkgroups(1); pass.end();
    d.queue.submit([enc.finish()]);
    const got = Array.from(new Uint32Array(await readBuffer(d, out), 0, 4));
    if (got.join() !== [50, 80, 2, 1].join()) throw new Error(`read ${got}, expected 50,80,2,1`);
  });
});
