// JS-shaped mistakes (missing required members, wrong types, negative or out-of-range integers, bad enum
// strings, wrong interface types) are WebIDL conversion errors: a TypeError thrown synchronously (or a
// rejection, for promise-returning methods) before the method does anything. No GPU error is generated, the
// object the method was called on is unaffected, and the device keeps working.
//
// Each group runs in a child process (harness runInChild): a native crash on a bad argument must fail the
// group and name the case, not kill the test runner. (dawn.node aborts the process on e.g. createBuffer()
// and createBindGroup({entries: []}) — dawn bugs.)
import { test, describe } from '../harness.mjs';
import { runCaseGroupInChild as cases, T } from '../harness.mjs';

describe('TypeError for JS-shaped mistakes: device methods', () => {
  test('methods called with no arguments', T, () => cases(`
    const encoder = device.createCommandEncoder();
    await h.runTypeErrorCases(device, {
      'createBuffer()': () => device.createBuffer(),
      'createBindGroupLayout()': () => device.createBindGroupLayout(),
      'createBindGroup()': () => device.createBindGroup(),
      'createPipelineLayout()': () => device.createPipelineLayout(),
      'createComputePipeline()': () => device.createComputePipeline(),
      'queue.writeBuffer()': () => device.queue.writeBuffer(),
      'queue.submit()': () => device.queue.submit(),
      'copyBufferToBuffer()': () => encoder.copyBufferToBuffer(),
      'clearBuffer()': () => encoder.clearBuffer(),
      'getBindGroupLayout()': () => pipeline.getBindGroupLayout(),
      'pushErrorScope()': () => device.pushErrorScope(),
    });
  `));

  test('createBuffer', T, () => cases(`
    const U = GPUBufferUsage.COPY_DST;
    await h.runTypeErrorCases(device, {
      'missing size': () => device.createBuffer({ usage: U }),
      'missing usage': () => device.createBuffer({ size: 16 }),
      'negative size': () => device.createBuffer({ size: -4, usage: U }),
      'size not a number': () => device.createBuffer({ size: 'sixteen', usage: U }),
      'size NaN': () => device.createBuffer({ size: NaN, usage: U }),
      'size Infinity': () => device.createBuffer({ size: Infinity, usage: U }),
      'size beyond [EnforceRange] unsigned long long': () => device.createBuffer({ size: 2 ** 64, usage: U }),
      'negative usage': () => device.createBuffer({ size: 16, usage: -1 }),
      'usage beyond unsigned long': () => device.createBuffer({ size: 16, usage: 2 ** 32 }),
      'usage as a string': () => device.createBuffer({ size: 16, usage: 'STORAGE' }),
      'descriptor not an object': () => device.createBuffer(42),
    });
  `));

  test('createShaderModule', T, () => cases(`
    // WebIDL: a non-object (other than undefined/null) converted to a dictionary is a TypeError.
    // (dawn.node accepts a missing code and a string descriptor — dawn deviations.)
    await h.runTypeErrorCases(device, {
      'missing code': () => device.createShaderModule({}),
      'compilationHints not a sequence': () => device.createShaderModule({ code: h.PROBE_WGSL, compilationHints: 5 }),
      'descriptor is a string': () => device.createShaderModule('just a string'),
    });
  `));

  test('createBindGroupLayout', T, () => cases(`
    const C = GPUShaderStage.COMPUTE;
    await h.runTypeErrorCases(device, {
      'missing entries': () => device.createBindGroupLayout({}),
      'entry without binding': () => device.createBindGroupLayout({ entries: [{ visibility: C, buffer: {} }] }),
      'entry without visibility': () => device.createBindGroupLayout({ entries: [{ binding: 0, buffer: {} }] }),
      'negative binding': () => device.createBindGroupLayout({ entries: [{ binding: -1, visibility: C, buffer: {} }] }),
      'bad buffer type enum': () => device.createBindGroupLayout({ entries: [{ binding: 0, visibility: C, buffer: { type: 'rw-storage' } }] }),
      'negative minBindingSize': () => device.createBindGroupLayout({ entries: [{ binding: 0, visibility: C, buffer: { minBindingSize: -4 } }] }),
      'entries not a sequence': () => device.createBindGroupLayout({ entries: 'nope' }),
    });
  `));

  test('createBindGroup', T, () => cases(`
    await h.runTypeErrorCases(device, {
      'missing layout': () => device.createBindGroup({ entries: [] }),
      'missing entries': () => device.createBindGroup({ layout: bgl }),
      'layout not a GPUBindGroupLayout': () => device.createBindGroup({ layout: {}, entries: [] }),
      'layout is a GPUBuffer': () => device.createBindGroup({ layout: buffer, entries: [] }),
      'entry without binding': () => device.createBindGroup({ layout: bgl, entries: [{ resource: { buffer } }] }),
      'entry without resource': () => device.createBindGroup({ layout: bgl, entries: [{ binding: 0 }] }),
      'resource.buffer not a GPUBuffer': () => device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer: {} } }] }),
      'negative offset': () => device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer, offset: -256 } }] }),
      'resource is a number': () => device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: 42 }] }),
    });
  `));

  test('createPipelineLayout', T, () => cases(`
    await h.runTypeErrorCases(device, {
      'missing bindGroupLayouts': () => device.createPipelineLayout({}),
      'not a GPUBindGroupLayout': () => device.createPipelineLayout({ bindGroupLayouts: [{}] }),
      'not a sequence': () => device.createPipelineLayout({ bindGroupLayouts: 3 }),
    });
  `));

  test('createComputePipeline', T, () => cases(`
    await h.runTypeErrorCases(device, {
      'missing layout': () => device.createComputePipeline({ compute: { module } }),
      'missing compute': () => device.createComputePipeline({ layout: 'auto' }),
      'missing compute.module': () => device.createComputePipeline({ layout: 'auto', compute: {} }),
      'module not a GPUShaderModule': () => device.createComputePipeline({ layout: 'auto', compute: { module: {} } }),
      'layout string other than "auto"': () => device.createComputePipeline({ layout: 'automatic', compute: { module } }),
      'layout not a GPUPipelineLayout': () => device.createComputePipeline({ layout: {}, compute: { module } }),
      'constant not a number': () => device.createComputePipeline({ layout: 'auto', compute: { module, constants: { factor: 'x' } } }),
      'constant not finite (double)': () => device.createComputePipeline({ layout: 'auto', compute: { module, constants: { factor: Infinity } } }),
    });
  `));

  test('createCommandEncoder / pushErrorScope', T, () => cases(`
    // (dawn.node ignores a non-object createCommandEncoder descriptor — a dawn deviation.)
    await h.runTypeErrorCases(device, {
      'createCommandEncoder(42)': () => device.createCommandEncoder(42),
      "pushErrorScope('everything')": () => device.pushErrorScope('everything'),
    });
  `));

  test('promise-returning methods reject with TypeError instead of throwing', T, () => cases(`
    const adapter = await h.getAdapter();
    await h.runRejectCases(device, {
      'createComputePipelineAsync missing layout': () => device.createComputePipelineAsync({ compute: { module } }),
      'createComputePipelineAsync bad module': () => device.createComputePipelineAsync({ layout: 'auto', compute: { module: 1 } }),
      "mapAsync('read')": () => mapBuffer.mapAsync('read'),
      'mapAsync()': () => mapBuffer.mapAsync(),
      'mapAsync negative offset': () => mapBuffer.mapAsync(GPUMapMode.READ, -8),
      'mapAsync negative size': () => mapBuffer.mapAsync(GPUMapMode.READ, 0, -4),
      'requestDevice numeric feature': () => adapter.requestDevice({ requiredFeatures: [42] }),
      'requestDevice requiredLimits not a record': () => adapter.requestDevice({ requiredLimits: 5 }),
      'requestDevice defaultQueue not a dictionary': () => adapter.requestDevice({ defaultQueue: 5 }),
    });
    if (mapBuffer.mapState !== 'unmapped') throw new Error('a rejected conversion left mapState ' + mapBuffer.mapState);
    await mapBuffer.mapAsync(GPUMapMode.READ);
    mapBuffer.unmap();
    // (A fresh adapter: one of the cases may have wrongly resolved and consumed the first one.)
    await h.probeDevice(await (await h.getAdapter()).requestDevice());
  `));
});

describe('TypeError for JS-shaped mistakes: buffers and queue', () => {
  test('getMappedRange', T, () => cases(`
    const b = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    await h.runTypeErrorCases(device, {
      'negative offset': () => b.getMappedRange(-8),
      'negative size': () => b.getMappedRange(0, -4),
      'string offset': () => b.getMappedRange('zero'),
    });
    if (b.getMappedRange().byteLength !== 16) throw new Error('mapping affected by the TypeErrors');
    b.unmap();
  `));

  test('queue.writeBuffer / queue.submit', T, () => cases(`
    await h.runTypeErrorCases(device, {
      'missing data': () => device.queue.writeBuffer(buffer, 0),
      'data is a string': () => device.queue.writeBuffer(buffer, 0, 'abcd'),
      'data is a plain array': () => device.queue.writeBuffer(buffer, 0, [1, 2, 3, 4]),
      'data is a plain object': () => device.queue.writeBuffer(buffer, 0, { byteLength: 4 }),
      'negative bufferOffset': () => device.queue.writeBuffer(buffer, -4, new Uint32Array(1)),
      'negative dataOffset': () => device.queue.writeBuffer(buffer, 0, new Uint32Array(4), -1),
      'negative size': () => device.queue.writeBuffer(buffer, 0, new Uint32Array(4), 0, -1),
      'null buffer': () => device.queue.writeBuffer(null, 0, new Uint32Array(4)),
      'buffer is a plain object': () => device.queue.writeBuffer({}, 0, new Uint32Array(4)),
      'submit a GPUBuffer': () => device.queue.submit([buffer]),
      'submit([{}])': () => device.queue.submit([{}]),
      'submit(null)': () => device.queue.submit(null),
      'submit(42)': () => device.queue.submit(42),
    });
  `));
});

describe('TypeError for JS-shaped mistakes: encoders stay valid afterwards', () => {
  test('command encoder methods', T, () => cases(`
    const other = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST });
    const encoder = device.createCommandEncoder();
    await h.runTypeErrorCases(device, {
      'copyBufferToBuffer negative sourceOffset': () => encoder.copyBufferToBuffer(buffer, -4, other, 0, 4),
      'copyBufferToBuffer negative size': () => encoder.copyBufferToBuffer(buffer, 0, other, 0, -4),
      'copyBufferToBuffer source not a GPUBuffer': () => encoder.copyBufferToBuffer({}, 0, other, 0, 4),
      'copyBufferToBuffer destination is a string': () => encoder.copyBufferToBuffer(buffer, 0, 'other', 0, 4),
      'clearBuffer negative offset': () => encoder.clearBuffer(buffer, -4),
      'clearBuffer(42)': () => encoder.clearBuffer(42),
      'beginComputePass(7)': () => encoder.beginComputePass(7),
      'finish(7)': () => encoder.finish(7),
    });
    // The encoder was never touched by the failed calls: it records and finishes cleanly.
    await h.expectNoError(device, () => {
      encoder.copyBufferToBuffer(buffer, 0, other, 0, 16);
      device.queue.submit([encoder.finish()]);
    }, 'encoder after TypeErrors');
  `));

  test('compute pass methods', T, () => cases(`
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    await h.runTypeErrorCases(device, {
      'setPipeline(null)': () => pass.setPipeline(null),
      'setPipeline({})': () => pass.setPipeline({}),
      'setPipeline(bindGroup)': () => pass.setPipeline(bindGroup),
      'setBindGroup negative index': () => pass.setBindGroup(-1, bindGroup),
      'setBindGroup(0, pipeline)': () => pass.setBindGroup(0, pipeline),
      'setBindGroup negative dynamic offset': () => pass.setBindGroup(0, bindGroup, [-256]),
      'setBindGroup dynamic offsets a number': () => pass.setBindGroup(0, bindGroup, 5),
      'dispatchWorkgroups(-1)': () => pass.dispatchWorkgroups(-1),
      'dispatchWorkgroups()': () => pass.dispatchWorkgroups(),
      "dispatchWorkgroups(1, 'y')": () => pass.dispatchWorkgroups(1, 'y'),
      'dispatchWorkgroups(2**32)': () => pass.dispatchWorkgroups(2 ** 32),
      'dispatchWorkgroupsIndirect negative offset': () => pass.dispatchWorkgroupsIndirect(buffer, -4),
      'dispatchWorkgroupsIndirect not a GPUBuffer': () => pass.dispatchWorkgroupsIndirect({}, 0),
    });
    await h.expectNoError(device, () => {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(1);
      pass.end();
      device.queue.submit([encoder.finish()]);
    }, 'pass after TypeErrors');
  `));
});
