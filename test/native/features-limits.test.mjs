// Features and limits as browser code sees them on wgpu-native: WebGPU feature names only in adapter/device
// features (wgpu-native's own through nativeFeatures() and by name in requiredFeatures), "subgroups" with WGSL's
// `enable subgroups;`, wgslLanguageFeatures that naga really compiles, and limits capped at LIMIT_CEILINGS
// (the native values through nativeLimits()).
import { test } from "node:test";
import assert from "node:assert/strict";
import { gpu, nativeFeatures, nativeLimits, LIMIT_CEILINGS } from "wgpu-ts/backends/wgpu-native";
import { installGlobals } from "wgpu-ts";

installGlobals();

// GPUFeatureName of the WebGPU spec (and of the CTS's capability_info.ts).
const WEBGPU_FEATURES = new Set(["core-features-and-limits", "depth-clip-control", "depth32float-stencil8", "texture-compression-bc",
  "texture-compression-bc-sliced-3d", "texture-compression-etc2", "texture-compression-astc", "texture-compression-astc-sliced-3d",
  "timestamp-query", "indirect-first-instance", "shader-f16", "rg11b10ufloat-renderable", "bgra8unorm-storage", "float32-filterable",
  "float32-blendable", "clip-distances", "dual-source-blending", "subgroups", "texture-formats-tier1", "texture-formats-tier2",
  "primitive-index", "texture-component-swizzle", "subgroup-size-control"]);

async function errorOf(device, f) {
  device.pushErrorScope("validation");
  const r = f();
  return [await device.popErrorScope(), r];
}

test("adapter.features and device.features list WebGPU names only; core-features-and-limits is there", async () => {
  const adapter = await gpu.requestAdapter();
  const extra = [...adapter.features].filter((f) => !WEBGPU_FEATURES.has(f));
  assert.deepEqual(extra, []);
  assert.ok(adapter.features.has("core-features-and-limits"));
  const device = await adapter.requestDevice({ requiredFeatures: [...adapter.features] });
  assert.deepEqual([...device.features].filter((f) => !WEBGPU_FEATURES.has(f)), []);
  // wgpu-native's own features are still there, and relax nothing unless asked for.
  assert.ok(nativeFeatures(adapter).has("mappable-primary-buffers"));
  const [err] = await errorOf(device, () => device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_SRC }));
  assert.ok(err instanceof GPUValidationError, "MAP_READ | COPY_SRC must stay invalid for a device with every listed feature");
  device.destroy();
});

test("a wgpu-native feature asked for by name is enabled and listed on that device", async () => {
  const adapter = await gpu.requestAdapter();
  assert.ok(!adapter.features.has("mappable-primary-buffers"));
  const device = await adapter.requestDevice({ requiredFeatures: ["mappable-primary-buffers"] });
  assert.ok(device.features.has("mappable-primary-buffers"));
  assert.ok(nativeFeatures(device).has("mappable-primary-buffers"));
  const [err] = await errorOf(device, () => device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_SRC }));
  assert.equal(err, null);
  device.destroy();
  await assert.rejects(adapter.requestDevice({ requiredFeatures: ["no-such-feature"] }), TypeError);
});

test("subgroups: listed when wgpu-native has its subgroup feature; `enable subgroups;` compiles and runs", async (t) => {
  const adapter = await gpu.requestAdapter();
  if (!nativeFeatures(adapter).has("subgroup")) {
    assert.ok(!adapter.features.has("subgroups"), "subgroups without wgpu-native's subgroup feature");
    return;
  }
  assert.ok(adapter.features.has("subgroups"));
  const device = await adapter.requestDevice({ requiredFeatures: ["subgroups"] });
  assert.ok(device.features.has("subgroups"));
  const code = `enable subgroups;
    @group(0) @binding(0) var<storage, read_write> out: array<u32>;
    @compute @workgroup_size(64) fn main(@builtin(local_invocation_index) i: u32) { let n = subgroupAdd(1u); if (i == 0u) { out[0] = n; } }`;
  const [err, module] = await errorOf(device, () => device.createShaderModule({ code }));
  assert.equal(err, null, String(err?.message));
  const storage = device.createBuffer({ size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const pipeline = device.createComputePipeline({ layout: "auto", compute: { module } });
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: storage } }] }));
  pass.dispatchWorkgroups(1);
  pass.end();
  enc.copyBufferToBuffer(storage, 0, read, 0, 4);
  device.queue.submit([enc.finish()]);
  await read.mapAsync(GPUMapMode.READ);
  const n = new Uint32Array(read.getMappedRange())[0];
  // (adapter.info.subgroupMinSize/MaxSize are 0 on wgpu-native 29: the subgroup size is checked by shape.)
  assert.ok(n >= 1 && n <= 64 && (n & (n - 1)) === 0, `subgroupAdd(1) over a 64-invocation workgroup = ${n}: not a subgroup size`);
  // Messages keep their positions: the directive is blanked, not removed.
  const [bad] = await errorOf(device, () => device.createShaderModule({ code: "enable f16, subgroups;\nfn f() { let x: u32 = 1.5; }" }));
  assert.ok(bad instanceof GPUValidationError);
  device.destroy();
  t.diagnostic(`subgroupAdd(1) over 64 invocations: ${n}`);
});

// naga 29 takes only u32 for the id/mask/delta argument of the subgroup built-ins (WGSL: i32 or u32 ids, an
// AbstractInt literal converting to u32); guards/shader-source.ts rewriteSubgroupIds makes the argument u32 while
// keeping it invalid for every type WGSL refuses (test/cts/repros/wgpu_native_subgroup_id_argument_types.py).
test("subgroups: i32 and AbstractInt id arguments compile and run; wrong argument types stay errors", async () => {
  const adapter = await gpu.requestAdapter();
  if (!adapter.features.has("subgroups")) return;
  const device = await adapter.requestDevice({ requiredFeatures: ["subgroups"] });
  const code = `enable subgroups;
    @group(0) @binding(0) var<storage, read_write> out: array<u32>;
    @compute @workgroup_size(64) fn main(@builtin(subgroup_invocation_id) sid: u32, @builtin(local_invocation_index) i: u32) {
      out[5 * i] = subgroupBroadcast(sid, 0);
      out[5 * i + 1] = subgroupShuffle(sid, /* i32 */ i32(sid) /* id */);
      out[5 * i + 2] = subgroupShuffleXor(sid, 1);
      out[5 * i + 3] = quadBroadcast(sid, 2i);
      out[5 * i + 4] = subgroupShuffle(array<u32, 2>(sid, 0u)[0], 1 + 2,);
    }`;
  const [err, module] = await errorOf(device, () => device.createShaderModule({ code }));
  assert.equal(err, null, String(err?.message));
  const size = 64 * 5 * 4;
  const storage = device.createBuffer({ size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const pipeline = device.createComputePipeline({ layout: "auto", compute: { module } });
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: storage } }] }));
  pass.dispatchWorkgroups(1);
  pass.end();
  enc.copyBufferToBuffer(storage, 0, read, 0, size);
  device.queue.submit([enc.finish()]);
  await read.mapAsync(GPUMapMode.READ);
  const out = new Uint32Array(read.getMappedRange());
  const lanes = new Set();
  for (let i = 0; i < 64; i++) {
    // The lane's own id, read back through subgroupShuffle(sid, sid).
    const sid = out[5 * i + 1];
    lanes.add(sid);
    assert.deepEqual([...out.subarray(5 * i, 5 * i + 5)], [0, sid, sid ^ 1, (sid & ~3) | 2, 3], `invocation ${i}`);
  }
  assert.ok(lanes.size >= 4, `subgroup lanes seen: ${[...lanes]}`);
  read.unmap();
  // Still invalid, as WGSL says: an i32 mask, a float or vector id, a non-const broadcast id, a broadcast id out of
  // range (literal or const-expression), subgroupElect's result unused, and any of them without `enable subgroups;`.
  for (const call of ["subgroupShuffleXor(v, 1i)", "subgroupShuffle(v, 1.5)", "subgroupShuffle(v, vec2i(1))", "subgroupBroadcast(v, i)", "subgroupShuffleUp(v, 1.0)",
    "subgroupBroadcast(v, 128)", "subgroupBroadcast(v, c)", "subgroupBroadcast(v, -1)", "quadBroadcast(v, 4)", "quadBroadcast(v, c - 124)", "subgroupElect()"]) {
    const [e] = await errorOf(device, () => device.createShaderModule({ code: `enable subgroups; const c = 128;
      @compute @workgroup_size(64) fn main(@builtin(local_invocation_index) i: u32) { let v = i; ${call.startsWith("subgroupElect") ? "" : "_ = "}${call}; }` }));
    assert.ok(e instanceof GPUValidationError, `${call} must stay invalid`);
  }
  for (const call of ["subgroupShuffle(v, 1)", "subgroupBroadcast(v, 0)", "select(0u, 1u, subgroupElect())"]) {
    const [e] = await errorOf(device, () => device.createShaderModule({ code: `
      @compute @workgroup_size(64) fn main(@builtin(local_invocation_index) i: u32) { let v = i; _ = ${call}; }` }));
    assert.ok(e instanceof GPUValidationError, `${call} without enable subgroups must stay invalid`);
  }
  const [inRange] = await errorOf(device, () => device.createShaderModule({ code: `enable subgroups; const c = 127;
    @compute @workgroup_size(64) fn main(@builtin(local_invocation_index) i: u32) { _ = subgroupBroadcast(i, c); _ = quadBroadcast(i, c - 124); }` }));
  assert.equal(inRange, null, String(inRange?.message));
  // The shuffles' id/mask/delta as a const-expression must be in [0, 128) too (naga checks no range); a name that is
  // a runtime value somewhere (a parameter shadowing the const, a let, an override) is not checked at creation.
  for (const [decl, call, valid] of [
    ["const c: i32 = -1;", "subgroupShuffle(1, c)", false], ["const c: u32 = 128;", "subgroupShuffleXor(1u, c)", false],
    ["", "subgroupShuffleUp(1u, 128u)", false], ["", "subgroupShuffleDown(1u, 0x80u)", false],
    ["const c: u32 = 127;", "subgroupShuffleXor(1u, c)", true], ["const c = 5;", "subgroupShuffle(1, c)", true],
    ["", "subgroupShuffleDown(1u, 127u)", true], ["", "subgroupShuffle(1, 3i)", true],
    ["const c: u32 = 3; fn f(c: u32) -> i32 { return subgroupShuffle(1, c); }", "f(200u)", true],
    ["override o: u32 = 0;", "subgroupShuffle(1u, o)", true],
  ]) {
    const [e] = await errorOf(device, () => device.createShaderModule({ code: `enable subgroups; ${decl}
      @compute @workgroup_size(64) fn main() { _ = ${call}; }` }));
    if (valid) assert.equal(e, null, `${decl} ${call}: ${e?.message}`);
    else assert.ok(e instanceof GPUValidationError, `${decl} ${call} must be invalid`);
  }
  // An override id is checked at pipeline creation, with the pipeline's constants, where the entry point uses it.
  {
    const module = device.createShaderModule({ code: `enable subgroups; override o: i32 = 0; override unused: u32 = 500;
      fn f() -> i32 { return subgroupShuffle(1, o); }
      fn g() -> u32 { return subgroupShuffleDown(1u, unused); }
      @compute @workgroup_size(64) fn main() { _ = f(); }` });
    for (const [constants, valid] of [[{}, true], [{ o: 127 }, true], [{ o: 128 }, false], [{ o: -1 }, false]]) {
      const [e] = await errorOf(device, () => device.createComputePipeline({ layout: "auto", compute: { module, constants } }));
      if (valid) assert.equal(e, null, `o = ${JSON.stringify(constants)}: ${e?.message}`);
      else assert.ok(e instanceof GPUValidationError && /subgroupShuffle id/.test(e.message), `o = ${JSON.stringify(constants)} must fail: ${e?.message}`);
    }
  }
  // subgroupElect(), which naga lacks (defined by guards/shader-source.ts rewriteSubgroupElect): exactly one
  // invocation per subgroup, the lowest active one; here lane 0, and lane 2 where only even lanes are active.
  {
    const m = device.createShaderModule({ code: `enable subgroups;
      @group(0) @binding(0) var<storage, read_write> out: array<u32>;
      @compute @workgroup_size(64) fn main(@builtin(subgroup_invocation_id) sid: u32, @builtin(local_invocation_index) i: u32) {
        out[2 * i] = select(0u, 1u, subgroupElect()) + sid * 10u;
        out[2 * i + 1] = 7u;
        if (sid % 2u == 0u && sid >= 2u) { out[2 * i + 1] = select(0u, 1u, subgroupElect()); }
      }` });
    const p = device.createComputePipeline({ layout: "auto", compute: { module: m } });
    const s = device.createBuffer({ size: 512, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const r = device.createBuffer({ size: 512, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const e = device.createCommandEncoder();
    const ps = e.beginComputePass();
    ps.setPipeline(p);
    ps.setBindGroup(0, device.createBindGroup({ layout: p.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: s } }] }));
    ps.dispatchWorkgroups(1);
    ps.end();
    e.copyBufferToBuffer(s, 0, r, 0, 512);
    device.queue.submit([e.finish()]);
    await r.mapAsync(GPUMapMode.READ);
    const o = new Uint32Array(r.getMappedRange());
    for (let i = 0; i < 64; i++) {
      const sid = Math.floor(o[2 * i] / 10);
      assert.equal(o[2 * i] % 10, sid === 0 ? 1 : 0, `invocation ${i} (lane ${sid}): subgroupElect() with every lane active`);
      assert.equal(o[2 * i + 1], sid % 2 === 0 && sid >= 2 ? (sid === 2 ? 1 : 0) : 7, `invocation ${i} (lane ${sid}): subgroupElect() among even lanes >= 2`);
    }
    r.unmap();
  }
  // A multi-dimensional workgroup with subgroup ids, which naga refuses, is flattened (guards/subgroup-workgroups.ts):
  // the ids keep WebGPU's definitions, the subgroups partition the workgroup, workgroup memory starts zeroed.
  {
    const m = device.createShaderModule({ code: `enable subgroups;
      @group(0) @binding(0) var<storage, read_write> out: array<vec4u, 64>;
      var<workgroup> seen: atomic<u32>;
      @workgroup_size(4, 4, 2) @compute
      fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(subgroup_invocation_id) sid: u32,
              @builtin(global_invocation_id) gid: vec3u, @builtin(local_invocation_index) li: u32,
              @builtin(subgroup_id) group: u32, @builtin(num_subgroups) groups: u32, @builtin(workgroup_id) wid: vec3u) {
        let before = atomicAdd(&seen, 1u);
        workgroupBarrier();
        let all = atomicLoad(&seen);
        let k = wid.x * 32u + li;
        out[k] = vec4u(lid.x + 10u * lid.y + 100u * lid.z, gid.x + 10u * gid.y + 100u * gid.z, sid + 100u * group, select(0u, 1u, all == 32u && before < 32u && group < groups) + 10u * li);
      }` });
    const p = device.createComputePipeline({ layout: "auto", compute: { module: m } });
    const s = device.createBuffer({ size: 1024, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const r = device.createBuffer({ size: 1024, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const e = device.createCommandEncoder();
    const ps = e.beginComputePass();
    ps.setPipeline(p);
    ps.setBindGroup(0, device.createBindGroup({ layout: p.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: s } }] }));
    ps.dispatchWorkgroups(2);
    ps.end();
    e.copyBufferToBuffer(s, 0, r, 0, 1024);
    device.queue.submit([e.finish()]);
    await r.mapAsync(GPUMapMode.READ);
    const o = new Uint32Array(r.getMappedRange());
    const lanes = new Map();
    for (let w = 0; w < 2; w++) for (let li = 0; li < 32; li++) {
      const k = 4 * (w * 32 + li), x = li % 4, y = (li >> 2) % 4, z = li >> 4;
      assert.equal(o[k], x + 10 * y + 100 * z, `local_invocation_id of index ${li}`);
      assert.equal(o[k + 1], (w * 4 + x) + 10 * y + 100 * z, `global_invocation_id of workgroup ${w}, index ${li}`);
      assert.equal(o[k + 3], 1 + 10 * li, `workgroup ${w}, index ${li}: zeroed counter, 32 invocations, subgroup_id < num_subgroups`);
      const key = `${w}:${Math.floor(o[k + 2] / 100)}`;
      if (!lanes.has(key)) lanes.set(key, new Set());
      lanes.get(key).add(o[k + 2] % 100);
    }
    // each subgroup's invocation ids are distinct and 0..n-1
    for (const [key, ids] of lanes) assert.deepEqual([...ids].sort((a, b) => a - b), [...ids].map((_, i) => i), `subgroup ${key}`);
    r.unmap();
  }
  // A module's own function of the same name is not the built-in: its i32 parameter is left as it is.
  const [own] = await errorOf(device, () => device.createShaderModule({ code: `fn subgroupShuffle(a: u32, b: i32) -> u32 { return a + u32(b); }
    @compute @workgroup_size(1) fn main() { _ = subgroupShuffle(1u, -1i); }` }));
  assert.equal(own, null, String(own?.message));
  // Messages point at the user's code: the error after a rewritten call keeps its column.
  const line = "@compute @workgroup_size(64) fn main(@builtin(local_invocation_index) i: u32) { _ = subgroupBroadcast(i, 0); let x: u32 = 1.5; }";
  device.pushErrorScope("validation");
  const bad = device.createShaderModule({ code: `enable subgroups;\n${line}` });
  assert.ok(await device.popErrorScope() instanceof GPUValidationError);
  const [message] = (await bad.getCompilationInfo()).messages;
  assert.equal(message?.lineNum, 2);
  assert.equal(message.linePos, line.indexOf("x: u32") + 1, "naga points at the definition of x");
  device.destroy();
});

test("wgslLanguageFeatures: a WGSLLanguageFeatures; each listed extension compiles in a `requires` directive and in use", async () => {
  const wlf = gpu.wgslLanguageFeatures;
  assert.ok(wlf instanceof WGSLLanguageFeatures);
  assert.throws(() => wlf.add("x"), TypeError);
  const uses = {
    readonly_and_readwrite_storage_textures: `@group(0) @binding(0) var t: texture_storage_2d<r32float, read_write>;
      @compute @workgroup_size(1) fn main() { textureStore(t, vec2u(0), textureLoad(t, vec2u(0)) + 1.0); }`,
    packed_4x8_integer_dot_product: `@compute @workgroup_size(1) fn main() { _ = dot4U8Packed(pack4xU8(vec4u(1, 2, 3, 4)), 0x01010101u); }`,
    pointer_composite_access: `fn second(p: ptr<function, array<u32, 4>>) -> u32 { return p[1]; }
      @compute @workgroup_size(1) fn main() { var a = array<u32, 4>(1, 2, 3, 4); _ = second(&a); }`,
    swizzle_assignment: `@compute @workgroup_size(1) fn main() { var v = vec4u(); v.zx = vec2u(1, 2); v.yw += v.xz; }`,
  };
  const adapter = await gpu.requestAdapter();
  const subgroups = adapter.features.has("subgroups");
  // subgroup_id's built-ins need `enable subgroups` (directives come in any order); without the feature only the directive.
  uses.subgroup_id = subgroups ? `enable subgroups;
      @group(0) @binding(0) var<storage, read_write> out: array<u32>;
      @compute @workgroup_size(64) fn main(@builtin(subgroup_id) s: u32, @builtin(num_subgroups) n: u32) { out[s] = n; }`
    : "@compute @workgroup_size(1) fn main() {}";
  assert.deepEqual([...wlf].sort(), Object.keys(uses).sort());
  const device = await adapter.requestDevice({ requiredFeatures: subgroups ? ["subgroups"] : [] });
  for (const [name, body] of Object.entries(uses)) {
    const [err] = await errorOf(device, () => device.createShaderModule({ code: `requires ${name};\n${body}` }));
    assert.equal(err, null, `${name}: ${err?.message}`);
  }
  device.destroy();
});

test("limits: capped at LIMIT_CEILINGS, native values in nativeLimits(); a device with every adapter limit works", async () => {
  const adapter = await gpu.requestAdapter();
  const native = nativeLimits(adapter);
  for (const [k, ceiling] of Object.entries(LIMIT_CEILINGS)) {
    assert.equal(adapter.limits[k], Math.min(native[k], ceiling), k);
  }
  assert.ok(adapter.limits.maxBindingsPerBindGroup <= 1000);
  // The spec's rule (the CTS checks it): a bind group can hold every binding two shader stages may use.
  const l = adapter.limits;
  const perStage = l.maxSampledTexturesPerShaderStage + l.maxSamplersPerShaderStage + l.maxUniformBuffersPerShaderStage +
    l.maxStorageBuffersPerShaderStage + l.maxStorageTexturesPerShaderStage;
  assert.ok(l.maxBindingsPerBindGroup >= perStage * 2, `maxBindingsPerBindGroup ${l.maxBindingsPerBindGroup} < 2 x ${perStage}`);
  const requiredLimits = {};
  for (const k in adapter.limits) requiredLimits[k] = adapter.limits[k];
  const device = await adapter.requestDevice({ requiredLimits });
  for (const k of Object.keys(LIMIT_CEILINGS)) assert.equal(device.limits[k], adapter.limits[k], k);
  // A layout at the reported maximum builds quickly (the point of the cap).
  const t0 = performance.now();
  const n = device.limits.maxSampledTexturesPerShaderStage;
  const [err] = await errorOf(device, () => device.createBindGroupLayout({
    entries: Array.from({ length: Math.min(n, device.limits.maxBindingsPerBindGroup) }, (_, i) => ({ binding: i, visibility: GPUShaderStage.FRAGMENT, texture: {} })),
  }));
  assert.equal(err, null, String(err?.message));
  assert.ok(performance.now() - t0 < 5000, "a maximal layout took over 5 s");
  device.destroy();
});

test("every adapter limit, wgpu-native's own included (WGPUNativeLimits), can be required: the device reports the value", async () => {
  const adapter = await gpu.requestAdapter();
  const requiredLimits = {};
  for (const k in adapter.limits) requiredLimits[k] = adapter.limits[k];
  const device = await adapter.requestDevice({ requiredFeatures: [...adapter.features], requiredLimits });
  for (const k in adapter.limits) assert.equal(device.limits[k], adapter.limits[k], k);
  device.destroy();
  // A native limit asked for below the adapter's value (and above the default) is the device's value.
  const a2 = await gpu.requestAdapter();
  const d2 = await a2.requestDevice({ requiredLimits: { maxMultiviewViewCount: Math.min(2, a2.limits.maxMultiviewViewCount) } });
  assert.equal(d2.limits.maxMultiviewViewCount, Math.min(2, a2.limits.maxMultiviewViewCount));
  assert.ok(a2.limits.maxNonSamplerBindings < 0xffffffff, "maxNonSamplerBindings must be a value a device can be given");
  d2.destroy();
});

test("adapter info: vendor, architecture and device are normalized identifiers; subgroup sizes are powers of two in [4, 128]", async () => {
  const adapter = await gpu.requestAdapter();
  const device = await adapter.requestDevice();
  for (const info of [adapter.info, device.adapterInfo]) {
    for (const key of ["vendor", "architecture", "device"]) {
      assert.match(info[key], /^$|^[a-z0-9]+(-[a-z0-9]+)*$/, `info.${key} ${JSON.stringify(info[key])} is not a normalized identifier`);
    }
    // The readable name is kept: the description still has wgpu-native's device name.
    if (info.device) assert.ok(info.description.toLowerCase().replace(/[^a-z0-9]+/g, "-").includes(info.device), info.description);
    const { subgroupMinSize: lo, subgroupMaxSize: hi } = info;
    for (const n of [lo, hi]) assert.ok(Number.isInteger(n) && n >= 4 && n <= 128 && (n & (n - 1)) === 0, `subgroup size ${n}`);
    assert.ok(lo <= hi);
  }
  device.destroy();
});
