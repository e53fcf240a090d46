import { gpu } from 'wgpu-ts/backends/wgpu-native';
const adapter = await gpu.requestAdapter(); const device = await adapter.requestDevice();
const module = device.createShaderModule({ code: "@group(0) @binding(0) var<storage, read_write> d: array<u32>;\n@compute @workgroup_size(1) fn main() { d[0] = d[0] + 1u; }" });
const pipe = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
const buf = device.createBuffer({ size: 256, usage: 0x80 });
const bg = device.createBindGroup({ layout: pipe.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] });
let best = Infinity;
for (let r = 0; r < 5; r++) {
  const enc = device.createCommandEncoder();
  const t = process.hrtime.bigint();
  for (let p = 0; p < 2000; p++) { const cp = enc.beginComputePass(); cp.setPipeline(pipe); cp.setBindGroup(0, bg); cp.dispatchWorkgroups(1); cp.end(); }
  const cb = enc.finish();
  best = Math.min(best, Number(process.hrtime.bigint() - t) / 2000);
  device.queue.submit([cb]); await device.queue.onSubmittedWorkDone();
}
console.log(`${process.env.WGPU_TS_NO_COALESCE ? 'no-coalesce' : 'coalesce'}: ${best.toFixed(0)} ns/pass (encode+finish)`);
device.destroy();
