// The floors under the per-call rows of issue 15 (1d, 1e, 3a, 3b), in one process: what a task hop, a Node-API
// call, a koffi call and a wrapper cost on this machine, next to the same work done with the helper or koffi
// alone (no wgpu-ts layer) and then through wgpu-ts. Each row: median of `runs` runs of `n` iterations, us per
// iteration. The rows are interleaved round by round, so that load changes hit all of them alike.
//   node --expose-gc bench/probes/call-floor.mjs [--runs=7] [--n=2000]
import { gpu } from "wgpu-ts/backends/wgpu-native";
import { runtime } from "../../dist/backends/wgpu-native/runtime.js";
import { helper } from "../../dist/backends/wgpu-native/native-helper.js";
import { RawStruct } from "../../dist/backends/wgpu-native/ffi/raw-struct.js";

const arg = (k, d) => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.split("=")[1] ?? d);
const runs = arg("runs", 7), n = arg("n", 2000);
if (!helper) throw new Error("call-floor: the native helper is not available");
const device = await (await gpu.requestAdapter()).requestDevice();
const rt = runtime();
const fn = rt.fn, dh = device._handle, q = device.queue._handle;
const token = 0x7ffffff0; // a token no request of the runtime uses: its completions are ignored there
const hop = () => new Promise((r) => setImmediate(r));
const one = new BigUint64Array(1);
const mapBuf = device.createBuffer({ size: 4096, usage: 1 | 8 }); // MAP_READ | COPY_DST
const bufDesc = new RawStruct("WGPUBufferDescriptor");
bufDesc.nullString("label");
bufDesc.u64("usage", 64 | 8); // UNIFORM | COPY_DST, as the bench's 1d
bufDesc.u64("size", 4096);
const bgl = device.createBindGroupLayout({ entries: [{ binding: 0, visibility: 4, buffer: { type: "uniform" } }] });
const ub = device.createBuffer({ size: 256, usage: 64 | 8 });
const bgDesc = { label: { data: null, length: -1 }, layout: bgl._handle, entryCount: 1, entries: [{ binding: 0, buffer: ub._handle, offset: 0, size: 0xffffffffffffffffn }] };
const bgEntries = [{ binding: 0, resource: { buffer: ub } }];
let sink = 0;
class Wrapper { constructor(h) { this.h = h; } }
function encodeSubmitRaw() {
  const e = fn.wgpuDeviceCreateCommandEncoder(dh, null);
  one[0] = fn.wgpuCommandEncoderFinish(e, null);
  fn.wgpuQueueSubmit(q, 1, one);
  fn.wgpuCommandBufferRelease(one[0]);
  fn.wgpuCommandEncoderRelease(e);
}

const rows = {
  // Task hops (the spec settles mapAsync and onSubmittedWorkDone from a task; wgpu-ts uses setImmediate).
  "hop: await setImmediate": async (k) => { for (let i = 0; i < k; i++) await hop(); },
  "microtask: await Promise.resolve() (scale)": async (k) => { for (let i = 0; i < k; i++) await Promise.resolve(); },
  // Calls.
  "Node-API call, no arguments (helper.takeCompletions)": (k) => { for (let i = 0; i < k; i++) helper.takeCompletions(); },
  "koffi call, one pointer (wgpuBufferGetSize)": (k) => { for (let i = 0; i < k; i++) sink += fn.wgpuBufferGetSize(mapBuf._handle); },
  "helper.processEvents, nothing pending": (k) => { for (let i = 0; i < k; i++) helper.processEvents(rt.instance); },
  // 3a.
  "3a floor: helper mapAsync + processEvents + koffi unmap": (k) => {
    for (let i = 0; i < k; i++) {
      helper.mapAsync(mapBuf._handle, 1, 0, 4096, token);
      if (helper.processEvents(rt.instance) === null) throw new Error("the map did not complete in one poll");
      fn.wgpuBufferUnmap(mapBuf._handle);
    }
  },
  "3a floor + one hop (a spec-conforming floor)": async (k) => {
    for (let i = 0; i < k; i++) {
      helper.mapAsync(mapBuf._handle, 1, 0, 4096, token);
      if (helper.processEvents(rt.instance) === null) throw new Error("the map did not complete in one poll");
      await hop();
      fn.wgpuBufferUnmap(mapBuf._handle);
    }
  },
  "3a wgpu-ts: await mapAsync(READ); unmap()": async (k) => { for (let i = 0; i < k; i++) { await mapBuf.mapAsync(1); mapBuf.unmap(); } },
  // 3b.
  "3b floor: koffi encode+finish+submit+release, helper work-done, spin": (k) => {
    for (let i = 0; i < k; i++) { encodeSubmitRaw(); helper.onSubmittedWorkDone(q, token); while (helper.processEvents(rt.instance) === null); }
  },
  "3b floor + one hop": async (k) => {
    for (let i = 0; i < k; i++) { encodeSubmitRaw(); helper.onSubmittedWorkDone(q, token); while (helper.processEvents(rt.instance) === null); await hop(); }
  },
  "3b floor + one hop, encoder and command buffer released at GC (helper.own)": async (k) => {
    for (let i = 0; i < k; i++) {
      const e = fn.wgpuDeviceCreateCommandEncoder(dh, null);
      one[0] = fn.wgpuCommandEncoderFinish(e, null);
      helper.own(new Wrapper(e), e, 11); helper.own(new Wrapper(one[0]), one[0], 10);
      fn.wgpuQueueSubmit(q, 1, one);
      helper.onSubmittedWorkDone(q, token); while (helper.processEvents(rt.instance) === null); await hop();
    }
  },
  "3b wgpu-ts encode + submit, then the helper's wait + one hop": async (k) => {
    for (let i = 0; i < k; i++) {
      device.queue.submit([device.createCommandEncoder().finish()]);
      helper.onSubmittedWorkDone(q, token); while (helper.processEvents(rt.instance) === null); await hop();
    }
  },
  "3b wgpu-ts: submit([encoder.finish()]); await onSubmittedWorkDone()": async (k) => {
    for (let i = 0; i < k; i++) { device.queue.submit([device.createCommandEncoder().finish()]); await device.queue.onSubmittedWorkDone(); }
  },
  // 1d.
  "1d floor: koffi create + destroy + release": (k) => {
    for (let i = 0; i < k; i++) { const b = fn.wgpuDeviceCreateBuffer(dh, bufDesc.bytes); fn.wgpuBufferDestroy(b); fn.wgpuBufferRelease(b); }
  },
  "1d floor + a wrapper owning it (helper.own, release at GC)": (k) => {
    for (let i = 0; i < k; i++) { const b = fn.wgpuDeviceCreateBuffer(dh, bufDesc.bytes); helper.own(new Wrapper(b), b, 0); fn.wgpuBufferDestroy(b); }
  },
  "1d wgpu-ts: createBuffer(...).destroy()": (k) => { for (let i = 0; i < k; i++) device.createBuffer({ size: 4096, usage: 64 | 8 }).destroy(); },
  // 1e.
  "1e floor: koffi createBindGroup + release at once": (k) => { for (let i = 0; i < k; i++) fn.wgpuBindGroupRelease(fn.wgpuDeviceCreateBindGroup(dh, bgDesc)); },
  "1e floor, released at GC: koffi createBindGroup + helper.own": (k) => {
    for (let i = 0; i < k; i++) { const g = fn.wgpuDeviceCreateBindGroup(dh, bgDesc); helper.own(new Wrapper(g), g, 5); }
  },
  "1e wgpu-ts: createBindGroup": (k) => { for (let i = 0; i < k; i++) sink += device.createBindGroup({ layout: bgl, entries: bgEntries }) ? 1 : 0; },
};

const kinds = helper.initLifetime(rt.library.path);
if (kinds[0] !== "GPUBuffer" || kinds[5] !== "GPUBindGroup" || kinds[10] !== "GPUCommandBuffer" || kinds[11] !== "GPUCommandEncoder") throw new Error(`call-floor: unexpected kind order ${kinds}`);
// Between rows: collect and let the finalizers run (Node-API defers them to a task), so that one row's releases
// (a thousand bind groups are ~10 ms on lavapipe) are not timed in the next. Run with --expose-gc for that.
async function settle() {
  globalThis.gc?.();
  for (let i = 0; i < 3; i++) await hop();
  await new Promise((r) => setTimeout(r, 2));
}
const results = {};
for (const f of Object.values(rows)) await f(Math.min(n, 200)); // warm-up
for (let r = 0; r < runs; r++) {
  for (const [name, f] of Object.entries(rows)) {
    const t = performance.now();
    await f(n);
    (results[name] ??= []).push(((performance.now() - t) * 1000) / n);
    await settle();
  }
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
const out = {};
for (const [name, xs] of Object.entries(results)) {
  out[name] = +median(xs).toFixed(3);
  console.log(`${name.padEnd(72)} ${median(xs).toFixed(2).padStart(8)} us`);
}
console.log(JSON.stringify({ adapter: (await (await gpu.requestAdapter()).info).description, runs, n, rows: out, sink: sink & 1 }));
device.destroy();
