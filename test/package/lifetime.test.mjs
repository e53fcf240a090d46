// Native handles are released when their JS objects are collected, exactly once, and the GPU
// memory of dropped buffers is reclaimed (wgpu-native's own object report goes back down).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

test("dropped objects are released by the FinalizationRegistry", { timeout: 120_000 }, () => {
  const code = `
    import { gpu, liveObjectCounts } from "wgpu-ts/backends/wgpu-native";
    const device = await (await gpu.requestAdapter()).requestDevice();
    const settle = async () => { for (let i = 0; i < 10; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)); } };
    await settle();
    const before = liveObjectCounts().GPUBuffer ?? 0;
    for (let i = 0; i < 3000; i++) {
      const b = device.createBuffer({ size: 1024, usage: 0x80 });
      device.createBindGroupLayout({ entries: [{ binding: 0, visibility: 4, buffer: { type: "storage" } }] });
      if (i % 2) b.destroy();
    }
    const peak = liveObjectCounts().GPUBuffer;
    await settle();
    const after = liveObjectCounts().GPUBuffer ?? 0;
    console.log(JSON.stringify({ before, peak, after, layouts: liveObjectCounts().GPUBindGroupLayout ?? 0 }));
  `;
  const r = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", code], { encoding: "utf8", timeout: 100_000 });
  assert.equal(r.status, 0, r.stderr);
  const { before, peak, after, layouts } = JSON.parse(r.stdout.trim().split("\n").pop());
  assert.ok(peak >= before + 2000, `peak ${peak} should reflect the live buffers`);
  assert.ok(after < before + 100, `after GC ${after} buffers remain live (before: ${before})`);
  assert.ok(layouts < 100, `${layouts} bind group layouts remain live`);
});
