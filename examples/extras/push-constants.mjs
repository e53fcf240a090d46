// Push constants as on wgpu-py's spec page, on wgpu-native: node examples/extras/push-constants.mjs
import { gpu, createPipelineLayout, setPushConstants, nativeFeatures } from "wgpu-ts/backends/wgpu-native";
import { GPUBufferUsage, GPUShaderStage, GPUMapMode } from "wgpu-ts";

const adapter = await gpu.requestAdapter();
console.log("push-constants:", nativeFeatures(adapter).has("push-constants"), "max size:", adapter.limits.maxPushConstantSize);
const device = await adapter.requestDevice({
  requiredFeatures: ["push-constants"],
  requiredLimits: { "max-push-constant-size": 128 },
});
const module = device.createShaderModule({ code: `
  struct PushConstants { scale: f32, offset: f32 }
  var<push_constant> pc: PushConstants;
  @group(0) @binding(0) var<storage, read_write> data: array<f32>;
  @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
    if (id.x < arrayLength(&data)) { data[id.x] = data[id.x] * pc.scale + pc.offset; }
  }` });
const bindGroupLayout = device.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: "storage" } }] });
const layout = createPipelineLayout(device, {
  bindGroupLayouts: [bindGroupLayout],
  pushConstantLayouts: [{ visibility: GPUShaderStage.COMPUTE, start: 0, end: 8 }],
});
const pipeline = device.createComputePipeline({ layout, compute: { module } });
const data = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
const out = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
device.queue.writeBuffer(data, 0, new Float32Array([1, 2, 3, 4]));
const encoder = device.createCommandEncoder();
const pass = encoder.beginComputePass();
pass.setPipeline(pipeline);
pass.setBindGroup(0, device.createBindGroup({ layout: bindGroupLayout, entries: [{ binding: 0, resource: { buffer: data } }] }));
setPushConstants(pass, GPUShaderStage.COMPUTE, 0, 8, new Float32Array([10, 0.5]));  // scale 10, offset 0.5
pass.dispatchWorkgroups(1);
pass.end();
encoder.copyBufferToBuffer(data, 0, out, 0, 16);
device.queue.submit([encoder.finish()]);
await out.mapAsync(GPUMapMode.READ);
console.log(new Float32Array(out.getMappedRange())); // Float32Array [10.5, 20.5, 30.5, 40.5]
