// Bind group layouts, bind groups and pipeline layouts (explicit), including their validation errors.
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import {
  getDevice, readBuffer, expectValidationError, expectNoError, probeDevice, createBufferWithData, PROBE_WGSL, T,
} from '../harness.mjs';

const STORAGE = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

function twoBufferLayout(device) {
  return device.createBindGroupLayout({
    label: 'two-buffers',
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } },
      { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
    ],
  });
}

const ADD_WGSL = /* wgsl */ `
struct Params { add: u32 }
@group(0) @binding(0) var<storage, read> src: array<u32>;
@group(0) @binding(1) var<storage, read_write> dst: array<u32>;
@group(1) @binding(0) var<uniform> params: Params;
@compute @workgroup_size(4)
fn main(@builtin(global_invocation_id) id: vec3u) {
  dst[id.x] = src[id.x] + params.add;
}`;

describe('explicit layouts end to end', () => {
  test('two bind group layouts + pipeline layout + bind groups drive a compute pipeline', T, async () => {
    const device = await getDevice();
    await expectNoError(device, async () => {
      const bgl0 = twoBufferLayout(device);
      const bgl1 = device.createBindGroupLayout({
        entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', minBindingSize: 4 } }],
      });
      assert.ok(bgl0 instanceof GPUBindGroupLayout);
      const layout = device.createPipelineLayout({ bindGroupLayouts: [bgl0, bgl1] });
      assert.ok(layout instanceof GPUPipelineLayout);
      const pipeline = device.createComputePipeline({
        layout, compute: { module: device.createShaderModule({ code: ADD_WGSL }), entryPoint: 'main' },
      });
      const src = createBufferWithData(device, new Uint32Array([1, 2, 3, 4, 5, 6, 7, 8]), STORAGE());
      const dst = device.createBuffer({ size: 32, usage: STORAGE() });
      const uni = createBufferWithData(device, new Uint32Array([100]), GPUBufferUsage.UNIFORM);
      const bg0 = device.createBindGroup({
        layout: bgl0,
        entries: [{ binding: 0, resource: { buffer: src } }, { binding: 1, resource: { buffer: dst } }],
      });
      const bg1 = device.createBindGroup({ layout: bgl1, entries: [{ binding: 0, resource: { buffer: uni, size: 4 } }] });
      assert.ok(bg0 instanceof GPUBindGroup);
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bg0);
      pass.setBindGroup(1, bg1);
      pass.dispatchWorkgroups(2);
      pass.end();
      device.queue.submit([encoder.finish()]);
      assert.deepEqual([...new Uint32Array(await readBuffer(device, dst, 32))], [101, 102, 103, 104, 105, 106, 107, 108]);
    });
  });

  test('buffer binding offset and size select a sub-range', T, async () => {
    const device = await getDevice();
    const align = device.limits.minStorageBufferOffsetAlignment;
    const bgl = twoBufferLayout(device);
    const pipeline = device.createComputePipeline({
      layout: device.createPipelineLayout({ bindGroupLayouts: [bgl] }),
      compute: {
        module: device.createShaderModule({
          code: `@group(0) @binding(0) var<storage, read> src: array<u32>;
                 @group(0) @binding(1) var<storage, read_write> dst: array<u32>;
                 @compute @workgroup_size(1) fn main() { dst[0] = src[0]; dst[1] = arrayLength(&src); }`,
        }),
      },
    });
    const data = new Uint32Array((align + 16) / 4);
    data[align / 4] = 4242;
    const src = createBufferWithData(device, data, STORAGE());
    const dst = device.createBuffer({ size: 8, usage: STORAGE() });
    await expectNoError(device, async () => {
      const bg = device.createBindGroup({
        layout: bgl,
        entries: [{ binding: 0, resource: { buffer: src, offset: align, size: 12 } }, { binding: 1, resource: { buffer: dst } }],
      });
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(1);
      pass.end();
      device.queue.submit([encoder.finish()]);
    });
    assert.deepEqual([...new Uint32Array(await readBuffer(device, dst, 8))], [4242, 3]);
  });
});

describe('GPUBindingResource forms', () => {
  test('a GPUBuffer passed directly as the resource binds the whole buffer', T, async () => {
    // GPUBindingResource includes GPUBuffer (equivalent to { buffer }) in the current spec.
    const device = await getDevice();
    const pipeline = device.createComputePipeline({
      layout: 'auto', compute: { module: device.createShaderModule({ code: PROBE_WGSL }) },
    });
    const b = createBufferWithData(device, new Uint32Array([1, 1, 1, 1]), STORAGE());
    await expectNoError(device, () => {
      const bg = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: b }] });
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(1);
      pass.end();
      device.queue.submit([encoder.finish()]);
    });
    assert.deepEqual([...new Uint32Array(await readBuffer(device, b, 16))], [4, 5, 6, 7]);
  });
});

describe('createBindGroupLayout failure modes', () => {
  test('duplicate binding numbers', T, async () => {
    const device = await getDevice();
    await expectValidationError(device, () => device.createBindGroupLayout({
      entries: [
        { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: {} },
        { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
      ],
    }));
    await probeDevice(device);
  });

  test('an entry with no binding resource type', T, async () => {
    const device = await getDevice();
    await expectValidationError(device, () => device.createBindGroupLayout({
      entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE }],
    }));
    await probeDevice(device);
  });

  test('an entry with two binding resource types', T, async () => {
    const device = await getDevice();
    await expectValidationError(device, () => device.createBindGroupLayout({
      entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: {}, sampler: {} }],
    }));
    await probeDevice(device);
  });

  test('writable storage buffer visible to the vertex stage', T, async () => {
    const device = await getDevice();
    await expectValidationError(device, () => device.createBindGroupLayout({
      entries: [{ binding: 0, visibility: GPUShaderStage.VERTEX, buffer: { type: 'storage' } }],
    }));
    await probeDevice(device);
  });

  test('binding number >= maxBindingsPerBindGroup', T, async () => {
    const device = await getDevice();
    await expectValidationError(device, () => device.createBindGroupLayout({
      entries: [{ binding: device.limits.maxBindingsPerBindGroup, visibility: GPUShaderStage.COMPUTE, buffer: {} }],
    }));
    await probeDevice(device);
  });

  test('more dynamic storage buffers than maxDynamicStorageBuffersPerPipelineLayout', T, async () => {
    const device = await getDevice();
    const n = device.limits.maxDynamicStorageBuffersPerPipelineLayout + 1;
    await expectValidationError(device, () => device.createBindGroupLayout({
      entries: Array.from({ length: n }, (_, i) => ({
        binding: i, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage', hasDynamicOffset: true },
      })),
    }));
    await probeDevice(device);
  });

  test('an empty layout is valid', T, async () => {
    const device = await getDevice();
    const bgl = await expectNoError(device, () => device.createBindGroupLayout({ entries: [] }));
    await expectNoError(device, () => device.createBindGroup({ layout: bgl, entries: [] }));
  });
});

describe('createBindGroup failure modes', () => {
  test('missing entry for a layout binding', T, async () => {
    const device = await getDevice();
    const bgl = twoBufferLayout(device);
    const b = device.createBuffer({ size: 16, usage: STORAGE() });
    await expectValidationError(device, () => device.createBindGroup({
      layout: bgl, entries: [{ binding: 0, resource: { buffer: b } }],
    }));
    await probeDevice(device);
  });

  test('entry for a binding that is not in the layout', T, async () => {
    const device = await getDevice();
    const bgl = twoBufferLayout(device);
    const b = device.createBuffer({ size: 16, usage: STORAGE() });
    await expectValidationError(device, () => device.createBindGroup({
      layout: bgl,
      entries: [0, 1, 7].map((binding) => ({ binding, resource: { buffer: b } })),
    }));
    await probeDevice(device);
  });

  test('buffer without the usage the binding type needs', T, async () => {
    const device = await getDevice();
    const bgl = twoBufferLayout(device);
    const storage = device.createBuffer({ size: 16, usage: STORAGE() });
    const uniformOnly = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM });
    await expectValidationError(device, () => device.createBindGroup({
      layout: bgl,
      entries: [{ binding: 0, resource: { buffer: storage } }, { binding: 1, resource: { buffer: uniformOnly } }],
    }));
    await probeDevice(device);
  });

  test('binding offset not a multiple of minStorageBufferOffsetAlignment', T, async () => {
    const device = await getDevice();
    const bgl = twoBufferLayout(device);
    const b = device.createBuffer({ size: 1024, usage: STORAGE() });
    await expectValidationError(device, () => device.createBindGroup({
      layout: bgl,
      entries: [{ binding: 0, resource: { buffer: b, offset: 4, size: 16 } }, { binding: 1, resource: { buffer: b, offset: 512, size: 16 } }],
    }));
    await probeDevice(device);
  });

  test('binding range past the end of the buffer', T, async () => {
    const device = await getDevice();
    const bgl = twoBufferLayout(device);
    const a = device.createBuffer({ size: 64, usage: STORAGE() });
    const b = device.createBuffer({ size: 64, usage: STORAGE() });
    await expectValidationError(device, () => device.createBindGroup({
      layout: bgl,
      entries: [{ binding: 0, resource: { buffer: a, offset: 0, size: 128 } }, { binding: 1, resource: { buffer: b } }],
    }));
    await probeDevice(device);
  });

  test('a layout from another device', T, async () => {
    const device = await getDevice();
    const other = await getDevice();
    const foreignLayout = twoBufferLayout(other);
    const a = device.createBuffer({ size: 16, usage: STORAGE() });
    const b = device.createBuffer({ size: 16, usage: STORAGE() });
    await expectValidationError(device, () => device.createBindGroup({
      layout: foreignLayout,
      entries: [{ binding: 0, resource: { buffer: a } }, { binding: 1, resource: { buffer: b } }],
    }));
    await probeDevice(device);
    await probeDevice(other);
  });

  test('an invalid layout makes the bind group invalid (contagious invalidity)', T, async () => {
    const device = await getDevice();
    let bad;
    await expectValidationError(device, () => {
      bad = device.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE }] });
    });
    await expectValidationError(device, () => device.createBindGroup({ layout: bad, entries: [] }));
    await expectValidationError(device, () => device.createPipelineLayout({ bindGroupLayouts: [bad] }));
    await probeDevice(device);
  });
});

describe('createPipelineLayout failure modes', () => {
  test('more bind group layouts than maxBindGroups', T, async () => {
    const device = await getDevice();
    const bgl = device.createBindGroupLayout({ entries: [] });
    const layouts = Array.from({ length: device.limits.maxBindGroups + 1 }, () => bgl);
    await expectValidationError(device, () => device.createPipelineLayout({ bindGroupLayouts: layouts }));
    await expectNoError(device, () => device.createPipelineLayout({ bindGroupLayouts: layouts.slice(1) }));
    await probeDevice(device);
  });

  test('pipeline layout that does not match the shader', T, async () => {
    const device = await getDevice();
    const bgl = device.createBindGroupLayout({
      entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } }],
    });
    // The shader needs a read_write storage buffer at @group(0) @binding(0); the layout offers a uniform buffer.
    await expectValidationError(device, () => device.createComputePipeline({
      layout: device.createPipelineLayout({ bindGroupLayouts: [bgl] }),
      compute: { module: device.createShaderModule({ code: PROBE_WGSL }), entryPoint: 'main' },
    }));
    await probeDevice(device);
  });
});
