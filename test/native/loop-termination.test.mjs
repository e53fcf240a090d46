// The loop-termination prover (guards/loop-termination.ts) and the default it picks in createShaderModule:
// a WGSL module whose loops all provably end is compiled without naga's forced loop bounding (bounds checks and
// the other checks stay); any other module keeps every check; an explicit choice of checks is used as given.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as native from 'wgpu-ts/backends/wgpu-native';
import { installGlobals } from 'wgpu-ts';
import { proveLoopTermination } from '../../dist/backends/wgpu-native/guards/loop-termination.js';

installGlobals();
const T = Object.freeze({ timeout: 60_000 });

const HEAD = `
@group(0) @binding(0) var<storage, read_write> o: array<u32>;
@group(0) @binding(1) var<uniform> u: vec4u;
@group(0) @binding(2) var<storage, read> ro: array<u32>;
var<workgroup> wg: array<u32, 64>;
var<private> pv: u32;
const C = 8u;
override OV: u32 = 4u;
`;
const prove = (body) => proveLoopTermination(HEAD + body);

describe('loop-termination prover: accepted', () => {
  const accepted = {
    'i < param, i++': 'fn f(n: u32) { for (var i = 0u; i < n; i++) { o[i] = i; } }',
    'i < uniform member, i += 1': 'fn f() { for (var i = 0u; i < u.x; i += 1u) { o[i] = 1u; } }',
    'i32 from an abstract literal, i = i + 1': 'fn f() { for (var i = 0; i < 10; i = i + 1) { } }',
    'i = 1 + i': 'fn f() { for (var i: i32 = 0; i < 10; i = 1 + i) { } }',
    'E > i': 'fn f() { for (var i = 0u; u.y > i; i++) { } }',
    'decrement: i > E, i--': 'fn f() { for (var i = u.x; i > 0u; i--) { } }',
    'decrement: E < i, i -= 1': 'fn f() { for (var i: i32 = 8; -3 < i; i -= 1) { } }',
    'decrement: i = i - 1': 'fn f() { for (var i = 8; i > 0; i = i - 1) { } }',
    'const, override, let, min/max/arrayLength, conversions':
      'fn f() { let n = min(u.x, C); for (var i = 0u; i < max(n, OV) + arrayLength(&o) * 2u; i++) { } for (var j = 0; j < i32(u.z); j++) { } }',
    'indexing a uniform by an invariant index': 'fn f(k: u32) { for (var i = 0u; i < u[k & 3u]; i++) { } }',
    'a local var never assigned in the loop': 'fn f() { var n = u.x; for (var i = 0u; i < n; i++) { o[i] = n; } n = 0u; }',
    'nested loops, the inner bound is the outer variable': 'fn f() { for (var i = 0u; i < 8u; i++) { for (var j = 0u; j < i; j++) { o[j] = i; } } }',
    'a condition i < E && other': 'fn f() { for (var i = 0u; i < u.x && o[i] != 0u; i++) { } }',
    'step 4 to a constant bound': 'fn f() { for (var i = 0u; i < 64u; i += 4u) { } }',
    'step by a const to a constant bound': 'fn f() { for (var i = 0u; i < C * 8u; i += C) { } }',
    'i <= a constant below the maximum': 'fn f() { for (var i = 0u; i <= 7u; i++) { } for (var j: i32 = 0; j <= 2147483646; j++) { } }',
    'i >= a constant above the minimum': 'fn f() { for (var i = 8u; i >= 1u; i--) { } for (var j = 8; j >= -5; j -= 2) { } }',
    'halving a u32 toward any invariant bound': 'fn f() { for (var s = u.x; s > 1u; s = s / 2u) { } }',
    'shifting an i32 toward 0': 'fn f() { const B = 64; for (var s = B >> 1; s > 0; s = s >> 1) { } }',
    'loops in every function, break/continue/return in the body':
      'fn g(n: i32) -> i32 { for (var i = 0; i < n; i++) { if i == 3 { continue; } if i == 5 { return i; } } return 0; }\n' +
      '@compute @workgroup_size(1) fn main() { for (var i = 0; i < 4; i++) { if g(i) > 2 { break; } } }',
    'loop keywords in comments do not count': '// a loop { } here\nfn f() { /* while (true) {} */ for (var i = 0u; i < 2u; i++) { } }',
    'no loops at all': 'fn f() { o[0] = 1u; }',
  };
  for (const [name, body] of Object.entries(accepted)) {
    test(name, () => {
      const r = prove(body);
      assert.deepEqual(r.problems, []);
      assert.equal(r.proven, true);
    });
  }
  test('counts the loops', () => {
    assert.equal(prove(accepted['nested loops, the inner bound is the outer variable']).loops, 2);
    assert.equal(prove(accepted['no loops at all']).loops, 0);
  });
});

describe('loop-termination prover: rejected', () => {
  const rejected = {
    '<= with u32 (E = max u32 never ends)': ['fn f() { for (var i = 0u; i <= u.x; i++) { } }', /inclusive \(<=\) toward a bound that is not a constant/],
    '<= the maximum u32': ['fn f() { for (var i = 0u; i <= 0xffffffffu; i++) { } }', /inclusive \(<=\) and can pass the end of u32/],
    '>= going down to 0u (never ends)': ['fn f() { for (var i = 8u; i >= 0u; i--) { } }', /inclusive \(>=\) and can pass the end of u32/],
    '>= with a halving update': ['fn f() { for (var i = 8u; i >= 1u; i = i / 2u) { } }', /shrinks toward an inclusive bound/],
    '!= as the condition': ['fn f() { for (var i = 0u; i != u.x; i++) { } }', /condition is not i < E/],
    'an || condition': ['fn f() { for (var i = 0u; i < u.x || u.y > 0u; i++) { } }', /condition is not i < E/],
    'a condition on another variable': ['fn f() { var n = 8u; for (var i = 8u; n > 1u; i = i / 2u) { n = i; } }', /condition is not i < E/],
    'step 2 toward a uniform bound (can step over it and wrap)': ['fn f() { for (var i = 0u; i < u.x; i += 2u) { } }', /steps by 2 toward a bound that is not a constant/],
    'step 2 past the end of u32': ['fn f() { for (var i = 0u; i < 0xffffffffu; i += 2u) { } }', /steps by 2 and can pass the end of u32/],
    'a step that is not constant': ['fn f() { for (var i = 0u; i < 64u; i += u.y) { } }', /its update is not/],
    'the update moves away from the bound': ['fn f() { for (var i = 0u; i < u.x; i--) { } }', /away from its bound/],
    'float loop variable': ['fn f() { for (var i = 0.0; i < 1e9; i += 1.0) { } }', /its update is not/],
    'float loop variable with an integer literal step': ['fn f() { for (var x: f32 = 0; x < 1e9; x += 1) { } }', /not known to be i32 or u32/],
    'halving an i32 toward a negative bound': ['fn f() { for (var s = 32; s > -4; s = s / 2) { } }', /may be negative/],
    'the body writes i': ['fn f() { for (var i = 0u; i < u.x; i++) { i = 0u; } }', /body writes the loop variable/],
    'the body increments i': ['fn f() { for (var i = 0u; i < u.x; i++) { if o[0] == 0u { i--; } } }', /body writes the loop variable/],
    'a pointer to i': ['fn g(p: ptr<function, u32>) { *p = 0u; }\nfn f() { for (var i = 0u; i < u.x; i++) { g(&i); } }', /pointer to the loop variable/],
    'a let holding a pointer to i': ['fn f() { for (var i = 0u; i < u.x; i++) { let p = &i; *p = 0u; } }', /pointer to the loop variable/],
    'storage read_write bound': ['fn f() { for (var i = 0u; i < o[0]; i++) { } }', /"o" is a storage buffer/],
    'storage read bound': ['fn f() { for (var i = 0u; i < ro[0]; i++) { } }', /"ro" is a storage buffer/],
    'workgroup bound': ['fn f() { for (var i = 0u; i < wg[0]; i++) { } }', /"wg" is a module-scope var/],
    'private bound': ['fn f() { for (var i = 0u; i < pv; i++) { } }', /"pv" is a module-scope var/],
    'a var bound assigned in the body': ['fn f() { var n = u.x; for (var i = 0u; i < n; i++) { n += 1u; } }', /the var "n" is assigned in the loop/],
    'a var bound whose address is taken': ['fn f() { var n = u.x; let p = &n; for (var i = 0u; i < n; i++) { *p = 9u; } }', /pointer to the var "n"/],
    'a bound read through a pointer parameter': ['fn f(p: ptr<function, u32>) { for (var i = 0u; i < *p; i++) { } }', /through a pointer|is \(or may be\) a pointer/],
    'a bound read through a pointer parameter of an alias type': ['struct S { n: u32 }\nalias P = ptr<function, S>;\nfn f(p: P) { for (var i = 0u; i < p.n; i++) { } }', /"p" is \(or may be\) a pointer/],
    'a bound from a user function call': ['fn n() -> u32 { return 4u; }\nfn f() { for (var i = 0u; i < n(); i++) { } }', /call of the user function "n"/],
    'no loop variable declared': ['fn f() { var i = 0u; for (; i < 4u; i++) { } }', /does not declare a loop variable/],
    'no condition': ['fn f() { for (var i = 0u; ; i++) { if i > 4u { break; } } }', /no condition/],
    'while': ['fn f() { var i = 0u; while (i < 4u) { i++; } }', /while loop/],
    'loop': ['fn f() { var i = 0u; loop { if i >= 4u { break; } continuing { i++; } } }', /loop statement/],
    'a proven outer loop with an unproven nested loop': ['fn f() { for (var i = 0u; i < 4u; i++) { for (var j = 0u; j <= i; j++) { } } }', /inclusive \(<=\) toward a bound that is not a constant/],
    'a while in an else-if branch': ['fn f(x: u32) { if x == 0u { } else if x == 1u { var i = 0u; while (i < 4u) { i++; } } else { } }', /while loop/],
    'a while in an else branch': ['fn f(x: u32) { if x == 0u { } else if x == 1u { } else { var i = 0u; while (i < 4u) { i++; } } }', /while loop/],
    'a while in a switch case': ['fn f(x: u32) { switch x { case 1u: { var i = 0u; while (i < 4u) { i++; } } default: { } } }', /while loop/],
    'a while in a nested block': ['fn f() { { { var i = 0u; while (i < 4u) { i++; } } } }', /while loop/],
    'a while in a loop continuing block': ['fn f() { var i = 0u; for (var k = 0u; k < 2u; k++) { loop { continuing { while (i < 4u) { i++; } break if true; } } } }', /while loop/],
    'a loop in a function called from a proven loop': ['fn g() { loop { break; } }\nfn f() { for (var i = 0u; i < 4u; i++) { g(); } }', /loop statement/],
    'a module that wgsl_reflect cannot parse': ['fn f() { const_assert 1 < 2; for (var i = 0u; i < 4u; i++) { } }', /could not be parsed/],
    'a redeclared predeclared name': ['fn min(a: u32, b: u32) -> u32 { return b; }\nfn f() { for (var i = 0u; i < min(u.x, 4u); i++) { } }', /redeclares the predeclared name "min"/],
  };
  for (const [name, [body, why]] of Object.entries(rejected)) {
    test(name, () => {
      const r = prove(body);
      assert.equal(r.proven, false);
      assert.match(r.problems.join('\n'), why);
    });
  }
  test('problems name the line of the loop', () => {
    const r = proveLoopTermination('fn f() {\n  var i = 0u;\n  while (i < 4u) { i++; }\n}');
    assert.deepEqual(r.problems, ['wgsl:3: a while loop is not proven to end']);
  });
});

// ---- end to end: createShaderModule's default ------------------------------------------------------------

// Every loop proven: a uniform-bounded sum, a triangular nested loop, a countdown and a halving loop.
const PROVEN = `
@group(0) @binding(0) var<storage, read_write> o: array<u32>;
@group(0) @binding(1) var<uniform> u: vec4u;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  var acc = 0u;
  for (var k = 0u; k < u.x; k++) { acc += k ^ g.x; }
  for (var i = 0u; i < 4u; i++) { for (var j = 0u; j < i; j++) { acc += i * j; } }
  for (var d = u.y; d > 0u; d--) { acc += d; }
  for (var s = g.x; s > 1u; s = s / 2u) { acc += 1u; }
  o[g.x] = acc;
}
// indexes past the end of a function-local array: bounds checks (still on) clamp it
@compute @workgroup_size(1) fn oob() {
  var small = array<u32, 4>(10u, 20u, 30u, 40u);
  for (var i = 0u; i < 1u; i++) { o[0] = small[u.z]; }
}`;
const UNPROVEN = PROVEN.replace('for (var k = 0u; k < u.x; k++) { acc += k ^ g.x; }', 'var k = 0u; while (k < u.x) { acc += k ^ g.x; k++; }');

function expected(x, [n, down]) {
  let acc = 0;
  for (let k = 0; k < n; k++) acc += (k ^ x) >>> 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < i; j++) acc += i * j;
  for (let d = down; d > 0; d--) acc += d;
  for (let s = x; s > 1; s = Math.floor(s / 2)) acc += 1;
  return acc >>> 0;
}

async function device() {
  return (await (await native.gpu.requestAdapter()).requestDevice());
}

async function run(d, module, entryPoint, groups, uniform) {
  const o = d.createBuffer({ size: 256 * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const ub = d.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  d.queue.writeBuffer(ub, 0, new Uint32Array(uniform));
  const layout = d.createBindGroupLayout({ entries: [
    { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
    { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } }] });
  const pipeline = d.createComputePipeline({ layout: d.createPipelineLayout({ bindGroupLayouts: [layout] }), compute: { module, entryPoint } });
  const bg = d.createBindGroup({ layout, entries: [{ binding: 0, resource: { buffer: o } }, { binding: 1, resource: { buffer: ub } }] });
  const enc = d.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline); pass.setBindGroup(0, bg); pass.dispatchWorkgroups(groups); pass.end();
  const rb = d.createBuffer({ size: o.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  enc.copyBufferToBuffer(o, 0, rb, 0, o.size);
  d.queue.submit([enc.finish()]);
  await rb.mapAsync(GPUMapMode.READ);
  return Array.from(new Uint32Array(rb.getMappedRange().slice(0)));
}

describe('createShaderModule default runtime checks', () => {
  test('a module whose loops are all proven gets no forced loop bounding, keeps bounds checks, and computes right', T, async () => {
    const d = await device();
    d.pushErrorScope('validation');
    const m = d.createShaderModule({ code: PROVEN });
    assert.equal(await d.popErrorScope(), null);
    assert.deepEqual(native.getShaderModuleRuntimeChecks(m), { boundsChecks: true, forceLoopBounding: false, loopsProven: true, loopProblems: [], loopBoundsCapped: [] });
    assert.deepEqual(await run(d, m, 'main', 4, [37, 5, 0, 0]), Array.from({ length: 256 }, (_, x) => expected(x, [37, 5])));
    assert.equal((await run(d, m, 'oob', 1, [0, 0, 9, 0]))[0], 40, 'the out-of-range index is clamped: bounds checks are on');
    d.destroy();
  });

  test('a module with one unproven loop keeps all checks, and says why', T, async () => {
    const d = await device();
    const m = d.createShaderModule({ code: UNPROVEN });
    const c = native.getShaderModuleRuntimeChecks(m);
    assert.equal(c.forceLoopBounding, true);
    assert.equal(c.boundsChecks, true);
    assert.equal(c.loopsProven, false);
    assert.match(c.loopProblems.join('\n'), /^wgsl:6: a while loop/);
    assert.deepEqual(await run(d, m, 'main', 4, [11, 3, 0, 0]), Array.from({ length: 256 }, (_, x) => expected(x, [11, 3])));
    d.destroy();
  });

  test('an explicit choice wins: setShaderRuntimeChecks({}) and createShaderModuleTrusted({}) keep loop bounding', T, async () => {
    const d = await device();
    assert.equal(native.getShaderModuleRuntimeChecks(native.createShaderModuleTrusted(d, { code: PROVEN }, {})).forceLoopBounding, true);
    assert.equal(native.getShaderModuleRuntimeChecks(native.createShaderModuleTrusted(d, { code: PROVEN }, { boundsChecks: false })).forceLoopBounding, true);
    native.setShaderRuntimeChecks(d, {});
    const all = d.createShaderModule({ code: PROVEN });
    assert.deepEqual(native.getShaderModuleRuntimeChecks(all), { boundsChecks: true, forceLoopBounding: true, loopsProven: null, loopProblems: [], loopBoundsCapped: [] });
    native.setShaderRuntimeChecks(d, { forceLoopBounding: false });
    assert.equal(native.getShaderModuleRuntimeChecks(d.createShaderModule({ code: UNPROVEN })).forceLoopBounding, false, 'as asked, even unproven');
    native.setShaderRuntimeChecks(d, null);
    assert.equal(native.getShaderModuleRuntimeChecks(d.createShaderModule({ code: PROVEN })).forceLoopBounding, false, 'null restores the default');
    assert.deepEqual(await run(d, all, 'main', 4, [7, 2, 0, 0]), Array.from({ length: 256 }, (_, x) => expected(x, [7, 2])));
    d.destroy();
  });

  test('a uniform loop bound cannot be written in the dispatch: the same buffer bound read_write too is a validation error', T, async () => {
    // The prover takes uniform values as invariant because WebGPU's usage scopes make a writable binding of the
    // same buffer in one dispatch an error; this checks that wgpu-native enforces it.
    const d = await device();
    const m = d.createShaderModule({ code: PROVEN });
    assert.equal(native.getShaderModuleRuntimeChecks(m).forceLoopBounding, false);
    const pipeline = d.createComputePipeline({ layout: 'auto', compute: { module: m, entryPoint: 'main' } });
    const b = d.createBuffer({ size: 1024, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.UNIFORM });
    d.pushErrorScope('validation');
    const bg = d.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: b } }, { binding: 1, resource: { buffer: b, size: 16 } }] });
    const enc = d.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline); pass.setBindGroup(0, bg); pass.dispatchWorkgroups(1); pass.end();
    d.queue.submit([enc.finish()]);
    const err = await d.popErrorScope();
    assert.ok(err, 'a validation error');
    assert.match(err.message, /conflicting usages/);
    d.destroy();
  });

  test('an invalid module with provable loops is still a validation error', T, async () => {
    const d = await device();
    d.pushErrorScope('validation');
    d.createShaderModule({ code: 'fn f() { for (var i = 0u; i < 4u; i++) { let x: f32 = i; } }' });
    assert.ok(await d.popErrorScope());
    d.destroy();
  });

  test('getShaderModuleRuntimeChecks checks its argument', () => {
    assert.throws(() => native.getShaderModuleRuntimeChecks({}), /getShaderModuleRuntimeChecks\(module\)/);
  });
});
