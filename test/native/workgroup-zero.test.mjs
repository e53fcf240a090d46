// WGSL: every workgroup variable starts as the zero value of its type, in every workgroup. wgpu-native 29 never
// asks naga to compile that in (test/cts/repros/wgpu_native_workgroup_memory_not_zeroed.py), so wgpu-ts adds a
// zeroing prologue to compute entry points (guards/workgroup-zero.ts). Each shader here reads its workgroup
// variables (flagging a non-zero value), waits at a barrier, then stores non-zero values into them, over 64
// workgroups: lavapipe runs several workgroups of a dispatch one after the other on one thread, in the same
// shared memory, so without the prologue the later ones read what the earlier ones stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gpu } from 'wgpu-ts/backends/wgpu-native';
import { installGlobals } from 'wgpu-ts';
import { rewriteWorkgroupZeroing } from '../../dist/backends/wgpu-native/guards/workgroup-zero.js';

installGlobals();

const device = await (await gpu.requestAdapter()).requestDevice();

/** Runs `check` (WGSL statements that call flag() on a non-zero read), a barrier, then `dirty`, in 64 workgroups; returns the flag. */
async function failedFlag(decls, check, dirty, { size = '1', params = '', constants } = {}) {
  const out = device.createBuffer({ size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const code = `
    @group(0) @binding(0) var<storage, read_write> failed : atomic<u32>;
    fn flag() { atomicStore(&failed, 1u); }
    ${decls}
    @compute @workgroup_size(${size}) fn main(${params}) { ${check} workgroupBarrier(); ${dirty} }`;
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), constants } });
  const e = device.createCommandEncoder();
  const p = e.beginComputePass();
  p.setPipeline(pipeline);
  p.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: out } }] }));
  p.dispatchWorkgroups(64);
  p.end();
  const read = device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  e.copyBufferToBuffer(out, 0, read, 0, 4);
  device.queue.submit([e.finish()]);
  await read.mapAsync(GPUMapMode.READ);
  return new Uint32Array(read.getMappedRange())[0];
}

const flag = (cond) => `if (${cond}) { flag(); }`;

test('scalars, vectors, matrices and atomics in workgroup memory read zero', async () => {
  const failed = await failedFlag(
    'var<workgroup> a : u32; var<workgroup> b : vec3<f32>; var<workgroup> c : mat3x2<f32>; var<workgroup> d : atomic<i32>; var<workgroup> e : bool;',
    [flag('a != 0u'), flag('any(b != vec3f())'), flag('any(c[2] != vec2f())'), flag('atomicLoad(&d) != 0'), flag('e')].join(' '),
    'a = 1u; b = vec3f(2.0); c[2] = vec2f(3.0); atomicStore(&d, -4); e = true;');
  assert.equal(failed, 0);
});

test('arrays and structs holding atomics read zero in every invocation of a 7x7x3 workgroup', async () => {
  const failed = await failedFlag(`
    struct Inner { x : atomic<u32>, y : array<vec2<u32>, 3> }
    struct Outer { m : array<Inner, 67>, n : f32 }
    var<workgroup> s : Outer;`,
  `for (var i = 0u; i < 67u; i++) { ${flag('atomicLoad(&s.m[i].x) != 0u')} ${flag('any(s.m[i].y[2] != vec2u())')} } ${flag('s.n != 0.0')}`,
  'let i = id.x + 7u * (id.y + 7u * id.z); if (i < 67u) { atomicStore(&s.m[i].x, 5u); s.m[i].y[2] = vec2u(6u); } s.n = 7.0;',
  { size: '7, 7, 3', params: '@builtin(local_invocation_id) id : vec3u' });
  assert.equal(failed, 0);
});

test('an override-sized array, a variable used only by a called function, an index input in a struct', async () => {
  const failed = await failedFlag(`
    override N : u32 = 4;
    var<workgroup> big : array<atomic<u32>, N * 8>;
    var<workgroup> hidden : array<u32, 100>;
    struct In { @builtin(local_invocation_index) idx : u32 }
    fn readHidden(i : u32) -> u32 { return hidden[i]; }
    fn writeHidden(i : u32) { hidden[i] = 8u; }`,
  `for (var i = 0u; i < N * 8; i++) { ${flag('atomicLoad(&big[i]) != 0u')} } ${flag('readHidden(inp.idx) != 0u')}`,
  'atomicStore(&big[inp.idx], 9u); writeHidden(inp.idx);',
  { size: '64', params: 'inp : In', constants: { N: 16 } });
  assert.equal(failed, 0);
});

test('the prologue zeroes only what the entry point uses and keeps lines, so messages keep their positions', async () => {
  const code = 'var<workgroup> used : u32;\nvar<workgroup> other : array<u32, 4096>;\n@compute @workgroup_size(1) fn main() { _ = used; }\n';
  const r = rewriteWorkgroupZeroing(code);
  assert.equal(r.code.split('\n').length, code.split('\n').length);
  assert.match(r.code, /used = u32\(\)/);
  assert.doesNotMatch(r.code.split('\n')[2], /other/);
  // An invalid module reports the user's error at the user's column (compiled again without the prologue).
  const bad = 'var<workgroup> v : u32;\n@compute @workgroup_size(1) fn main() { let x : f32 = v; }\n';
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code: bad });
  assert.ok(await device.popErrorScope());
  const [m] = (await module.getCompilationInfo()).messages;
  assert.equal(m.lineNum, 2);
  const line = bad.split('\n')[1];
  assert.equal(m.lineNum, 2);
  assert.ok(m.linePos >= line.indexOf('let') + 1 && m.linePos <= line.length, `column ${m.linePos} lies in the user's statement`);
  assert.doesNotMatch(m.message, /_wgts_/);
});
