// wgpu-native shader input besides WGSL (a backend extension, as in wgpu-py): GLSL with the stage from
// the descriptor or the label, and SPIR-V words (magic number checked). Plus the failure modes:
// a source that does not parse is a validation error, and pipelines built from it are errors, not crashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gpu } from 'wgpu-ts/backends/wgpu-native';
import { installGlobals } from 'wgpu-ts';

installGlobals();

async function device() {
  const d = await (await gpu.requestAdapter()).requestDevice();
  return d;
}

async function scoped(d, fn) {
  d.pushErrorScope('validation');
  const value = await fn();
  return [value, await d.popErrorScope()];
}

async function read(d, buffer, size) {
  const staging = d.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const e = d.createCommandEncoder();
  e.copyBufferToBuffer(buffer, 0, staging, 0, size);
  d.queue.submit([e.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  return staging.getMappedRange().slice(0);
}

/** Runs a compute module over 4 u32 values (binding 0, set 0) and returns them. */
async function runCompute(d, module, input) {
  const buffer = d.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  d.queue.writeBuffer(buffer, 0, new Uint32Array(input));
  const pipeline = d.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const e = d.createCommandEncoder();
  const p = e.beginComputePass();
  p.setPipeline(pipeline);
  p.setBindGroup(0, d.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer } }] }));
  p.dispatchWorkgroups(4);
  p.end();
  d.queue.submit([e.finish()]);
  return Array.from(new Uint32Array(await read(d, buffer, 16)));
}

// ---- a SPIR-V 1.3 compute shader, assembled here: data[i] = data[i] * 3 + i -------------------
function spirvTriple() {
  const words = [0x07230203, 0x00010300, 0, 0, 0]; // magic, version 1.3, generator, bound (patched), schema
  let bound = 1;
  const id = () => bound++;
  const op = (code, ...operands) => words.push(((operands.length + 1) << 16) | code, ...operands);
  const str = (s) => { const b = new TextEncoder().encode(s); const n = Math.floor(b.length / 4) + 1; const w = new Uint32Array(n); new Uint8Array(w.buffer).set(b); return Array.from(w); };
  const [main, gid, tvoid, tfn, tuint, tv3, tpin, tarr, tstruct, tpsb, buf, tpu, c0, c3, l, g, x, p, v, m, r] = Array.from({ length: 21 }, id);
  op(17, 1);                                   // OpCapability Shader
  op(14, 0, 1);                                // OpMemoryModel Logical GLSL450
  op(15, 5, main, ...str('main'), gid);        // OpEntryPoint GLCompute %main "main" %gid
  op(16, main, 17, 1, 1, 1);                   // OpExecutionMode LocalSize 1 1 1
  op(71, gid, 11, 28);                         // OpDecorate %gid BuiltIn GlobalInvocationId
  op(71, tarr, 6, 4);                          // OpDecorate %arr ArrayStride 4
  op(72, tstruct, 0, 35, 0);                   // OpMemberDecorate %struct 0 Offset 0
  op(71, tstruct, 2);                          // OpDecorate %struct Block
  op(71, buf, 34, 0);                          // DescriptorSet 0
  op(71, buf, 33, 0);                          // Binding 0
  op(19, tvoid);                               // OpTypeVoid
  op(33, tfn, tvoid);                          // OpTypeFunction
  op(21, tuint, 32, 0);                        // OpTypeInt 32 unsigned
  op(23, tv3, tuint, 3);                       // OpTypeVector
  op(32, tpin, 1, tv3);                        // OpTypePointer Input
  op(59, tpin, gid, 1);                        // OpVariable Input
  op(29, tarr, tuint);                         // OpTypeRuntimeArray
  op(30, tstruct, tarr);                       // OpTypeStruct
  op(32, tpsb, 12, tstruct);                   // OpTypePointer StorageBuffer
  op(59, tpsb, buf, 12);                       // OpVariable StorageBuffer
  op(32, tpu, 12, tuint);                      // OpTypePointer StorageBuffer uint
  op(43, tuint, c0, 0);                        // OpConstant 0
  op(43, tuint, c3, 3);                        // OpConstant 3
  op(54, tvoid, main, 0, tfn);                 // OpFunction
  op(248, l);                                  // OpLabel
  op(61, tv3, g, gid);                         // OpLoad
  op(81, tuint, x, g, 0);                      // OpCompositeExtract
  op(65, tpu, p, buf, c0, x);                  // OpAccessChain
  op(61, tuint, v, p);                         // OpLoad
  op(132, tuint, m, v, c3);                    // OpIMul
  op(128, tuint, r, m, x);                     // OpIAdd
  op(62, p, r);                                // OpStore
  op(253);                                     // OpReturn
  op(56);                                      // OpFunctionEnd
  words[3] = bound;
  return new Uint32Array(words);
}

test('SPIR-V: a Uint32Array (or its bytes) of SPIR-V words is a shader module', async () => {
  const d = await device();
  const words = spirvTriple();
  const [out, err] = await scoped(d, () => runCompute(d, d.createShaderModule({ code: words, label: 'spirv' }), [1, 2, 3, 4]));
  assert.equal(err, null, err?.message);
  assert.deepEqual(out, [3, 7, 11, 15]);
  const [out2, err2] = await scoped(d, () => runCompute(d, d.createShaderModule({ code: words.buffer }), [10, 10, 10, 10]));
  assert.equal(err2, null, err2?.message);
  assert.deepEqual(out2, [30, 31, 32, 33]);
  d.destroy();
});

test('SPIR-V failure modes: a wrong magic number is a TypeError, unparsable words a validation error and an invalid pipeline', async () => {
  const d = await device();
  assert.throws(() => d.createShaderModule({ code: new Uint32Array([0xdeadbeef, 0, 0, 0, 0]) }), (e) => e instanceof TypeError && /magic/.test(e.message));
  assert.throws(() => d.createShaderModule({ code: new Uint8Array(6) }), TypeError);
  const broken = spirvTriple().slice(0, 12);
  const [module, err] = await scoped(d, () => d.createShaderModule({ code: broken }));
  assert.ok(err instanceof GPUValidationError, 'broken SPIR-V');
  const [, err2] = await scoped(d, () => d.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } }));
  assert.ok(err2 instanceof GPUValidationError && /invalid/.test(err2.message), `pipeline from broken SPIR-V: ${err2?.message}`);
  const [, err3] = await scoped(d, () => d.createRenderPipeline({ layout: 'auto', vertex: { module, entryPoint: 'main' } }));
  assert.ok(err3 instanceof GPUValidationError, 'render pipeline from broken SPIR-V');
  // still working
  const [out] = await scoped(d, () => runCompute(d, d.createShaderModule({ code: spirvTriple() }), [0, 0, 0, 0]));
  assert.deepEqual(out, [0, 1, 2, 3]);
  d.destroy();
});

test('GLSL: compute, and a vertex + fragment pair rendering a triangle (stage from descriptor or label, defines)', async () => {
  const d = await device();
  const comp = d.createShaderModule({
    stage: 'compute', defines: { FACTOR: '5u' },
    code: `#version 450
      layout(local_size_x = 1) in;
      layout(set = 0, binding = 0) buffer Data { uint data[]; };
      void main() { uint i = gl_GlobalInvocationID.x; data[i] = data[i] * FACTOR; }`,
  });
  const [out, err] = await scoped(d, () => runCompute(d, comp, [1, 2, 3, 4]));
  assert.equal(err, null, err?.message);
  assert.deepEqual(out, [5, 10, 15, 20]);

  const vert = d.createShaderModule({ label: 'triangle.vert', code: `#version 450
    const vec2 pos[3] = vec2[3](vec2(0.0, 1.0), vec2(-1.0, -1.0), vec2(1.0, -1.0));
    void main() { gl_Position = vec4(pos[gl_VertexIndex], 0.0, 1.0); }` });
  const frag = d.createShaderModule({ stage: GPUShaderStage.FRAGMENT, code: `#version 450
    layout(location = 0) out vec4 color;
    void main() { color = vec4(0.0, 1.0, 0.0, 1.0); }` });
  const [px, err2] = await scoped(d, async () => {
    const pipeline = d.createRenderPipeline({ layout: 'auto', vertex: { module: vert, entryPoint: 'main' }, fragment: { module: frag, entryPoint: 'main', targets: [{ format: 'rgba8unorm' }] } });
    const t = d.createTexture({ size: [8, 8], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });
    const out = d.createBuffer({ size: 256 * 8, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
    const e = d.createCommandEncoder();
    const p = e.beginRenderPass({ colorAttachments: [{ view: t.createView(), loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 0, 1] }] });
    p.setPipeline(pipeline); p.draw(3); p.end();
    e.copyTextureToBuffer({ texture: t }, { buffer: out, bytesPerRow: 256 }, [8, 8]);
    d.queue.submit([e.finish()]);
    return new Uint8Array(await read(d, out, 256 * 8));
  });
  assert.equal(err2, null, err2?.message);
  assert.deepEqual(Array.from(px.subarray(6 * 256 + 4 * 4, 6 * 256 + 4 * 4 + 4)), [0, 255, 0, 255], 'inside');
  assert.deepEqual(Array.from(px.subarray(0, 4)), [0, 0, 0, 255], 'outside');
  d.destroy();
});

test('GLSL failure modes: no stage is a TypeError, a syntax error a validation error and an invalid pipeline', async () => {
  const d = await device();
  assert.throws(() => d.createShaderModule({ code: '#version 450\nvoid main() {}' }), (e) => e instanceof TypeError && /stage/.test(e.message));
  assert.throws(() => d.createShaderModule({ code: '#version 450\nvoid main() {}', stage: 'geometry' }), TypeError);
  const [module, err] = await scoped(d, () => d.createShaderModule({ stage: 'compute', code: '#version 450\nlayout(local_size_x = 1) in;\nvoid main() { nope( }' }));
  assert.ok(err instanceof GPUValidationError, 'GLSL syntax error');
  assert.ok((await module.getCompilationInfo()).messages.length > 0);
  const [, err2] = await scoped(d, () => d.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } }));
  assert.ok(err2 instanceof GPUValidationError, 'pipeline from a broken GLSL module');
  d.destroy();
});
