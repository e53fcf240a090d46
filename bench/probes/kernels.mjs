// Where the GPU time of the kernels goes (issue 15): the bench's tiled matmul and minimal kernels, timed on the
// GPU with timestamp queries, plus TensorFlow.js (tfjs-core + tfjs-backend-webgpu) as a real client.
// One contender per process:
//   node bench/probes/kernels.mjs <dawn|wgpu-ts> [--checks=default|all|none|no-bounds|no-loop] [--out=FILE]
//        [--mm_n=1024] [--mm_reps=16] [--runs=7] [--tfjs_m=256] [--tfjs_k=1024] [--no-tfjs] [--no-kernels]
// --checks (wgpu-ts only) picks naga's runtime checks for every shader module of the device (setShaderRuntimeChecks):
// default = none set (all checks, less forced loop bounding in modules whose loops are proven to end),
// all = every check in every module (the default before loop proofs).
// Prints one JSON object (and writes it to --out).
import { writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const name = process.argv[2];
const arg = (k, d) => { const a = process.argv.find((x) => x.startsWith(`--${k}=`)); return a ? a.slice(k.length + 3) : d; };
const has = (k) => process.argv.includes(`--${k}`);
const checks = arg('checks', 'default');
const runs = Number(arg('runs', 7));
const mmN = Number(arg('mm_n', 1024));
const mmReps = Number(arg('mm_reps', 16));
const miniN = Number(arg('mini_n', 256 * 1024)); // threads of each minimal kernel
const miniIters = Number(arg('mini_iters', 1024));
const tfjsM = Number(arg('tfjs_m', 256)), tfjsK = Number(arg('tfjs_k', 1024));
const out = arg('out', null);
const log = (s) => process.stderr.write(`[${name}/${checks}] ${s}\n`);
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
const keep = [];
const result = { contender: name, checks, notes: [] };

let extras = null;
async function getGPU() {
  // Each with its own WebGPU globals (GPUBufferUsage, ..., navigator.gpu), which tfjs-backend-webgpu uses.
  if (name === 'dawn') { const { create, globals } = await import('webgpu'); Object.assign(globalThis, globals); const g = create([]); keep.push(g); return g; }
  if (name === 'wgpu-ts') { const m = await import('wgpu-ts/backends/wgpu-native'); extras = m; (await import('wgpu-ts')).installGlobals(m.gpu); return m.gpu; }
  throw new Error(`unknown contender ${name}`);
}
const CHECKS = { default: null, all: {}, none: { boundsChecks: false, forceLoopBounding: false }, 'no-bounds': { boundsChecks: false }, 'no-loop': { forceLoopBounding: false } };

const gpu = await getGPU();

// The device exactly as tfjs-backend-webgpu 4.22.0 requests it (its base.js), so both contenders see the same.
async function tfjsStyleDevice() {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  const requiredFeatures = [];
  if (adapter.features.has('timestamp-query')) requiredFeatures.push('timestamp-query');
  if (adapter.features.has('bgra8unorm-storage')) requiredFeatures.push('bgra8unorm-storage');
  const l = adapter.limits;
  const requiredLimits = {
    maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize, maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
    maxStorageBufferBindingSize: l.maxStorageBufferBindingSize, maxBufferSize: l.maxBufferSize,
    maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX, maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
  };
  const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  if (CHECKS[checks] && extras) extras.setShaderRuntimeChecks(device, CHECKS[checks]);
  if (extras) result.runtime_checks = extras.getShaderRuntimeChecks(device);
  else if (CHECKS[checks] === undefined) throw new Error(`--checks=${checks}?`);
  return { adapter, device, requiredFeatures, requiredLimits };
}

// ---- kernels timed with timestamp queries -------------------------------------------------------------------
const here = new URL('.', import.meta.url);
const matmulWGSL = readFileSync(new URL('../shaders/matmul.wgsl', here), 'utf8');

// Minimal kernels that isolate one thing naga's runtime checks touch.
const MINI = {
  // dynamic indexing into workgroup memory in a hot loop (what the tiled matmul's inner loop does)
  wg_index: `
var<workgroup> s: array<f32, 1024>;
@group(0) @binding(0) var<storage, read_write> o: array<f32>;
@compute @workgroup_size(256) fn main(@builtin(local_invocation_index) li: u32, @builtin(global_invocation_id) g: vec3u) {
  for (var e = 0u; e < 4u; e++) { s[li + e * 256u] = f32(li + e); }
  workgroupBarrier();
  var acc = 0.0;
  for (var k = 0u; k < ITERSu; k++) { acc = fma(s[(li + k) & 1023u], 1.0001, acc); }
  o[g.x] = acc;
}`,
  // the same loop with constant-stride indexing into a storage buffer (runtime-sized array: arrayLength clamps)
  storage_index: `
@group(0) @binding(0) var<storage, read_write> o: array<f32>;
@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) g: vec3u) {
  var acc = 0.0;
  let n = arrayLength(&o);
  for (var k = 0u; k < ITERSu; k++) { acc = fma(o[(g.x + k * 256u) % n], 1.0001, acc); }
  o[g.x] = acc;
}`,
  // a loop with almost no body: what forced loop bounding adds per iteration
  loop_only: `
@group(0) @binding(0) var<storage, read_write> o: array<f32>;
@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) g: vec3u) {
  var acc = f32(g.x);
  for (var k = 0u; k < ITERS4u; k++) { acc = fma(acc, 0.9999, 0.5); }
  o[g.x] = acc;
}`,
};

/** Whether wgpu-ts compiled forced loop bounding into a module (null for dawn.node). */
const loopBounding = (module) => (extras ? extras.getShaderModuleRuntimeChecks(module).forceLoopBounding : null);

async function gpuTimed(device, encodeWork, reps) {
  const ts = device.features.has('timestamp-query');
  const qs = ts ? device.createQuerySet({ type: 'timestamp', count: 2 }) : null;
  const resolve = ts ? device.createBuffer({ size: 16, usage: 0x200 | 0x4 }) : null; // QUERY_RESOLVE | COPY_SRC
  const read = ts ? device.createBuffer({ size: 16, usage: 0x1 | 0x8 }) : null;
  const gpuNs = [], wallMs = [];
  for (let r = 0; r <= runs; r++) {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass(ts ? { timestampWrites: { querySet: qs, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : undefined);
    for (let i = 0; i < reps; i++) encodeWork(pass);
    pass.end();
    if (ts) { enc.resolveQuerySet(qs, 0, 2, resolve, 0); enc.copyBufferToBuffer(resolve, 0, read, 0, 16); }
    const t0 = performance.now();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    const t1 = performance.now();
    if (ts) {
      await read.mapAsync(1);
      const v = new BigUint64Array(read.getMappedRange().slice(0));
      read.unmap();
      if (r > 0) gpuNs.push(Number(v[1] - v[0]));
    }
    if (r > 0) wallMs.push(t1 - t0);
  }
  return { gpu_ms_per_dispatch: ts ? median(gpuNs) / 1e6 / reps : null, wall_ms_per_dispatch: median(wallMs) / reps };
}

async function kernels() {
  const { device } = await tfjsStyleDevice();
  const res = {};
  // matmul (bench/shaders/matmul.wgsl), checked on 64 sampled entries
  {
    const n = mmN;
    const a = new Float32Array(n * n), b = new Float32Array(n * n);
    for (let i = 0; i < n * n; i++) { a[i] = ((i * 7) % 17 - 8) / 8; b[i] = ((i * 5) % 13 - 6) / 8; }
    const mk = (data, usage) => { const buf = device.createBuffer({ size: data.byteLength, usage }); device.queue.writeBuffer(buf, 0, data); return buf; };
    const A = mk(a, 0x80 | 0x8), B = mk(b, 0x80 | 0x8);
    const C = device.createBuffer({ size: n * n * 4, usage: 0x80 | 0x4 });
    const U = mk(new Uint32Array([n, 0, 0, 0]), 0x40 | 0x8);
    const module = device.createShaderModule({ code: matmulWGSL });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    const bg = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [A, B, C, U].map((buffer, binding) => ({ binding, resource: { buffer } })) });
    const t = await gpuTimed(device, (p) => { p.setPipeline(pipeline); p.setBindGroup(0, bg); p.dispatchWorkgroups(n / 64, n / 64); }, mmReps);
    const flop = 2 * n * n * n;
    res.matmul = { n, reps: mmReps, loop_bounding: loopBounding(module), ...t, gpu_tflops: t.gpu_ms_per_dispatch ? flop / t.gpu_ms_per_dispatch / 1e9 : null, wall_tflops: flop / t.wall_ms_per_dispatch / 1e9 };
    const rb = device.createBuffer({ size: n * n * 4, usage: 0x1 | 0x8 });
    const e = device.createCommandEncoder(); e.copyBufferToBuffer(C, 0, rb, 0, n * n * 4); device.queue.submit([e.finish()]);
    await rb.mapAsync(1); const c = new Float32Array(rb.getMappedRange()); let maxErr = 0;
    for (let s = 0; s < 64; s++) { const i = (s * 7919) % n, j = (s * 104729) % n; let acc = 0; for (let k = 0; k < n; k++) acc += a[i * n + k] * b[k * n + j]; maxErr = Math.max(maxErr, Math.abs(acc - c[i * n + j])); }
    rb.unmap(); res.matmul.max_abs_err = maxErr;
  }
  for (let [k, code] of Object.entries(MINI)) {
    const count = miniN;
    code = code.replaceAll('ITERS4u', `${4 * miniIters}u`).replaceAll('ITERSu', `${miniIters}u`);
    const o = device.createBuffer({ size: count * 4, usage: 0x80 });
    const module = device.createShaderModule({ code });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    const bg = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: o } }] });
    res[k] = { threads: count, iters: miniIters, loop_bounding: loopBounding(module), ...await gpuTimed(device, (p) => { p.setPipeline(pipeline); p.setBindGroup(0, bg); p.dispatchWorkgroups(count / 256); }, 8) };
  }
  device.destroy();
  return res;
}

// ---- TensorFlow.js ---------------------------------------------------------------------------------------
async function tfjs() {
  // WebGPUBackend's constructor checks navigator.gpu (Node 20 has no navigator; Node 21+ one without gpu).
  if (!globalThis.navigator) globalThis.navigator = {};
  if (!globalThis.navigator.gpu) Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true });
  const require = createRequire(import.meta.url);
  const tf = require('@tensorflow/tfjs-core');
  const { WebGPUBackend } = require('@tensorflow/tfjs-backend-webgpu');
  const { adapter, device, requiredFeatures, requiredLimits } = await tfjsStyleDevice();
  const res = {
    adapter_features: [...adapter.features].sort(), device_features: [...device.features].sort(), required_features: requiredFeatures,
    required_limits: requiredLimits,
  };
  // The kernels are registered for the name 'webgpu': replace its factory by one on this device (same
  // request as tfjs's own, plus the chosen runtime checks).
  tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, adapter.info));
  // Small ops on the GPU too (the default forwards tiny CPU-resident inputs to the CPU backend).
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  await tf.setBackend('webgpu');
  await tf.ready();
  // 8-layer MLP: [m x k] @ [k x k] + relu (256, 1024 unless --tfjs_m/--tfjs_k), 8 times, one readback.
  const x = tf.randomUniform([tfjsM, tfjsK], -1, 1, 'float32', 1);
  const ws = Array.from({ length: 8 }, (_, i) => tf.randomUniform([tfjsK, tfjsK], -0.05, 0.05, 'float32', 10 + i));
  const mlp = () => tf.tidy(() => { let h = x; for (const w of ws) h = tf.relu(tf.matMul(h, w)); return h; });
  const wall = [], kernel = [];
  let sum = 0;
  for (let r = 0; r <= runs + 2; r++) {
    const t0 = performance.now();
    const y = mlp();
    const d = await y.data();
    const t1 = performance.now();
    sum = d[0] + d[d.length - 1];
    y.dispose();
    if (r > 2) wall.push(t1 - t0);
  }
  res.mlp_ms = median(wall);
  res.mlp_check = sum;
  // GPU kernel time of the same forward pass, from tfjs's own timestamp queries (tf.time).
  if (device.features.has('timestamp-query')) {
    for (let r = 0; r < 3; r++) {
      const info = await tf.time(() => { mlp().dispose(); });
      kernel.push(info.kernelMs);
    }
    res.mlp_kernel_ms = median(kernel.map((k) => (typeof k === 'number' ? k : NaN)));
  }
  // 200 small elementwise ops on a 1024-element tensor, one readback.
  const s0 = tf.randomUniform([1024], 0, 1, 'float32', 3);
  const small = () => tf.tidy(() => { let h = s0; for (let i = 0; i < 100; i++) { h = tf.add(h, 0.001); h = tf.mul(h, 0.999); } return h; });
  const sm = [];
  for (let r = 0; r <= runs + 2; r++) {
    const t0 = performance.now();
    const y = small(); await y.data(); y.dispose();
    if (r > 2) sm.push(performance.now() - t0);
  }
  res.small_ops_ms = median(sm);
  tf.dispose([x, s0, ...ws]);
  tf.removeBackend('webgpu');
  device.destroy();
  return res;
}

try {
  if (!has('no-kernels')) result.kernels = await kernels();
  if (!has('no-tfjs')) result.tfjs = await tfjs();
} catch (e) {
  result.error = String(e?.stack ?? e);
  log(result.error);
}
const text = JSON.stringify(result, null, 1);
if (out) writeFileSync(out, text);
console.log(text);
setTimeout(() => process.exit(0), 100).unref();
