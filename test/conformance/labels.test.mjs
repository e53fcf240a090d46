// GPUObjectBase.label: initialised from the descriptor, '' by default, readable and settable on every object.
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import { getDevice, expectNoError, probeDevice, PROBE_WGSL, T } from '../harness.mjs';

// Builds one object of every type in scope, each with the given label (or none when label is undefined).
function makeObjects(device, label) {
  const d = label === undefined ? {} : { label };
  const buffer = device.createBuffer({ ...d, size: 16, usage: GPUBufferUsage.STORAGE });
  const module = device.createShaderModule({ ...d, code: PROBE_WGSL });
  const bindGroupLayout = device.createBindGroupLayout({
    ...d, entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } }],
  });
  const pipelineLayout = device.createPipelineLayout({ ...d, bindGroupLayouts: [bindGroupLayout] });
  const bindGroup = device.createBindGroup({ ...d, layout: bindGroupLayout, entries: [{ binding: 0, resource: { buffer } }] });
  const computePipeline = device.createComputePipeline({ ...d, layout: pipelineLayout, compute: { module, entryPoint: 'main' } });
  const commandEncoder = device.createCommandEncoder(d);
  const computePass = commandEncoder.beginComputePass(d);
  computePass.end();
  const commandBuffer = commandEncoder.finish(d);
  return { buffer, module, bindGroupLayout, pipelineLayout, bindGroup, computePipeline, commandEncoder, computePass, commandBuffer };
}

describe('labels', () => {
  test('every object reflects the descriptor label', T, async () => {
    const device = await getDevice();
    const objects = await expectNoError(device, () => makeObjects(device, 'lbl-✓'));
    for (const [kind, obj] of Object.entries(objects)) assert.equal(obj.label, 'lbl-✓', `${kind}.label`);
  });

  test("label defaults to '' when the descriptor has none", T, async () => {
    const device = await getDevice();
    const objects = await expectNoError(device, () => makeObjects(device, undefined));
    for (const [kind, obj] of Object.entries(objects)) assert.equal(obj.label, '', `${kind}.label`);
    assert.equal(device.queue.label, '', 'queue.label');
  });

  test('label is settable on every object, including device and queue', T, async () => {
    const device = await getDevice();
    const objects = { ...makeObjects(device, 'before'), device, queue: device.queue };
    for (const [kind, obj] of Object.entries(objects)) {
      obj.label = `after-${kind}`;
      assert.equal(obj.label, `after-${kind}`, `${kind}.label after assignment`);
      obj.label = '';
      assert.equal(obj.label, '', `${kind}.label cleared`);
    }
    await probeDevice(device);
  });

  test('label is a USVString attribute: assigned values are converted to strings', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 4, usage: GPUBufferUsage.COPY_DST });
    buffer.label = 42;
    assert.equal(buffer.label, '42');
    buffer.label = { toString: () => 'custom' };
    assert.equal(buffer.label, 'custom');
    const fromDescriptor = device.createBuffer({ size: 4, usage: GPUBufferUsage.COPY_DST, label: 7 });
    assert.equal(fromDescriptor.label, '7');
  });

  test('getBindGroupLayout returns a new object with its own label state', T, async () => {
    const device = await getDevice();
    const pipeline = device.createComputePipeline({ layout: 'auto', label: 'p', compute: { module: device.createShaderModule({ code: PROBE_WGSL }) } });
    const a = pipeline.getBindGroupLayout(0);
    const b = pipeline.getBindGroupLayout(0);
    assert.notEqual(a, b, 'getBindGroupLayout returns a new wrapper each time');
    a.label = 'A';
    assert.equal(a.label, 'A');
    assert.notEqual(b.label, 'A', 'labels of separate wrappers are independent');
  });

  test('labels of invalid objects are still readable and settable', T, async () => {
    const device = await getDevice();
    device.pushErrorScope('validation');
    const bad = device.createBuffer({ size: 4, usage: 0, label: 'invalid-one' });
    assert.ok(await device.popErrorScope());
    assert.equal(bad.label, 'invalid-one');
    bad.label = 'renamed';
    assert.equal(bad.label, 'renamed');
    await probeDevice(device);
  });
});
