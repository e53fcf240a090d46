// The native pass replayer (native/replay.c) and the koffi replayer (encoding/replay.ts) execute
// the same command streams: every compute opcode, run through both, gives the same results.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

const workload = `
  import { gpu, libraryInfo } from "wgpu-ts/backends/wgpu-native";
  const device = await (await gpu.requestAdapter()).requestDevice();
  const errors = [];
  device.addEventListener("uncapturederror", (e) => errors.push(e.error.message));
  const layout = device.createBindGroupLayout({ entries: [
    { binding: 0, visibility: 4, buffer: { type: "storage", hasDynamicOffset: true } }] });
  const module = device.createShaderModule({ code: \`
    @group(0) @binding(0) var<storage, read_write> out: array<atomic<u32>, 4>;
    override factor: u32 = 1u;
    @compute @workgroup_size(1) fn main(@builtin(workgroup_id) g: vec3u) {
      atomicAdd(&out[0], factor); atomicAdd(&out[1], g.x + 10u * g.y + 100u * g.z); }\` });
  const pipeline = device.createComputePipeline({ layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: { module, constants: { factor: 3 } } });
  const target = device.createBuffer({ size: 1024, usage: 0x80 | 0x4 | 0x8 });
  const indirect = device.createBuffer({ size: 32, usage: 0x100 | 0x8 });
  device.queue.writeBuffer(indirect, 16, new Uint32Array([2, 2, 1]));
  const bg = device.createBindGroup({ layout, entries: [{ binding: 0, resource: { buffer: target, size: 16 } }] });
  const enc = device.createCommandEncoder();
  enc.clearBuffer(target);
  const pass = enc.beginComputePass({ label: "replayed" });
  pass.pushDebugGroup("group");
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bg, [0]);
  pass.dispatchWorkgroups(2, 3, 1);
  pass.insertDebugMarker("marker");
  pass.setBindGroup(0, bg, new Uint32Array([7, 256, 7]), 1, 1);
  pass.dispatchWorkgroupsIndirect(indirect, 16);
  pass.setBindGroup(0, bg, [512]);
  pass.dispatchWorkgroups(1);
  pass.popDebugGroup();
  pass.end();
  // A pass without debug ops, the form the native replayer takes whole.
  const pass2 = enc.beginComputePass();
  pass2.setPipeline(pipeline);
  pass2.setBindGroup(0, bg, [768]);
  pass2.dispatchWorkgroups(4);
  pass2.end();
  const read = device.createBuffer({ size: 1024, usage: 1 | 8 });
  enc.copyBufferToBuffer(target, 0, read, 0, 1024);
  device.queue.submit([enc.finish()]);
  await read.mapAsync(1);
  const v = new Uint32Array(read.getMappedRange());
  console.log(JSON.stringify({ rows: [0, 64, 128, 192].map((i) => [v[i], v[i + 1]]), errors }));
`;

function run(env) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", workload], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

test("native and koffi pass replay produce identical results for every compute opcode", () => {
  const native = run({});
  const js = run({ WGPU_TS_JS_REPLAY: "1" });
  assert.deepEqual(native.errors, []);
  assert.deepEqual(js, native);
  // 6 workgroups at offset 0; 4 (indirect 2x2x1) at 256; 1 at 512; 4 at 768; factor 3 each.
  assert.deepEqual(native.rows, [[18, 0 + 1 + 10 + 11 + 20 + 21], [12, 0 + 1 + 10 + 11], [3, 0], [12, 0 + 1 + 2 + 3]]);
});
