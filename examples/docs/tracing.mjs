// Record every call on a device into a portable trace, then replay it and check its readbacks.
// From a shell: npx wgpu-ts trace <dir> (summary), npx wgpu-ts replay <dir> --check.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gpu, requestDeviceTracing } from "wgpu-ts/backends/wgpu-native";
import { stopTracing, replayTrace, loadTrace, summarize } from "wgpu-ts/trace";
import { GPUBufferUsage, GPUMapMode } from "wgpu-ts";

const dir = mkdtempSync(join(tmpdir(), "wgpu-ts-trace-"));
const device = await requestDeviceTracing(await gpu.requestAdapter(), dir);

const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
device.queue.writeBuffer(buffer, 0, new Uint32Array([7, 8, 9, 10]));
await buffer.mapAsync(GPUMapMode.READ);
console.log(Array.from(new Uint32Array(buffer.getMappedRange()))); // [7, 8, 9, 10]
buffer.unmap();
stopTracing(device);

const summary = summarize(loadTrace(dir));
const result = await replayTrace(dir, { check: true });
console.log(summary.records, summary.readbacks.count, result.readbacksChecked, result.mismatches.length); // e.g. 7 1 1 0
