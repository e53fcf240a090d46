// WGSL's swizzle_assignment on wgpu-native: naga 29 refuses assignments to swizzles
// (test/cts/repros/wgpu_native_no_swizzle_assignment.py) and guards/swizzle-assignment.ts spells each one out per
// component. Checked on the device: values, WGSL's order of evaluation, pointers, nested swizzles, every address
// space; what WGSL refuses stays an error, struct members named like swizzles stay members, messages keep columns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gpu } from "wgpu-ts/backends/wgpu-native";
import { installGlobals } from "wgpu-ts";
import { computeWithBuffers } from "wgpu-ts/utils";

installGlobals();

async function run(device, body, extra = "") {
  const code = `requires swizzle_assignment;
@group(0) @binding(0) var<storage, read_write> out: array<u32, 16>;
var<private> order: u32;
var<private> arr: array<vec4u, 2>;
var<workgroup> w: vec4u;
${extra}
@compute @workgroup_size(1) fn main() { ${body} }`;
  device.pushErrorScope("validation");
  const module = device.createShaderModule({ code });
  device.createComputePipeline({ layout: "auto", compute: { module } });
  const err = await device.popErrorScope();
  assert.equal(err, null, String(err?.message));
  const { 0: out } = await computeWithBuffers({ device, shader: module, outputs: { 0: { type: "u32", length: 16 } }, workgroups: 1 });
  return [...out];
}

const store4 = (e, at = 0) => `out[${at}] = ${e}.x; out[${at + 1}] = ${e}.y; out[${at + 2}] = ${e}.z; out[${at + 3}] = ${e}.w;`;

test("swizzle assignments: values in every address space, through pointers, nested swizzles and compound operators", async () => {
  const device = await (await gpu.requestAdapter()).requestDevice();
  assert.ok(gpu.wgslLanguageFeatures.has("swizzle_assignment"));
  const got = await run(device, `
    var f = vec4u(1, 2, 3, 4); f.zx = vec2u(8, 9); ${store4("f")}
    let p = &arr[1]; p.wy = vec2(5, 6); (*p).x += 10u; p.zyx.yz *= vec2u(2, 3); ${store4("arr[1]", 4)}
    w = vec4u(1); w.rgb /* a comment */ .gb = vec2u(7, /* another */ 8);
    w.xy.y
      -= 1u; ${store4("w", 8)}
    out[12] = 0u; out[13] = 0u;`);
  assert.deepEqual(got.slice(0, 12), [9, 2, 8, 4, /* arr[1]: (10, 6, 0, 5) then .zyx.yz *= (2, 3) -> y *= 2, x *= 3 */ 30, 12, 0, 5, 1, 6, 8, 1]);
  device.destroy();
});

test("swizzle assignments keep WGSL's order: the reference (indices once) before the right-hand side, a compound's load before it too", async () => {
  const device = await (await gpu.requestAdapter()).requestDevice();
  const extra = `
fn index() -> u32 { order = order * 10u + 1u; arr[0].x = 6u; arr[0].z = 7u; arr[0].w = 8u; return 0u; }
fn value() -> vec2u { order = order * 10u + 2u; arr[0].x = 2u; arr[0].z = 3u; return vec2u(4, 5); }`;
  const plain = await run(device, `arr[0] = vec4u(1); arr[index()].xy = value(); ${store4("arr[0]")} out[4] = order;`, extra);
  assert.deepEqual(plain.slice(0, 5), [4, 5, 3, 8, 12]);
  const compound = await run(device, `arr[0] = vec4u(1); arr[index()].xy += value(); ${store4("arr[0]")} out[4] = order;`, extra);
  assert.deepEqual(compound.slice(0, 5), [10, 6, 3, 8, 12]);
  device.destroy();
});

test("what WGSL refuses stays an error; a struct member named like a swizzle stays a member; messages keep their columns", async () => {
  const device = await (await gpu.requestAdapter()).requestDevice();
  for (const body of ["var v = vec4u(); v.xx = vec2u(1, 2);", "let v = vec4u(); v.xy = vec2u(1, 2);", "var v = vec2u(); v.xyz = vec3u();",
    "var v = vec4u(); v.xg = vec2u();", "var v = vec4u(); v.xy = 1.5;", "var v = vec4u(); v.xy.z = 1u;"]) {
    device.pushErrorScope("validation");
    device.createShaderModule({ code: `@compute @workgroup_size(1) fn main() { ${body} }` });
    assert.ok(await device.popErrorScope() instanceof GPUValidationError, `${body} must stay invalid`);
  }
  const member = await run(device, "var s = S(0u, 0u); s.xy = 7u; s.rg += 2u; out[0] = s.xy; out[1] = s.rg;", "struct S { xy: u32, rg: u32 }");
  assert.deepEqual(member.slice(0, 2), [7, 2]);
  const line = "@compute @workgroup_size(1) fn main() { var v = vec4u(); v.zx = vec2u(8, 9); let x: u32 = 1.5; }";
  device.pushErrorScope("validation");
  const bad = device.createShaderModule({ code: line });
  assert.ok(await device.popErrorScope() instanceof GPUValidationError);
  const [message] = (await bad.getCompilationInfo()).messages;
  assert.equal(message?.lineNum, 1);
  assert.equal(message.linePos, line.indexOf("x: u32") + 1, "naga points at the definition of x, after the rewritten statement");
  device.destroy();
});
