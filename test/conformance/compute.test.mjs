// Compute pipelines (layout "auto" + getBindGroupLayout, explicit layout, override constants,
// createComputePipelineAsync) and compute passes (setPipeline, setBindGroup with dynamic offsets,
// dispatchWorkgroups, dispatchWorkgroupsIndirect), with their failure modes.
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import {
  getDevice, readBuffer, expectValidationError, expectNoError, expectThrows, probeDevice, createBufferWithData,
  SCALE_WGSL, PROBE_WGSL, T,
} from '../harness.mjs';

const STORAGE = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

async function runScale(device, pipeline, input, { bindGroupLayout = pipeline.getBindGroupLayout(0) } = {}) {
  const src = createBufferWithData(device, input, STORAGE());
  const dst = device.createBuffer({ size: input.byteLength, usage: STORAGE() });
  const bg = device.createBindGroup({
    layout: bindGroupLayout,
    entries: [{ binding: 0, resource: { buffer: src } }, { binding: 1, resource: { buffer: dst } }],
  });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bg);
  pass.dispatchWorkgroups(Math.ceil(input.length / 64));
  pass.end();
  device.queue.submit([encoder.finish()]);
  return new Float32Array(await readBuffer(device, dst, input.byteLength));
}

const input = Float32Array.from({ length: 200 }, (_, i) => i - 50.5);

describe('createComputePipeline', () => {
  test('layout "auto" + getBindGroupLayout(0): doubles an array', T, async () => {
    const device = await getDevice();
    const out = await expectNoError(device, async () => {
      const module = device.createShaderModule({ code: SCALE_WGSL });
      const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
      assert.ok(pipeline instanceof GPUComputePipeline);
      const bgl = pipeline.getBindGroupLayout(0);
      assert.ok(bgl instanceof GPUBindGroupLayout);
      return runScale(device, pipeline, input);
    });
    assert.deepEqual([...out], [...input].map((v) => v * 2));
  });

  test('entryPoint may be omitted when the module has exactly one compute entry point', T, async () => {
    const device = await getDevice();
    const out = await expectNoError(device, () => {
      const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: SCALE_WGSL }) } });
      return runScale(device, pipeline, input);
    });
    assert.deepEqual([...out], [...input].map((v) => v * 2));
  });

  test('explicit layout; getBindGroupLayout returns a layout usable for bind groups', T, async () => {
    const device = await getDevice();
    const bgl = device.createBindGroupLayout({
      entries: [
        { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } },
        { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
      ],
    });
    const out = await expectNoError(device, async () => {
      const pipeline = device.createComputePipeline({
        layout: device.createPipelineLayout({ bindGroupLayouts: [bgl] }),
        compute: { module: device.createShaderModule({ code: SCALE_WGSL }), entryPoint: 'main' },
      });
      const a = await runScale(device, pipeline, input, { bindGroupLayout: bgl });
      const b = await runScale(device, pipeline, input, { bindGroupLayout: pipeline.getBindGroupLayout(0) });
      assert.deepEqual([...a], [...b]);
      return a;
    });
    assert.deepEqual([...out], [...input].map((v) => v * 2));
  });

  test('override constants by name and by numeric id', T, async () => {
    const device = await getDevice();
    const code = `
      override scale: f32 = 1.0;
      @id(7) override offset: u32 = 0u;
      @group(0) @binding(0) var<storage, read_write> out: array<f32>;
      @compute @workgroup_size(4) fn main(@builtin(global_invocation_id) id: vec3u) {
        out[id.x] = f32(id.x) * scale + f32(offset);
      }`;
    const module = device.createShaderModule({ code });
    const run = async (constants) => {
      const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main', constants } });
      const buf = device.createBuffer({ size: 16, usage: STORAGE() });
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] }));
      pass.dispatchWorkgroups(1);
      pass.end();
      device.queue.submit([encoder.finish()]);
      return [...new Float32Array(await readBuffer(device, buf, 16))];
    };
    await expectNoError(device, async () => {
      assert.deepEqual(await run(undefined), [0, 1, 2, 3], 'defaults');
      assert.deepEqual(await run({ scale: 3 }), [0, 3, 6, 9], 'by name');
      assert.deepEqual(await run({ scale: 0.5, 7: 10 }), [10, 10.5, 11, 11.5], 'by name + numeric id');
    });
  });

  test('override constant without default must be provided; unknown names are a validation error', T, async () => {
    const device = await getDevice();
    const module = device.createShaderModule({
      code: `override needed: u32;
             @group(0) @binding(0) var<storage, read_write> out: array<u32>;
             @compute @workgroup_size(1) fn main() { out[0] = needed; }`,
    });
    await expectValidationError(device, () => device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } }),
      'missing override');
    await expectValidationError(device, () => device.createComputePipeline({
      layout: 'auto', compute: { module, entryPoint: 'main', constants: { needed: 1, notAConstant: 2 } },
    }), 'unknown override');
    await expectNoError(device, () => device.createComputePipeline({
      layout: 'auto', compute: { module, entryPoint: 'main', constants: { needed: 1 } },
    }));
    await probeDevice(device);
  });

  test('an entry point that does not exist is a validation error', T, async () => {
    const device = await getDevice();
    const module = device.createShaderModule({ code: SCALE_WGSL });
    await expectValidationError(device, () => device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'nope' } }));
    await probeDevice(device);
  });

  test('workgroup size over the device limits is a validation error', T, async () => {
    const device = await getDevice();
    const x = device.limits.maxComputeWorkgroupSizeX + 1;
    const module = device.createShaderModule({ code: `@compute @workgroup_size(${x}) fn main() {}` });
    await expectValidationError(device, () => device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } }));
    await probeDevice(device);
  });

  test('getBindGroupLayout(index >= maxBindGroups) is a validation error', T, async () => {
    const device = await getDevice();
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: PROBE_WGSL }) } });
    await expectValidationError(device, () => pipeline.getBindGroupLayout(device.limits.maxBindGroups));
    await probeDevice(device);
  });

  test('getBindGroupLayout of an invalid pipeline is a validation error', T, async () => {
    const device = await getDevice();
    let pipeline;
    await expectValidationError(device, () => {
      pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: PROBE_WGSL }), entryPoint: 'x' } });
    });
    await expectValidationError(device, () => pipeline.getBindGroupLayout(0));
    await probeDevice(device);
  });

  test('bind groups made from one "auto" layout cannot be used with another pipeline\'s "auto" layout', T, async () => {
    const device = await getDevice();
    const module = device.createShaderModule({ code: PROBE_WGSL });
    const p1 = device.createComputePipeline({ layout: 'auto', compute: { module } });
    const p2 = device.createComputePipeline({ layout: 'auto', compute: { module } });
    const buf = device.createBuffer({ size: 16, usage: STORAGE() });
    const bg1 = device.createBindGroup({ layout: p1.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(p2);
    pass.setBindGroup(0, bg1);
    pass.dispatchWorkgroups(1);
    pass.end();
    await expectValidationError(device, () => encoder.finish(), 'auto layouts are not shareable');
    await probeDevice(device);
  });
});

describe('createComputePipelineAsync', () => {
  test('resolves to a working GPUComputePipeline', T, async () => {
    const device = await getDevice();
    const out = await expectNoError(device, async () => {
      const module = device.createShaderModule({ code: SCALE_WGSL });
      const promise = device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main', constants: { factor: -1 } } });
      assert.ok(typeof promise.then === 'function');
      const pipeline = await promise;
      assert.ok(pipeline instanceof GPUComputePipeline);
      return runScale(device, pipeline, input);
    });
    assert.deepEqual([...out], [...input].map((v) => -v));
  });

  test('a validation failure rejects with GPUPipelineError (reason "validation") and dispatches no error', T, async () => {
    const device = await getDevice();
    const module = device.createShaderModule({ code: SCALE_WGSL });
    const error = await expectNoError(device, async () => {
      try {
        await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'missing' } });
      } catch (e) {
        return e;
      }
      assert.fail('createComputePipelineAsync with a missing entry point must reject');
    }, 'createComputePipelineAsync failure must not reach error scopes');
    assert.ok(error instanceof GPUPipelineError, `expected GPUPipelineError, got ${error?.constructor?.name}`);
    assert.ok(error instanceof DOMException, 'GPUPipelineError extends DOMException');
    assert.equal(error.name, 'GPUPipelineError');
    assert.equal(error.reason, 'validation');
    assert.ok(error.message.length > 0);
    await probeDevice(device);
  });
});

describe('compute pass', () => {
  test('dispatchWorkgroups(x, y, z) runs x*y*z workgroups', T, async () => {
    const device = await getDevice();
    const module = device.createShaderModule({
      code: `@group(0) @binding(0) var<storage, read_write> out: array<atomic<u32>>;
             @compute @workgroup_size(2, 1, 1) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) n: vec3u) {
               atomicAdd(&out[0], 1u);
               atomicMax(&out[1], wg.x + 1u); atomicMax(&out[2], wg.y + 1u); atomicMax(&out[3], wg.z + 1u);
               atomicStore(&out[4], n.x * 10000u + n.y * 100u + n.z);
             }`,
    });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module } });
    const buf = device.createBuffer({ size: 20, usage: STORAGE() });
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] }));
      pass.dispatchWorkgroups(3, 4, 5);
      pass.dispatchWorkgroups(0); // a zero-sized dispatch is valid and does nothing
      pass.end();
      device.queue.submit([encoder.finish()]);
    });
    assert.deepEqual([...new Uint32Array(await readBuffer(device, buf, 20))], [3 * 4 * 5 * 2, 3, 4, 5, 30405]);
  });

  test('setBindGroup with dynamic offsets (array and Uint32Array forms)', T, async () => {
    const device = await getDevice();
    const align = device.limits.minStorageBufferOffsetAlignment;
    const bgl = device.createBindGroupLayout({
      entries: [
        { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage', hasDynamicOffset: true } },
        { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage', hasDynamicOffset: true } },
      ],
    });
    const pipeline = device.createComputePipeline({
      layout: device.createPipelineLayout({ bindGroupLayouts: [bgl] }),
      compute: {
        module: device.createShaderModule({
          code: `@group(0) @binding(0) var<storage, read> src: u32;
                 @group(0) @binding(1) var<storage, read_write> dst: u32;
                 @compute @workgroup_size(1) fn main() { dst = src * 2u; }`,
        }),
      },
    });
    const srcData = new Uint32Array(align); // 4 slots of `align` bytes
    for (let slot = 0; slot < 4; slot++) srcData[(slot * align) / 4] = 10 + slot;
    const src = createBufferWithData(device, srcData, STORAGE());
    const dst = device.createBuffer({ size: 4 * align, usage: STORAGE() });
    const bg = device.createBindGroup({
      layout: bgl,
      entries: [{ binding: 0, resource: { buffer: src, size: 4 } }, { binding: 1, resource: { buffer: dst, size: 4 } }],
    });
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      // wgpu-core's lazy zero-initialisation tracks bound ranges at the static offset, not the
      // dynamic one, so a later submit re-zeroes [align, 4*align) of a never-written dst (seen with
      // wgpu-py 0.32 too; README "Known issues"). Clearing dst first marks it initialised.
      encoder.clearBuffer(dst);
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bg, [2 * align, 0]); // dst[slot 0] = src[slot 2] * 2
      pass.dispatchWorkgroups(1);
      pass.setBindGroup(0, bg, [align, 3 * align]); // dst[slot 3] = src[slot 1] * 2
      pass.dispatchWorkgroups(1);
      // Uint32Array form: offsets [3*align, align] taken from the middle of the array.
      pass.setBindGroup(0, bg, new Uint32Array([999, 3 * align, align, 999]), 1, 2); // dst[slot 1] = src[slot 3] * 2
      pass.dispatchWorkgroups(1);
      pass.end();
      device.queue.submit([encoder.finish()]);
    });
    const out = new Uint32Array(await readBuffer(device, dst, 4 * align));
    assert.deepEqual([out[0], out[align / 4], out[(2 * align) / 4], out[(3 * align) / 4]], [24, 26, 0, 22]);
  });

  test('dispatchWorkgroupsIndirect reads the workgroup counts from a buffer at an offset', T, async () => {
    const device = await getDevice();
    const module = device.createShaderModule({
      code: `@group(0) @binding(0) var<storage, read_write> out: array<atomic<u32>>;
             @compute @workgroup_size(1) fn main() { atomicAdd(&out[0], 1u); }`,
    });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module } });
    const buf = device.createBuffer({ size: 4, usage: STORAGE() });
    const indirect = createBufferWithData(device, new Uint32Array([99, 99, 2, 3, 4]), GPUBufferUsage.INDIRECT);
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] }));
      pass.dispatchWorkgroupsIndirect(indirect, 8);
      pass.end();
      device.queue.submit([encoder.finish()]);
    });
    assert.deepEqual([...new Uint32Array(await readBuffer(device, buf, 4))], [24]);
  });

  test('GPU-written indirect arguments are honoured', T, async () => {
    const device = await getDevice();
    const writer = device.createComputePipeline({
      layout: 'auto',
      compute: { module: device.createShaderModule({ code: `@group(0) @binding(0) var<storage, read_write> args: array<u32, 3>;
        @compute @workgroup_size(1) fn main() { args = array<u32, 3>(5u, 1u, 1u); }` }) },
    });
    const counter = device.createComputePipeline({
      layout: 'auto',
      compute: { module: device.createShaderModule({ code: `@group(0) @binding(0) var<storage, read_write> out: array<atomic<u32>>;
        @compute @workgroup_size(1) fn main() { atomicAdd(&out[0], 1u); }` }) },
    });
    const args = device.createBuffer({ size: 12, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.INDIRECT });
    const out = device.createBuffer({ size: 4, usage: STORAGE() });
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(writer);
      pass.setBindGroup(0, device.createBindGroup({ layout: writer.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: args } }] }));
      pass.dispatchWorkgroups(1);
      pass.setPipeline(counter);
      pass.setBindGroup(0, device.createBindGroup({ layout: counter.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: out } }] }));
      pass.dispatchWorkgroupsIndirect(args, 0);
      pass.end();
      device.queue.submit([encoder.finish()]);
    });
    assert.deepEqual([...new Uint32Array(await readBuffer(device, out, 4))], [5]);
  });
});

describe('compute pass failure modes (errors surface at encoder.finish())', () => {
  async function setup(device) {
    const module = device.createShaderModule({ code: PROBE_WGSL });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module } });
    const buf = device.createBuffer({ size: 16, usage: STORAGE() });
    const bg = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] });
    return { pipeline, bg, buf };
  }
  async function expectPassError(device, record, what) {
    const { pipeline, bg } = await setup(device);
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    await expectNoError(device, () => { record(pass, { pipeline, bg }); pass.end(); }, `${what}: recording`);
    await expectValidationError(device, () => encoder.finish(), what);
    await probeDevice(device);
  }

  test('dispatch without a pipeline', T, async () => {
    const device = await getDevice();
    await expectPassError(device, (pass, { bg }) => { pass.setBindGroup(0, bg); pass.dispatchWorkgroups(1); }, 'no pipeline');
  });

  test('dispatch without the bind group the pipeline needs', T, async () => {
    const device = await getDevice();
    await expectPassError(device, (pass, { pipeline }) => { pass.setPipeline(pipeline); pass.dispatchWorkgroups(1); }, 'no bind group');
  });

  test('dispatch over maxComputeWorkgroupsPerDimension', T, async () => {
    const device = await getDevice();
    await expectPassError(device, (pass, { pipeline, bg }) => {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(device.limits.maxComputeWorkgroupsPerDimension + 1);
    }, 'too many workgroups');
  });

  test('setBindGroup index >= maxBindGroups', T, async () => {
    const device = await getDevice();
    await expectPassError(device, (pass, { bg }) => pass.setBindGroup(device.limits.maxBindGroups, bg), 'bad index');
  });

  test('dynamic offsets: wrong count, misaligned, out of range', T, async () => {
    const device = await getDevice();
    const align = device.limits.minStorageBufferOffsetAlignment;
    const bgl = device.createBindGroupLayout({
      entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage', hasDynamicOffset: true } }],
    });
    const buf = device.createBuffer({ size: 2 * align, usage: STORAGE() });
    const bg = device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer: buf, size: align } }] });
    for (const [offsets, what] of [[[], 'no offsets'], [[0, 0], 'two offsets'], [[4], 'misaligned'], [[2 * align], 'out of range']]) {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setBindGroup(0, bg, offsets);
      pass.end();
      await expectValidationError(device, () => encoder.finish(), `dynamic offsets: ${what}`);
    }
    // Correct use is fine.
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setBindGroup(0, bg, [align]);
    pass.end();
    await expectNoError(device, () => encoder.finish());
    await probeDevice(device);
  });

  test('Uint32Array dynamic offsets: start + length beyond the array throws RangeError', T, async () => {
    const device = await getDevice();
    const { bg } = await setup(device);
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    expectThrows(() => pass.setBindGroup(0, bg, new Uint32Array(2), 1, 2), 'RangeError', 'start 1 + length 2 > 2');
    pass.end();
    await expectNoError(device, () => encoder.finish(), 'the RangeError must not invalidate the encoder');
    await probeDevice(device);
  });

  test('indirect buffer without INDIRECT usage, misaligned offset, or out of range', T, async () => {
    const device = await getDevice();
    const good = device.createBuffer({ size: 16, usage: GPUBufferUsage.INDIRECT });
    const noUsage = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE });
    for (const [buffer, offset, what] of [[noUsage, 0, 'no INDIRECT usage'], [good, 2, 'offset not a multiple of 4'], [good, 8, 'offset + 12 > size']]) {
      await expectPassError(device, (pass, { pipeline, bg }) => {
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bg);
        pass.dispatchWorkgroupsIndirect(buffer, offset);
      }, what);
    }
  });

  test('ending a pass twice', T, async () => {
    const device = await getDevice();
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.end();
    // Spec: end() on an ended pass generates a validation error right away (the encoder is not "locked").
    await expectValidationError(device, () => pass.end(), 'second end()');
    await probeDevice(device);
  });

  test('using the command encoder while a pass is open invalidates it', T, async () => {
    const device = await getDevice();
    const buf = device.createBuffer({ size: 16, usage: STORAGE() });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    encoder.clearBuffer(buf); // encoder is locked by the open pass
    pass.end();
    await expectValidationError(device, () => encoder.finish());
    await probeDevice(device);
  });

  test('finishing an encoder with an open pass', T, async () => {
    const device = await getDevice();
    const encoder = device.createCommandEncoder();
    encoder.beginComputePass();
    await expectValidationError(device, () => encoder.finish());
    await probeDevice(device);
  });

  test('a destroyed buffer in a bind group fails at submit', T, async () => {
    const device = await getDevice();
    const { pipeline, bg, buf } = await setup(device);
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bg);
    pass.dispatchWorkgroups(1);
    pass.end();
    const cb = await expectNoError(device, () => encoder.finish());
    buf.destroy();
    await expectValidationError(device, () => device.queue.submit([cb]), 'submit with destroyed buffer in bind group');
    await probeDevice(device);
  });
});
