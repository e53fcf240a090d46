import { gpu } from "wgpu-ts/backends/wgpu-native";
import { runtime } from "../../dist/backends/wgpu-native/runtime.js";
import { helper } from "../../dist/backends/wgpu-native/native-helper.js";
const device = await (await gpu.requestAdapter()).requestDevice();
const rt = runtime(), fn = rt.fn, dh = device._handle, q = device.queue._handle;
const one = new BigUint64Array(1); const token = 0x7ffffff0;
const hop = () => new Promise((r) => setImmediate(r));
const wait = async () => { helper.onSubmittedWorkDone(q, token); while (helper.processEvents(rt.instance) === null); await hop(); };
const N = 1000;
const rows = {
  raw: async () => { const e = fn.wgpuDeviceCreateCommandEncoder(dh, null); one[0] = fn.wgpuCommandEncoderFinish(e, null); fn.wgpuQueueSubmit(q, 1, one); fn.wgpuCommandBufferRelease(one[0]); fn.wgpuCommandEncoderRelease(e); await wait(); },
  tsFinishRawSubmit: async () => { const cb = device.createCommandEncoder().finish(); one[0] = cb._handle; fn.wgpuQueueSubmit(q, 1, one); await wait(); },
  tsSubmit: async () => { device.queue.submit([device.createCommandEncoder().finish()]); await wait(); },
  tsAll: async () => { device.queue.submit([device.createCommandEncoder().finish()]); await device.queue.onSubmittedWorkDone(); },
};
const res = {};
for (let r = 0; r < 7; r++) for (const [k, f] of Object.entries(rows)) {
  const t = performance.now(); for (let i = 0; i < N; i++) await f(); (res[k] ??= []).push((performance.now() - t) * 1000 / N);
  globalThis.gc?.(); await new Promise((r) => setTimeout(r, 5));
}
for (const [k, v] of Object.entries(res)) console.log(k, v.sort((a, b) => a - b)[3].toFixed(2));
device.destroy();
