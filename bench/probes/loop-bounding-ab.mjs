// Side by side in one process: the GPU time per dispatch of kernels created with wgpu-ts's default runtime checks
// (no forced loop bounding where every loop is proven to end, guards/loop-termination.ts) and with every check
// (createShaderModuleTrusted(device, descriptor, {}): the default before loop proofs). Alternating A/B rounds on
// one device cancel the drift of a loaded machine. The bench matmul's K loop (t < n; t += 16u) is proven since its
// bound is capped (guards/loop-caps.ts): its default module is the capped code without loop bounding.
// --tfjs adds TensorFlow.js's 8-layer MLP ([m x k] @ [k x k] + relu, tf.time kernelMs): its kernels registered
// under a second backend name whose device has setShaderRuntimeChecks(device, {}), the two backends alternating.
//   node bench/probes/loop-bounding-ab.mjs [--rounds=9] [--mm_n=512] [--mini_n=65536] [--mini_iters=1024]
//        [--tfjs] [--tfjs_m=64] [--tfjs_k=256] [--no-kernels] [--out=FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const arg = (k, d) => { const a = process.argv.find((x) => x.startsWith(`--${k}=`)); return a ? a.slice(k.length + 3) : d; };
const rounds = Number(arg('rounds', 9)), mmN = Number(arg('mm_n', 512)), miniN = Number(arg('mini_n', 65536)), iters = Number(arg('mini_iters', 1024));
const out = arg('out', null);
const m = await import('wgpu-ts/backends/wgpu-native');
(await import('wgpu-ts')).installGlobals(m.gpu);
const adapter = await m.gpu.requestAdapter();
if (!adapter.features.has('timestamp-query')) throw new Error('needs timestamp-query');
const device = await adapter.requestDevice({ requiredFeatures: ['timestamp-query'] });
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };

// The minimal kernels of kernels.mjs (the same WGSL), and the bench matmul.
const src = readFileSync(new URL('./kernels.mjs', import.meta.url), 'utf8');
const mini = {};
for (const name of ['wg_index', 'storage_index', 'loop_only']) {
  const code = new RegExp(`  ${name}: \`([^\`]*)\``).exec(src)[1];
  mini[name] = code.replaceAll('ITERS4u', `${4 * iters}u`).replaceAll('ITERSu', `${iters}u`);
}
const kernels = [];
for (const [name, code] of Object.entries(mini)) {
  const o = device.createBuffer({ size: miniN * 4, usage: GPUBufferUsage.STORAGE });
  kernels.push({ name, code, groups: [miniN / 256], buffers: [o] });
}
{
  const n = mmN, mk = (size, usage) => device.createBuffer({ size, usage });
  const U = mk(16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  device.queue.writeBuffer(U, 0, new Uint32Array([n, 0, 0, 0]));
  kernels.push({ name: `bench matmul ${n}^3`, code: readFileSync(new URL('../shaders/matmul.wgsl', import.meta.url), 'utf8'), groups: [n / 64, n / 64],
    buffers: [mk(n * n * 4, GPUBufferUsage.STORAGE), mk(n * n * 4, GPUBufferUsage.STORAGE), mk(n * n * 4, GPUBufferUsage.STORAGE), U] });
}

const qs = device.createQuerySet({ type: 'timestamp', count: 2 });
const resolve = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
const read = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
async function time(pipeline, bg, groups, reps = 4) {
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass({ timestampWrites: { querySet: qs, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } });
  pass.setPipeline(pipeline); pass.setBindGroup(0, bg);
  for (let i = 0; i < reps; i++) pass.dispatchWorkgroups(...groups);
  pass.end();
  enc.resolveQuerySet(qs, 0, 2, resolve, 0);
  enc.copyBufferToBuffer(resolve, 0, read, 0, 16);
  device.queue.submit([enc.finish()]);
  await read.mapAsync(GPUMapMode.READ);
  const v = new BigUint64Array(read.getMappedRange().slice(0));
  read.unmap();
  return Number(v[1] - v[0]) / 1e6 / reps;
}

const result = { rounds, rows: [] };
for (const k of process.argv.includes('--no-kernels') ? [] : kernels) {
  const variants = {
    default: device.createShaderModule({ code: k.code }),
    all: m.createShaderModuleTrusted(device, { code: k.code }, {}),
  };
  const runs = {};
  const setup = {};
  for (const [v, module] of Object.entries(variants)) {
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    const bg = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: k.buffers.map((buffer, binding) => ({ binding, resource: { buffer } })) });
    setup[v] = { pipeline, bg };
    runs[v] = [];
    await time(pipeline, bg, k.groups, 1); // warm-up
  }
  for (let r = 0; r < rounds; r++) {
    for (const v of r % 2 ? ['all', 'default'] : ['default', 'all']) runs[v].push(await time(setup[v].pipeline, setup[v].bg, k.groups));
  }
  const row = {
    kernel: k.name, loop_bounding_default: m.getShaderModuleRuntimeChecks(variants.default).forceLoopBounding,
    all_ms: median(runs.all), default_ms: median(runs.default),
  };
  row.ratio = row.default_ms / row.all_ms;
  result.rows.push(row);
  process.stderr.write(`${row.kernel}: all checks ${row.all_ms.toFixed(3)} ms, default ${row.default_ms.toFixed(3)} ms (loop bounding ${row.loop_bounding_default}), ${row.ratio.toFixed(2)}x\n`);
}
if (process.argv.includes('--tfjs')) {
  if (!globalThis.navigator) globalThis.navigator = {};
  if (!globalThis.navigator.gpu) Object.defineProperty(globalThis.navigator, 'gpu', { value: m.gpu, configurable: true });
  const require = createRequire(import.meta.url);
  const tf = require('@tensorflow/tfjs-core');
  const { WebGPUBackend } = require('@tensorflow/tfjs-backend-webgpu');
  const tm = Number(arg('tfjs_m', 64)), tk = Number(arg('tfjs_k', 256));
  const limits = { maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize };
  const dev = async () => (await m.gpu.requestAdapter()).requestDevice({ requiredFeatures: ['timestamp-query'], requiredLimits: limits });
  const devices = { default: await dev(), all: await dev() };
  m.setShaderRuntimeChecks(devices.all, {});
  // Which of each device's modules got forced loop bounding (tfjs creates them itself).
  const bounded = { default: [0, 0], all: [0, 0] };
  for (const [v, d] of Object.entries(devices)) {
    const create = d.createShaderModule.bind(d);
    d.createShaderModule = (desc) => { const mod = create(desc); bounded[v][m.getShaderModuleRuntimeChecks(mod).forceLoopBounding ? 0 : 1]++; return mod; };
  }
  for (const k of tf.getKernelsForBackend('webgpu')) tf.registerKernel({ ...k, backendName: 'webgpu-all' });
  tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(devices.default, adapter.info));
  tf.registerBackend('webgpu-all', () => new WebGPUBackend(devices.all, adapter.info));
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  const names = { default: 'webgpu', all: 'webgpu-all' };
  const inputs = {}, runs = { default: [], all: [] }, sums = {};
  for (const v of ['default', 'all']) {
    await tf.setBackend(names[v]);
    inputs[v] = { x: tf.randomUniform([tm, tk], -1, 1, 'float32', 1), ws: Array.from({ length: 8 }, (_, i) => tf.randomUniform([tk, tk], -0.05, 0.05, 'float32', 10 + i)) };
  }
  const mlp = (v) => tf.tidy(() => inputs[v].ws.reduce((h, w) => tf.relu(tf.matMul(h, w)), inputs[v].x));
  for (let r = 0; r <= rounds; r++) {
    for (const v of r % 2 ? ['all', 'default'] : ['default', 'all']) {
      await tf.setBackend(names[v]);
      const info = await tf.time(async () => { const y = mlp(v); const d = await y.data(); sums[v] = d[0] + d[d.length - 1]; y.dispose(); });
      if (r > 0) runs[v].push(info.kernelMs);
    }
  }
  const row = { kernel: `tfjs MLP 8 x [${tm}x${tk}]@[${tk}x${tk}]+relu (kernelMs)`, all_ms: median(runs.all), default_ms: median(runs.default), same_result: sums.all === sums.default,
    modules_with_loop_bounding: { default: bounded.default[0], all: bounded.all[0] }, modules_without: { default: bounded.default[1], all: bounded.all[1] } };
  row.ratio = row.default_ms / row.all_ms;
  result.rows.push(row);
  process.stderr.write(`${row.kernel}: all checks ${row.all_ms.toFixed(3)} ms, default ${row.default_ms.toFixed(3)} ms, ${row.ratio.toFixed(2)}x, same result ${row.same_result}, modules with/without loop bounding ${JSON.stringify(row.modules_with_loop_bounding)}/${JSON.stringify(row.modules_without)}\n`);
}
if (out) writeFileSync(out, JSON.stringify(result, null, 1));
console.log(JSON.stringify(result));
device.destroy();
setTimeout(() => process.exit(0), 100).unref();
