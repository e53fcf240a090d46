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

// Every interface of the WebGPU IDL, as a browser exposes it (GPUExternalTexture included: the CTS's texture
// readback tests `instanceof GPUExternalTexture`).
const IDL_INTERFACES = ["GPU", "GPUAdapter", "GPUAdapterInfo", "GPUBindGroup", "GPUBindGroupLayout", "GPUBuffer", "GPUCanvasContext",
  "GPUCommandBuffer", "GPUCommandEncoder", "GPUCompilationInfo", "GPUCompilationMessage", "GPUComputePassEncoder", "GPUComputePipeline",
  "GPUDevice", "GPUDeviceLostInfo", "GPUError", "GPUExternalTexture", "GPUInternalError", "GPUOutOfMemoryError", "GPUPipelineError",
  "GPUPipelineLayout", "GPUQuerySet", "GPUQueue", "GPURenderBundle", "GPURenderBundleEncoder", "GPURenderPassEncoder",
  "GPURenderPipeline", "GPUSampler", "GPUShaderModule", "GPUSupportedFeatures", "GPUSupportedLimits", "GPUTexture", "GPUTextureView",
  "GPUUncapturedErrorEvent", "GPUValidationError", "WGSLLanguageFeatures"];

// One object of each interface wgpu-native creates, checked against the globals (as the CTS and TensorFlow.js do).
const INSTANCEOF_CHECKS = `
  const missing = ${JSON.stringify(IDL_INTERFACES)}.filter((n) => typeof globalThis[n] !== "function");
  const a = await navigator.gpu.requestAdapter(); const d = await a.requestDevice();
  const buf = d.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST });
  const tex = d.createTexture({ size: [1, 1], format: "rgba8unorm", usage: GPUTextureUsage.TEXTURE_BINDING });
  const enc = d.createCommandEncoder(); const pass = enc.beginComputePass(); pass.end();
  const rbe = d.createRenderBundleEncoder({ colorFormats: ["rgba8unorm"] });
  const checks = { gpu: navigator.gpu instanceof GPU, adapter: a instanceof GPUAdapter, device: d instanceof GPUDevice, queue: d.queue instanceof GPUQueue,
    buffer: buf instanceof GPUBuffer, texture: tex instanceof GPUTexture, view: tex.createView() instanceof GPUTextureView,
    encoder: enc instanceof GPUCommandEncoder, pass: pass instanceof GPUComputePassEncoder, bundleEncoder: rbe instanceof GPURenderBundleEncoder,
    commandBuffer: enc.finish() instanceof GPUCommandBuffer, features: a.features instanceof GPUSupportedFeatures, limits: a.limits instanceof GPUSupportedLimits,
    notExternal: !(tex instanceof GPUExternalTexture), notBuffer: !(tex instanceof GPUBuffer), deviceIsEventTarget: GPUDevice.prototype instanceof EventTarget };
  console.log("missing=" + missing.join(","), "failed=" + Object.keys(checks).filter((k) => !checks[k]).join(","));
  d.destroy();`;

test("installGlobals before any backend is imported (TensorFlow.js order): every IDL interface, instanceof of the backend chosen later", () => {
  const r = run(`import { installGlobals } from "wgpu-ts"; installGlobals();
    const early = GPUBuffer; // a reference taken before any backend exists still recognises its buffers
    ${INSTANCEOF_CHECKS}
    console.log("early=" + (buf instanceof early), "backend=" + (await import("wgpu-ts")).gpu.backend);`);
  assert.equal(r.status, 0, r.out);
  assert.match(r.stdout, /missing= failed=\n/);
  assert.match(r.stdout, /early=true backend=wgpu-native/);
});

test("installGlobals after the wgpu-native backend is imported: the same globals", () => {
  const r = run(`import "wgpu-ts/backends/wgpu-native"; import { installGlobals } from "wgpu-ts"; installGlobals(); ${INSTANCEOF_CHECKS}`);
  assert.equal(r.status, 0, r.out);
  assert.match(r.stdout, /missing= failed=\n/);
});

test("installGlobals before the js-webgpu backend is chosen: instanceof answers for dawn.node's objects", () => {
  const r = run(`import { installGlobals } from "wgpu-ts"; installGlobals(); await import("wgpu-ts/backends/js-webgpu"); ${INSTANCEOF_CHECKS}`);
  assert.equal(r.status, 0, r.out);
  assert.match(r.stdout, /missing= failed=\n/);
});

test("assigning an interface global replaces it (polyfills, test doubles)", () => {
  const r = run(`import { installGlobals } from "wgpu-ts"; installGlobals(); globalThis.GPUBuffer = 42; console.log("value=" + GPUBuffer);`);
  assert.equal(r.status, 0, r.out);
  assert.match(r.stdout, /value=42/);
});
