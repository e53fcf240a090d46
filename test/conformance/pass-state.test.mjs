// Pass and pipeline state the spec defines and native libraries tend to differ on: indirect dispatches over the
// limits (a no-op), null slots (vertex buffers, bind group layouts, setBindGroup(i, null)), immediates set
// before a pipeline.
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import { getDevice, readBuffer, expectValidationError, expectNoError, probeDevice, T } from '../harness.mjs';

const COUNTER_WGSL = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> counter: atomic<u32>;
@compute @workgroup_size(1) fn main() { atomicAdd(&counter, 1u); }`;

describe('dispatchWorkgroupsIndirect limits', () => {
  test('indirect dispatches over maxComputeWorkgroupsPerDimension are no-ops (and return promptly); the others run', T, async () => {
    const device = await getDevice();
    const max = device.limits.maxComputeWorkgroupsPerDimension;
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: COUNTER_WGSL }) } });
    const counter = device.createBuffer({ size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: counter } }] });
    const cases = [[0x7fffffff, 1, 1], [1, 0xffffffff, 1], [1, 1, max + 1], [max + 1, 0, 1], [3, 2, 1], [0, 5, 5], [1, 1, 1]];
    const args = device.createBuffer({ size: 16 * cases.length, usage: GPUBufferUsage.INDIRECT | GPUBufferUsage.COPY_DST });
    cases.forEach((c, i) => device.queue.writeBuffer(args, 16 * i, new Uint32Array(c)));
    const started = Date.now();
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      cases.forEach((_, i) => pass.dispatchWorkgroupsIndirect(args, 16 * i));
      pass.end();
      device.queue.submit([encoder.finish()]);
    }, 'indirect dispatches');
    const count = new Uint32Array(await readBuffer(device, counter))[0];
    assert.equal(count, 3 * 2 + 1, 'only the dispatches within the limits ran');
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    await probeDevice(device);
  });
});
