// Where the time of a mapAsync round trip on an idle buffer goes: polls until the native callback
// fires, and time to the promise. Run under different WGPU_TS_* switches to compare.
//   node bench/probes/map-latency.mjs
import { gpu } from "wgpu-ts/backends/wgpu-native";
import { runtime } from "../../dist/backends/wgpu-native/runtime.js";

const device = await (await gpu.requestAdapter()).requestDevice();
const rt = runtime();
const buf = device.createBuffer({ size: 4096, usage: 1 | 8 });
let polls = 0;
const pe = rt.fn.wgpuInstanceProcessEvents;
rt.fn.wgpuInstanceProcessEvents = (i) => { polls++; return pe(i); };
const n = 300;
let total = 0, pollSum = 0;
for (let i = 0; i < n; i++) {
  polls = 0;
  const t = performance.now();
  await buf.mapAsync(1);
  total += performance.now() - t;
  pollSum += polls;
  buf.unmap();
}
console.log(`${process.env.LABEL ?? "default"}: map round trip ${(total * 1000 / n).toFixed(1)} us, ${(pollSum / n).toFixed(1)} processEvents calls per map`);
// Raw: how many processEvents until the callback fires, without the JS layers.
const koffi = (await import("koffi")).default;
let fired = false;
const cb = koffi.register(() => { fired = true; }, koffi.pointer(koffi.type("WGPUBufferMapCallback")));
let rawPolls = 0, rawT = 0;
for (let i = 0; i < n; i++) {
  fired = false;
  const t = performance.now();
  rt.fn.wgpuBufferMapAsync(buf._handle, 1, 0, 4096, { mode: 2, callback: cb, userdata1: 0, userdata2: 0 });
  let k = 0;
  while (!fired && k < 100000) { pe(rt.instance); k++; }
  rawT += performance.now() - t;
  rawPolls += k;
  rt.fn.wgpuBufferUnmap(buf._handle);
}
console.log(`raw koffi: ${(rawT * 1000 / n).toFixed(1)} us, ${(rawPolls / n).toFixed(1)} processEvents calls until the callback`);
