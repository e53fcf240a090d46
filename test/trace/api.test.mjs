// The wgpu-ts/trace API in one process: traceDevice, replayTrace, loadTrace / summarize.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installGlobals } from 'wgpu-ts';
import { gpu } from 'wgpu-ts/backends/wgpu-native';
import { traceDevice, stopTracing, replayTrace, loadTrace, summarize } from 'wgpu-ts/trace';
import { tmp, T } from './helpers.mjs';

installGlobals();

async function readback(device, src, size) {
  const rb = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(src, 0, rb, 0, size);
  device.queue.submit([enc.finish()]);
  await rb.mapAsync(GPUMapMode.READ);
  const out = rb.getMappedRange().slice(0);
  rb.unmap();
  return out;
}

test('SharedArrayBuffer uploads; timestamp readbacks are replayed but not compared', T, async () => {
  const dir = tmp();
  const adapter = await gpu.requestAdapter();
  const descriptor = { requiredFeatures: ['timestamp-query'] };
  const device = traceDevice(await adapter.requestDevice(descriptor), dir, { adapter, descriptor, backend: 'wgpu-native' });
  const buf = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
  const shared = new Uint32Array(new SharedArrayBuffer(16));
  shared.set([5, 6, 7, 8]);
  device.queue.writeBuffer(buf, 0, shared);
  assert.deepEqual([...new Uint32Array(await readback(device, buf, 16))], [5, 6, 7, 8]);

  const qs = device.createQuerySet({ type: 'timestamp', count: 2 });
  const resolved = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass({ timestampWrites: { querySet: qs, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } });
  pass.end();
  enc.resolveQuerySet(qs, 0, 2, resolved, 0);
  device.queue.submit([enc.finish()]);
  await readback(device, resolved, 16);
  stopTracing(device);
  device.destroy();

  const s = summarize(loadTrace(dir));
  assert.equal(s.readbacks.count, 2);
  assert.equal(s.objects.GPUQuerySet, 1);
  const r = await replayTrace(dir, { gpu, check: true });
  assert.deepEqual(r.mismatches, []);
  assert.equal(r.readbacksChecked, 1);
  assert.equal(r.readbacksSkipped, 1);
});

test('an argument of another device is recorded as unreplayable, and replay says so', T, async () => {
  const dir = tmp();
  const adapter = await gpu.requestAdapter();
  const other = await (await gpu.requestAdapter()).requestDevice();
  const device = traceDevice(await adapter.requestDevice(), dir, { adapter });
  const foreign = other.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_SRC });
  const mine = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(foreign, 0, mine, 0, 16);
  device.pushErrorScope('validation');
  enc.finish();
  assert.ok(await device.popErrorScope());
  stopTracing(device);
  await assert.rejects(replayTrace(dir, { gpu, check: true }), /record 3: an argument is a NativeBuffer that the trace could not record \(not an object of the traced device/);
  device.destroy();
  other.destroy();
});
