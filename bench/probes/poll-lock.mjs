// Whether a blocking wait on another thread stalls the event loop: wgpu-core's blocking poll
// (wgpuDevicePoll(wait=true)) holds the device's fence read lock for the whole wait, and
// wgpuQueueSubmit takes that lock for writing (also the snatch lock, which destroy() takes for
// writing). So a native waiter thread that blocks while JS keeps working would block the JS thread
// in its next submit until the GPU finishes. This probe starts a long GPU job, awaits
// onSubmittedWorkDone (after the poller's short spin, the helper's waitIdle blocks on a libuv worker),
// and meanwhile times a submit and a buffer destroy on the main thread.
//   node bench/probes/poll-lock.mjs [--iters=N]   (N: shader loop trips; ~0.2 s of GPU work by default on lavapipe)
import { gpu } from "wgpu-ts/backends/wgpu-native";

const iters = Number(process.argv.find((a) => a.startsWith("--iters="))?.split("=")[1] ?? 20000000);
const device = await (await gpu.requestAdapter()).requestDevice();
const module = device.createShaderModule({ code: `
  @group(0) @binding(0) var<storage, read_write> out: array<f32>;
  @compute @workgroup_size(1) fn main() {
    var x = 1.0;
    for (var i = 0u; i < ${iters}u; i++) { x = fma(x, 0.999999, 0.000001); }
    out[0] = x;
  }` });
const pipeline = device.createComputePipeline({ layout: "auto", compute: { module } });
const out = device.createBuffer({ size: 16, usage: 128 });
const bg = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: out } }] });
function job() {
  const e = device.createCommandEncoder();
  const p = e.beginComputePass(); p.setPipeline(pipeline); p.setBindGroup(0, bg); p.dispatchWorkgroups(1); p.end();
  device.queue.submit([e.finish()]);
}
// Alone: how long the job takes.
let t0 = performance.now();
job();
await device.queue.onSubmittedWorkDone();
const alone = performance.now() - t0;
// Concurrent: while the wait blocks on a worker, time main-thread calls.
t0 = performance.now();
job();
const done = device.queue.onSubmittedWorkDone().then(() => performance.now() - t0);
await new Promise((r) => setTimeout(r, Math.min(50, alone / 4))); // past the poller's spin: the worker is waiting now
let t1 = performance.now();
device.queue.submit([device.createCommandEncoder().finish()]);
const submitMs = performance.now() - t1;
t1 = performance.now();
device.createBuffer({ size: 256, usage: 8 }).destroy();
const destroyMs = performance.now() - t1;
const total = await done;
console.log(JSON.stringify({ jobAloneMs: +alone.toFixed(1), submitDuringWaitMs: +submitMs.toFixed(2), destroyDuringWaitMs: +destroyMs.toFixed(2), jobWithWaitMs: +total.toFixed(1) }));
device.destroy();
