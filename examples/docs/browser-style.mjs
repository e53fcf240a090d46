// Browser-style code: no imports, only the WebGPU globals. Run it with
//   npx wgpu-ts run examples/docs/browser-style.mjs
if (!navigator.gpu) throw new Error("WebGPU is not available");
const adapter = await navigator.gpu.requestAdapter();
const device = await adapter.requestDevice();
const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
device.queue.writeBuffer(buffer, 0, new Uint32Array([1, 2, 3, 4]));
await buffer.mapAsync(GPUMapMode.READ);
console.log(device instanceof GPUDevice, Array.from(new Uint32Array(buffer.getMappedRange()))); // true [1, 2, 3, 4]
