// Backend selection rules (spec page): explicit import, auto, automatic at first requestAdapter,
// and a clear error when a second, different backend is selected.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

function run(code) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", timeout: 60_000 });
  return { ...r, out: r.stdout + r.stderr };
}

test("with no backend imported, the first requestAdapter selects one automatically", () => {
  const r = run(`import { gpu } from "wgpu-ts"; console.log("before", gpu.backend); const a = await gpu.requestAdapter(); console.log("after", gpu.backend, !!a);`);
  assert.equal(r.status, 0, r.out);
  assert.match(r.stdout, /before undefined/);
  assert.match(r.stdout, /after wgpu-native true/);
});

test("importing wgpu-ts/backends/wgpu-native selects it; its own gpu works directly", () => {
  const r = run(`import { gpu } from "wgpu-ts"; import { gpu as native } from "wgpu-ts/backends/wgpu-native";
    const a = await gpu.requestAdapter(); const b = await native.requestAdapter();
    console.log(gpu.backend, native.backend, a.constructor === b.constructor);`);
  assert.equal(r.status, 0, r.out);
  assert.match(r.stdout, /wgpu-native wgpu-native true/);
});

test("importing the auto backend selects a concrete backend at first use", () => {
  const r = run(`import { gpu } from "wgpu-ts"; import "wgpu-ts/backends/auto"; const a = await gpu.requestAdapter(); console.log(gpu.backend, a.info.device.length > 0);`);
  assert.equal(r.status, 0, r.out);
  assert.match(r.stdout, /wgpu-native true/); // auto reports the backend it chose
});

test("selecting a second, different backend after one is active is a clear error", () => {
  const r = run(`import { gpu, selectBackend } from "wgpu-ts"; import { gpu as native } from "wgpu-ts/backends/wgpu-native";
    await gpu.requestAdapter();
    try { selectBackend({ backend: "other", requestAdapter: async () => null, getPreferredCanvasFormat: () => "rgba8unorm", wgslLanguageFeatures: new Set() }); console.log("no error"); }
    catch (e) { console.log("ERR " + e.message); }`);
  assert.equal(r.status, 0, r.out);
  assert.match(r.stdout, /ERR wgpu-ts: backend "wgpu-native" is already active; cannot select "other"/);
});

test("installGlobals puts navigator.gpu and the WebGPU globals on globalThis", () => {
  const r = run(`import { installGlobals } from "wgpu-ts"; import "wgpu-ts/backends/wgpu-native"; installGlobals();
    const a = await navigator.gpu.requestAdapter(); const d = await a.requestDevice();
    console.log(typeof GPUBufferUsage.MAP_READ, GPUMapMode.READ, GPUShaderStage.COMPUTE, GPUTextureUsage.RENDER_ATTACHMENT, GPUColorWrite.ALL,
      new GPUValidationError("x") instanceof GPUError, d instanceof GPUDevice);`);
  assert.equal(r.status, 0, r.out);
  assert.match(r.stdout, /number 1 4 16 15 true true/);
});

test("a missing library is an error naming every place looked and the fix", () => {
  const r = run(`process.env.WGPU_LIB_PATH = "/nonexistent/libwgpu_native.so"; const { gpu } = await import("wgpu-ts/backends/wgpu-native");
    try { await gpu.requestAdapter(); } catch (e) { console.log("ERR " + e.message); }`);
  assert.match(r.stdout, /ERR WGPU_LIB_PATH=\/nonexistent\/libwgpu_native.so does not exist/);
  assert.match(r.stdout, /npm run setup/);
});
