// WGSL: an identifier declared by `let` is not a const-expression, so `let i = 3u; v[i]` on a vec3 is a runtime
// access that robust access keeps in bounds, and the module is valid; a literal or `const` index out of bounds
// is a shader-creation error. naga 29's validator refuses the let form
// (test/cts/repros/wgpu_native_let_index_treated_as_const.py); wgpu-ts compiles such a module again with the
// let-bound indices made runtime expressions (guards/let-index.ts). Here on the real device: the modules are
// valid, reads give values of the container, writes stay inside it, and the invalid forms are still refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gpu } from 'wgpu-ts/backends/wgpu-native';
import { installGlobals } from 'wgpu-ts';
import { computeWithBuffers } from 'wgpu-ts/utils';
import { rewriteLetIndices, isConstantIndexError } from '../../dist/backends/wgpu-native/guards/let-index.js';

installGlobals();

const device = await (await gpu.requestAdapter()).requestDevice();

async function moduleError(code) {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code });
  const error = await device.popErrorScope();
  return { module, error };
}

/** Runs `body` (WGSL statements that set out[0] to a non-zero code on a wrong read) in one invocation; returns out[0]. */
async function run(decls, body) {
  const code = `@group(0) @binding(0) var<storage, read_write> out : u32;\n${decls}\n@compute @workgroup_size(1) fn main() { ${body} }`;
  const { module, error } = await moduleError(code);
  assert.equal(error, null, `a valid module was refused: ${error?.message}\n${code}`);
  const { 0: out } = await computeWithBuffers({ device, shader: module, outputs: { 0: { type: 'u32', length: 1 } }, workgroups: 1 });
  return out[0];
}

const CANARY = 'struct S { start : array<u32, 4>, data : DATA, end : array<u32, 4> }';
const FILL = 'for (var k = 0u; k < 4u; k++) { s.start[k] = 0xFFFFFFFFu; s.end[k] = 0xFFFFFFFFu; } s.data = DATA();';
const CHECK = 'for (var k = 0u; k < 4u; k++) { if (s.start[k] != 0xFFFFFFFFu || s.end[k] != 0xFFFFFFFFu) { out = 99u; } }';
const INDICES = ['3u', '4u', '1000000u', '4294967295u', '-1', '3', '-2147483648', '2147483647'];

for (const [space, data, cmp, store] of [
  ['private', 'vec3<u32>', (x) => `${x} != 0u`, '7u'],
  ['function', 'mat3x2<f32>', (x) => `any(${x} != vec2f())`, 'vec2f(7.0)'],
  ['workgroup', 'array<i32, 3>', (x) => `${x} != 0`, '7'],
]) {
  test(`let-bound out-of-bounds indices into a ${data} in ${space} memory: valid, reads in bounds, writes stay inside`, async () => {
    const decls = CANARY.replace('DATA', data) + (space === 'function' ? '' : `\nvar<${space}> s : S;`);
    const lets = INDICES.map((v, n) => `let i${n} = ${v};`).join(' ');
    const reads = INDICES.map((_, n) => `if (${cmp(`s.data[i${n}]`)}) { out = ${n + 1}u; }`).join(' ');
    // the same name through a second let, in parentheses, and a shadowing builtin name
    const forms = `let j = i0; if (${cmp('s.data[j]')}) { out = 50u; } if (${cmp('s.data[ ( (i1) ) ]')}) { out = 51u; } let min = -1; if (${cmp('s.data[min]')}) { out = 52u; }`;
    const writes = INDICES.map((_, n) => `s.data[i${n}] = ${store};`).join(' ');
    const fill = (space === 'function' ? 'var s : S; ' : '') + FILL.replace('DATA', data);
    assert.equal(await run(decls, `${fill} ${lets} ${reads} ${forms}`), 0);
    assert.equal(await run(decls, `${fill} ${lets} ${writes} ${CHECK}`), 0);
  });
}

test('a let-bound negative index into a runtime-sized array is valid and reads in bounds', async () => {
  const decls = '@group(0) @binding(1) var<storage, read_write> rt : array<u32>;';
  const code = `@group(0) @binding(0) var<storage, read_write> out : u32;\n${decls}\n@compute @workgroup_size(1) fn main() { let i = -1; out = rt[i]; }`;
  const { error } = await moduleError(code);
  assert.equal(error, null, error?.message);
});

test('indices WGSL takes as const-expressions are still refused', async () => {
  const pre = 'var<private> v : vec3<u32>; @group(0) @binding(1) var<storage, read_write> rt : array<u32>;';
  for (const body of [
    '_ = v[3u];',
    'const c = 3u; _ = v[c];',
    // a let elsewhere in the module (naga's validator refuses the let first, the retry still refuses the const)
    'let i = 5u; _ = v[i]; const c = -1; _ = rt[c];',
    'let c = 5u; _ = v[c]; _ = rt[k];',
  ]) {
    const { module, error } = await moduleError(`${pre}\nconst k = -2;\n@compute @workgroup_size(1) fn main() { ${body} }`);
    assert.ok(error, `accepted: ${body}`);
    assert.equal((await module.getCompilationInfo()).messages.length, 1, body);
  }
});

test('a function-scope let shadowing a module-scope const of the same name is a runtime index', async () => {
  assert.equal(await run('const i = 1u; var<private> v : vec3<u32>; fn f() -> u32 { return v[i]; }',
    'let i = 3u; if (v[i] != 0u || f() != 0u) { out = 1u; }'), 0);
});

test('rewriteLetIndices: only lone let-declared identifiers, comments ignored, inserts recorded', () => {
  const code = 'const c = 1u; fn f() { let i = 3u; let j = (i); var w = 2u;\n  _ = v[i]; _ = v[ (j) ]; _ = v[c]; _ = v[w]; _ = v[i + 1u]; _ = v[2u]; // v[i]\n}';
  const r = rewriteLetIndices(code);
  assert.equal(r.code, code.replace('v[i]', 'v[i + 0]').replace('v[ (j) ]', 'v[ (j + 0) ]'));
  assert.deepEqual(r.inserts, [[2, 10, 4], [2, 26, 4]]); // at columns of the output
  assert.deepEqual(rewriteLetIndices('fn f() { var i = 0u; _ = v[i]; }').inserts, []);
  assert.ok(isConstantIndexError('= Accessing index 3 is out of [2] bounds'));
  assert.ok(isConstantIndexError('= Accessing [2] via a negative index is invalid'));
  assert.ok(!isConstantIndexError('Index 3 is out of bounds for expression [1]'), "the parser's const-expression check is not the validator's");
});
