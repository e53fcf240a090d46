// requestDeviceTracing: the directory, wgpu-native's own trace, zero cost when not tracing.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { types } from 'node:util';
import { native, adapter, device, readBuffer, T } from './helpers.mjs';
import { stopTracing } from 'wgpu-ts/trace';

const { requestDeviceTracing, NATIVE_TRACE_SUPPORTED } = native;

describe('requestDeviceTracing', () => {
  test('creates the directory; the device works and is traced', T, async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'wgpu-ts-rdt-')), 'a', 'b');
    const d = await requestDeviceTracing(await adapter(), dir, { label: 'L', defaultQueue: { label: 'Q' } });
    assert.ok(existsSync(dir));
    assert.equal(d.label, 'L');
    assert.equal(d.queue.label, 'Q');
    const b = d.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
    d.queue.writeBuffer(b, 0, new Uint32Array([1, 2, 3, 4]));
    assert.deepEqual(Array.from(new Uint32Array(await readBuffer(d, b))), [1, 2, 3, 4]);
    assert.ok(b instanceof GPUBuffer, 'traced objects are still instances of the interfaces');
    stopTracing(d);
    const lines = readFileSync(join(dir, 'trace.jsonl'), 'utf8').trim().split('\n');
    assert.equal(JSON.parse(lines[0]).device.label, 'L');
    assert.equal(JSON.parse(lines[0]).device.defaultQueue.label, 'Q');
    assert.ok(lines.length > 8);
    d.destroy();
  });

  test('a non-empty directory gives a warning, not an error', T, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgpu-ts-rdt-'));
    writeFileSync(join(dir, 'old.txt'), 'x');
    const warnings = [];
    const warn = console.warn;
    console.warn = (m) => warnings.push(String(m));
    let d;
    try { d = await requestDeviceTracing(await adapter(), dir); } finally { console.warn = warn; }
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /is not empty/);
    stopTracing(d);
    d.destroy();
  });

  test('requiredFeatures / requiredLimits are passed through (spec-page names too)', T, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgpu-ts-rdt-'));
    const d = await requestDeviceTracing(await adapter(), dir, { requiredFeatures: ['push-constants'], requiredLimits: { 'max-push-constant-size': 64 } });
    assert.ok(d.features.has('push-constants'));
    assert.equal(d.limits.maxPushConstantSize, 64);
    stopTracing(d);
    d.destroy();
  });

  test('the pinned wgpu-native writes no trace of its own (WGPUDeviceExtras.tracePath is chained, and ignored)', T, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgpu-ts-rdt-'));
    const d = await requestDeviceTracing(await adapter(), dir);
    const b = d.createBuffer({ size: 4, usage: GPUBufferUsage.COPY_DST });
    d.queue.writeBuffer(b, 0, new Uint32Array([1]));
    d.queue.submit([d.createCommandEncoder().finish()]);
    await d.queue.onSubmittedWorkDone();
    d.destroy();
    stopTracing(d);
    assert.equal(NATIVE_TRACE_SUPPORTED, false);
    assert.deepEqual(readdirSync(dir).sort(), ['data.bin', 'trace.jsonl'], 'only the portable trace: wgpu-core wrote no trace.ron / data files');
  });

  test('zero cost when not tracing: plain devices and their objects are the backend\'s own, not proxies', T, async () => {
    const d = await device();
    const enc = d.createCommandEncoder();
    const pass = enc.beginComputePass();
    assert.ok(!types.isProxy(d) && !types.isProxy(d.queue) && !types.isProxy(enc) && !types.isProxy(pass));
    pass.end();
    d.destroy();
    const dir = mkdtempSync(join(tmpdir(), 'wgpu-ts-rdt-'));
    const t = await requestDeviceTracing(await adapter(), dir);
    assert.ok(types.isProxy(t) && types.isProxy(t.queue) && types.isProxy(t.createCommandEncoder()));
    stopTracing(t);
    t.destroy();
  });
});
