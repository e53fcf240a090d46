// Error reporting: GPUError classes, error scopes (validation / out-of-memory / internal, nesting, empty stack),
// and the device's 'uncapturederror' event (addEventListener and onuncapturederror).
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import { getDevice, expectRejects, expectThrows, probeDevice, tick, withTimeout, T } from '../harness.mjs';

// A reliable way to make a validation error: a buffer with usage 0.
const makeValidationError = (device) => device.createBuffer({ size: 4, usage: 0 });

// Waits (up to `ms`) until `predicate()` is true; uncapturederror events are dispatched from a task.
async function waitFor(predicate, ms = 3000) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) return false;
    await tick(10);
  }
  return true;
}

describe('GPUError classes', () => {
  test('GPUValidationError / GPUOutOfMemoryError / GPUInternalError are constructible GPUErrors', T, async () => {
    await getDevice(); // installs the globals
    for (const Cls of [GPUValidationError, GPUOutOfMemoryError, GPUInternalError]) {
      assert.equal(typeof Cls, 'function', `${Cls?.name} must be a global class`);
      const e = new Cls('some message');
      assert.ok(e instanceof Cls);
      assert.ok(e instanceof GPUError, `${Cls.name} must extend GPUError`);
      assert.equal(e.message, 'some message');
    }
    assert.ok(!(new GPUValidationError('x') instanceof GPUOutOfMemoryError));
  });

  test('GPUError itself has no constructor (TypeError)', T, async () => {
    await getDevice();
    assert.equal(typeof GPUError, 'function');
    assert.throws(() => new GPUError('x'), TypeError);
  });

  test('GPUPipelineError is a DOMException with a reason', T, async () => {
    await getDevice();
    const e = new GPUPipelineError('msg', { reason: 'internal' });
    assert.ok(e instanceof DOMException);
    assert.equal(e.name, 'GPUPipelineError');
    assert.equal(e.message, 'msg');
    assert.equal(e.reason, 'internal');
    assert.equal(new GPUPipelineError('m2', { reason: 'validation' }).reason, 'validation');
  });

  test('GPUPipelineError with an invalid reason throws TypeError (WebIDL enum)', T, async () => {
    // (dawn.node accepts any reason string — a dawn deviation.)
    await getDevice();
    assert.throws(() => new GPUPipelineError('msg', { reason: 'bogus' }), TypeError);
    assert.throws(() => new GPUPipelineError('msg'), TypeError, 'options.reason is required');
  });

  test('GPUUncapturedErrorEvent is constructible and carries its error', T, async () => {
    await getDevice();
    const error = new GPUValidationError('m');
    const ev = new GPUUncapturedErrorEvent('uncapturederror', { error });
    assert.ok(ev instanceof Event);
    assert.equal(ev.type, 'uncapturederror');
    assert.equal(ev.error, error);
  });
});

describe('error scopes', () => {
  test('a validation scope catches a validation error; popErrorScope resolves null when clean', T, async () => {
    const device = await getDevice();
    device.pushErrorScope('validation');
    const clean = await device.popErrorScope();
    assert.equal(clean, null);
    device.pushErrorScope('validation');
    makeValidationError(device);
    const error = await device.popErrorScope();
    assert.ok(error instanceof GPUValidationError);
    assert.ok(error instanceof GPUError);
    assert.equal(typeof error.message, 'string');
    assert.ok(error.message.length > 0);
    await probeDevice(device);
  });

  test('nested validation scopes: only the innermost one gets the error', T, async () => {
    const device = await getDevice();
    device.pushErrorScope('validation');
    device.pushErrorScope('validation');
    makeValidationError(device);
    const inner = await device.popErrorScope();
    const outer = await device.popErrorScope();
    assert.ok(inner instanceof GPUValidationError);
    assert.equal(outer, null);
    await probeDevice(device);
  });

  test('out-of-memory and internal scopes let validation errors through to an outer validation scope', T, async () => {
    const device = await getDevice();
    device.pushErrorScope('validation');
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('internal');
    makeValidationError(device);
    const internal = await device.popErrorScope();
    const oom = await device.popErrorScope();
    const validation = await device.popErrorScope();
    assert.equal(internal, null);
    assert.equal(oom, null);
    assert.ok(validation instanceof GPUValidationError);
    await probeDevice(device);
  });

  test('an error goes to the scope on top when it is generated, not when popped', T, async () => {
    const device = await getDevice();
    device.pushErrorScope('validation'); // A
    makeValidationError(device); // -> A
    device.pushErrorScope('validation'); // B
    const b = await device.popErrorScope(); // B: nothing happened inside it
    const a = await device.popErrorScope();
    assert.equal(b, null);
    assert.ok(a instanceof GPUValidationError);
    await probeDevice(device);
  });

  test('several errors in one scope: one is reported, none leak to the outer scope', T, async () => {
    const device = await getDevice();
    device.pushErrorScope('validation');
    device.pushErrorScope('validation');
    makeValidationError(device);
    makeValidationError(device);
    device.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE }] });
    const inner = await device.popErrorScope();
    const outer = await device.popErrorScope();
    assert.ok(inner instanceof GPUValidationError);
    assert.equal(outer, null);
    await probeDevice(device);
  });

  test('out-of-memory and internal scopes resolve null around valid work', T, async () => {
    const device = await getDevice();
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('internal');
    const b = device.createBuffer({ size: 1 << 20, usage: GPUBufferUsage.STORAGE });
    b.destroy();
    assert.equal(await device.popErrorScope(), null);
    assert.equal(await device.popErrorScope(), null);
  });

  test('an allocation too large for memory (within the limits) is a GPUOutOfMemoryError for an out-of-memory scope', T, async () => {
    const device = await getDevice();
    const { maxTextureDimension2D: d, maxTextureArrayLayers: layers } = device.limits;
    device.pushErrorScope('validation');
    device.pushErrorScope('out-of-memory');
    // rgba32float at the default limits' maximum extent: 16 bytes x 8192 x 8192 x 256 = 256 GiB.
    const t = device.createTexture({ format: 'rgba32float', usage: GPUTextureUsage.COPY_DST, size: [d, d, layers] });
    device.queue.submit([]);
    const oom = await device.popErrorScope();
    const validation = await device.popErrorScope();
    t.destroy();
    assert.ok(oom instanceof GPUOutOfMemoryError, `expected GPUOutOfMemoryError, got ${oom?.constructor?.name}: ${oom?.message}`);
    assert.equal(validation, null, 'an out-of-memory error must not reach a validation scope');
    await probeDevice(device);
  });

  test('popErrorScope on an empty stack rejects with OperationError; the device still works', T, async () => {
    const device = await getDevice();
    await expectRejects(() => device.popErrorScope(), 'OperationError', 'popErrorScope on empty stack');
    device.pushErrorScope('validation');
    assert.equal(await device.popErrorScope(), null);
    await expectRejects(() => device.popErrorScope(), 'OperationError', 'popErrorScope after balancing');
    await probeDevice(device);
  });

  test('pushErrorScope with an unknown filter throws TypeError and pushes nothing', T, async () => {
    const device = await getDevice();
    expectThrows(() => device.pushErrorScope('fatal'), 'TypeError', "pushErrorScope('fatal')");
    expectThrows(() => device.pushErrorScope(), 'TypeError', 'pushErrorScope()');
    await expectRejects(() => device.popErrorScope(), 'OperationError', 'nothing must have been pushed');
    await probeDevice(device);
  });

  test('popErrorScope promises resolve for many scopes (deep nesting)', T, async () => {
    const device = await getDevice();
    const depth = 50;
    for (let i = 0; i < depth; i++) device.pushErrorScope(i % 2 ? 'validation' : 'out-of-memory');
    makeValidationError(device); // innermost is validation (i = 49)
    const results = [];
    for (let i = 0; i < depth; i++) results.push(device.popErrorScope());
    const settled = await withTimeout(Promise.all(results), 10_000, '50 popErrorScope');
    assert.ok(settled[0] instanceof GPUValidationError);
    assert.ok(settled.slice(1).every((e) => e === null));
    await probeDevice(device);
  });
});

describe("'uncapturederror' event", () => {
  test('addEventListener receives a GPUUncapturedErrorEvent whose error is a GPUValidationError', T, async () => {
    const device = await getDevice();
    const events = [];
    const listener = (event) => events.push(event);
    device.addEventListener('uncapturederror', listener);
    makeValidationError(device);
    assert.ok(await waitFor(() => events.length > 0), 'no uncapturederror event was dispatched');
    const event = events[0];
    assert.ok(event instanceof GPUUncapturedErrorEvent);
    assert.ok(event instanceof Event);
    assert.equal(event.type, 'uncapturederror');
    assert.ok(event.error instanceof GPUValidationError);
    assert.ok(event.error.message.length > 0);
    device.removeEventListener('uncapturederror', listener);
    await probeDevice(device);
  });

  test('onuncapturederror attribute receives the event too', T, async () => {
    const device = await getDevice();
    assert.equal(device.onuncapturederror, null, 'onuncapturederror defaults to null');
    const events = [];
    const handler = (event) => events.push(event);
    device.onuncapturederror = handler;
    assert.equal(device.onuncapturederror, handler);
    makeValidationError(device);
    assert.ok(await waitFor(() => events.length > 0), 'onuncapturederror was not called');
    assert.ok(events[0] instanceof GPUUncapturedErrorEvent);
    assert.ok(events[0].error instanceof GPUValidationError);
    device.onuncapturederror = null;
    await probeDevice(device);
  });

  test('onuncapturederror keeps its place among the listeners when changed; null then a new value moves it last', T, async () => {
    const device = await getDevice();
    const order = [];
    const mark = (id) => (e) => { e.preventDefault(); order.push(id); };
    const a = mark('a'), b = mark('b');
    const round = async (expected) => {
      order.length = 0;
      makeValidationError(device);
      assert.ok(await waitFor(() => order.length >= 3), `only ${order} were called`);
      assert.equal(order.join(','), expected);
    };
    device.addEventListener('uncapturederror', a);
    device.onuncapturederror = mark('c');
    device.addEventListener('uncapturederror', b);
    await round('a,c,b');
    device.onuncapturederror = mark('d'); // the same listener, a new callback
    await round('a,d,b');
    device.onuncapturederror = null;
    device.onuncapturederror = mark('e'); // a new listener, added last
    await round('a,b,e');
    device.onuncapturederror = null;
    device.removeEventListener('uncapturederror', a);
    device.removeEventListener('uncapturederror', b);
    await probeDevice(device);
  });

  test('errors caught by a scope are not dispatched as events; after popping they are', T, async () => {
    const device = await getDevice();
    const errors = [];
    device.addEventListener('uncapturederror', (e) => errors.push(e.error));
    device.pushErrorScope('validation');
    makeValidationError(device);
    assert.ok(await device.popErrorScope());
    await tick(200);
    assert.equal(errors.length, 0, 'a captured error must not also be dispatched');
    // out-of-memory scope does not capture validation errors -> they become uncaptured.
    device.pushErrorScope('out-of-memory');
    makeValidationError(device);
    assert.equal(await device.popErrorScope(), null);
    assert.ok(await waitFor(() => errors.length > 0), 'an error no scope captured must be dispatched');
    assert.ok(errors[0] instanceof GPUValidationError);
    await probeDevice(device);
  });

  test('removeEventListener / onuncapturederror = null stop delivery', T, async () => {
    const device = await getDevice();
    let viaListener = 0;
    let viaHandler = 0;
    let witness = 0;
    const listener = () => viaListener++;
    device.addEventListener('uncapturederror', listener);
    device.addEventListener('uncapturederror', () => witness++);
    device.onuncapturederror = () => viaHandler++;
    makeValidationError(device);
    assert.ok(await waitFor(() => witness >= 1));
    assert.equal(viaListener, 1);
    assert.equal(viaHandler, 1);
    device.removeEventListener('uncapturederror', listener);
    device.onuncapturederror = null;
    makeValidationError(device);
    assert.ok(await waitFor(() => witness >= 2));
    assert.equal(viaListener, 1, 'removed listener must not be called');
    assert.equal(viaHandler, 1, 'cleared handler must not be called');
    await probeDevice(device);
  });

  test('the event is dispatched on the device itself (event.target === device)', T, async () => {
    // DOM event dispatch on the GPUDevice (an EventTarget) sets target/currentTarget to the device.
    // (dawn.node dispatches through an internal EventTarget, so target is not the device — a dawn deviation.)
    const device = await getDevice();
    const seen = [];
    device.addEventListener('uncapturederror', (event) => seen.push([event.target, event.currentTarget]));
    makeValidationError(device);
    assert.ok(await waitFor(() => seen.length > 0), 'no uncapturederror event was dispatched');
    assert.equal(seen[0][0], device, 'event.target');
    assert.equal(seen[0][1], device, 'event.currentTarget');
    await probeDevice(device);
  });

  test('the event is dispatched from a task, not synchronously inside the failing call', T, async () => {
    // Spec ("dispatch error"): the user agent *queues a global task* to fire the event.
    // (dawn.node fires it synchronously inside the failing call — a dawn deviation; a listener that throws
    // would then throw out of e.g. createBuffer.)
    const device = await getDevice();
    let fired = 0;
    device.addEventListener('uncapturederror', () => fired++);
    makeValidationError(device);
    assert.equal(fired, 0, 'the listener ran synchronously inside createBuffer()');
    assert.ok(await waitFor(() => fired === 1), 'no uncapturederror event was dispatched');
    await probeDevice(device);
  });
});
