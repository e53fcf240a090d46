// GPUQueue: writeBuffer (ArrayBuffer, TypedArrays with dataOffset/size in ELEMENTS, DataView, shared memory,
// out-of-range), submit, onSubmittedWorkDone.
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import {
  getDevice, readBuffer, expectValidationError, expectNoError, expectThrows, expectTypeError, probeDevice,
  withTimeout, T,
} from '../harness.mjs';

function dstBuffer(device, size = 32, extra = 0) {
  return device.createBuffer({ size, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC | extra });
}
async function readU32(device, buffer) {
  return [...new Uint32Array(await readBuffer(device, buffer, buffer.size))];
}

describe('queue.writeBuffer: data shapes', () => {
  test('ArrayBuffer: dataOffset and size are in bytes', T, async () => {
    const device = await getDevice();
    const buffer = dstBuffer(device, 16);
    const data = new Uint32Array([1, 2, 3, 4, 5, 6]).buffer;
    await expectNoError(device, () => device.queue.writeBuffer(buffer, 4, data, 8, 8));
    assert.deepEqual(await readU32(device, buffer), [0, 3, 4, 0]);
  });

  test('ArrayBuffer without dataOffset/size writes all of it', T, async () => {
    const device = await getDevice();
    const buffer = dstBuffer(device, 16);
    device.queue.writeBuffer(buffer, 0, new Uint32Array([7, 8, 9, 10]).buffer);
    assert.deepEqual(await readU32(device, buffer), [7, 8, 9, 10]);
  });

  test('Uint32Array: dataOffset and size are in elements', T, async () => {
    const device = await getDevice();
    const buffer = dstBuffer(device, 16);
    const data = new Uint32Array([10, 11, 12, 13, 14, 15, 16, 17]);
    await expectNoError(device, () => device.queue.writeBuffer(buffer, 0, data, 2, 3));
    assert.deepEqual(await readU32(device, buffer), [12, 13, 14, 0]);
  });

  test('Uint32Array: dataOffset in elements, size omitted -> the rest of the array', T, async () => {
    const device = await getDevice();
    const buffer = dstBuffer(device, 16);
    device.queue.writeBuffer(buffer, 4, new Uint32Array([1, 2, 3, 4, 5]), 2);
    assert.deepEqual(await readU32(device, buffer), [0, 3, 4, 5]);
  });

  test('Uint16Array: size 2 elements = 4 bytes; Float64Array: size 1 element = 8 bytes', T, async () => {
    const device = await getDevice();
    const buffer = dstBuffer(device, 16);
    device.queue.writeBuffer(buffer, 0, new Uint16Array([1, 2, 3, 4, 5, 6]), 4, 2);
    device.queue.writeBuffer(buffer, 8, new Float64Array([0.5, 1.25, 2.5]), 1, 1);
    const bytes = await readBuffer(device, buffer, 16);
    assert.deepEqual([...new Uint16Array(bytes, 0, 2)], [5, 6]);
    assert.deepEqual([...new Float64Array(bytes, 8, 1)], [1.25]);
  });

  test('a TypedArray view with a non-zero byteOffset writes its own elements, not the underlying buffer start', T, async () => {
    const device = await getDevice();
    const buffer = dstBuffer(device, 16);
    const backing = new Uint32Array([100, 101, 102, 103, 104, 105, 106, 107]);
    const view = backing.subarray(3, 7); // [103, 104, 105, 106]
    device.queue.writeBuffer(buffer, 0, view, 1, 2);
    assert.deepEqual(await readU32(device, buffer), [104, 105, 0, 0]);
  });

  test('Int8Array / Float32Array / BigUint64Array element sizes', T, async () => {
    const device = await getDevice();
    const buffer = dstBuffer(device, 32);
    device.queue.writeBuffer(buffer, 0, new Int8Array([-1, -2, -3, -4, -5, -6, -7, -8]), 4, 4);
    device.queue.writeBuffer(buffer, 4, new Float32Array([9, 8.5, 7]), 1, 1);
    device.queue.writeBuffer(buffer, 8, new BigUint64Array([1n, 2n ** 40n + 3n]), 1, 1);
    const bytes = await readBuffer(device, buffer, 32);
    assert.deepEqual([...new Int8Array(bytes, 0, 4)], [-5, -6, -7, -8]);
    assert.deepEqual([...new Float32Array(bytes, 4, 1)], [8.5]);
    assert.deepEqual([...new BigUint64Array(bytes, 8, 1)], [2n ** 40n + 3n]);
  });

  test('DataView: offsets in bytes, relative to the view; out-of-range throws OperationError', T, async () => {
    // AllowSharedBufferSource includes ArrayBufferView, so DataView is valid. (dawn.node rejects DataView
    // with a TypeError — a dawn deviation.)
    const device = await getDevice();
    const buffer = dstBuffer(device, 16);
    const backing = new Uint32Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
    const dv = new DataView(backing, 8, 16); // elements [3, 4, 5, 6]
    device.queue.writeBuffer(buffer, 0, dv);
    device.queue.writeBuffer(buffer, 8, dv, 4, 4); // element 4 -> offset 8
    assert.deepEqual(await readU32(device, buffer), [3, 4, 4, 6]);
    await expectNoError(device, () => {
      expectThrows(() => device.queue.writeBuffer(buffer, 0, new DataView(backing, 20), 0, 16), 'OperationError',
        'DataView of 12 bytes, size 16');
    });
    await probeDevice(device);
  });

  test('SharedArrayBuffer and views over it are accepted (AllowSharedBufferSource)', T, async () => {
    // writeBuffer takes AllowSharedBufferSource. (dawn.node rejects SharedArrayBuffer — a dawn deviation.)
    const device = await getDevice();
    const buffer = dstBuffer(device, 16);
    const sab = new SharedArrayBuffer(16);
    new Uint32Array(sab).set([21, 22, 23, 24]);
    device.queue.writeBuffer(buffer, 0, sab, 0, 8);
    device.queue.writeBuffer(buffer, 8, new Uint32Array(sab), 3, 1);
    assert.deepEqual(await readU32(device, buffer), [21, 22, 24, 0]);
  });

  test('the data is copied at call time: later changes to the source do not reach the GPU', T, async () => {
    const device = await getDevice();
    const buffer = dstBuffer(device, 16);
    const data = new Uint32Array([1, 2, 3, 4]);
    device.queue.writeBuffer(buffer, 0, data);
    data.fill(0xdead);
    assert.deepEqual(await readU32(device, buffer), [1, 2, 3, 4]);
  });

  test('writes and submits execute in call order', T, async () => {
    const device = await getDevice();
    const a = dstBuffer(device, 16);
    const b = dstBuffer(device, 16);
    device.queue.writeBuffer(a, 0, new Uint32Array([1, 1, 1, 1]));
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(a, 0, b, 0, 16);
    device.queue.submit([encoder.finish()]);
    device.queue.writeBuffer(a, 0, new Uint32Array([2, 2, 2, 2]));
    assert.deepEqual(await readU32(device, b), [1, 1, 1, 1], 'the copy must see the write before it');
    assert.deepEqual(await readU32(device, a), [2, 2, 2, 2], 'the later write must land after the copy');
  });

  test('a large write (4 MiB) arrives intact', T, async () => {
    const device = await getDevice();
    const n = 1 << 20;
    const buffer = dstBuffer(device, n * 4);
    const data = Uint32Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 0);
    device.queue.writeBuffer(buffer, 0, data);
    const out = new Uint32Array(await readBuffer(device, buffer, n * 4));
    assert.equal(out.length, n);
    for (let i = 0; i < n; i += 4099) assert.equal(out[i], data[i], `element ${i}`);
    assert.equal(out[n - 1], data[n - 1]);
  });
});

describe('queue.writeBuffer: failure modes', () => {
  test('dataOffset + size beyond the data (in elements) throws OperationError synchronously', T, async () => {
    const device = await getDevice();
    const buffer = dstBuffer(device, 64);
    const data = new Uint32Array(4);
    await expectNoError(device, () => {
      expectThrows(() => device.queue.writeBuffer(buffer, 0, data, 2, 3), 'OperationError', 'u32 2+3 > 4');
      expectThrows(() => device.queue.writeBuffer(buffer, 0, data, 5), 'OperationError', 'u32 dataOffset 5 > 4');
      expectThrows(() => device.queue.writeBuffer(buffer, 0, data.buffer, 8, 12), 'OperationError', 'bytes 8+12 > 16');
    }, 'content-timeline writeBuffer errors generate no device error');
    // In elements, 4 + 0 fits; in bytes it would not (so this distinguishes element from byte units).
    await expectNoError(device, () => device.queue.writeBuffer(buffer, 0, new Uint32Array(8), 4, 4));
    await probeDevice(device);
  });

  test('a size that is not a multiple of 4 bytes throws OperationError synchronously', T, async () => {
    const device = await getDevice();
    const buffer = dstBuffer(device, 16);
    await expectNoError(device, () => {
      expectThrows(() => device.queue.writeBuffer(buffer, 0, new Uint8Array(6)), 'OperationError', '6 bytes');
      expectThrows(() => device.queue.writeBuffer(buffer, 0, new Uint16Array(4), 0, 3), 'OperationError', '3 u16');
      expectThrows(() => device.queue.writeBuffer(buffer, 0, new ArrayBuffer(16), 0, 2), 'OperationError', '2 bytes');
    });
    await probeDevice(device);
  });

  test('bufferOffset + size beyond the buffer is a validation error', T, async () => {
    const device = await getDevice();
    const buffer = dstBuffer(device, 16);
    await expectValidationError(device, () => device.queue.writeBuffer(buffer, 8, new Uint32Array(4)));
    await expectValidationError(device, () => device.queue.writeBuffer(buffer, 20, new Uint32Array(0)));
    assert.deepEqual(await readU32(device, buffer), [0, 0, 0, 0], 'a failed write must not partially land');
    await probeDevice(device);
  });

  test('bufferOffset not a multiple of 4 is a validation error', T, async () => {
    const device = await getDevice();
    const buffer = dstBuffer(device, 16);
    await expectValidationError(device, () => device.queue.writeBuffer(buffer, 2, new Uint32Array(2)));
    await probeDevice(device);
  });

  test('a buffer without COPY_DST usage is a validation error', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_SRC });
    await expectValidationError(device, () => device.queue.writeBuffer(buffer, 0, new Uint32Array(4)));
    await probeDevice(device);
  });

  test('a destroyed buffer is a validation error', T, async () => {
    const device = await getDevice();
    const buffer = dstBuffer(device, 16);
    buffer.destroy();
    await expectValidationError(device, () => device.queue.writeBuffer(buffer, 0, new Uint32Array(4)));
    await probeDevice(device);
  });

  test('a mapped buffer is a validation error', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST, mappedAtCreation: true });
    await expectValidationError(device, () => device.queue.writeBuffer(buffer, 0, new Uint32Array(4)));
    buffer.unmap();
    await expectNoError(device, () => device.queue.writeBuffer(buffer, 0, new Uint32Array(4)));
    await probeDevice(device);
  });

  test('data that is not a BufferSource (string, number, plain array) throws TypeError', T, async () => {
    const device = await getDevice();
    const buffer = dstBuffer(device, 16);
    await expectTypeError(device, () => device.queue.writeBuffer(buffer, 0, 'abcd'), 'string data');
    await expectTypeError(device, () => device.queue.writeBuffer(buffer, 0, 42), 'number data');
    await expectTypeError(device, () => device.queue.writeBuffer(buffer, 0, [1, 2, 3, 4]), 'array data');
    await expectTypeError(device, () => device.queue.writeBuffer({}, 0, new Uint32Array(4)), 'buffer not a GPUBuffer');
    await expectTypeError(device, () => device.queue.writeBuffer(buffer, -4, new Uint32Array(4)), 'negative bufferOffset');
    await probeDevice(device);
  });
});

describe('queue.submit', () => {
  test('submit([]) is valid and does nothing', T, async () => {
    const device = await getDevice();
    await expectNoError(device, () => device.queue.submit([]));
    await probeDevice(device);
  });

  test('several command buffers in one submit run in order', T, async () => {
    const device = await getDevice();
    const a = dstBuffer(device, 16);
    const b = dstBuffer(device, 16);
    device.queue.writeBuffer(a, 0, new Uint32Array([4, 3, 2, 1]));
    const e1 = device.createCommandEncoder();
    e1.copyBufferToBuffer(a, 0, b, 0, 16);
    const e2 = device.createCommandEncoder();
    e2.clearBuffer(a);
    await expectNoError(device, () => device.queue.submit([e1.finish(), e2.finish()]));
    assert.deepEqual(await readU32(device, b), [4, 3, 2, 1]);
    assert.deepEqual(await readU32(device, a), [0, 0, 0, 0]);
  });

  test('submitting the same command buffer twice is a validation error the second time', T, async () => {
    const device = await getDevice();
    const a = dstBuffer(device, 16);
    const encoder = device.createCommandEncoder();
    encoder.clearBuffer(a);
    const cb = encoder.finish();
    await expectNoError(device, () => device.queue.submit([cb]));
    await expectValidationError(device, () => device.queue.submit([cb]), 'resubmit');
    await probeDevice(device);
  });

  test('the same command buffer twice in one submit is a validation error', T, async () => {
    const device = await getDevice();
    const a = dstBuffer(device, 16);
    const encoder = device.createCommandEncoder();
    encoder.clearBuffer(a);
    const cb = encoder.finish();
    await expectValidationError(device, () => device.queue.submit([cb, cb]), 'duplicate');
    await probeDevice(device);
  });

  test('submitting a command buffer that uses a destroyed buffer is a validation error', T, async () => {
    const device = await getDevice();
    const a = dstBuffer(device, 16);
    const encoder = device.createCommandEncoder();
    encoder.clearBuffer(a);
    const cb = encoder.finish();
    a.destroy();
    await expectValidationError(device, () => device.queue.submit([cb]), 'destroyed buffer in submit');
    await probeDevice(device);
  });

  // A compute pass that binds a storage texture: submit must see the texture is destroyed and report a
  // validation error (wgpu-native's submit error for a destroyed texture is a panic that aborts the process).
  test('submitting a compute pass whose bind group holds a destroyed storage texture is a validation error', T, async () => {
    const device = await getDevice();
    const texture = device.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: GPUTextureUsage.STORAGE_BINDING });
    const module = device.createShaderModule({ code: `
      @group(0) @binding(0) var t: texture_storage_2d<rgba8unorm, write>;
      @compute @workgroup_size(1) fn main() { textureStore(t, vec2u(0, 0), vec4f(1)); }` });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: texture.createView() }] });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(1);
    pass.end();
    const cb = encoder.finish();
    texture.destroy();
    await expectValidationError(device, () => device.queue.submit([cb]), 'destroyed storage texture in submit');
    await probeDevice(device);
  });

  test('submitting a command buffer that uses a mapped buffer is a validation error', T, async () => {
    const device = await getDevice();
    const src = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    const dst = dstBuffer(device, 16);
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(src, 0, dst, 0, 16);
    const cb = encoder.finish();
    await expectValidationError(device, () => device.queue.submit([cb]), 'mapped buffer in submit');
    src.unmap();
    await probeDevice(device);
  });

  test('non-sequence argument throws TypeError', T, async () => {
    const device = await getDevice();
    await expectTypeError(device, () => device.queue.submit(), 'submit()');
    await expectTypeError(device, () => device.queue.submit([{}]), 'submit([{}])');
    await expectTypeError(device, () => device.queue.submit(42), 'submit(42)');
    await probeDevice(device);
  });
});

describe('queue.onSubmittedWorkDone', () => {
  test('resolves with undefined when nothing was submitted', T, async () => {
    const device = await getDevice();
    assert.equal(await withTimeout(device.queue.onSubmittedWorkDone(), 10_000, 'onSubmittedWorkDone'), undefined);
  });

  test('resolves after submitted work; promises settle in call order', T, async () => {
    const device = await getDevice();
    const order = [];
    const a = dstBuffer(device, 1024);
    const ps = [];
    for (let i = 0; i < 5; i++) {
      const encoder = device.createCommandEncoder();
      encoder.clearBuffer(a);
      device.queue.submit([encoder.finish()]);
      ps.push(device.queue.onSubmittedWorkDone().then(() => order.push(i)));
    }
    await withTimeout(Promise.all(ps), 10_000, 'onSubmittedWorkDone x5');
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
  });

  test('after it resolves, earlier work is complete (a later map sees it)', T, async () => {
    const device = await getDevice();
    const dst = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(dst, 0, new Uint32Array([6, 7, 8, 9]));
    await device.queue.onSubmittedWorkDone();
    await dst.mapAsync(GPUMapMode.READ);
    assert.deepEqual([...new Uint32Array(dst.getMappedRange())], [6, 7, 8, 9]);
    dst.unmap();
  });
});
