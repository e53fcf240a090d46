// Pipeline statistics and timestamps inside passes: node examples/extras/statistics.mjs
import { gpu, createStatisticsQuerySet, beginPipelineStatisticsQuery, endPipelineStatisticsQuery, writeTimestamp } from "wgpu-ts/backends/wgpu-native";
import { GPUBufferUsage, GPUMapMode } from "wgpu-ts";

const adapter = await gpu.requestAdapter();
const device = await adapter.requestDevice({
  requiredFeatures: ["pipeline-statistics-query", "timestamp-query", "timestamp-query-inside-encoders", "timestamp-query-inside-passes"],
});
const stats = createStatisticsQuerySet(device, { count: 1, statistics: ["compute-shader-invocations"] });
const times = device.createQuerySet({ type: "timestamp", count: 3 });
const module = device.createShaderModule({ code: `
  @group(0) @binding(0) var<storage, read_write> b: array<u32>;
  @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) { b[id.x] = id.x * id.x; }` });
const pipeline = device.createComputePipeline({ layout: "auto", compute: { module } });
const data = device.createBuffer({ size: 4096 * 4, usage: GPUBufferUsage.STORAGE });
const resolved = device.createBuffer({ size: 256 + 24, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
const out = device.createBuffer({ size: 256 + 24, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
const encoder = device.createCommandEncoder();
writeTimestamp(encoder, times, 0);
const pass = encoder.beginComputePass();
pass.setPipeline(pipeline);
pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: data } }] }));
beginPipelineStatisticsQuery(pass, stats, 0);
pass.dispatchWorkgroups(64);
endPipelineStatisticsQuery(pass);
writeTimestamp(pass, times, 1);
pass.end();
writeTimestamp(encoder, times, 2);
encoder.resolveQuerySet(stats, 0, 1, resolved, 0);
encoder.resolveQuerySet(times, 0, 3, resolved, 256);
encoder.copyBufferToBuffer(resolved, 0, out, 0, 256 + 24);
device.queue.submit([encoder.finish()]);
await out.mapAsync(GPUMapMode.READ);
const v = new BigUint64Array(out.getMappedRange());
console.log("compute-shader-invocations:", v[0]);                           // 4096n
console.log("timestamps increase:", v[32] <= v[33] && v[33] <= v[34], "; pass:", v[33] - v[32], "ticks");
