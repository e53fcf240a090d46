import { gpu } from "wgpu-ts/backends/wgpu-native";
import { runtime } from "../../dist/backends/wgpu-native/runtime.js";
import { helper } from "../../dist/backends/wgpu-native/native-helper.js";
const device = await (await gpu.requestAdapter()).requestDevice();
const rt = runtime(), fn = rt.fn, dh = device._handle, q = device.queue._handle;
const one = new BigUint64Array(1); const token = 0x7ffffff0;
const hop = () => new Promise((r) => setImmediate(r));
const mode = process.argv[2];
const t = performance.now(); const N = 10000;
for (let i = 0; i < N; i++) {
  if (mode === "ts") { const cb = device.createCommandEncoder().finish(); one[0] = cb._handle; fn.wgpuQueueSubmit(q, 1, one); }
  else if (mode === "tsenc") { const e = device.createCommandEncoder(); one[0] = fn.wgpuCommandEncoderFinish(e._handle, null); fn.wgpuQueueSubmit(q, 1, one); fn.wgpuCommandBufferRelease(one[0]); }
  else { const e = fn.wgpuDeviceCreateCommandEncoder(dh, null); one[0] = fn.wgpuCommandEncoderFinish(e, null); fn.wgpuQueueSubmit(q, 1, one); fn.wgpuCommandBufferRelease(one[0]); fn.wgpuCommandEncoderRelease(e); }
  helper.onSubmittedWorkDone(q, token); while (helper.processEvents(rt.instance) === null); await hop();
}
console.log(mode, ((performance.now() - t) * 1000 / N).toFixed(2));
device.destroy();
