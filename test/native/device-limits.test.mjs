// The device limits wgpu-ts validates itself because wgpu-native 29 misses them or checks them elsewhere than
// the spec (src/backends/wgpu-native/guards/device-limits.ts): each is checked against the limit the program
// requested, at the call the spec names, at the limit and one past it (what the CTS's
// capability_checks,limits files do).
import { test } from "node:test";
import assert from "node:assert/strict";
import { gpu } from "wgpu-ts/backends/wgpu-native";
import { installGlobals } from "wgpu-ts";
import { moduleInterface, findEntry, computeProblem, constantsMap } from "../../dist/backends/wgpu-native/guards/shader-interface.js";
import { colorAttachmentBytesPerSample } from "../../dist/backends/wgpu-native/guards/device-limits.js";

installGlobals();

async function errorOf(device, f) {
  device.pushErrorScope("validation");
  const r = f();
  return [await device.popErrorScope(), r];
}

test("requestDevice: maxStorage{Buffers,Textures}In{Vertex,Fragment}Stage raise the PerShaderStage limit; a core device reports all three equal", async () => {
  const adapter = await gpu.requestAdapter();
  const max = adapter.limits.maxStorageBuffersInFragmentStage;
  assert.ok(max > 8, "the adapter offers more than the default");
  let device = await adapter.requestDevice({ requiredLimits: { maxStorageBuffersInFragmentStage: max } });
  assert.equal(device.limits.maxStorageBuffersInFragmentStage, max);
  assert.equal(device.limits.maxStorageBuffersPerShaderStage, max);
  assert.equal(device.limits.maxStorageBuffersInVertexStage, max);
  // `max` read-only storage buffers visible to the fragment stage: at the limit, then one more.
  const layout = (n, visibility) => device.createBindGroupLayout({
    entries: Array.from({ length: n }, (_, i) => ({ binding: i, visibility, buffer: { type: "read-only-storage" } })),
  });
  assert.equal((await errorOf(device, () => layout(max, GPUShaderStage.FRAGMENT)))[0], null);
  assert.ok((await errorOf(device, () => layout(max + 1, GPUShaderStage.FRAGMENT)))[0] instanceof GPUValidationError);
  device.destroy();

  const textures = adapter.limits.maxStorageTexturesInVertexStage;
  device = await (await gpu.requestAdapter()).requestDevice({ requiredLimits: { maxStorageTexturesInVertexStage: textures, maxStorageTexturesPerShaderStage: 4 } });
  assert.equal(device.limits.maxStorageTexturesPerShaderStage, textures);
  assert.equal(device.limits.maxStorageTexturesInFragmentStage, textures);
  device.destroy();

  // Asking for the per-stage limit alone raises the In*Stage ones (they equal it on a core device).
  device = await (await gpu.requestAdapter()).requestDevice({ requiredLimits: { maxStorageBuffersPerShaderStage: max } });
  assert.equal(device.limits.maxStorageBuffersInVertexStage, max);
  device.destroy();

  // Over the adapter's value is still refused.
  await assert.rejects((await gpu.requestAdapter()).requestDevice({ requiredLimits: { maxStorageBuffersInFragmentStage: max + 1 } }), (e) => e.name === "OperationError");
});

test("createRenderPipeline: vertex.buffers.length over maxVertexBuffers is a validation error, null and missing layouts included", async () => {
  const adapter = await gpu.requestAdapter();
  const device = await adapter.requestDevice();
  const module = device.createShaderModule({ code: "@vertex fn vs(@location(0) p: vec4f) -> @builtin(position) vec4f { return p; }" });
  const max = device.limits.maxVertexBuffers;
  const descriptor = (n) => {
    const buffers = new Array(n); // holes, as in the CTS: only the last slot has a layout
    buffers[n - 1] = { arrayStride: 16, attributes: [{ shaderLocation: 0, offset: 0, format: "float32" }] };
    return { layout: "auto", vertex: { module, buffers }, depthStencil: { format: "depth32float", depthWriteEnabled: true, depthCompare: "always" } };
  };
  assert.equal((await errorOf(device, () => device.createRenderPipeline(descriptor(max))))[0], null);
  const [err] = await errorOf(device, () => device.createRenderPipeline(descriptor(max + 1)));
  assert.ok(err instanceof GPUValidationError);
  assert.match(err.message, /maxVertexBuffers/);
  await assert.rejects(device.createRenderPipelineAsync(descriptor(max + 1)), (e) => e.name === "GPUPipelineError" && e.reason === "validation");
  device.destroy();
});

test("createRenderBundleEncoder: colorFormats over maxColorAttachmentBytesPerSample is a validation error", async () => {
  assert.equal(colorAttachmentBytesPerSample(["r8unorm", "rgba32uint"]), 20, "rgba32uint is aligned to 4 bytes");
  assert.equal(colorAttachmentBytesPerSample(["rgba8unorm", null, "rg16uint"]), 12);
  assert.equal(colorAttachmentBytesPerSample(["depth24plus"]), null);
  const adapter = await gpu.requestAdapter();
  const device = await adapter.requestDevice();
  assert.equal(device.limits.maxColorAttachmentBytesPerSample, 32);
  // 16 + 16 = 32 bytes: at the limit; one r8unorm more is 33.
  const at = ["rgba32uint", "rgba32float"];
  assert.equal((await errorOf(device, () => device.createRenderBundleEncoder({ colorFormats: at })))[0], null);
  const [err, encoder] = await errorOf(device, () => device.createRenderBundleEncoder({ colorFormats: [...at, "r8unorm"] }));
  assert.ok(err instanceof GPUValidationError);
  assert.match(err.message, /maxColorAttachmentBytesPerSample/);
  // The encoder is invalid: finishing it is an error too.
  assert.ok((await errorOf(device, () => encoder.finish()))[0] instanceof GPUValidationError);
  device.destroy();
});

test("createShaderModule accepts @group(maxBindGroups); the pipelines made from the module are the validation errors", async () => {
  const adapter = await gpu.requestAdapter();
  const device = await adapter.requestDevice();
  const max = device.limits.maxBindGroups;
  const code = (group) => `@group(${group}) @binding(0) var<storage, read_write> d: u32;
    @compute @workgroup_size(1) fn main() { d = 1u; }`;
  const [moduleErr, module] = await errorOf(device, () => device.createShaderModule({ code: code(max) }));
  assert.equal(moduleErr, null);
  assert.deepEqual((await module.getCompilationInfo()).messages, []);
  const [err] = await errorOf(device, () => device.createComputePipeline({ layout: "auto", compute: { module } }));
  assert.ok(err instanceof GPUValidationError);
  assert.match(err.message, /maxBindGroups/);
  await assert.rejects(device.createComputePipelineAsync({ layout: "auto", compute: { module } }), (e) => e.name === "GPUPipelineError");
  // The last valid group index works; a real shader error is still the module's.
  const ok = device.createShaderModule({ code: code(max - 1) });
  assert.equal((await errorOf(device, () => device.createComputePipeline({ layout: "auto", compute: { module: ok } })))[0], null);
  const [bad] = await errorOf(device, () => device.createShaderModule({ code: "@compute @workgroup_size(1) fn main() { let x: u32 = 1.5; }" }));
  assert.ok(bad instanceof GPUValidationError);
  device.destroy();
});

test("createComputePipeline: the workgroup storage an entry point uses must fit maxComputeWorkgroupStorageSize (the requested limit)", async () => {
  const adapter = await gpu.requestAdapter();
  const limit = adapter.limits.maxComputeWorkgroupStorageSize;
  const device = await adapter.requestDevice({ requiredLimits: { maxComputeWorkgroupStorageSize: 16384 } });
  const pipeline = async (code, constants) => errorOf(device, () => device.createComputePipeline({
    layout: "auto", compute: { module: device.createShaderModule({ code }), constants },
  }));
  // 1024 vec4f = 16384 bytes: at the limit. Another f32 var adds roundUp(16, 4) = 16.
  assert.equal((await pipeline("var<workgroup> a: array<vec4f, 1024>; @compute @workgroup_size(1) fn main() { _ = a; }"))[0], null);
  const [err] = await pipeline("var<workgroup> a: array<vec4f, 1024>; var<workgroup> b: f32; @compute @workgroup_size(1) fn main() { _ = a; b = 1.0; }");
  assert.ok(err instanceof GPUValidationError);
  assert.match(err.message, /16400 bytes of workgroup storage.*maxComputeWorkgroupStorageSize \(16384\)/);
  // Only what the entry point statically uses counts, through the functions it calls.
  const two = `var<workgroup> a: array<vec4f, 1024>; var<workgroup> b: array<vec4f, 1024>;
    fn useB() { _ = b; }
    @compute @workgroup_size(1) fn first() { _ = a; }
    @compute @workgroup_size(1) fn both() { _ = a; useB(); }`;
  const module = device.createShaderModule({ code: two });
  assert.equal((await errorOf(device, () => device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "first" } })))[0], null);
  assert.ok((await errorOf(device, () => device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "both" } })))[0] instanceof GPUValidationError);
  // An override-sized array takes its size from the pipeline's constants.
  const sized = "override n: u32 = 16; var<workgroup> a: array<vec4f, n>; @compute @workgroup_size(1) fn main() { _ = a[0]; }";
  assert.equal((await pipeline(sized, { n: 1024 }))[0], null);
  assert.ok((await pipeline(sized, { n: 1025 }))[0] instanceof GPUValidationError);
  await assert.rejects(device.createComputePipelineAsync({
    layout: "auto", compute: { module: device.createShaderModule({ code: sized }), constants: { n: 1025 } },
  }), (e) => e.name === "GPUPipelineError" && e.reason === "validation");
  device.destroy();
  // A device with the adapter's limit takes what the default refuses.
  if (limit >= 16400) {
    const big = await (await gpu.requestAdapter()).requestDevice({ requiredLimits: { maxComputeWorkgroupStorageSize: limit } });
    const [e] = await errorOf(big, () => big.createComputePipeline({
      layout: "auto", compute: { module: big.createShaderModule({ code: "var<workgroup> a: array<vec4f, 1024>; var<workgroup> b: f32; @compute @workgroup_size(1) fn main() { _ = a; b = 1.0; }" }) },
    }));
    assert.equal(e, null);
    big.destroy();
  }
});

// The workgroup storage an entry point uses, as guards/shader-interface.ts computeProblem reports it (null: within
// the limit of 0 bytes, i.e. none used, or not known for certain).
function workgroupStorageUsed(code, entryPoint, constants) {
  const m = moduleInterface({}, code);
  const entry = m && findEntry(m, "compute", entryPoint);
  if (!entry) return null;
  const p = computeProblem(m, entry, constantsMap(constants), { maxComputeWorkgroupStorageSize: 0 });
  return p === null ? null : Number(/uses (\d+) bytes of workgroup storage/.exec(p)[1]);
}

test("workgroup storage: WGSL memory layout, static use, shadowing, overrides; null where the code is not understood", () => {
  const code = `enable f16;
    struct S1 { a: f32, b: vec4f, c: u32, };       // align 16, size 48
    struct P { @size(20) a: f32, @align(32) b: u32 } // b at 32: size roundUp(32, 36) = 64
    /* nested /* block */ comment */
    override N = 4;
    @id(7) override K: u32;
    const M = 3u;
    alias V = vec3<f16>;
    var<workgroup> d0: array<vec3<f16>, 2047>;   // stride 8: 16376 -> 16384
    var<workgroup> d1: array<S1, 3>;             // 144
    var<workgroup> d2: array<mat3x3h, M * 2>;    // 6 * 24 = 144
    var<workgroup> d3: array<f32, N>;            // 16
    var<workgroup> d5: atomic<u32>;
    var<workgroup> d6: V;
    var<workgroup> d7: array<vec2<f32>, K>;      // K = 5: 40 -> 48
    var<workgroup> d8: P;                        // 64
    var<workgroup> d9: array<u32, min(N, 2) << 1>; // 16
    var<workgroup> unused: array<f32, 100000>;
    fn helper(d5: u32) { let d6 = 1; _ = d5; _ = d6; _ = d3; }
    @compute @workgroup_size(1) fn main() { _ = d0; helper(1u); _ = d1.b.x; _ = d2; _ = d7; _ = d8; }
    @compute @workgroup_size(1) fn other() { _ = unused; _ = d9; }`;
  assert.equal(workgroupStorageUsed(code, "main", { 7: 5 }), 16384 + 144 + 144 + 16 + 48 + 64);
  assert.equal(workgroupStorageUsed(code, "main", { K: 5, N: 8 }), 16384 + 144 + 144 + 32 + 48 + 64);
  assert.equal(workgroupStorageUsed(code, "main", undefined), null, "K has no value");
  assert.equal(workgroupStorageUsed(code, "other", undefined), 400000 + 16);
  assert.equal(workgroupStorageUsed(code, undefined, undefined), null, "two compute entry points: none is the default");
  assert.equal(workgroupStorageUsed(code, "helper", undefined), null, "not an entry point");
  assert.equal(workgroupStorageUsed("@compute @workgroup_size(1) fn main() {}", undefined, undefined), null, "no workgroup variables");
  assert.equal(moduleInterface({}, "var<workgroup> a: array<f32, 4>; some_new_syntax x;"), null, "unknown declarations: no answer");
  assert.equal(workgroupStorageUsed("var<workgroup> a: array<array<vec2<f32>, 2>, 3>; @compute @workgroup_size(1) fn main() { _ = a; }"), 48);
});

test("workgroup storage: nested structs cost linear time (wgsl_reflect's own layout is memoized)", () => {
  // 2^30 f32 leaves: laying out each use of each struct again would never finish.
  let code = "struct S0 { a: f32 }\n";
  for (let i = 1; i <= 28; i++) code += `struct S${i} { a: S${i - 1}, b: S${i - 1} }\n`;
  code += "var<workgroup> w: S28; @compute @workgroup_size(1) fn main() { _ = w; }";
  const t0 = performance.now();
  assert.equal(workgroupStorageUsed(code), 4 * 2 ** 28);
  assert.ok(performance.now() - t0 < 2000, `took ${performance.now() - t0} ms`);
});
