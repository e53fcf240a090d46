#!/usr/bin/env node
// (inflight) Every JS reference to the objects of a compute workload is dropped right after submit (and
// collected): the results must still be right, because wgpu-core keeps what submitted work uses alive.
// (destroyed-memory) 64 MiB buffers are written, destroyed and kept referenced: RSS stays bounded, so
// destroy() returns the memory without waiting for GC.
import { newDevice, settle, WGSL, mb } from "./soak.mjs";

const args = process.argv.slice(2);
const iterations = Number(args[args.indexOf("--iterations") + 1] || 300);
const device = await newDevice();
let uncaptured = 0;
device.addEventListener("uncapturederror", () => uncaptured++);

{
  const problems = [];
  const pending = [];
  for (let it = 0; it < iterations; it++) {
    const n = 64;
    const input = Uint32Array.from({ length: n }, (_, i) => i * 7 + it);
    const out = device.createBuffer({ size: n * 4, usage: 0x9 });
    (() => {
      const storage = device.createBuffer({ size: n * 4, usage: 0x8c });
      device.queue.writeBuffer(storage, 0, input);
      const module = device.createShaderModule({ code: WGSL });
      const pipeline = device.createComputePipeline({ layout: "auto", compute: { module } });
      const bg = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: storage } }] });
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(n / 4);
      pass.end();
      enc.copyBufferToBuffer(storage, 0, out, 0, n * 4);
      device.queue.submit([enc.finish()]);
    })();
    if (it % 10 === 0) globalThis.gc(); // collect the dropped wrappers while their work is in flight
    pending.push(out.mapAsync(1).then(() => {
      const got = new Uint32Array(out.getMappedRange());
      for (let i = 0; i < n; i++) if (got[i] !== ((input[i] * 3 + i + 1) >>> 0)) { problems.push(`iteration ${it}: [${i}] = ${got[i]}`); break; }
      out.unmap();
      out.destroy();
    }));
    if (pending.length >= 16) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  if (uncaptured) problems.push(`${uncaptured} uncaptured errors`);
  console.log(`RESULT ${JSON.stringify({ kind: "inflight", iterations, problems })}`);
}

{
  await settle(device);
  const problems = [];
  const base = process.memoryUsage().rss;
  const kept = [];
  const size = 64 << 20;
  let peak = base;
  for (let i = 0; i < 48; i++) { // 3 GiB written in total
    const b = device.createBuffer({ size, usage: 0x8c });
    const enc = device.createCommandEncoder();
    enc.clearBuffer(b); // touches every page (lavapipe memory is host memory)
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    b.destroy();
    kept.push(b);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  await device.queue.onSubmittedWorkDone();
  // Control: the same buffers, not destroyed, do show up in RSS (the measurement can see them).
  const control = [];
  const before = process.memoryUsage().rss;
  for (let i = 0; i < 4; i++) {
    const b = device.createBuffer({ size, usage: 0x8c });
    const enc = device.createCommandEncoder();
    enc.clearBuffer(b);
    device.queue.submit([enc.finish()]);
    control.push(b);
  }
  await device.queue.onSubmittedWorkDone();
  const controlGrowth = process.memoryUsage().rss - before;
  if (controlGrowth < 3 * size) problems.push(`control: 4 live 64 MiB buffers grew RSS by only ${mb(controlGrowth)}`);
  for (const b of control) b.destroy();
  const bound = 512 * 2 ** 20;
  if (peak - base > bound) problems.push(`RSS peaked ${mb(peak - base)} above the baseline with ${kept.length} destroyed 64 MiB buffers still referenced (bound ${mb(bound)})`);
  console.log(`RESULT ${JSON.stringify({ kind: "destroyed-memory", buffers: kept.length, rssPeakGrowth: mb(peak - base), controlGrowth: mb(controlGrowth), problems })}`);
}
console.log("DONE");
