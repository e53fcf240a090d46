// JS-shaped mistakes (missing required members, wrong types, negative or out-of-range integers, bad enum
// strings, wrong interface types) are WebIDL conversion errors: a TypeError thrown synchronously, before the
// method does anything. No GPU error is generated, the object the method was called on is unaffected, and
// the device keeps working.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { getDevice, expectTypeError, expectNoError, expectRejects, probeDevice, PROBE_WGSL, T } from '../harness.mjs';

async function fixture() {
  const device = await getDevice();
  const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
  const mapBuffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
  const module = device.createShaderModule({ code: PROBE_WGSL });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const bgl = pipeline.getBindGroupLayout(0);
  const bindGroup = device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer } }] });
  return { device, buffer, mapBuffer, module, pipeline, bgl, bindGroup };
}

describe('TypeError for JS-shaped mistakes (device methods)', () => {
  test('createBuffer', T, async () => {
    const { device } = await fixture();
    const U = GPUBufferUsage.COPY_DST;
    const cases = [
      [() => device.createBuffer(), 'no descriptor'],
      [() => device.createBuffer({ usage: U }), 'missing size'],
      [() => device.createBuffer({ size: 16 }), 'missing usage'],
      [() => device.createBuffer({ size: -4, usage: U }), 'negative size'],
      [() => device.createBuffer({ size: 'sixteen', usage: U }), 'size not a number'],
      [() => device.createBuffer({ size: NaN, usage: U }), 'size NaN'],
      [() => device.createBuffer({ size: Infinity, usage: U }), 'size Infinity'],
      [() => device.createBuffer({ size: 2 ** 64, usage: U }), 'size beyond [EnforceRange] unsigned long long'],
      [() => device.createBuffer({ size: 16, usage: -1 }), 'negative usage'],
      [() => device.createBuffer({ size: 16, usage: 2 ** 32 }), 'usage beyond unsigned long'],
      [() => device.createBuffer({ size: 16, usage: 'STORAGE' }), 'usage as a string'],
      [() => device.createBuffer(42), 'descriptor not an object'],
    ];
    for (const [fn, what] of cases) await expectTypeError(device, fn, `createBuffer: ${what}`);
    await probeDevice(device);
  });

  test('createShaderModule', T, async () => {
    // (dawn.node accepts a missing `code` — a dawn deviation; see shader.test.mjs.)
    const { device } = await fixture();
    await expectTypeError(device, () => device.createShaderModule({ code: PROBE_WGSL, compilationHints: 5 }), 'compilationHints not a sequence');
    await expectTypeError(device, () => device.createShaderModule('just a string'), 'descriptor is a string');
    await probeDevice(device);
  });

  test('createBindGroupLayout', T, async () => {
    const { device } = await fixture();
    const C = GPUShaderStage.COMPUTE;
    const cases = [
      [() => device.createBindGroupLayout({}), 'missing entries'],
      [() => device.createBindGroupLayout({ entries: [{ visibility: C, buffer: {} }] }), 'entry without binding'],
      [() => device.createBindGroupLayout({ entries: [{ binding: 0, buffer: {} }] }), 'entry without visibility'],
      [() => device.createBindGroupLayout({ entries: [{ binding: -1, visibility: C, buffer: {} }] }), 'negative binding'],
      [() => device.createBindGroupLayout({ entries: [{ binding: 0, visibility: C, buffer: { type: 'rw-storage' } }] }), 'bad buffer type enum'],
      [() => device.createBindGroupLayout({ entries: [{ binding: 0, visibility: C, buffer: { minBindingSize: -4 } }] }), 'negative minBindingSize'],
      [() => device.createBindGroupLayout({ entries: 'nope' }), 'entries not a sequence'],
    ];
    for (const [fn, what] of cases) await expectTypeError(device, fn, `createBindGroupLayout: ${what}`);
    await probeDevice(device);
  });

  test('createBindGroup', T, async () => {
    const { device, bgl, buffer } = await fixture();
    const cases = [
      [() => device.createBindGroup({ entries: [] }), 'missing layout'],
      [() => device.createBindGroup({ layout: bgl }), 'missing entries'],
      [() => device.createBindGroup({ layout: {}, entries: [] }), 'layout not a GPUBindGroupLayout'],
      [() => device.createBindGroup({ layout: buffer, entries: [] }), 'layout is a GPUBuffer'],
      [() => device.createBindGroup({ layout: bgl, entries: [{ resource: { buffer } }] }), 'entry without binding'],
      [() => device.createBindGroup({ layout: bgl, entries: [{ binding: 0 }] }), 'entry without resource'],
      [() => device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer: {} } }] }), 'resource.buffer not a GPUBuffer'],
      [() => device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer, offset: -256 } }] }), 'negative offset'],
      [() => device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: 42 }] }), 'resource is a number'],
    ];
    for (const [fn, what] of cases) await expectTypeError(device, fn, `createBindGroup: ${what}`);
    await probeDevice(device);
  });

  test('createPipelineLayout', T, async () => {
    const { device } = await fixture();
    await expectTypeError(device, () => device.createPipelineLayout({}), 'missing bindGroupLayouts');
    await expectTypeError(device, () => device.createPipelineLayout({ bindGroupLayouts: [{}] }), 'not a GPUBindGroupLayout');
    await expectTypeError(device, () => device.createPipelineLayout({ bindGroupLayouts: 3 }), 'not a sequence');
    await probeDevice(device);
  });

  test('createComputePipeline', T, async () => {
    const { device, module } = await fixture();
    const cases = [
      [() => device.createComputePipeline({ compute: { module } }), 'missing layout'],
      [() => device.createComputePipeline({ layout: 'auto' }), 'missing compute'],
      [() => device.createComputePipeline({ layout: 'auto', compute: {} }), 'missing compute.module'],
      [() => device.createComputePipeline({ layout: 'auto', compute: { module: {} } }), 'module not a GPUShaderModule'],
      [() => device.createComputePipeline({ layout: 'automatic', compute: { module } }), 'layout string other than "auto"'],
      [() => device.createComputePipeline({ layout: {}, compute: { module } }), 'layout not a GPUPipelineLayout'],
      [() => device.createComputePipeline({ layout: 'auto', compute: { module, constants: { factor: 'x' } } }), 'constant not a number'],
      [() => device.createComputePipeline({ layout: 'auto', compute: { module, constants: { factor: Infinity } } }), 'constant not finite (double)'],
    ];
    for (const [fn, what] of cases) await expectTypeError(device, fn, `createComputePipeline: ${what}`);
    await probeDevice(device);
  });

  test('createComputePipelineAsync rejects (not throws) with TypeError', T, async () => {
    const { device, module } = await fixture();
    device.pushErrorScope('validation');
    await expectRejects(() => device.createComputePipelineAsync({ compute: { module } }), 'TypeError', 'missing layout');
    await expectRejects(() => device.createComputePipelineAsync({ layout: 'auto', compute: { module: 1 } }), 'TypeError', 'bad module');
    assert.equal(await device.popErrorScope(), null);
    await probeDevice(device);
  });

  test('createCommandEncoder / pushErrorScope', T, async () => {
    const { device } = await fixture();
    await expectTypeError(device, () => device.createCommandEncoder(42), 'createCommandEncoder(42)');
    await expectTypeError(device, () => device.pushErrorScope('everything'), "pushErrorScope('everything')");
    await probeDevice(device);
  });
});

describe('TypeError for JS-shaped mistakes (buffer, queue)', () => {
  test('mapAsync rejects with TypeError for a non-numeric mode or negative offset/size', T, async () => {
    const { device, mapBuffer } = await fixture();
    device.pushErrorScope('validation');
    await expectRejects(() => mapBuffer.mapAsync('read'), 'TypeError', "mapAsync('read')");
    await expectRejects(() => mapBuffer.mapAsync(), 'TypeError', 'mapAsync()');
    await expectRejects(() => mapBuffer.mapAsync(GPUMapMode.READ, -8), 'TypeError', 'negative offset');
    await expectRejects(() => mapBuffer.mapAsync(GPUMapMode.READ, 0, -4), 'TypeError', 'negative size');
    assert.equal(await device.popErrorScope(), null, 'conversion errors must not reach the device');
    assert.equal(mapBuffer.mapState, 'unmapped', 'a rejected conversion must not leave a pending map');
    await mapBuffer.mapAsync(GPUMapMode.READ);
    mapBuffer.unmap();
    await probeDevice(device);
  });

  test('getMappedRange with negative offset/size throws TypeError', T, async () => {
    const { device } = await fixture();
    const b = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    await expectTypeError(device, () => b.getMappedRange(-8), 'negative offset');
    await expectTypeError(device, () => b.getMappedRange(0, -4), 'negative size');
    await expectTypeError(device, () => b.getMappedRange('zero'), 'string offset');
    assert.equal(b.getMappedRange().byteLength, 16, 'mapping unaffected');
    b.unmap();
    await probeDevice(device);
  });

  test('queue.writeBuffer / submit argument types', T, async () => {
    const { device, buffer } = await fixture();
    const cases = [
      [() => device.queue.writeBuffer(buffer, 0), 'missing data'],
      [() => device.queue.writeBuffer(buffer, 0, { byteLength: 4 }), 'data is a plain object'],
      [() => device.queue.writeBuffer(buffer, -4, new Uint32Array(1)), 'negative bufferOffset'],
      [() => device.queue.writeBuffer(buffer, 0, new Uint32Array(4), -1), 'negative dataOffset'],
      [() => device.queue.writeBuffer(buffer, 0, new Uint32Array(4), 0, -1), 'negative size'],
      [() => device.queue.writeBuffer(null, 0, new Uint32Array(4)), 'null buffer'],
      [() => device.queue.submit([buffer]), 'submit a GPUBuffer'],
      [() => device.queue.submit(null), 'submit(null)'],
    ];
    for (const [fn, what] of cases) await expectTypeError(device, fn, `queue: ${what}`);
    await probeDevice(device);
  });
});

describe('TypeError for JS-shaped mistakes (encoders) leaves the encoder valid', () => {
  test('command encoder methods', T, async () => {
    const { device, buffer } = await fixture();
    const other = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST });
    const encoder = device.createCommandEncoder();
    const cases = [
      [() => encoder.copyBufferToBuffer(buffer, -4, other, 0, 4), 'negative sourceOffset'],
      [() => encoder.copyBufferToBuffer(buffer, 0, other, 0, -4), 'negative size'],
      [() => encoder.copyBufferToBuffer({}, 0, other, 0, 4), 'source not a GPUBuffer'],
      [() => encoder.copyBufferToBuffer(buffer, 0, 'other', 0, 4), 'destination is a string'],
      [() => encoder.clearBuffer(buffer, -4), 'clearBuffer negative offset'],
      [() => encoder.clearBuffer(42), 'clearBuffer(42)'],
      [() => encoder.beginComputePass(7), 'beginComputePass(7)'],
      [() => encoder.finish(7), 'finish(7)'],
    ];
    for (const [fn, what] of cases) await expectTypeError(device, fn, `encoder: ${what}`);
    // The encoder was never touched by the failed calls: it records and finishes cleanly.
    await expectNoError(device, () => {
      encoder.copyBufferToBuffer(buffer, 0, other, 0, 16);
      device.queue.submit([encoder.finish()]);
    }, 'encoder after TypeErrors');
    await probeDevice(device);
  });

  test('compute pass methods', T, async () => {
    const { device, pipeline, bindGroup, buffer } = await fixture();
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    const cases = [
      [() => pass.setPipeline(null), 'setPipeline(null)'],
      [() => pass.setPipeline({}), 'setPipeline({})'],
      [() => pass.setPipeline(bindGroup), 'setPipeline(bindGroup)'],
      [() => pass.setBindGroup(-1, bindGroup), 'negative index'],
      [() => pass.setBindGroup(0, pipeline), 'setBindGroup(0, pipeline)'],
      [() => pass.setBindGroup(0, bindGroup, [-256]), 'negative dynamic offset'],
      [() => pass.setBindGroup(0, bindGroup, 'x'), 'dynamic offsets a string'],
      [() => pass.dispatchWorkgroups(-1), 'dispatchWorkgroups(-1)'],
      [() => pass.dispatchWorkgroups(), 'dispatchWorkgroups()'],
      [() => pass.dispatchWorkgroups(1, 'y'), "dispatchWorkgroups(1, 'y')"],
      [() => pass.dispatchWorkgroups(2 ** 32), 'dispatchWorkgroups(2**32)'],
      [() => pass.dispatchWorkgroupsIndirect(buffer, -4), 'negative indirect offset'],
      [() => pass.dispatchWorkgroupsIndirect({}, 0), 'indirect buffer not a GPUBuffer'],
    ];
    for (const [fn, what] of cases) await expectTypeError(device, fn, `pass: ${what}`);
    await expectNoError(device, () => {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(1);
      pass.end();
      device.queue.submit([encoder.finish()]);
    }, 'pass after TypeErrors');
    await probeDevice(device);
  });

  test('requestAdapter / requestDevice reject (not throw) with TypeError', T, async () => {
    const { device } = await fixture();
    const adapter = await (await import('../harness.mjs')).getAdapter();
    await expectRejects(() => adapter.requestDevice({ requiredFeatures: [42] }), 'TypeError', 'numeric feature');
    await expectRejects(() => adapter.requestDevice({ requiredLimits: 5 }), 'TypeError', 'requiredLimits not a record');
    await expectRejects(() => adapter.requestDevice({ defaultQueue: 5 }), 'TypeError', 'defaultQueue not a dictionary');
    await probeDevice(await adapter.requestDevice());
    await probeDevice(device);
  });
});
