// Batching: record many dispatches into one pass and submit once; wait for the GPU only at the end.
import { GPUBufferUsage } from "wgpu-ts";
import { getDefaultDevice } from "wgpu-ts/utils";

const device = await getDefaultDevice();
const n = 1 << 16;
const buffer = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE });
const module = device.createShaderModule({
  code: /* wgsl */ `
    @group(0) @binding(0) var<storage, read_write> data: array<u32>;
    @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) { data[id.x] += 1u; }`,
});
const pipeline = device.createComputePipeline({ layout: "auto", compute: { module } });
// Create bind groups once and reuse them: creation costs far more than binding.
const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer } }] });

const started = performance.now();
const encoder = device.createCommandEncoder();
const pass = encoder.beginComputePass();
pass.setPipeline(pipeline);
pass.setBindGroup(0, bindGroup);
for (let i = 0; i < 100; i++) pass.dispatchWorkgroups(n / 64);
pass.end();
device.queue.submit([encoder.finish()]);
const recorded = performance.now();
await device.queue.onSubmittedWorkDone();
console.log(`recorded 100 dispatches in ${(recorded - started).toFixed(2)} ms, GPU done after ${(performance.now() - started).toFixed(1)} ms`);
