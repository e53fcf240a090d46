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

// A finished encoder and a submitted command buffer can never reach native code again, so their handles are
// released at finish() and submit(), not at collection; an unsubmitted command buffer is still released at GC.
// Both ownership paths: the native helper's finalizers and the FinalizationRegistry fallback.
for (const env of [{}, { WGPU_TS_NO_NATIVE_LIFETIME: "1" }]) {
  test(`encoders are released at finish and command buffers at submit${env.WGPU_TS_NO_NATIVE_LIFETIME ? " (registry path)" : ""}`, { timeout: 120_000 }, () => {
    const code = `
      import { gpu, liveObjectCounts } from "wgpu-ts/backends/wgpu-native";
      const device = await (await gpu.requestAdapter()).requestDevice();
      const count = () => { const c = liveObjectCounts(); return { enc: c.GPUCommandEncoder ?? 0, cb: c.GPUCommandBuffer ?? 0 }; };
      const start = count();
      const kept = [];
      for (let i = 0; i < 500; i++) {
        const e = device.createCommandEncoder();
        e.clearBuffer(device.createBuffer({ size: 16, usage: 8 }));
        const cb = e.finish();
        if (i % 5 === 0) kept.push(cb); else device.queue.submit([cb]);
      }
      const afterLoop = count();
      // Used after release: every path is a validation error found in JS, never a native call.
      const enc = device.createCommandEncoder();
      const cb = enc.finish();
      device.queue.submit([cb]);
      const errors = [];
      device.pushErrorScope("validation");
      device.queue.submit([cb]);
      errors.push(await device.popErrorScope());
      device.pushErrorScope("validation");
      enc.clearBuffer(device.createBuffer({ size: 16, usage: 8 }));
      enc.beginComputePass().end();
      enc.insertDebugMarker("late");
      errors.push(await device.popErrorScope());
      device.pushErrorScope("validation");
      enc.finish();
      errors.push(await device.popErrorScope());
      cb.label = "relabelled"; enc.label = "relabelled";
      device.queue.submit(kept);
      await device.queue.onSubmittedWorkDone();
      console.log(JSON.stringify({ start, afterLoop, end: count(), kept: kept.length, errors: errors.map((e) => e?.constructor.name ?? null), label: cb.label }));
    `;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", timeout: 100_000, env: { ...process.env, ...env } });
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout.trim().split("\n").pop());
    assert.equal(o.afterLoop.enc - o.start.enc, 0, "finished encoders are released at finish()");
    assert.equal(o.afterLoop.cb - o.start.cb, o.kept, "only the unsubmitted command buffers are still held");
    assert.equal(o.end.cb - o.start.cb, 0, "submitting the kept ones releases them");
    assert.deepEqual(o.errors, ["GPUValidationError", "GPUValidationError", "GPUValidationError"]);
    assert.equal(o.label, "relabelled");
  });
}
