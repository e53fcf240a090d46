// Process lifetime: a script that did GPU work exits by itself once its work is done, without destroy().
// (The backend must not keep the event loop alive when nothing is pending, and must not exit early while a
// promise is still pending.)
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import { runInChild, describeChild } from '../harness.mjs';

const LIMIT_MS = 20_000;

function assertCleanExit(r, marker) {
  assert.ok(!r.timedOut, `the script did not exit by itself within ${LIMIT_MS / 1000} s\n${describeChild(r)}`);
  assert.equal(r.signal, null, describeChild(r));
  assert.equal(r.code, 0, describeChild(r));
  assert.ok(r.stdout.includes(marker), `expected "${marker}" in the script's output\n${describeChild(r)}`);
}

describe('process exit without destroy()', () => {
  test('compute + readback, then the script ends on its own', { timeout: LIMIT_MS + 10_000 }, async () => {
    const r = await runInChild(`
      const device = await h.getDevice();
      await h.probeDevice(device);
      const b = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(b, 0, new Uint32Array([1, 2, 3, 4]));
      await device.queue.onSubmittedWorkDone();
      await b.mapAsync(GPUMapMode.READ);
      const sum = new Uint32Array(b.getMappedRange()).reduce((a, x) => a + x, 0);
      b.unmap();
      console.log('WORK-DONE ' + sum);
      // no device.destroy(), no process.exit()
    `, { timeoutMs: LIMIT_MS });
    assertCleanExit(r, 'WORK-DONE 10');
  });

  test('an idle device with live, mapped and destroyed objects does not keep the process alive', { timeout: LIMIT_MS + 10_000 }, async () => {
    const r = await runInChild(`
      const device = await h.getDevice();
      const mapped = device.createBuffer({ size: 64, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
      const gone = device.createBuffer({ size: 64, usage: GPUBufferUsage.STORAGE });
      gone.destroy();
      device.pushErrorScope('validation'); // left on the stack on purpose
      device.addEventListener('uncapturederror', () => {});
      globalThis.keep = { device, mapped };
      console.log('IDLE-READY');
    `, { timeoutMs: LIMIT_MS });
    assertCleanExit(r, 'IDLE-READY');
  });

  test('pending GPU promises keep the process alive until they settle', { timeout: LIMIT_MS + 10_000 }, async () => {
    // Nothing but the GPU promise is keeping the event loop busy here: if the backend let the process
    // exit before mapAsync resolved, 'MAPPED' would never be printed.
    const r = await runInChild(`
      const device = await h.getDevice();
      const b = device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(b, 0, new Uint32Array([77]));
      b.mapAsync(GPUMapMode.READ).then(() => {
        console.log('MAPPED ' + new Uint32Array(b.getMappedRange())[0]);
        device.queue.onSubmittedWorkDone().then(() => console.log('DONE-TOO'));
      });
    `, { timeoutMs: LIMIT_MS });
    assertCleanExit(r, 'MAPPED 77');
    assert.ok(r.stdout.includes('DONE-TOO'), describeChild(r));
  });
});
