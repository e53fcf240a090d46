// Which of TensorFlow.js's WebGPU programs (tfjs-backend-webgpu 4.22.0) get the default without forced loop
// bounding (guards/loop-termination.ts): runs a broad set of tfjs ops on wgpu-ts, keeps the WGSL of every shader
// module tfjs creates, and reports per module whether all its loops were proven to end, and why not.
//   node bench/probes/tfjs-loops.mjs [--out=FILE] [--wgsl-dir=DIR]
// Prints a summary (stderr) and one JSON object (stdout, and --out).
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const arg = (k, d) => { const a = process.argv.find((x) => x.startsWith(`--${k}=`)); return a ? a.slice(k.length + 3) : d; };
const out = arg('out', null);
const wgslDir = arg('wgsl-dir', null);
const m = await import('wgpu-ts/backends/wgpu-native');
(await import('wgpu-ts')).installGlobals(m.gpu);
if (!globalThis.navigator) globalThis.navigator = {};
if (!globalThis.navigator.gpu) Object.defineProperty(globalThis.navigator, 'gpu', { value: m.gpu, configurable: true });

const adapter = await m.gpu.requestAdapter();
const device = await adapter.requestDevice({ requiredLimits: { maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize } });
const modules = [];
const create = device.createShaderModule.bind(device);
device.createShaderModule = (d) => { const mod = create(d); modules.push({ label: d.label ?? '', code: d.code, mod }); return mod; };

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core');
const { WebGPUBackend } = require('@tensorflow/tfjs-backend-webgpu');
tf.removeBackend('webgpu');
tf.registerBackend('webgpu', () => new WebGPUBackend(device, adapter.info));
tf.env().set('WEBGPU_CPU_FORWARD', false);
await tf.setBackend('webgpu');
await tf.ready();

// Ops of common models (MLPs, CNNs, transformers): each runs once on small tensors so tfjs compiles its program.
const r = (shape, seed = 1) => tf.randomUniform(shape, -1, 1, 'float32', seed);
const ops = {
  matMul: () => tf.matMul(r([64, 96]), r([96, 80])),
  matMulMlp: () => tf.relu(tf.matMul(r([64, 256]), r([256, 256]))), // the bench's 5a layer on lavapipe
  matMulLarge: () => tf.matMul(r([256, 1024]), r([1024, 1024])), // 5a on the H200
  matMulSmall: () => tf.matMul(r([4, 8]), r([8, 4])),
  matMulBatched: () => tf.matMul(r([3, 32, 48]), r([3, 48, 16])),
  matMulVec: () => tf.matMul(r([1, 512]), r([512, 256])),
  matMulSplitK: () => tf.matMul(r([8, 4096]), r([4096, 8])),
  relu: () => tf.relu(r([1000])),
  add: () => tf.add(r([32, 32]), r([32])),
  mul: () => tf.mul(r([1024]), 0.5),
  sigmoid: () => tf.sigmoid(r([777])),
  tanh: () => tf.tanh(r([64])),
  gelu: () => tf.mul(r([64]), tf.sigmoid(tf.mul(r([64]), 1.702))),
  softmax: () => tf.softmax(r([16, 100])),
  logSoftmax: () => tf.logSoftmax(r([8, 33])),
  sum: () => tf.sum(r([64, 300]), 1),
  sumAll: () => tf.sum(r([5000])),
  mean: () => tf.mean(r([32, 64]), 0),
  max: () => tf.max(r([50, 70]), 1),
  min: () => tf.min(r([70])),
  prod: () => tf.prod(r([10, 10]), 1),
  argMax: () => tf.argMax(r([40, 50]), 1),
  argMin: () => tf.argMin(r([40, 50]), 0),
  cumsum: () => tf.cumsum(r([8, 20]), 1),
  transpose: () => tf.transpose(r([16, 24, 8]), [2, 0, 1]),
  transpose2d: () => tf.transpose(r([64, 48])),
  concat: () => tf.concat([r([8, 5]), r([8, 7])], 1),
  slice: () => tf.slice(r([20, 20]), [2, 3], [5, 6]),
  stridedSlice: () => tf.stridedSlice(r([20, 20]), [1, 1], [19, 19], [2, 3]),
  gather: () => tf.gather(r([50, 8]), tf.tensor1d([3, 1, 4, 1, 5], 'int32')),
  tile: () => tf.tile(r([3, 4]), [2, 3]),
  pad: () => tf.pad(r([6, 6]), [[1, 2], [2, 1]]),
  reverse: () => tf.reverse(r([6, 7]), 1),
  oneHot: () => tf.oneHot(tf.tensor1d([1, 3, 0], 'int32'), 5),
  conv2d: () => tf.conv2d(r([1, 16, 16, 3]), r([3, 3, 3, 8]), 1, 'same'),
  conv2dStrided: () => tf.conv2d(r([1, 17, 17, 4]), r([5, 5, 4, 4]), 2, 'valid'),
  conv2d1x1: () => tf.conv2d(r([1, 8, 8, 16]), r([1, 1, 16, 32]), 1, 'same'),
  depthwiseConv2d: () => tf.depthwiseConv2d(r([1, 16, 16, 8]), r([3, 3, 8, 1]), 1, 'same'),
  conv2dTranspose: () => tf.conv2dTranspose(r([1, 8, 8, 4]), r([3, 3, 2, 4]), [1, 16, 16, 2], 2, 'same'),
  maxPool: () => tf.maxPool(r([1, 16, 16, 4]), 2, 2, 'valid'),
  avgPool: () => tf.avgPool(r([1, 16, 16, 4]), 3, 1, 'same'),
  batchNorm: () => tf.batchNorm(r([4, 8]), r([8]), tf.abs(r([8])), r([8]), r([8]), 1e-3),
  resizeBilinear: () => tf.image.resizeBilinear(r([1, 8, 8, 3]), [16, 16]),
  resizeNearest: () => tf.image.resizeNearestNeighbor(r([1, 8, 8, 3]), [12, 12]),
  where: () => tf.where(tf.greater(r([100]), 0), r([100]), r([100])),
  clip: () => tf.clipByValue(r([100]), -0.5, 0.5),
  square: () => tf.square(r([100])),
  pow: () => tf.pow(tf.abs(r([100])), r([100])),
  exp: () => tf.exp(r([100])),
  log: () => tf.log(tf.abs(r([100]))),
  topk: () => tf.topk(r([4, 64]), 5).values,
  addN: () => tf.addN([r([10]), r([10]), r([10])]),
  cast: () => tf.cast(r([10]), 'int32'),
  fill: () => tf.fill([4, 4], 3),
  range: () => tf.range(0, 100, 3),
  expandDims: () => tf.add(tf.expandDims(r([5])), 1),
  squaredDifference: () => tf.squaredDifference(r([10]), r([10])),
  lrn: () => tf.localResponseNormalization(r([1, 4, 4, 8])),
  mirrorPad: () => tf.mirrorPad(r([5, 5]), [[1, 1], [2, 2]], 'reflect'),
  scatterND: () => tf.scatterND(tf.tensor2d([[0], [2]], [2, 1], 'int32'), r([2, 3]), [4, 3]),
  gatherND: () => tf.gatherND(r([4, 5]), tf.tensor2d([[0, 1], [2, 3]], [2, 2], 'int32')),
  unsortedSegmentSum: () => tf.unsortedSegmentSum(r([6]), tf.tensor1d([0, 1, 0, 1, 2, 2], 'int32'), 3),
  spaceToBatchND: () => tf.spaceToBatchND(r([1, 4, 4, 1]), [2, 2], [[0, 0], [0, 0]]),
  conv3d: () => tf.conv3d(r([1, 4, 4, 4, 2]), r([2, 2, 2, 2, 3]), 1, 'same'),
  maxPool3d: () => tf.maxPool3d(r([1, 4, 4, 4, 2]), 2, 2, 'valid'),
  einsum: () => tf.einsum('ij,jk->ik', r([4, 5]), r([5, 6])),
  bincount: () => tf.bincount(tf.tensor1d([1, 2, 2, 5], 'int32'), tf.tensor1d([], 'float32'), 6),
  selu: () => tf.selu(r([50])),
  prelu: () => tf.prelu(r([50]), tf.scalar(0.1)),
};

const failedOps = [];
for (const [name, f] of Object.entries(ops)) {
  try {
    const y = tf.tidy(f);
    await y.data();
    y.dispose();
  } catch (e) {
    failedOps.push(`${name}: ${String(e?.message ?? e).split('\n')[0]}`);
  }
}

// The bench's own matmul (bench/shaders/matmul.wgsl), through the same default.
const bench = device.createShaderModule({ label: 'bench/shaders/matmul.wgsl', code: readFileSync(new URL('../shaders/matmul.wgsl', import.meta.url), 'utf8') });

const rows = modules.map(({ label, code, mod }, i) => {
  const c = m.getShaderModuleRuntimeChecks(mod);
  const loops = (code.replace(/\/\/[^\n]*/g, '').match(/\b(?:for|while|loop)\b/g) ?? []).length;
  if (wgslDir) { mkdirSync(wgslDir, { recursive: true }); writeFileSync(`${wgslDir}/${String(i).padStart(3, '0')}.wgsl`, code); }
  return { i, label, loops, proven: c.loopsProven, forceLoopBounding: c.forceLoopBounding, problems: c.loopProblems, capped: c.loopBoundsCapped };
});
const withLoops = rows.filter((x) => x.loops > 0);
const summary = {
  ops: Object.keys(ops).length, failed_ops: failedOps, modules: rows.length, modules_with_loops: withLoops.length,
  proven_with_loops: withLoops.filter((x) => x.proven).length, without_loop_bounding: rows.filter((x) => !x.forceLoopBounding).length,
  proven_by_capped_bounds: withLoops.filter((x) => x.capped.length).length,
};
// Why loops were not proven: the reasons with the line number taken out, counted over modules.
const reasons = {};
for (const x of withLoops) for (const p of new Set(x.problems.map((s) => s.replace(/^wgsl:\d+: /, '').replace(/"[^"]*"/g, '"…"')))) reasons[p] = (reasons[p] ?? 0) + 1;
const benchChecks = m.getShaderModuleRuntimeChecks(bench);
const result = { summary, reasons, bench_matmul: benchChecks, modules: rows };
process.stderr.write(`${JSON.stringify(summary)}\n${JSON.stringify(reasons, null, 1)}\nbench matmul: ${JSON.stringify(benchChecks)}\n`);
if (out) writeFileSync(out, JSON.stringify(result, null, 1));
console.log(JSON.stringify(result));
tf.removeBackend('webgpu');
device.destroy();
setTimeout(() => process.exit(0), 100).unref();
