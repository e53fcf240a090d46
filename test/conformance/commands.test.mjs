// GPUCommandEncoder: creation/finish, copyBufferToBuffer (both overloads), clearBuffer, and their failure modes
// (validation errors surface at finish(); use of destroyed buffers surfaces at submit()).
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import {
  getDevice, readBuffer, expectValidationError, expectNoError, probeDevice, createBufferWithData, T,
} from '../harness.mjs';

const RW = () => GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
const seq = (n, base = 1) => Uint32Array.from({ length: n }, (_, i) => base + i);

async function readU32(device, buffer) {
  return [...new Uint32Array(await readBuffer(device, buffer, buffer.size))];
}

describe('command encoder', () => {
  test('createCommandEncoder/finish give a GPUCommandEncoder and a GPUCommandBuffer', T, async () => {
    const device = await getDevice();
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      assert.ok(encoder instanceof GPUCommandEncoder);
      const cb = encoder.finish();
      assert.ok(cb instanceof GPUCommandBuffer);
      device.queue.submit([cb]);
      const encoder2 = device.createCommandEncoder({ label: 'enc' });
      const pass = encoder2.beginComputePass({ label: 'pass' });
      assert.ok(pass instanceof GPUComputePassEncoder);
      pass.end();
      device.queue.submit([encoder2.finish({ label: 'cb' })]);
    });
  });

  test('finish() twice is a validation error', T, async () => {
    const device = await getDevice();
    const encoder = device.createCommandEncoder();
    await expectNoError(device, () => encoder.finish());
    await expectValidationError(device, () => encoder.finish(), 'second finish()');
    await probeDevice(device);
  });

  test('commands recorded after finish() are a validation error', T, async () => {
    const device = await getDevice();
    const buf = device.createBuffer({ size: 16, usage: RW() });
    const encoder = device.createCommandEncoder();
    encoder.finish();
    await expectValidationError(device, () => encoder.clearBuffer(buf), 'clearBuffer after finish');
    await expectValidationError(device, () => encoder.beginComputePass().end(), 'pass after finish');
    await probeDevice(device);
  });

  test('an invalid command buffer cannot be submitted', T, async () => {
    const device = await getDevice();
    const buf = device.createBuffer({ size: 16, usage: RW() });
    const encoder = device.createCommandEncoder();
    encoder.clearBuffer(buf, 2); // misaligned: invalidates the encoder
    let cb;
    await expectValidationError(device, () => { cb = encoder.finish(); }, 'finish of invalid encoder');
    assert.ok(cb instanceof GPUCommandBuffer, 'finish() still returns a (invalid) GPUCommandBuffer');
    await expectValidationError(device, () => device.queue.submit([cb]), 'submit of invalid command buffer');
    await probeDevice(device);
  });
});

describe('copyBufferToBuffer', () => {
  test('copies a whole buffer (5-argument form)', T, async () => {
    const device = await getDevice();
    const src = createBufferWithData(device, seq(8), RW());
    const dst = device.createBuffer({ size: 32, usage: RW() });
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(src, 0, dst, 0, 32);
      device.queue.submit([encoder.finish()]);
    });
    assert.deepEqual(await readU32(device, dst), [...seq(8)]);
  });

  test('source and destination offsets', T, async () => {
    const device = await getDevice();
    const src = createBufferWithData(device, seq(8, 10), RW());
    const dst = createBufferWithData(device, new Uint32Array(8).fill(7), RW());
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(src, 8, dst, 16, 12);
      device.queue.submit([encoder.finish()]);
    });
    assert.deepEqual(await readU32(device, dst), [7, 7, 7, 7, 12, 13, 14, 7]);
  });

  test('size omitted copies the rest of the source', T, async () => {
    const device = await getDevice();
    const src = createBufferWithData(device, seq(4, 40), RW());
    const dst = device.createBuffer({ size: 32, usage: RW() });
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(src, 4, dst, 8);
      device.queue.submit([encoder.finish()]);
    });
    assert.deepEqual(await readU32(device, dst), [0, 0, 41, 42, 43, 0, 0, 0]);
  });

  test('3-argument form copyBufferToBuffer(source, destination, size) and (source, destination)', T, async () => {
    const device = await getDevice();
    const src = createBufferWithData(device, seq(4, 60), RW());
    const dst1 = device.createBuffer({ size: 16, usage: RW() });
    const dst2 = device.createBuffer({ size: 16, usage: RW() });
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(src, dst1, 8);
      encoder.copyBufferToBuffer(src, dst2);
      device.queue.submit([encoder.finish()]);
    });
    assert.deepEqual(await readU32(device, dst1), [60, 61, 0, 0]);
    assert.deepEqual(await readU32(device, dst2), [60, 61, 62, 63]);
  });

  test('a zero-sized copy is valid', T, async () => {
    const device = await getDevice();
    const src = device.createBuffer({ size: 16, usage: RW() });
    const dst = device.createBuffer({ size: 16, usage: RW() });
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(src, 16, dst, 16, 0);
      device.queue.submit([encoder.finish()]);
    });
  });

  const failures = [
    ['size not a multiple of 4', (e, s, d) => e.copyBufferToBuffer(s, 0, d, 0, 6)],
    ['source offset not a multiple of 4', (e, s, d) => e.copyBufferToBuffer(s, 2, d, 0, 8)],
    ['destination offset not a multiple of 4', (e, s, d) => e.copyBufferToBuffer(s, 0, d, 2, 8)],
    ['source range out of bounds', (e, s, d) => e.copyBufferToBuffer(s, 48, d, 0, 32)],
    ['destination range out of bounds', (e, s, d) => e.copyBufferToBuffer(s, 0, d, 48, 32)],
    ['source offset past the end (size omitted)', (e, s, d) => e.copyBufferToBuffer(s, 80, d, 0)],
    ['same buffer as source and destination', (e, s) => e.copyBufferToBuffer(s, 0, s, 32, 16)],
  ];
  for (const [what, record] of failures) {
    test(`${what}: validation error at finish(), nothing copied`, T, async () => {
      const device = await getDevice();
      const src = createBufferWithData(device, seq(16), RW());
      const dst = device.createBuffer({ size: 64, usage: RW() });
      const encoder = device.createCommandEncoder();
      await expectNoError(device, () => record(encoder, src, dst), `${what}: recording`);
      await expectValidationError(device, () => encoder.finish(), what);
      assert.deepEqual(await readU32(device, dst), new Array(16).fill(0));
      await probeDevice(device);
    });
  }

  test('missing COPY_SRC / COPY_DST usage: validation error at finish()', T, async () => {
    const device = await getDevice();
    const noSrc = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST });
    const noDst = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_SRC });
    const ok = device.createBuffer({ size: 16, usage: RW() });
    for (const [s, d, what] of [[noSrc, ok, 'source without COPY_SRC'], [ok, noDst, 'destination without COPY_DST']]) {
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(s, 0, d, 0, 16);
      await expectValidationError(device, () => encoder.finish(), what);
    }
    await probeDevice(device);
  });

  test('a buffer from another device: validation error', T, async () => {
    const device = await getDevice();
    const other = await getDevice();
    const foreign = other.createBuffer({ size: 16, usage: RW() });
    const dst = device.createBuffer({ size: 16, usage: RW() });
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(foreign, 0, dst, 0, 16);
    await expectValidationError(device, () => encoder.finish(), 'foreign buffer');
    await probeDevice(device);
  });

  test('a destroyed source or destination: validation error at submit()', T, async () => {
    const device = await getDevice();
    for (const which of ['source', 'destination']) {
      const src = createBufferWithData(device, seq(4), RW());
      const dst = device.createBuffer({ size: 16, usage: RW() });
      (which === 'source' ? src : dst).destroy();
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(src, 0, dst, 0, 16);
      // Encoding a destroyed buffer is allowed; it is the submit that must fail (WebGPU CTS
      // api,validation,queue,destroyed,buffer).
      const cb = await expectNoError(device, () => encoder.finish(), `finish with destroyed ${which}`);
      await expectValidationError(device, () => device.queue.submit([cb]), `submit with destroyed ${which}`);
    }
    await probeDevice(device);
  });
});

describe('clearBuffer', () => {
  test('clears the whole buffer by default', T, async () => {
    const device = await getDevice();
    const buf = createBufferWithData(device, seq(8), RW());
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      encoder.clearBuffer(buf);
      device.queue.submit([encoder.finish()]);
    });
    assert.deepEqual(await readU32(device, buf), new Array(8).fill(0));
  });

  test('offset and size clear a sub-range; offset alone clears to the end', T, async () => {
    const device = await getDevice();
    const a = createBufferWithData(device, seq(8), RW());
    const b = createBufferWithData(device, seq(8), RW());
    await expectNoError(device, () => {
      const encoder = device.createCommandEncoder();
      encoder.clearBuffer(a, 8, 12);
      encoder.clearBuffer(b, 20);
      device.queue.submit([encoder.finish()]);
    });
    assert.deepEqual(await readU32(device, a), [1, 2, 0, 0, 0, 6, 7, 8]);
    assert.deepEqual(await readU32(device, b), [1, 2, 3, 4, 5, 0, 0, 0]);
  });

  const failures = [
    ['offset not a multiple of 4', (e, b) => e.clearBuffer(b, 2, 8)],
    ['size not a multiple of 4', (e, b) => e.clearBuffer(b, 0, 6)],
    ['range out of bounds', (e, b) => e.clearBuffer(b, 16, 32)],
    ['offset past the end', (e, b) => e.clearBuffer(b, 64)],
  ];
  for (const [what, record] of failures) {
    test(`${what}: validation error at finish(), nothing cleared`, T, async () => {
      const device = await getDevice();
      const buf = createBufferWithData(device, seq(8), RW());
      const encoder = device.createCommandEncoder();
      record(encoder, buf);
      await expectValidationError(device, () => encoder.finish(), what);
      assert.deepEqual(await readU32(device, buf), [...seq(8)]);
      await probeDevice(device);
    });
  }

  test('buffer without COPY_DST: validation error at finish()', T, async () => {
    const device = await getDevice();
    const buf = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE });
    const encoder = device.createCommandEncoder();
    encoder.clearBuffer(buf);
    await expectValidationError(device, () => encoder.finish());
    await probeDevice(device);
  });
});
