// GPUDevice.destroy() and device.lost: the lost promise, unmapping on destroy, and what the API does after the
// device is lost (no errors surface, nothing throws, mapAsync rejects with AbortError).
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import {
  getDevice, expectRejects, probeDevice, settleState, tick, withTimeout, PROBE_WGSL, T,
} from '../harness.mjs';

describe('device.lost / destroy()', () => {
  test('lost resolves with reason "destroyed" after destroy()', T, async () => {
    const device = await getDevice();
    const lost = device.lost;
    assert.equal(device.lost, lost, 'device.lost must return the same promise each time');
    assert.equal(await settleState(lost, 20), 'pending');
    device.destroy();
    const info = await withTimeout(lost, 10_000, 'device.lost after destroy()');
    assert.ok(info instanceof GPUDeviceLostInfo);
    assert.equal(info.reason, 'destroyed');
    assert.equal(typeof info.message, 'string');
    assert.equal(device.lost, lost);
  });

  test('destroy() twice is valid; lost resolves once with the same info', T, async () => {
    const device = await getDevice();
    device.destroy();
    device.destroy();
    const a = await device.lost;
    const b = await device.lost;
    assert.equal(a, b);
    assert.equal(a.reason, 'destroyed');
    // Other devices are unaffected.
    await probeDevice(await getDevice());
  });

  test('destroy() unmaps every mapped buffer of the device (ranges detached)', T, async () => {
    const device = await getDevice();
    const atCreation = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    const r1 = atCreation.getMappedRange();
    const mapped = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
    await mapped.mapAsync(GPUMapMode.READ);
    const r2 = mapped.getMappedRange();
    device.destroy();
    assert.equal(atCreation.mapState, 'unmapped');
    assert.equal(mapped.mapState, 'unmapped');
    assert.equal(r1.byteLength, 0);
    assert.equal(r2.byteLength, 0);
    await probeDevice(await getDevice()); // other devices are unaffected
  });

  test('a pending mapAsync rejects with AbortError when the device is destroyed', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
    const p = buffer.mapAsync(GPUMapMode.READ);
    device.destroy();
    await expectRejects(p, 'AbortError', 'pending map at device.destroy()');
    assert.equal(buffer.mapState, 'unmapped');
    await probeDevice(await getDevice()); // other devices are unaffected
  });

  test('destroy() with GPU work in flight does not crash; lost resolves', T, async () => {
    const device = await getDevice();
    const n = 1 << 16;
    const storage = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: PROBE_WGSL }) } });
    const bg = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: storage } }] });
    for (let i = 0; i < 4; i++) {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(n / 4);
      pass.end();
      device.queue.submit([encoder.finish()]);
    }
    const done = device.queue.onSubmittedWorkDone();
    device.destroy();
    assert.equal((await withTimeout(device.lost, 10_000, 'lost')).reason, 'destroyed');
    // onSubmittedWorkDone must settle one way or the other; it must not hang forever.
    await withTimeout(done.catch(() => {}), 10_000, 'onSubmittedWorkDone across destroy');
    await probeDevice(await getDevice());
  });
});

describe('use after device destroy', () => {
  test('object creation and commands neither throw nor report errors', T, async () => {
    const device = await getDevice();
    const events = [];
    device.addEventListener('uncapturederror', (e) => events.push(e));
    device.destroy();
    await device.lost;
    device.pushErrorScope('validation');
    // Valid and invalid calls alike: after loss, errors are not surfaced.
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    assert.ok(buffer instanceof GPUBuffer);
    device.createBuffer({ size: 16, usage: 0 });
    const module = device.createShaderModule({ code: 'this is not wgsl' });
    device.createBindGroupLayout({ entries: [] });
    device.queue.writeBuffer(buffer, 0, new Uint32Array(4));
    const encoder = device.createCommandEncoder();
    encoder.clearBuffer(buffer, 3); // invalid
    const pass = encoder.beginComputePass();
    pass.dispatchWorkgroups(1);
    pass.end();
    device.queue.submit([encoder.finish()]);
    buffer.destroy();
    assert.equal(await device.popErrorScope(), null, 'a lost device reports no errors to scopes');
    await tick(100);
    assert.equal(events.length, 0, 'a lost device dispatches no uncapturederror events');
    // getCompilationInfo resolves (with an empty message list per spec).
    const info = await withTimeout(module.getCompilationInfo(), 10_000, 'getCompilationInfo on a lost device');
    assert.ok(info instanceof GPUCompilationInfo);
    assert.equal(info.messages.length, 0);
    await probeDevice(await getDevice()); // other devices are unaffected
  });

  test('popErrorScope resolves null on a lost device, even with an empty stack', T, async () => {
    const device = await getDevice();
    device.destroy();
    assert.equal(await device.popErrorScope(), null);
    await probeDevice(await getDevice()); // other devices are unaffected
  });

  test('mapAsync on a lost device rejects with AbortError', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
    device.destroy();
    await expectRejects(() => buffer.mapAsync(GPUMapMode.READ), 'AbortError', 'mapAsync after device.destroy()');
    const fresh = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_WRITE });
    await expectRejects(() => fresh.mapAsync(GPUMapMode.WRITE), 'AbortError', 'mapAsync of a buffer created after destroy');
    await probeDevice(await getDevice()); // other devices are unaffected
  });

  test('mappedAtCreation still gives a usable mapping on a lost device', T, async () => {
    const device = await getDevice();
    device.destroy();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    assert.equal(buffer.mapState, 'mapped');
    const range = buffer.getMappedRange();
    assert.equal(range.byteLength, 16);
    new Uint32Array(range).fill(1);
    buffer.unmap();
    assert.equal(range.byteLength, 0);
    await probeDevice(await getDevice()); // other devices are unaffected
  });

  test('createComputePipelineAsync on a lost device resolves (no error is reported)', T, async () => {
    const device = await getDevice();
    device.destroy();
    const module = device.createShaderModule({ code: PROBE_WGSL });
    const pipeline = await withTimeout(device.createComputePipelineAsync({ layout: 'auto', compute: { module } }), 10_000,
      'createComputePipelineAsync on lost device');
    assert.ok(pipeline instanceof GPUComputePipeline);
    await probeDevice(await getDevice()); // other devices are unaffected
  });

  test('content-timeline errors still throw on a lost device', T, async () => {
    const device = await getDevice();
    device.destroy();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST });
    assert.throws(() => device.queue.writeBuffer(buffer, 0, new Uint8Array(3)), (e) => e.name === 'OperationError');
    assert.throws(() => device.createBuffer({ size: -1, usage: GPUBufferUsage.COPY_DST }), TypeError);
    assert.throws(() => buffer.getMappedRange(), (e) => e.name === 'OperationError');
    await probeDevice(await getDevice()); // other devices are unaffected
  });
});
