// GPUBuffer: creation (incl. mappedAtCreation), mapAsync read/write, getMappedRange ranges and alignment,
// ArrayBuffer detachment on unmap/destroy, unmap, destroy, size/usage/mapState transitions.
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import {
  getDevice, readBuffer, expectValidationError, expectNoError, expectRejects, expectThrows, probeDevice,
  createBufferWithData, T,
} from '../harness.mjs';

describe('createBuffer', () => {
  test('size, usage, label and mapState reflect the descriptor', T, async () => {
    const device = await getDevice();
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const buffer = await expectNoError(device, () => device.createBuffer({ label: 'b0', size: 64, usage }));
    assert.ok(buffer instanceof GPUBuffer);
    assert.equal(buffer.size, 64);
    assert.equal(buffer.usage, usage);
    assert.equal(buffer.label, 'b0');
    assert.equal(buffer.mapState, 'unmapped');
  });

  test('a new buffer is zero-initialised', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 256, usage: GPUBufferUsage.COPY_SRC });
    const bytes = new Uint8Array(await readBuffer(device, buffer, 256));
    assert.ok(bytes.every((b) => b === 0));
  });

  test('size 0 is valid', T, async () => {
    const device = await getDevice();
    const buffer = await expectNoError(device, () => device.createBuffer({ size: 0, usage: GPUBufferUsage.COPY_DST }));
    assert.equal(buffer.size, 0);
    await probeDevice(device);
  });

  test('size above maxBufferSize is a validation error; the object still reports its descriptor', T, async () => {
    const device = await getDevice();
    let buffer;
    await expectValidationError(device, () => {
      buffer = device.createBuffer({ size: device.limits.maxBufferSize + 256, usage: GPUBufferUsage.STORAGE });
    });
    assert.equal(buffer.size, device.limits.maxBufferSize + 256);
    assert.equal(buffer.usage, GPUBufferUsage.STORAGE);
    await probeDevice(device);
  });

  test('usage 0 is a validation error', T, async () => {
    const device = await getDevice();
    await expectValidationError(device, () => device.createBuffer({ size: 16, usage: 0 }));
    await probeDevice(device);
  });

  test('MAP_READ combined with anything but COPY_DST is a validation error', T, async () => {
    const device = await getDevice();
    await expectValidationError(device, () => device.createBuffer({
      size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE,
    }));
    await expectNoError(device, () => device.createBuffer({
      size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    }));
    await probeDevice(device);
  });

  test('MAP_WRITE combined with anything but COPY_SRC is a validation error', T, async () => {
    const device = await getDevice();
    await expectValidationError(device, () => device.createBuffer({
      size: 16, usage: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_DST,
    }));
    await expectNoError(device, () => device.createBuffer({
      size: 16, usage: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC,
    }));
    await probeDevice(device);
  });

  test('usage bits outside GPUBufferUsage are a validation error', T, async () => {
    const device = await getDevice();
    await expectValidationError(device, () => device.createBuffer({ size: 16, usage: 1 << 20 }));
    await probeDevice(device);
  });
});

describe('mappedAtCreation', () => {
  test('buffer starts mapped, writes land in the buffer after unmap', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    assert.equal(buffer.mapState, 'mapped');
    const range = buffer.getMappedRange();
    assert.ok(range instanceof ArrayBuffer);
    assert.equal(range.byteLength, 16);
    assert.ok(new Uint8Array(range).every((b) => b === 0), 'mappedAtCreation contents start zeroed');
    new Uint32Array(range).set([11, 22, 33, 44]);
    buffer.unmap();
    assert.equal(buffer.mapState, 'unmapped');
    assert.deepEqual([...new Uint32Array(await readBuffer(device, buffer, 16))], [11, 22, 33, 44]);
  });

  test('works without MAP_WRITE usage and with MAP_WRITE usage', T, async () => {
    const device = await getDevice();
    for (const usage of [GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
      GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC]) {
      const buffer = await expectNoError(device, () => device.createBuffer({ size: 8, usage, mappedAtCreation: true }));
      new Float32Array(buffer.getMappedRange()).set([1.5, -2.5]);
      buffer.unmap();
      assert.deepEqual([...new Float32Array(await readBuffer(device, buffer, 8))], [1.5, -2.5]);
    }
  });

  test('size not a multiple of 4 throws RangeError synchronously, with no device error', T, async () => {
    const device = await getDevice();
    await expectNoError(device, () => {
      expectThrows(() => device.createBuffer({ size: 6, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true }),
        'RangeError', 'createBuffer({size: 6, mappedAtCreation: true})');
    });
    await probeDevice(device);
  });

  test('a mapping too large for an ArrayBuffer throws RangeError from createBuffer, with no device error', T, async () => {
    const device = await getDevice();
    const size = Number.MAX_SAFE_INTEGER - 7; // 2^53 - 8: a multiple of 8, far beyond maxBufferSize and any memory
    for (const usage of [GPUBufferUsage.MAP_WRITE, GPUBufferUsage.COPY_SRC, GPUBufferUsage.STORAGE]) {
      await expectNoError(device, () => {
        expectThrows(() => device.createBuffer({ size, usage, mappedAtCreation: true }), 'RangeError',
          `createBuffer({size: 2^53 - 8, usage: ${usage}, mappedAtCreation: true})`);
      });
    }
    await probeDevice(device);
  });

  test('an invalid buffer created mappedAtCreation can still be written through getMappedRange', T, async () => {
    const device = await getDevice();
    let buffer;
    await expectValidationError(device, () => {
      buffer = device.createBuffer({ size: 16, usage: 0, mappedAtCreation: true });
    });
    // Spec: it is always valid to get mapped ranges of a mappedAtCreation buffer, even if it is invalid.
    assert.equal(buffer.mapState, 'mapped');
    const range = buffer.getMappedRange();
    assert.equal(range.byteLength, 16);
    new Uint8Array(range).fill(7);
    await expectNoError(device, () => buffer.unmap(), 'unmap of an invalid mappedAtCreation buffer');
    assert.equal(range.byteLength, 0);
    await probeDevice(device);
  });

  test('several disjoint ranges can be obtained; each is its own ArrayBuffer', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 32, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    const a = buffer.getMappedRange(0, 8);
    const b = buffer.getMappedRange(8, 16);
    const c = buffer.getMappedRange(24);
    assert.equal(a.byteLength, 8);
    assert.equal(b.byteLength, 16);
    assert.equal(c.byteLength, 8);
    assert.notEqual(a, b);
    new Uint32Array(a).set([1, 2]);
    new Uint32Array(b).set([3, 4, 5, 6]);
    new Uint32Array(c).set([7, 8]);
    buffer.unmap();
    for (const r of [a, b, c]) assert.equal(r.byteLength, 0, 'every range must be detached by unmap');
    assert.deepEqual([...new Uint32Array(await readBuffer(device, buffer, 32))], [1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('mapAsync', () => {
  test('READ: mapState goes unmapped -> pending -> mapped -> unmapped and the data is read', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, new Uint32Array([5, 6, 7, 8]));
    assert.equal(buffer.mapState, 'unmapped');
    const p = buffer.mapAsync(GPUMapMode.READ);
    assert.equal(buffer.mapState, 'pending');
    assert.equal(await p, undefined, 'mapAsync resolves with undefined');
    assert.equal(buffer.mapState, 'mapped');
    const range = buffer.getMappedRange();
    assert.deepEqual([...new Uint32Array(range)], [5, 6, 7, 8]);
    buffer.unmap();
    assert.equal(buffer.mapState, 'unmapped');
    assert.equal(range.byteLength, 0, 'the ArrayBuffer is detached by unmap');
    // A really detached ArrayBuffer (not merely empty) cannot back a new view.
    assert.throws(() => new Uint32Array(range), TypeError);
  });

  test('READ: each map shows the data the GPU wrote last, whatever was done to the previous mapping', T, async () => {
    // The spec also says changes made through a READ mapping are discarded at unmap. wgpu-ts (like
    // dawn.node) maps READ buffers zero-copy, so such changes are only overwritten by the next GPU write;
    // the README states this deviation. What both guarantee: a new map sees the GPU's latest data.
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, new Uint32Array([1, 2]));
    await buffer.mapAsync(GPUMapMode.READ);
    const first = new Uint32Array(buffer.getMappedRange());
    assert.deepEqual([...first], [1, 2]);
    first.set([99, 98]);
    buffer.unmap();
    assert.equal(first.length, 0, 'the view is detached by unmap');
    device.queue.writeBuffer(buffer, 0, new Uint32Array([3, 4]));
    await buffer.mapAsync(GPUMapMode.READ);
    assert.deepEqual([...new Uint32Array(buffer.getMappedRange())], [3, 4]);
    buffer.unmap();
  });

  test('WRITE: data written to the mapped range reaches the GPU, and is seen by the next WRITE map', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC });
    await buffer.mapAsync(GPUMapMode.WRITE);
    assert.equal(buffer.mapState, 'mapped');
    const range = buffer.getMappedRange();
    assert.ok(new Uint8Array(range).every((b) => b === 0));
    new Int32Array(range).set([-1, 2, -3, 4]);
    buffer.unmap();
    assert.equal(range.byteLength, 0);
    assert.deepEqual([...new Int32Array(await readBuffer(device, buffer, 16))], [-1, 2, -3, 4]);
    await buffer.mapAsync(GPUMapMode.WRITE);
    assert.deepEqual([...new Int32Array(buffer.getMappedRange())], [-1, 2, -3, 4]);
    buffer.unmap();
  });

  test('offset and size map a sub-range; getMappedRange is limited to it', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 32, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, Uint32Array.from({ length: 8 }, (_, i) => i * 10));
    await buffer.mapAsync(GPUMapMode.READ, 8, 16);
    assert.deepEqual([...new Uint32Array(buffer.getMappedRange(8, 16))], [20, 30, 40, 50]);
    expectThrows(() => buffer.getMappedRange(0, 8), 'OperationError', 'getMappedRange before the mapped range');
    expectThrows(() => buffer.getMappedRange(16, 16), 'OperationError', 'getMappedRange past the mapped range');
    expectThrows(() => buffer.getMappedRange(), 'OperationError', 'getMappedRange() starts at 0, outside the mapping');
    expectThrows(() => buffer.getMappedRange(8), 'OperationError', 'a missing size runs to the end of the buffer, past the mapping');
    buffer.unmap();
    // offset only: maps to the end.
    await buffer.mapAsync(GPUMapMode.READ, 24);
    assert.deepEqual([...new Uint32Array(buffer.getMappedRange(24))], [60, 70]);
    buffer.unmap();
    await probeDevice(device);
  });

  test('sees the results of previously submitted GPU work', T, async () => {
    const device = await getDevice();
    const src = createBufferWithData(device, new Uint32Array([9, 8, 7, 6]), GPUBufferUsage.COPY_SRC);
    const dst = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(src, 0, dst, 0, 16);
    device.queue.submit([encoder.finish()]);
    await dst.mapAsync(GPUMapMode.READ);
    assert.deepEqual([...new Uint32Array(dst.getMappedRange())], [9, 8, 7, 6]);
    dst.unmap();
  });

  test('mapAsync settles before a later onSubmittedWorkDone', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ });
    const order = [];
    const p1 = buffer.mapAsync(GPUMapMode.READ).then(() => order.push('map'));
    const p2 = device.queue.onSubmittedWorkDone().then(() => order.push('done'));
    await Promise.all([p1, p2]);
    assert.deepEqual(order, ['map', 'done']);
    buffer.unmap();
  });
});

describe('mappedAtCreation on mappable buffers', () => {
  // wgpu-native maps a buffer without MAP_WRITE at creation through a staging buffer that only the next
  // submit copies in; the data must be there for a mapAsync issued right after unmap() all the same.
  for (const [name, usage, mode] of [['MAP_READ | COPY_DST', 'read', 'READ'], ['MAP_WRITE | COPY_SRC', 'write', 'WRITE'], ['MAP_READ', 'readOnly', 'READ']]) {
    test(`${name}: data written before unmap() is there at the next mapAsync(${mode})`, T, async () => {
      const device = await getDevice();
      const usages = { read: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, write: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC, readOnly: GPUBufferUsage.MAP_READ };
      const buffer = device.createBuffer({ size: 16, usage: usages[usage], mappedAtCreation: true });
      new Uint32Array(buffer.getMappedRange()).set([1, 2, 3, 0xdeadbeef]);
      buffer.unmap();
      await buffer.mapAsync(GPUMapMode[mode]);
      assert.deepEqual([...new Uint32Array(buffer.getMappedRange())], [1, 2, 3, 0xdeadbeef]);
      buffer.unmap();
      await probeDevice(device);
    });
  }
});

describe('mapAsync failure modes', () => {
  const cases = [
    ['offset not a multiple of 8', (b) => b.mapAsync(GPUMapMode.READ, 4, 8)],
    ['size not a multiple of 4', (b) => b.mapAsync(GPUMapMode.READ, 0, 6)],
    ['range past the end of the buffer', (b) => b.mapAsync(GPUMapMode.READ, 8, 32)],
    ['offset past the end of the buffer', (b) => b.mapAsync(GPUMapMode.READ, 40)],
    ['WRITE mode on a MAP_READ buffer', (b) => b.mapAsync(GPUMapMode.WRITE)],
    ['mode 0', (b) => b.mapAsync(0)],
    ['both READ and WRITE', (b) => b.mapAsync(GPUMapMode.READ | GPUMapMode.WRITE)],
    ['unknown mode bits', (b) => b.mapAsync(GPUMapMode.READ | 0x100)],
  ];
  for (const [name, call] of cases) {
    test(`${name}: rejects with OperationError, generates a validation error, buffer returns to unmapped`, T, async () => {
      const device = await getDevice();
      const buffer = device.createBuffer({ size: 32, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      await expectValidationError(device, async () => {
        await expectRejects(() => call(buffer), 'OperationError', name);
      }, name);
      assert.equal(buffer.mapState, 'unmapped');
      // The buffer is still usable.
      await buffer.mapAsync(GPUMapMode.READ);
      assert.equal(buffer.getMappedRange().byteLength, 32);
      buffer.unmap();
      await probeDevice(device);
    });
  }

  // Spec: only the [[pending_map]] check runs on the content timeline; the other checks run on the device
  // timeline, so a failing call leaves the buffer "pending" and its promise rejects later, from a task.
  for (const [name, call, usage] of [
    ['WRITE mode on a MAP_READ buffer', (b) => b.mapAsync(GPUMapMode.WRITE), 'MAP_READ'],
    ['offset not a multiple of 8', (b) => b.mapAsync(GPUMapMode.READ, 4, 8), 'MAP_READ'],
    ['range past the end', (b) => b.mapAsync(GPUMapMode.READ, 8, 32), 'MAP_READ'],
    ['no MAP_* usage', (b) => b.mapAsync(GPUMapMode.READ), 'COPY_DST'],
    ['destroyed buffer', (b) => { b.destroy(); return b.mapAsync(GPUMapMode.READ); }, 'MAP_READ'],
  ]) {
    test(`${name}: mapState is "pending" after the call, the validation error is in the call's scope, the OperationError comes from a later task`, T, async () => {
      const device = await getDevice();
      const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage[usage] });
      device.pushErrorScope('validation');
      const p = call(buffer);
      assert.equal(buffer.mapState, 'pending', 'right after the failing call');
      const error = await device.popErrorScope();
      assert.ok(error instanceof GPUValidationError, `expected a GPUValidationError in the call's scope, got ${error}`);
      let rejectedBeforeMicrotask = false;
      let caught = false;
      p.catch(() => { caught = true; });
      queueMicrotask(() => { rejectedBeforeMicrotask = caught; });
      await expectRejects(p, 'OperationError', name);
      assert.equal(rejectedBeforeMicrotask, false, 'the rejection must not be early (it comes from the device timeline)');
      assert.equal(buffer.mapState, 'unmapped');
      await probeDevice(device);
    });
  }

  test('unmap() before an invalid map is rejected turns the rejection into AbortError; the validation error stays', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 8, usage: GPUBufferUsage.STORAGE });
    await expectValidationError(device, async () => {
      const p = buffer.mapAsync(GPUMapMode.READ);
      // Handled at once: should unmap() throw, the rejection must not go unhandled (Deno exits on one).
      p.catch(() => {});
      buffer.unmap();
      assert.equal(buffer.mapState, 'unmapped');
      await expectRejects(p, 'AbortError', 'unmapped before the device timeline rejected it');
    }, 'invalid map, then unmap');
    await probeDevice(device);
  });

  test('mapAsync on a lost device: "pending", then AbortError from a later task, no validation error', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
    device.destroy();
    const p = buffer.mapAsync(GPUMapMode.READ);
    assert.equal(buffer.mapState, 'pending');
    await expectRejects(p, 'AbortError', 'map on a lost device');
    assert.equal(buffer.mapState, 'unmapped');
  });

  test('a buffer without MAP_READ/MAP_WRITE usage cannot be mapped', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.STORAGE });
    await expectValidationError(device, () => expectRejects(() => buffer.mapAsync(GPUMapMode.READ), 'OperationError'));
    await expectValidationError(device, () => expectRejects(() => buffer.mapAsync(GPUMapMode.WRITE), 'OperationError'));
    assert.equal(buffer.mapState, 'unmapped');
    await probeDevice(device);
  });

  test('double map while pending: the second call rejects with OperationError immediately, the first succeeds', T, async () => {
    // Spec: mapAsync when mapState is not "unmapped" runs the early-reject steps: a validation error is
    // generated AND the promise is rejected with OperationError. (dawn.node skips the validation error when
    // the first map is still pending — a dawn deviation; it does generate it when already mapped.)
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
    let first;
    await expectValidationError(device, async () => {
      first = buffer.mapAsync(GPUMapMode.READ);
      await expectRejects(() => buffer.mapAsync(GPUMapMode.READ), 'OperationError', 'second mapAsync while pending');
      assert.equal(buffer.mapState, 'pending', 'the first map must still be pending');
      await first;
    }, 'double map');
    assert.equal(buffer.mapState, 'mapped');
    assert.equal(buffer.getMappedRange().byteLength, 16);
    buffer.unmap();
    await probeDevice(device);
  });

  test('mapAsync while already mapped rejects with OperationError and keeps the mapping', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC });
    await buffer.mapAsync(GPUMapMode.WRITE);
    const range = buffer.getMappedRange();
    await expectValidationError(device, () => expectRejects(() => buffer.mapAsync(GPUMapMode.WRITE), 'OperationError'));
    assert.equal(buffer.mapState, 'mapped');
    assert.equal(range.byteLength, 16, 'the existing mapping must not be detached');
    buffer.unmap();
    await probeDevice(device);
  });

  test('mappedAtCreation buffer: mapAsync before unmap rejects with OperationError', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    await expectValidationError(device, () => expectRejects(() => buffer.mapAsync(GPUMapMode.WRITE), 'OperationError'));
    assert.equal(buffer.mapState, 'mapped');
    buffer.unmap();
    await buffer.mapAsync(GPUMapMode.WRITE);
    buffer.unmap();
    await probeDevice(device);
  });

  test('unmap while pending rejects the map with AbortError', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
    await expectNoError(device, async () => {
      const p = buffer.mapAsync(GPUMapMode.READ);
      buffer.unmap();
      assert.equal(buffer.mapState, 'unmapped');
      await expectRejects(p, 'AbortError', 'mapAsync cancelled by unmap');
    }, 'unmap while pending');
    assert.equal(buffer.mapState, 'unmapped');
    await buffer.mapAsync(GPUMapMode.READ);
    buffer.unmap();
    await probeDevice(device);
  });

  test('destroy while pending rejects the map with AbortError', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
    const p = buffer.mapAsync(GPUMapMode.READ);
    buffer.destroy();
    assert.equal(buffer.mapState, 'unmapped');
    await expectRejects(p, 'AbortError', 'mapAsync cancelled by destroy');
    await probeDevice(device);
  });

  test('mapAsync on a destroyed buffer rejects with OperationError and generates a validation error', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
    buffer.destroy();
    await expectValidationError(device, () => expectRejects(() => buffer.mapAsync(GPUMapMode.READ), 'OperationError'),
      'mapAsync on destroyed buffer');
    assert.equal(buffer.mapState, 'unmapped');
    await probeDevice(device);
  });
});

describe('getMappedRange', () => {
  test('throws OperationError when the buffer is not mapped', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
    expectThrows(() => buffer.getMappedRange(), 'OperationError', 'getMappedRange on unmapped buffer');
    const p = buffer.mapAsync(GPUMapMode.READ);
    expectThrows(() => buffer.getMappedRange(), 'OperationError', 'getMappedRange while map is pending');
    await p;
    buffer.getMappedRange();
    buffer.unmap();
    expectThrows(() => buffer.getMappedRange(), 'OperationError', 'getMappedRange after unmap');
    await probeDevice(device);
  });

  test('alignment: offset must be a multiple of 8 and size a multiple of 4', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 32, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    expectThrows(() => buffer.getMappedRange(4, 8), 'OperationError', 'offset 4');
    expectThrows(() => buffer.getMappedRange(0, 6), 'OperationError', 'size 6');
    expectThrows(() => buffer.getMappedRange(12), 'OperationError', 'offset 12');
    assert.equal(buffer.getMappedRange(8, 4).byteLength, 4, 'offset 8 size 4 is fine');
    assert.equal(buffer.getMappedRange(16).byteLength, 16, 'offset 16 to end is fine');
    buffer.unmap();
    await probeDevice(device);
  });

  test('out of range throws OperationError', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    expectThrows(() => buffer.getMappedRange(0, 20), 'OperationError', 'size past end');
    expectThrows(() => buffer.getMappedRange(24), 'OperationError', 'offset past end');
    expectThrows(() => buffer.getMappedRange(8, 12), 'OperationError', 'offset+size past end');
    buffer.unmap();
    await probeDevice(device);
  });

  test('overlapping ranges throw OperationError', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 32, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    buffer.getMappedRange(8, 16);
    expectThrows(() => buffer.getMappedRange(0, 16), 'OperationError', 'overlaps start');
    expectThrows(() => buffer.getMappedRange(16, 8), 'OperationError', 'inside');
    expectThrows(() => buffer.getMappedRange(8, 16), 'OperationError', 'same range twice');
    expectThrows(() => buffer.getMappedRange(), 'OperationError', 'whole buffer');
    assert.equal(buffer.getMappedRange(0, 8).byteLength, 8);
    assert.equal(buffer.getMappedRange(24, 8).byteLength, 8);
    buffer.unmap();
    await probeDevice(device);
  });

  test('the returned ArrayBuffer is a plain ArrayBuffer of the requested size', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 64, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    const range = buffer.getMappedRange(16, 32);
    assert.ok(range instanceof ArrayBuffer);
    assert.equal(Object.prototype.toString.call(range), '[object ArrayBuffer]');
    assert.equal(range.byteLength, 32);
    buffer.unmap();
  });
});

describe('unmap and destroy', () => {
  test('unmap on an unmapped buffer is a no-op without error', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
    await expectNoError(device, () => { buffer.unmap(); buffer.unmap(); }, 'unmap of an unmapped buffer');
    assert.equal(buffer.mapState, 'unmapped');
    await probeDevice(device);
  });

  test('destroy of a mapped buffer unmaps it and detaches its ArrayBuffers', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    const a = buffer.getMappedRange(0, 8);
    const b = buffer.getMappedRange(8, 8);
    buffer.destroy();
    assert.equal(buffer.mapState, 'unmapped');
    assert.equal(a.byteLength, 0);
    assert.equal(b.byteLength, 0);
    expectThrows(() => buffer.getMappedRange(), 'OperationError', 'getMappedRange after destroy');
    await probeDevice(device);
  });

  test('destroy keeps size/usage/label, is idempotent and generates no error', T, async () => {
    const device = await getDevice();
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const buffer = device.createBuffer({ label: 'doomed', size: 32, usage });
    await expectNoError(device, () => { buffer.destroy(); buffer.destroy(); }, 'double destroy');
    assert.equal(buffer.size, 32);
    assert.equal(buffer.usage, usage);
    assert.equal(buffer.label, 'doomed');
    assert.equal(buffer.mapState, 'unmapped');
    await probeDevice(device);
  });

  test('destroy of a MAP_READ buffer mapped through mapAsync detaches the range', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
    await buffer.mapAsync(GPUMapMode.READ);
    const range = buffer.getMappedRange();
    buffer.destroy();
    assert.equal(range.byteLength, 0);
    assert.equal(buffer.mapState, 'unmapped');
    await probeDevice(device);
  });

  test('writes into a detached range are harmless', T, async () => {
    const device = await getDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    const view = new Uint32Array(buffer.getMappedRange());
    view.set([1, 2, 3, 4]);
    buffer.unmap();
    assert.equal(view.length, 0);
    view[0] = 12345; // no effect on a detached buffer
    assert.equal(view[0], undefined);
    assert.deepEqual([...new Uint32Array(await readBuffer(device, buffer, 16))], [1, 2, 3, 4]);
    await probeDevice(device);
  });
});
