// Capped loop bounds (guards/loop-caps.ts): counted loops with a power-of-two step or an inclusive condition toward
// a runtime bound get `min(E, cap)` / `max(E, cap)` as their bound, which makes them provable, so their module is
// compiled without forced loop bounding; every execution of the loop as written that ends must compute the same.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as native from 'wgpu-ts/backends/wgpu-native';
import { installGlobals } from 'wgpu-ts';
import { proveLoopTermination } from '../../dist/backends/wgpu-native/guards/loop-termination.js';
import { capLoopBounds } from '../../dist/backends/wgpu-native/guards/loop-caps.js';
import { loopCapWgsl, runLoopCap, simulate, capped } from '../fuzz/loop-cap-ops.mjs';

installGlobals();
const T = Object.freeze({ timeout: 120_000 });
const MATMUL = readFileSync(new URL('../../bench/shaders/matmul.wgsl', import.meta.url), 'utf8');
const HEAD = `
@group(0) @binding(0) var<storage, read_write> o: array<u32>;
struct U { n: u32, m: i32, k: u32, r: i32 }
@group(0) @binding(1) var<uniform> u: U;
`;

function cap(code) {
  let parsed;
  const proof = proveLoopTermination(code, (p) => { parsed = p; });
  return { proof, capped: capLoopBounds(code, proof, parsed) };
}

describe('loop caps: the prover', () => {
  test('a bound min(E, c) / max(E, c) is bounded by c', () => {
    for (const body of [
      'fn f() { for (var i = 0u; i < min(u.n, 4294967280u); i += 16u) { } }',
      'fn f() { for (var i = 0u; i <= min(4294967279u, u.n); i += 16u) { } }',
      'fn f() { for (var i = u.m; i > max(u.m, -2147483641i); i -= 8) { } }',
      'fn f() { for (var i = u.m; i >= max(u.m, -2147483640i); i -= 8) { } }',
    ]) assert.deepEqual(proveLoopTermination(HEAD + body).problems, [], body);
    for (const body of [
      'fn f() { for (var i = 0u; i < min(u.n, 4294967281u); i += 16u) { } }',
      'fn f() { for (var i = 0u; i < max(u.n, 16u); i += 16u) { } }',
      'fn f() { for (var i = u.m; i > max(u.m, -2147483642i); i -= 8) { } }',
    ]) assert.match(proveLoopTermination(HEAD + body).problems.join('\n'), /steps by/, body);
  });

  test('the type of a uniform struct member, vector component or array element is known', () => {
    const r = proveLoopTermination(HEAD + 'fn f() { for (var i = -u.r; i <= u.r; i = i + 1) { } }');
    assert.match(r.problems.join(), /inclusive/);
    assert.equal(r.caps.length, 1);
    assert.equal(r.caps[0].integer, 'i32');
  });
});

describe('loop caps: the rewrite', () => {
  test('bench matmul: the K loop t < n; t += 16u gets t < min(n, 4294967280u), nothing else changes', () => {
    const { proof, capped: c } = cap(MATMUL);
    assert.equal(proof.proven, false);
    assert.ok(c);
    assert.deepEqual(c.capped, ['wgsl:26: t < n (step 16) capped to t < min(n, 4294967280u)']);
    assert.equal(c.code, MATMUL.replace('t < n;', 't < min(n, 4294967280u);'));
    assert.equal(c.proof.proven, true);
    assert.deepEqual(c.inserts, [[26, 24, 4], [26, 29, 14]]);
  });

  test('the caps per type, direction and inclusiveness', () => {
    const cases = [
      ['for (var i = 0u; i < u.n; i += 2u) { }', 'i < min(u.n, 4294967294u)'],
      ['for (var i = 0u; i <= u.n; i++) { }', 'i <= min(u.n, 4294967294u)'],
      ['for (var i = 0u; u.n >= i; i = i + 4u) { }', 'min(u.n, 4294967291u) >= i'],
      ['for (var i = u.n; i > u.k; i -= 8u) { }', 'i > max(u.k, 7u)'],
      ['for (var i = u.n; i >= u.k; i--) { }', 'i >= max(u.k, 1u)'],
      ['for (var i = u.n; i > 0u; i -= 4u) { }', 'i > max(0u, 3u)'],
      ['for (var i = 0; i < u.m; i = 64 + i) { }', 'i < min(u.m, 2147483584i)'],
      ['for (var i = u.m; i >= u.r; i = i - 2) { }', 'i >= max(u.r, -2147483646i)'],
      ['for (var i = u.m; bitcast<i32>(u.k) < i; i -= 2) { }', 'max(bitcast<i32>(u.k), -2147483647i) < i'],
      ['for (var i = 0u; (i < /* n */ u.n) && u.k > 2u; i += 16u) { }', '(i < /* n */ min(u.n, 4294967280u)) && u.k > 2u'],
    ];
    for (const [loop, expected] of cases) {
      const code = `${HEAD}fn f() { ${loop} }`;
      const { capped: c } = cap(code);
      assert.ok(c, loop);
      assert.ok(c.code.includes(expected), `${loop} -> ${c.code.split('\n').pop()}`);
      assert.equal(c.code.split('\n').length, code.split('\n').length);
    }
  });

  test('loops the argument does not cover are left alone, and so is their module', () => {
    const cases = {
      'a step that is not a power of two (a wrap-around can end the loop later)': 'for (var i = 0u; i < u.n; i += 3u) { }',
      'a break of the loop': 'for (var i = 0u; i < u.n; i += 4u) { if (o[i] == 0u) { break; } }',
      'a return in a nested loop': 'for (var i = 0u; i < u.n; i += 4u) { for (var j = 0u; j < 4u; j++) { if (o[j] == 0u) { return; } } }',
      'a condition with a conjunct that changes': 'for (var i = 0u; i < u.n && o[i] != 0u; i += 4u) { }',
      'a float loop variable': 'for (var i = 0.0; i < f32(u.n); i += 2.0) { }',
      'a bound in storage': 'for (var i = 0u; i < o[0]; i += 4u) { }',
    };
    for (const [name, loop] of Object.entries(cases)) {
      const { proof, capped: c } = cap(`${HEAD}fn f() { ${loop} }`);
      assert.equal(proof.proven, false, name);
      assert.equal(c, null, name);
    }
    // a break of a switch or of a nested loop does not leave the capped loop
    assert.ok(cap(`${HEAD}fn f() { for (var i = 0u; i < u.n; i += 4u) { switch i { default { break; } } for (var j = 0u; j < 4u; j++) { break; } } }`).capped);
    // one loop that no cap helps: no loop of the module is capped
    const mixed = cap(`${HEAD}fn f() { for (var i = 0u; i < u.n; i += 4u) { } var k = 0u; while (k < 4u) { k++; } }`);
    assert.equal(mixed.proof.caps.length, 0);
    assert.equal(mixed.capped, null);
  });
});

// ---- end to end -------------------------------------------------------------------------------------------

async function device() {
  return (await (await native.gpu.requestAdapter()).requestDevice());
}

const U32MAX = 2 ** 32 - 1, I32MAX = 2 ** 31 - 1, I32MIN = -(2 ** 31);
const L = (o) => ({ variableLeft: true, viaLet: false, comment: false, paren: false, extra: null, form: 'compound', cont: false, typed: true, abstractStep: false, ...o });

// Edge bounds: E = 0, E not a multiple of the step, start past E, E at or near the end of the type where the loop as
// written still ends (its last value lands on or past E without wrapping).
const EDGES = [
  [L({ type: 'u32', op: '<', step: 16, start: 0, end: 0 }), L({ type: 'u32', op: '<', step: 16, start: 0, end: 37 }),
    L({ type: 'u32', op: '<', step: 16, start: 0xffffffef, end: U32MAX }), L({ type: 'u32', op: '<', step: 16, start: 0xffffffe5, end: 0xfffffff5 })],
  [L({ type: 'u32', op: '<=', step: 4, start: 0xfffffff3, end: 0xfffffffe }), L({ type: 'u32', op: '<=', step: 1, start: 0xfffffff0, end: 0xfffffffe, form: 'incr' }),
    L({ type: 'u32', op: '<=', step: 4, start: 5, end: 4 }), L({ type: 'u32', op: '<=', step: 64, start: 3, end: 200, variableLeft: false })],
  [L({ type: 'u32', op: '>', step: 8, start: 24, end: 0 }), L({ type: 'u32', op: '>', step: 8, start: 19, end: 3 }),
    L({ type: 'u32', op: '>=', step: 2, start: 10, end: 1 }), L({ type: 'u32', op: '>=', step: 1, start: 5, end: 1, form: 'incr', variableLeft: false })],
  [L({ type: 'i32', op: '<', step: 64, start: -100, end: 1000, form: 'assign', extra: 'after' }), L({ type: 'i32', op: '<', step: 16, start: I32MAX - 16, end: I32MAX }),
    L({ type: 'i32', op: '<=', step: 1, start: I32MAX - 5, end: I32MAX - 1, form: 'incr' }), L({ type: 'i32', op: '<=', step: 8, start: -3, end: -3 })],
  [L({ type: 'i32', op: '>', step: 32, start: I32MIN + 64, end: I32MIN }), L({ type: 'i32', op: '>=', step: 4, start: I32MIN + 12, end: I32MIN + 1 }),
    L({ type: 'i32', op: '>', step: 2, start: 7, end: -8, cont: true }), L({ type: 'i32', op: '<', step: 256, start: 0, end: 0, viaLet: true })],
];

describe('loop caps: end to end', () => {
  test('capped loops compute what the loops as written compute (edge bounds), without forced loop bounding', T, async () => {
    const d = await device();
    for (const loops of EDGES) {
      const code = loopCapWgsl(loops);
      const expected = loops.flatMap((l) => { const r = simulate(l); assert.ok(r, JSON.stringify(l)); return [r.n, r.x]; });
      d.pushErrorScope('validation');
      const m = d.createShaderModule({ code });
      const written = native.createShaderModuleTrusted(d, { code }, {});
      const c = native.getShaderModuleRuntimeChecks(m);
      assert.equal(c.forceLoopBounding, false, code);
      assert.equal(c.boundsChecks, true);
      assert.equal(c.loopsProven, true);
      assert.equal(c.loopBoundsCapped.length, loops.filter(capped).length);
      assert.deepEqual(await runLoopCap(d, m, loops), expected, code);
      assert.deepEqual(await runLoopCap(d, written, loops), expected, code);
      assert.equal(await d.popErrorScope(), null);
    }
    d.destroy();
  });

  test('bench matmul now qualifies, and multiplies right', T, async () => {
    const d = await device();
    const m = d.createShaderModule({ code: MATMUL });
    assert.deepEqual(native.getShaderModuleRuntimeChecks(m), { boundsChecks: true, forceLoopBounding: false, loopsProven: true, loopProblems: [],
      loopBoundsCapped: ['wgsl:26: t < n (step 16) capped to t < min(n, 4294967280u)'] });
    const n = 128;
    const A = Float32Array.from({ length: n * n }, (_, i) => (i % 7) - 3), B = Float32Array.from({ length: n * n }, (_, i) => (i % 5) - 2);
    const buf = (data, usage) => { const b = d.createBuffer({ size: data.byteLength, usage: usage | GPUBufferUsage.COPY_DST }); d.queue.writeBuffer(b, 0, data); return b; };
    const bufs = [buf(A, GPUBufferUsage.STORAGE), buf(B, GPUBufferUsage.STORAGE), buf(new Float32Array(n * n), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC), buf(new Uint32Array([n, 0, 0, 0]), GPUBufferUsage.UNIFORM)];
    const pipeline = d.createComputePipeline({ layout: 'auto', compute: { module: m, entryPoint: 'main' } });
    const enc = d.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, d.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: bufs.map((buffer, binding) => ({ binding, resource: { buffer } })) }));
    pass.dispatchWorkgroups(n / 64, n / 64);
    pass.end();
    const rb = d.createBuffer({ size: n * n * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    enc.copyBufferToBuffer(bufs[2], 0, rb, 0, n * n * 4);
    d.queue.submit([enc.finish()]);
    await rb.mapAsync(GPUMapMode.READ);
    const C = new Float32Array(rb.getMappedRange());
    for (const [r, c] of [[0, 0], [5, 77], [127, 127], [64, 3], [100, 65]]) {
      let s = 0;
      for (let k = 0; k < n; k++) s += A[r * n + k] * B[k * n + c];
      assert.equal(C[r * n + c], s, `C[${r}][${c}]`);
    }
    d.destroy();
  });

  test('a tfjs-like reduction (k = k + 64 while k < Length && an invariant test) qualifies, with its zeroed workgroup memory', T, async () => {
    const code = `
struct Uniforms { reduceSize: i32, size: i32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> uniforms: Uniforms;
var<workgroup> partial: array<f32, 64>;
@compute @workgroup_size(64) fn main(@builtin(local_invocation_id) localId: vec3u, @builtin(workgroup_id) wg: vec3u) {
  let outputIndex = i32(wg.x);
  let Length = uniforms.reduceSize;
  var s = 0.0;
  for (var k = i32(localId.x); k < Length && outputIndex < uniforms.size;
      k = k + 64) {
    s += x[outputIndex * Length + k];
  }
  partial[localId.x] = s;
  workgroupBarrier();
  for (var size = 32u; size > 0u; size = size >> 1u) {
    if (localId.x < size) { partial[localId.x] += partial[localId.x + size]; }
    workgroupBarrier();
  }
  if (localId.x == 0u) { y[outputIndex] = partial[0]; }
}`;
    const d = await device();
    d.pushErrorScope('validation');
    const m = d.createShaderModule({ code });
    const c = native.getShaderModuleRuntimeChecks(m);
    assert.equal(c.forceLoopBounding, false);
    assert.deepEqual(c.loopBoundsCapped, ['wgsl:11: k < Length (step 64) capped to k < min(Length, 2147483584i)']);
    for (const length of [0, 1, 63, 64, 65, 200]) {
      const rows = 3;
      const X = Float32Array.from({ length: Math.max(1, rows * length) }, (_, i) => (i % 11) - 4);
      const xb = d.createBuffer({ size: X.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      d.queue.writeBuffer(xb, 0, X);
      const yb = d.createBuffer({ size: rows * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
      const ub = d.createBuffer({ size: 8, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      d.queue.writeBuffer(ub, 0, new Int32Array([length, rows]));
      const pipeline = d.createComputePipeline({ layout: 'auto', compute: { module: m, entryPoint: 'main' } });
      const enc = d.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, d.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [xb, yb, ub].map((buffer, binding) => ({ binding, resource: { buffer } })) }));
      pass.dispatchWorkgroups(rows);
      pass.end();
      const rb = d.createBuffer({ size: rows * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      enc.copyBufferToBuffer(yb, 0, rb, 0, rows * 4);
      d.queue.submit([enc.finish()]);
      await rb.mapAsync(GPUMapMode.READ);
      const got = Array.from(new Float32Array(rb.getMappedRange()));
      const want = Array.from({ length: rows }, (_, r) => { let s = 0; for (let k = 0; k < length; k++) s += X[r * length + k]; return s; });
      assert.deepEqual(got, want, `Length ${length}`);
    }
    assert.equal(await d.popErrorScope(), null);
    d.destroy();
  });

  test('modules the caps do not cover keep forced loop bounding', T, async () => {
    const d = await device();
    for (const loop of ['for (var i = 0u; i < u.n; i += 3u) { o[i] = i; }', 'for (var i = 0u; i < u.n; i += 4u) { if (o[i] == 0u) { break; } }',
      'for (var i = 0u; i < u.n; i += 4u) { o[i] = i; } var k = 0u; while (k < u.k) { k++; }']) {
      const m = d.createShaderModule({ code: `${HEAD}@compute @workgroup_size(1) fn main() { ${loop} }` });
      const c = native.getShaderModuleRuntimeChecks(m);
      assert.equal(c.forceLoopBounding, true, loop);
      assert.equal(c.loopsProven, false);
      assert.deepEqual(c.loopBoundsCapped, []);
    }
    d.destroy();
  });

  test('an invalid module with a cappable loop: its messages are those of the code as written', T, async () => {
    const d = await device();
    const code = `${HEAD}@compute @workgroup_size(1) fn main() {\n  for (var t = 0u; t < u.n; t += 16u) { let x: f32 = t; o[t] = u32(x); }\n}`;
    d.pushErrorScope('validation');
    const m = d.createShaderModule({ code });
    assert.ok(await d.popErrorScope());
    d.pushErrorScope('validation');
    const written = native.createShaderModuleTrusted(d, { code }, {});
    assert.ok(await d.popErrorScope());
    const [a] = (await m.getCompilationInfo()).messages, [b] = (await written.getCompilationInfo()).messages;
    assert.deepEqual([a.lineNum, a.linePos, a.offset, a.length, a.message], [b.lineNum, b.linePos, b.offset, b.length, b.message]);
    assert.equal(a.lineNum, 6);
    assert.doesNotMatch(a.message, /4294967280/);
    assert.deepEqual(native.getShaderModuleRuntimeChecks(m).loopBoundsCapped, []);
    d.destroy();
  });
});
