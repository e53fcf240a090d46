// Where row 3b's time goes in wgpu-ts: a CPU profile (node:inspector) of N rounds of
// `queue.submit([device.createCommandEncoder().finish()]); await queue.onSubmittedWorkDone()`, summarized as
// self time per function (top 25) and total time under the public calls. Also prints the round trip's median.
//   node bench/probes/profile-3b.mjs [--n=20000] [--out=profile.cpuprofile]
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import { gpu } from "wgpu-ts/backends/wgpu-native";

const arg = (k, d) => process.argv.find((a) => a.startsWith(`--${k}=`))?.split("=")[1] ?? d;
const n = Number(arg("n", 20000));
const device = await (await gpu.requestAdapter()).requestDevice();
const round = async () => { device.queue.submit([device.createCommandEncoder().finish()]); await device.queue.onSubmittedWorkDone(); };
for (let i = 0; i < 2000; i++) await round(); // warm-up
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 50 });
await session.post("Profiler.start");
const t0 = performance.now();
for (let i = 0; i < n; i++) await round();
const us = ((performance.now() - t0) * 1000) / n;
const { profile } = await session.post("Profiler.stop");
if (arg("out", "")) writeFileSync(arg("out", ""), JSON.stringify(profile));
// Self time per function from the samples (timeDeltas are microseconds between samples).
const byId = new Map(profile.nodes.map((x) => [x.id, x]));
const self = new Map();
profile.samples.forEach((id, i) => {
  const node = byId.get(id), f = node.callFrame;
  const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`3b round trip ${us.toFixed(2)} us over ${n} rounds; profile ${(total / 1000).toFixed(0)} ms`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${(v / n).toFixed(2).padStart(6)} us/round  ${k}`);

// The same round split into its steps, timed one by one (performance.now costs ~0.05-0.1 us a call), next to the
// raw koffi calls of the same steps: which step carries wgpu-ts's cost over the floor.
const { runtime } = await import("../../dist/backends/wgpu-native/runtime.js");
const rt = runtime(), fn = rt.fn, one = new BigUint64Array(1);
const steps = { "ts createCommandEncoder": [], "ts finish": [], "ts submit": [], "ts onSubmittedWorkDone + await": [],
  "raw create+finish": [], "raw submit+releases": [], "ts await after raw submit": [] };
const now = () => performance.now();
for (let r = 0; r < 7; r++) {
  const acc = Object.fromEntries(Object.keys(steps).map((k) => [k, 0]));
  for (let i = 0; i < 2000; i++) {
    let t = now(); const e = device.createCommandEncoder(); let u = now(); acc["ts createCommandEncoder"] += u - t;
    const cb = e.finish(); t = now(); acc["ts finish"] += t - u;
    device.queue.submit([cb]); u = now(); acc["ts submit"] += u - t;
    await device.queue.onSubmittedWorkDone(); t = now(); acc["ts onSubmittedWorkDone + await"] += t - u;
    const re = fn.wgpuDeviceCreateCommandEncoder(device._handle, null); one[0] = fn.wgpuCommandEncoderFinish(re, null); u = now(); acc["raw create+finish"] += u - t;
    fn.wgpuQueueSubmit(device.queue._handle, 1, one); fn.wgpuCommandBufferRelease(one[0]); fn.wgpuCommandEncoderRelease(re); t = now(); acc["raw submit+releases"] += t - u;
    await device.queue.onSubmittedWorkDone(); u = now(); acc["ts await after raw submit"] += u - t;
  }
  for (const k of Object.keys(steps)) steps[k].push((acc[k] * 1000) / 2000);
}
for (const [k, xs] of Object.entries(steps)) console.log(`${k.padEnd(34)} ${xs.sort((a, b) => a - b)[3].toFixed(2).padStart(7)} us`);
device.destroy();
