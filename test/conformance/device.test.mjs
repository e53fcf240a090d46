// GPUAdapter.requestDevice: descriptor members (label, requiredFeatures, requiredLimits, defaultQueue),
// failure modes (TypeError / OperationError), adapter consumption, and the resulting GPUDevice's shape.
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import {
  getAdapter, getDevice, expectRejects, expectValidationError, probeDevice, settleState, T, CORE_DEFAULT_LIMITS,
} from '../harness.mjs';

// Valid GPUFeatureName values, most likely-unsupported first (used to find one the adapter lacks).
const KNOWN_FEATURES = [
  'texture-compression-astc', 'texture-compression-etc2', 'texture-compression-astc-sliced-3d',
  'texture-compression-bc', 'texture-compression-bc-sliced-3d', 'timestamp-query', 'shader-f16',
  'depth-clip-control', 'depth32float-stencil8', 'indirect-first-instance', 'rg11b10ufloat-renderable',
  'bgra8unorm-storage', 'float32-filterable', 'float32-blendable', 'clip-distances', 'dual-source-blending',
  'subgroups',
];

describe('requestDevice: success paths', () => {
  test('default descriptor: GPUDevice with queue, features, limits and a pending lost promise', T, async () => {
    const adapter = await getAdapter();
    const device = await adapter.requestDevice();
    assert.ok(device instanceof GPUDevice);
    assert.ok(device instanceof EventTarget, 'GPUDevice extends EventTarget');
    assert.ok(device.queue instanceof GPUQueue);
    assert.equal(device.queue, device.queue, 'device.queue must be the same object each time');
    assert.ok(device.features instanceof GPUSupportedFeatures);
    assert.ok(device.limits instanceof GPUSupportedLimits);
    assert.ok(device.lost instanceof Promise || typeof device.lost?.then === 'function');
    assert.equal(await settleState(device.lost, 30), 'pending', 'device.lost must stay pending while the device lives');
    assert.equal(typeof device.label, 'string');
    await probeDevice(device);
  });

  test('requestDevice with no argument and with an empty descriptor both work', T, async () => {
    const a1 = await getAdapter();
    const d1 = await a1.requestDevice(undefined);
    const a2 = await getAdapter();
    const d2 = await a2.requestDevice({});
    await probeDevice(d1);
    await probeDevice(d2);
  });

  test('device.adapterInfo describes the adapter and is the same object each time', T, async () => {
    const adapter = await getAdapter();
    const device = await adapter.requestDevice();
    const info = device.adapterInfo;
    assert.ok(info instanceof GPUAdapterInfo);
    assert.equal(device.adapterInfo, info, '[SameObject]');
    for (const key of ['vendor', 'architecture', 'device', 'description', 'isFallbackAdapter']) {
      assert.equal(info[key], adapter.info[key], `adapterInfo.${key}`);
    }
  });

  test('device.features and device.limits are [SameObject]', T, async () => {
    const device = await getDevice();
    assert.equal(device.features, device.features);
    assert.equal(device.limits, device.limits);
  });

  test('label is reflected on the device', T, async () => {
    const device = await getDevice({ label: 'my-device' });
    assert.equal(device.label, 'my-device');
  });

  test('defaultQueue.label labels device.queue', T, async () => {
    // GPUQueueDescriptor (whose only member is label) describes the default queue.
    // (dawn.node ignores it and leaves queue.label empty — a dawn deviation.)
    const device = await getDevice({ defaultQueue: { label: 'my-queue' } });
    assert.equal(device.queue.label, 'my-queue');
    await probeDevice(device);
  });

  test('without requiredFeatures the device has no optional features (only core-features-and-limits)', T, async () => {
    const device = await getDevice();
    // Spec: "Exactly the specified set of features, and no more or less", plus the defaults of the
    // adapter's default feature level ("core" -> "core-features-and-limits").
    const extra = [...device.features].filter((f) => f !== 'core-features-and-limits');
    assert.deepEqual(extra, [], 'a device must not enable features that were not requested');
  });

  test('requiredFeatures: every feature the adapter supports can be required and shows in device.features', T, async () => {
    const adapter = await getAdapter();
    const wanted = [...adapter.features];
    const device = await adapter.requestDevice({ requiredFeatures: wanted });
    for (const f of wanted) assert.ok(device.features.has(f), `device.features lacks required feature ${f}`);
    for (const f of device.features) assert.ok(adapter.features.has(f) || f === 'core-features-and-limits',
      `device feature ${f} is not an adapter feature`);
    await probeDevice(device);
  });

  test('without requiredLimits device.limits are the core defaults, not the adapter limits', T, async () => {
    const device = await getDevice();
    for (const [name, def] of Object.entries(CORE_DEFAULT_LIMITS)) {
      assert.equal(device.limits[name], def, `device.limits.${name}`);
    }
  });

  test('requiredLimits: values better than the default (up to the adapter limit) are granted exactly', T, async () => {
    const adapter = await getAdapter();
    const requiredLimits = {
      maxBindGroups: adapter.limits.maxBindGroups,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxComputeWorkgroupSizeX: adapter.limits.maxComputeWorkgroupSizeX,
      minStorageBufferOffsetAlignment: adapter.limits.minStorageBufferOffsetAlignment,
    };
    const device = await adapter.requestDevice({ requiredLimits });
    for (const [k, v] of Object.entries(requiredLimits)) assert.equal(device.limits[k], v, `device.limits.${k}`);
    await probeDevice(device);
  });

  test('requiredLimits: values worse than the default leave the default in place', T, async () => {
    const adapter = await getAdapter();
    const device = await adapter.requestDevice({
      requiredLimits: { maxBindGroups: 1, minUniformBufferOffsetAlignment: 1024, maxBufferSize: 1024 },
    });
    assert.equal(device.limits.maxBindGroups, CORE_DEFAULT_LIMITS.maxBindGroups);
    assert.equal(device.limits.minUniformBufferOffsetAlignment, CORE_DEFAULT_LIMITS.minUniformBufferOffsetAlignment);
    assert.equal(device.limits.maxBufferSize, CORE_DEFAULT_LIMITS.maxBufferSize);
  });

  test('requiredLimits: an unknown key with value undefined is ignored', T, async () => {
    const adapter = await getAdapter();
    const device = await adapter.requestDevice({ requiredLimits: { maxBindGroups: undefined, notALimit: undefined } });
    assert.equal(device.limits.maxBindGroups, CORE_DEFAULT_LIMITS.maxBindGroups);
    await probeDevice(device);
  });

  test('device limits are enforced: a buffer over the device maxBufferSize is a validation error', T, async () => {
    const device = await getDevice();
    await expectValidationError(device, () => device.createBuffer({
      size: device.limits.maxBufferSize + 4, usage: GPUBufferUsage.COPY_DST,
    }), 'createBuffer over maxBufferSize');
    await probeDevice(device);
  });
});

describe('requestDevice: failure modes', () => {
  test('an unknown feature name rejects with TypeError; the adapter stays usable', T, async () => {
    const adapter = await getAdapter();
    await expectRejects(() => adapter.requestDevice({ requiredFeatures: ['not-a-real-feature'] }), 'TypeError',
      'requestDevice({requiredFeatures: [bogus]})');
    // The rejection happens before the adapter is consumed.
    const device = await adapter.requestDevice();
    await probeDevice(device);
  });

  test('a known feature the adapter lacks rejects with TypeError', T, async () => {
    const adapter = await getAdapter();
    const missing = KNOWN_FEATURES.find((f) => !adapter.features.has(f)) ?? 'not-a-real-feature';
    await expectRejects(() => adapter.requestDevice({ requiredFeatures: [missing] }), 'TypeError',
      `requestDevice({requiredFeatures: ['${missing}']})`);
    await probeDevice(await adapter.requestDevice());
  });

  test('requiredFeatures that is not a sequence rejects with TypeError', T, async () => {
    const adapter = await getAdapter();
    await expectRejects(() => adapter.requestDevice({ requiredFeatures: 42 }), 'TypeError',
      'requestDevice({requiredFeatures: 42})');
    await probeDevice(await adapter.requestDevice());
  });

  test('an unknown limit name rejects with OperationError; the adapter stays usable', T, async () => {
    const adapter = await getAdapter();
    await expectRejects(() => adapter.requestDevice({ requiredLimits: { maxUnicornsPerPipeline: 1 } }),
      'OperationError', 'requestDevice({requiredLimits: {bogus: 1}})');
    await probeDevice(await adapter.requestDevice());
  });

  test('a maximum limit above the adapter limit rejects with OperationError', T, async () => {
    const adapter = await getAdapter();
    await expectRejects(() => adapter.requestDevice({
      requiredLimits: { maxBindGroups: adapter.limits.maxBindGroups + 1 },
    }), 'OperationError', 'requestDevice maxBindGroups over the adapter limit');
    await expectRejects(() => adapter.requestDevice({
      requiredLimits: { maxBufferSize: adapter.limits.maxBufferSize + 1 },
    }), 'OperationError', 'requestDevice maxBufferSize over the adapter limit');
    await probeDevice(await adapter.requestDevice());
  });

  test('an alignment limit better (smaller) than the adapter allows, or not a power of two, rejects with OperationError', T, async () => {
    const adapter = await getAdapter();
    const align = adapter.limits.minUniformBufferOffsetAlignment;
    if (align > 1) {
      await expectRejects(() => adapter.requestDevice({
        requiredLimits: { minUniformBufferOffsetAlignment: align / 2 },
      }), 'OperationError', 'minUniformBufferOffsetAlignment below the adapter limit');
    }
    await expectRejects(() => adapter.requestDevice({
      requiredLimits: { minStorageBufferOffsetAlignment: 384 },
    }), 'OperationError', 'minStorageBufferOffsetAlignment not a power of two');
    await probeDevice(await adapter.requestDevice());
  });

  test('a negative or non-numeric limit value rejects with TypeError ([EnforceRange] GPUSize64)', T, async () => {
    const adapter = await getAdapter();
    await expectRejects(() => adapter.requestDevice({ requiredLimits: { maxBindGroups: -1 } }), 'TypeError',
      'requiredLimits maxBindGroups: -1');
    await expectRejects(() => adapter.requestDevice({ requiredLimits: { maxBindGroups: 'four' } }), 'TypeError',
      'requiredLimits maxBindGroups: "four"');
    await expectRejects(() => adapter.requestDevice({ requiredLimits: { maxTextureDimension1D: 2 ** 53 } }), 'TypeError',
      'requiredLimits maxTextureDimension1D: 2^53 (past [EnforceRange]\'s range, not an OperationError)');
    await probeDevice(await adapter.requestDevice());
  });

  test('a limit value past 32 bits for a GPUSize32 limit rejects with OperationError', T, async () => {
    const adapter = await getAdapter();
    await expectRejects(() => adapter.requestDevice({ requiredLimits: { minUniformBufferOffsetAlignment: 2 ** 32 } }), 'OperationError',
      'requiredLimits minUniformBufferOffsetAlignment: 2^32');
    await probeDevice(await adapter.requestDevice());
  });

  test('device.adapterInfo is a GPUAdapterInfo of its own with the adapter\'s values', T, async () => {
    const adapter = await getAdapter();
    const device = await adapter.requestDevice();
    assert.notEqual(device.adapterInfo, adapter.info);
    for (const k of ['vendor', 'architecture', 'device', 'description', 'isFallbackAdapter']) assert.equal(device.adapterInfo[k], adapter.info[k], k);
    assert.equal(device.adapterInfo, device.adapterInfo, 'the same object on every read');
    device.destroy();
  });

  test('a fractional limit value is truncated toward zero ([EnforceRange]), then checked as an integer', T, async () => {
    const adapter = await getAdapter();
    // 0.03125 truncates to 0: an alignment of 0 is better than any adapter's, an OperationError (not a TypeError).
    await expectRejects(() => adapter.requestDevice({ requiredLimits: { minUniformBufferOffsetAlignment: 0.03125 } }), 'OperationError',
      'requiredLimits minUniformBufferOffsetAlignment: 0.03125');
    const device = await (await getAdapter()).requestDevice({ requiredLimits: { maxBindGroups: 4.9 } });
    assert.equal(device.limits.maxBindGroups, 4);
    device.destroy();
  });

  test('a consumed adapter: requestDevice rejects with OperationError, also while the first request is pending and after destroy()', T, async () => {
    const adapter = await getAdapter();
    // A refused request (unknown feature: TypeError) does not consume the adapter.
    await expectRejects(adapter.requestDevice({ requiredFeatures: ['no-such-feature'] }), 'TypeError', 'unknown feature');
    const pending = adapter.requestDevice();
    await expectRejects(adapter.requestDevice(), 'OperationError', 'second request while the first is pending');
    const first = await pending;
    first.destroy();
    assert.equal((await first.lost).reason, 'destroyed');
    await expectRejects(adapter.requestDevice(), 'OperationError', 'request after the device was destroyed');
  });

  test('an adapter is single-use: a second requestDevice does not give a second working device', T, async () => {
    const adapter = await getAdapter();
    const first = await adapter.requestDevice();
    // The spec text has the adapter become "consumed" (-> reject with OperationError) or "expired"
    // (-> resolve with an already-lost device). Either is conformant; a second live device is not.
    let second = null;
    let error = null;
    try {
      second = await adapter.requestDevice();
    } catch (e) {
      error = e;
    }
    if (error) {
      assert.equal(error.name, 'OperationError', `second requestDevice rejected with ${error.name}`);
    } else {
      assert.ok(second instanceof GPUDevice);
      const state = await settleState(second.lost, 100);
      assert.notEqual(state, 'pending', 'a device from a consumed adapter must already be lost');
    }
    await probeDevice(first);
  });
});
