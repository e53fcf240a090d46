// Splits one matmul C = A * B over every GPU: one device per Vulkan adapter (enumerateAdapters), each
// computing a band of C's rows, all at once; then the same work on the first GPU alone, for the speedup.
//   node examples/extras/multi-gpu.mjs [n=1024] [reps=8]
import { enumerateAdapters } from "wgpu-ts/backends/wgpu-native";
import { GPUBufferUsage, GPUMapMode } from "wgpu-ts";

const n = Number(process.argv[2] ?? 1024); // a multiple of 64 * number of GPUs
const reps = Number(process.argv[3] ?? 8); // dispatches per timed submit (keeps the GPUs busy)

const KERNEL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> A: array<f32>;      // this device's rows of A
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>; // this device's rows of C
@group(0) @binding(3) var<uniform> n: u32;
var<workgroup> As: array<f32, 256>;
var<workgroup> Bs: array<f32, 256>;
@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(local_invocation_id) l: vec3u) {
  var acc = 0.0;
  for (var t = 0u; t < n; t += 16u) {
    As[l.y * 16u + l.x] = A[g.y * n + t + l.x];
    Bs[l.y * 16u + l.x] = B[(t + l.y) * n + g.x];
    workgroupBarrier();
    for (var k = 0u; k < 16u; k++) { acc = fma(As[l.y * 16u + k], Bs[k * 16u + l.x], acc); }
    workgroupBarrier();
  }
  C[g.y * n + g.x] = acc;
}`;

const adapters = await enumerateAdapters({ backends: ["vulkan"] });
if (adapters.length === 0) throw new Error("no Vulkan adapter");
if (n % (16 * adapters.length)) throw new Error(`n must be a multiple of ${16 * adapters.length}`);
const a = Float32Array.from({ length: n * n }, (_, i) => ((i * 7) % 17 - 8) / 8);
const b = Float32Array.from({ length: n * n }, (_, i) => ((i * 5) % 13 - 6) / 8);

/** A worker: one device computing rows [row0, row0 + rows) of C. */
async function worker(adapter, row0, rows) {
  const device = await adapter.requestDevice();
  const buffer = (data, usage) => {
    const buf = device.createBuffer({ size: data.byteLength, usage: usage | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buf, 0, data);
    return buf;
  };
  const A = buffer(a.subarray(row0 * n, (row0 + rows) * n), GPUBufferUsage.STORAGE);
  const B = buffer(b, GPUBufferUsage.STORAGE);
  const U = buffer(new Uint32Array([n, 0, 0, 0]), GPUBufferUsage.UNIFORM);
  const C = device.createBuffer({ size: rows * n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const pipeline = device.createComputePipeline({ layout: "auto", compute: { module: device.createShaderModule({ code: KERNEL }) } });
  const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [A, B, C, U].map((buf, binding) => ({ binding, resource: { buffer: buf } })) });
  const run = async () => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    for (let r = 0; r < reps; r++) pass.dispatchWorkgroups(n / 16, rows / 16);
    pass.end();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
  };
  await run(); // warm-up: pipeline creation and first submit outside the timing
  const result = async () => {
    const rb = device.createBuffer({ size: C.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(C, 0, rb, 0, C.size);
    device.queue.submit([enc.finish()]);
    await rb.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(rb.getMappedRange().slice(0));
    rb.unmap();
    return out;
  };
  return { device, run, result, row0, rows, name: adapter.info.device || adapter.info.description };
}

async function timed(workers) {
  const t0 = performance.now();
  await Promise.all(workers.map((w) => w.run()));
  return performance.now() - t0;
}

// All GPUs, one band each.
const band = n / adapters.length;
const workers = await Promise.all(adapters.map((ad, i) => worker(ad, i * band, band)));
const tAll = Math.min(await timed(workers), await timed(workers), await timed(workers));

// Check sampled entries of the assembled C against a CPU dot product (exact: inputs are multiples of 1/8).
const parts = await Promise.all(workers.map((w) => w.result()));
let maxErr = 0;
for (let s = 0; s < 64; s++) {
  const i = (s * 7919) % n, j = (s * 104729) % n;
  let ref = 0;
  for (let k = 0; k < n; k++) ref += a[i * n + k] * b[k * n + j];
  const w = workers.findIndex((x) => i >= x.row0 && i < x.row0 + x.rows);
  maxErr = Math.max(maxErr, Math.abs(parts[w][(i - workers[w].row0) * n + j] - ref));
}
for (const w of workers) w.device.destroy();

// The same whole matmul on the first GPU alone.
const [one] = await enumerateAdapters({ backends: ["vulkan"] });
const single = await worker(one, 0, n);
const tOne = Math.min(await timed([single]), await timed([single]), await timed([single]));
single.device.destroy();

const gflop = (2 * n * n * n * reps) / 1e9;
console.log(`GPUs: ${adapters.length} (${workers.map((w) => w.name).join(", ")})`);
console.log(`all GPUs: ${tAll.toFixed(1)} ms (${(gflop / tAll).toFixed(1)} TFLOP/s); first GPU alone: ${tOne.toFixed(1)} ms; speedup ${(tOne / tAll).toFixed(2)}x`);
console.log(`max abs error: ${maxErr}`);
