// A wgpu-native extra: push constants (wgpu-native 29 calls them immediates). Extras are functions
// imported from the backend's module; they take the standard objects.
import { gpu, createPipelineLayout, setPushConstants, nativeFeatures } from "wgpu-ts/backends/wgpu-native";
import { GPUBufferUsage, GPUMapMode, GPUShaderStage } from "wgpu-ts";

const adapter = await gpu.requestAdapter();
if (!nativeFeatures(adapter).has("push-constants")) throw new Error("this adapter has no push constants");
const device = await adapter.requestDevice({ requiredFeatures: ["push-constants"], requiredLimits: { maxPushConstantSize: 16 } });

const module = device.createShaderModule({
  code: /* wgsl */ `
    struct Params { scale: f32, offset: f32 }
    var<push_constant> params: Params;
    @group(0) @binding(0) var<storage, read_write> data: array<f32>;
    @compute @workgroup_size(4) fn main(@builtin(global_invocation_id) id: vec3u) {
      data[id.x] = data[id.x] * params.scale + params.offset;
    }`,
});
const bindGroupLayout = device.createBindGroupLayout({
  entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: "storage" } }],
});
const layout = createPipelineLayout(device, {
  bindGroupLayouts: [bindGroupLayout],
  pushConstantLayouts: [{ visibility: GPUShaderStage.COMPUTE, start: 0, end: 8 }],
});
const pipeline = device.createComputePipeline({ layout, compute: { module } });

const data = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
new Float32Array(data.getMappedRange()).set([1, 2, 3, 4]);
data.unmap();
const readback = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });

const encoder = device.createCommandEncoder();
const pass = encoder.beginComputePass();
pass.setPipeline(pipeline);
pass.setBindGroup(0, device.createBindGroup({ layout: bindGroupLayout, entries: [{ binding: 0, resource: { buffer: data } }] }));
setPushConstants(pass, GPUShaderStage.COMPUTE, 0, 8, new Float32Array([10, 0.5]));
pass.dispatchWorkgroups(1);
pass.end();
encoder.copyBufferToBuffer(data, 0, readback, 0, 16);
device.queue.submit([encoder.finish()]);

await readback.mapAsync(GPUMapMode.READ);
console.log(Array.from(new Float32Array(readback.getMappedRange()))); // [10.5, 20.5, 30.5, 40.5]
