// Doubles a large Float32Array on the GPU and checks the result.
//   node examples/compute.mjs
import { gpu, GPUBufferUsage, GPUMapMode } from "wgpu-ts";

const N = 1 << 20;
const input = Float32Array.from({ length: N }, (_, i) => i * 0.5);

const adapter = await gpu.requestAdapter();
if (!adapter) throw new Error("no GPU adapter found");
const device = await adapter.requestDevice();

const module = device.createShaderModule({
  code: /* wgsl */ `
    @group(0) @binding(0) var<storage, read_write> data: array<f32>;
    @compute @workgroup_size(64)
    fn main(@builtin(global_invocation_id) id: vec3u) {
      if (id.x < arrayLength(&data)) { data[id.x] = data[id.x] * 2.0; }
    }`,
});
const pipeline = device.createComputePipeline({ layout: "auto", compute: { module } });

const storage = device.createBuffer({ size: input.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
const readback = device.createBuffer({ size: input.byteLength, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
device.queue.writeBuffer(storage, 0, input);

const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: storage } }] });
const encoder = device.createCommandEncoder();
const pass = encoder.beginComputePass();
pass.setPipeline(pipeline);
pass.setBindGroup(0, bindGroup);
pass.dispatchWorkgroups(Math.ceil(N / 64));
pass.end();
encoder.copyBufferToBuffer(storage, 0, readback, 0, input.byteLength);
device.queue.submit([encoder.finish()]);

await readback.mapAsync(GPUMapMode.READ);
const result = new Float32Array(readback.getMappedRange());
for (let i = 0; i < N; i++) {
  if (result[i] !== input[i] * 2) throw new Error(`mismatch at ${i}: ${result[i]} != ${input[i] * 2}`);
}
console.log(`doubled ${N} floats on "${adapter.info.device}" (${gpu.backend}): [${result.slice(0, 4).join(", ")}, …] ✓`);
readback.unmap();
