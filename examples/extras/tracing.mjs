// Device tracing: node examples/extras/tracing.mjs [dir]; then npx wgpu-ts trace <dir> / replay <dir> --check
import { gpu, requestDeviceTracing } from "wgpu-ts/backends/wgpu-native";
import { GPUBufferUsage, GPUMapMode } from "wgpu-ts";
import { stopTracing } from "wgpu-ts/trace";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), "wgpu-ts-trace-"));
const adapter = await gpu.requestAdapter();
const device = await requestDeviceTracing(adapter, dir, { label: "traced" });
const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
const readback = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
device.queue.writeBuffer(buffer, 0, new Uint32Array([1, 2, 3, 4]));
const encoder = device.createCommandEncoder();
encoder.copyBufferToBuffer(buffer, 0, readback, 0, 16);
device.queue.submit([encoder.finish()]);
await readback.mapAsync(GPUMapMode.READ);
console.log(new Uint32Array(readback.getMappedRange())); // Uint32Array [1, 2, 3, 4]
readback.unmap();
stopTracing(device); // optional: traces are flushed at exit anyway
console.log(`trace written to ${dir}: try  npx wgpu-ts trace ${dir}  and  npx wgpu-ts replay ${dir} --check`);
