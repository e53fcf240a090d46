// WGSL: a struct's alignment is the largest alignment of its members, an @align(n) member's being n. naga 29 leaves
// the @align attributes out of a struct type's alignment (test/cts/repros/wgpu_native_member_align_not_in_struct_align.py),
// so a struct member of such a type lands at a different offset than the host computes; wgpu-ts spells the WGSL
// alignment out on those members (guards/struct-align.ts). Here on the real device: the shader stores 42 into one
// field of a storage buffer (or copies it from a uniform buffer) and the word is found at WGSL's offset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gpu } from 'wgpu-ts/backends/wgpu-native';
import { installGlobals } from 'wgpu-ts';
import { computeWithBuffers } from 'wgpu-ts/utils';
import { rewriteStructAlign } from '../../dist/backends/wgpu-native/guards/struct-align.js';

installGlobals();

const device = await (await gpu.requestAdapter()).requestDevice();

/** The byte offsets where `store` (a WGSL statement storing 42u into `out`, of type S) put 42. */
async function offsetsOf(decls, store) {
  const code = `${decls}\n@group(0) @binding(0) var<storage, read_write> out : S;\n@compute @workgroup_size(1) fn main() { ${store} }`;
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code });
  device.createComputePipeline({ layout: 'auto', compute: { module } });
  const error = await device.popErrorScope();
  assert.equal(error, null, `${error?.message}\n${code}`);
  const { 0: words } = await computeWithBuffers({ device, shader: module, outputs: { 0: { type: 'u32', length: 256 } }, workgroups: 1 });
  return [...words.keys()].filter((i) => words[i] === 42).map((i) => 4 * i);
}

test('a member whose struct type has an @align member is placed at the WGSL offset', async () => {
  assert.deepEqual(await offsetsOf('struct Inner { @align(64) x : u32, } struct S { x : u32, y : Inner, }', 'out.y.x = 42u;'), [64]);
  assert.deepEqual(await offsetsOf('struct Inner { w : u32, @align(32) x : u32 } struct S { a : u32, y : Inner, z : u32 }', 'out.y.x = 42u; out.z = 42u;'), [64, 96]); // y at 32 (size 64), y.x at 32 + 32, z at 96
});

test('through a nested struct, an alias, an array of such structs and a runtime-sized array', async () => {
  const decls = 'struct Inner { @align(16) x : u32 } struct Mid { m : Inner } alias A = array<Inner, 2>; struct S { a : u32, b : Mid, c : u32, d : A, e : array<Mid> }';
  // WGSL: b at 16 (Mid aligns as Inner, 16; size 16), c at 32, d at 48 (stride 16), e at 80 (stride 16)
  assert.deepEqual(await offsetsOf(decls, 'out.b.m.x = 42u; out.c = 42u; out.d[1].x = 42u; out.e[1].m.x = 42u;'), [16, 32, 64, 96]);
});

test('a uniform buffer of such a struct is valid and read at the WGSL offset', async () => {
  const decls = 'struct Inner { @align(64) x : u32, } struct U { x : u32, y : Inner, } @group(0) @binding(1) var<uniform> u : U; struct S { v : u32 }';
  const code = `${decls}\n@group(0) @binding(0) var<storage, read_write> out : S;\n@compute @workgroup_size(1) fn main() { out.v = u.y.x; }`;
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module } });
  const ubuf = device.createBuffer({ size: 128, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const words = new Uint32Array(32); words[16] = 42; words[1] = 7;
  device.queue.writeBuffer(ubuf, 0, words);
  const out = device.createBuffer({ size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const e = device.createCommandEncoder();
  const p = e.beginComputePass();
  p.setPipeline(pipeline);
  p.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: out } }, { binding: 1, resource: { buffer: ubuf } }] }));
  p.dispatchWorkgroups(1);
  p.end();
  e.copyBufferToBuffer(out, 0, read, 0, 4);
  device.queue.submit([e.finish()]);
  assert.equal(await device.popErrorScope(), null);
  await read.mapAsync(GPUMapMode.READ);
  assert.equal(new Uint32Array(read.getMappedRange())[0], 42);
});

test('rewriteStructAlign: only members whose WGSL alignment naga would derive short', () => {
  const code = 'struct Inner { @align(16) x : u32 }\nstruct S { a : u32, b : Inner, @align(32) c : Inner, d : vec3f, e : array<Inner, 2> }';
  assert.equal(rewriteStructAlign(code).code, code.replace('b : Inner', '@align(16) b : Inner').replace('e : array', '@align(16) e : array'));
  // no @align member anywhere, or an @align that is not a literal: the code as it is
  assert.deepEqual(rewriteStructAlign('struct S { a : u32, b : vec3f }').inserts, []);
  assert.deepEqual(rewriteStructAlign('const A = 16; struct Inner { @align(A) x : u32 } struct S { a : u32, b : Inner }').inserts, []);
  // comments are not members
  assert.deepEqual(rewriteStructAlign('struct Inner { @align(16) x : u32 } struct S { a : u32, /* b : Inner, */ }').inserts, []);
});
