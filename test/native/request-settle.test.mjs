// requestAdapter()/requestDevice() settle in the task in which wgpu-native completed them, not an event-loop
// turn later: a runtime that awaits them in sequence (a WASM module's start-up, test set-ups) pays only the
// native cost. Measured with a setImmediate counter: no macrotask may run between a request and its settling.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gpu } from "wgpu-ts/backends/wgpu-native";

test("200 sequential requestAdapter/requestDevice awaits: each settles within the task of its callback", { timeout: 300_000 }, async () => {
  let ticks = 0;
  let running = true;
  const tick = () => { ticks++; if (running) setImmediate(tick); };
  setImmediate(tick);
  const late = [];
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) {
    let before = ticks;
    const adapter = await gpu.requestAdapter();
    if (ticks !== before) late.push(`requestAdapter #${i}: ${ticks - before} macrotasks`);
    before = ticks;
    const device = await adapter.requestDevice();
    if (ticks !== before) late.push(`requestDevice #${i}: ${ticks - before} macrotasks`);
    device.destroy();
  }
  running = false;
  const ms = performance.now() - t0;
  assert.deepEqual(late, [], "requests settled a macrotask (or more) after their callback");
  // Only the native cost remains (lavapipe: tens of ms per device on a loaded 2-core VM).
  assert.ok(ms < 200 * 500, `200 adapter+device requests took ${ms.toFixed(0)} ms`);
});
