// Cost of one wgpuInstanceProcessEvents and one non-blocking wgpuDevicePoll on the first adapter,
// idle and with a submission in flight (why the poller spins on the former only; docs/architecture.md).
//   node bench/probes/poll-cost.mjs
import { gpu } from "wgpu-ts/backends/wgpu-native";
import { runtime } from "../../dist/backends/wgpu-native/runtime.js";

const adapter = await gpu.requestAdapter();
const device = await adapter.requestDevice();
const rt = runtime();
const time = (n, f) => { const t = performance.now(); for (let i = 0; i < n; i++) f(); return ((performance.now() - t) * 1000) / n; };
const n = 2000;
const pe = time(n, () => rt.fn.wgpuInstanceProcessEvents(rt.instance));
const dp = time(n, () => rt.fn.wgpuDevicePoll(device._handle, 0, null));
console.log(`adapter: ${adapter.info.description || adapter.info.device}`);
console.log(`idle: wgpuInstanceProcessEvents ${pe.toFixed(2)} us/call, wgpuDevicePoll(wait=false) ${dp.toFixed(2)} us/call`);
device.queue.submit([device.createCommandEncoder().finish()]);
const pe2 = time(200, () => rt.fn.wgpuInstanceProcessEvents(rt.instance));
const dp2 = time(200, () => rt.fn.wgpuDevicePoll(device._handle, 0, null));
console.log(`after a submit: wgpuInstanceProcessEvents ${pe2.toFixed(2)} us/call, wgpuDevicePoll(wait=false) ${dp2.toFixed(2)} us/call`);
