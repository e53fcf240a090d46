// GPU.requestAdapter and GPUAdapter: info, features, limits, fallback flag, request options.
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import {
  getGPU, getAdapter, expectRejects, probeDevice, T, CORE_DEFAULT_LIMITS, ALIGNMENT_LIMITS,
} from '../harness.mjs';


describe('GPU.requestAdapter', () => {
  test('returns a GPUAdapter', T, async () => {
    const gpu = await getGPU();
    assert.equal(typeof gpu.requestAdapter, 'function');
    const adapter = await gpu.requestAdapter();
    assert.ok(adapter, 'requestAdapter() resolved to null on a machine with a (software) adapter');
    assert.ok(adapter instanceof GPUAdapter, 'adapter must be a GPUAdapter');
  });

  test('returns a promise even when called without arguments, and each call gives a new adapter', T, async () => {
    const gpu = await getGPU();
    const p = gpu.requestAdapter();
    assert.ok(p instanceof Promise || typeof p?.then === 'function');
    const [a, b] = await Promise.all([p, gpu.requestAdapter()]);
    assert.ok(a && b);
    assert.notEqual(a, b, 'two requestAdapter() calls must give two GPUAdapter objects');
  });

  test('powerPreference "low-power" and "high-performance" are accepted (a hint, an adapter is still returned)', T, async () => {
    const gpu = await getGPU();
    for (const powerPreference of ['low-power', 'high-performance']) {
      const adapter = await gpu.requestAdapter({ powerPreference });
      assert.ok(adapter instanceof GPUAdapter, `powerPreference ${powerPreference} gave no adapter`);
    }
  });

  test('an invalid powerPreference enum value rejects with TypeError (WebIDL conversion)', T, async () => {
    const gpu = await getGPU();
    // Spec/WebIDL: argument conversion failures of promise-returning operations reject the promise.
    await expectRejects(() => gpu.requestAdapter({ powerPreference: 'fastest-please' }), 'TypeError',
      'requestAdapter({powerPreference: bogus})');
    // The GPU object still works afterwards.
    const adapter = await gpu.requestAdapter();
    assert.ok(adapter instanceof GPUAdapter);
  });

  test('forceFallbackAdapter: true gives null or a fallback adapter', T, async () => {
    const gpu = await getGPU();
    const adapter = await gpu.requestAdapter({ forceFallbackAdapter: true });
    if (adapter !== null) {
      assert.ok(adapter instanceof GPUAdapter);
      assert.equal(adapter.info.isFallbackAdapter, true,
        'forceFallbackAdapter: true must not return a non-fallback adapter');
    }
    // Either way, a normal request still works.
    assert.ok(await gpu.requestAdapter());
  });

  test('an unknown featureLevel string resolves to null (not a rejection)', T, async () => {
    const gpu = await getGPU();
    // GPURequestAdapterOptions.featureLevel is a DOMString; a non feature-level string yields null.
    const adapter = await gpu.requestAdapter({ featureLevel: 'no-such-level' });
    assert.equal(adapter, null);
    const core = await gpu.requestAdapter({ featureLevel: 'core' });
    assert.ok(core instanceof GPUAdapter, 'featureLevel "core" must be accepted');
  });
});

describe('GPUAdapter', () => {
  test('info: GPUAdapterInfo with string vendor/architecture/device/description and a boolean isFallbackAdapter', T, async () => {
    const adapter = await getAdapter();
    const info = adapter.info;
    assert.ok(info instanceof GPUAdapterInfo, 'adapter.info must be a GPUAdapterInfo');
    for (const key of ['vendor', 'architecture', 'device', 'description']) {
      assert.equal(typeof info[key], 'string', `info.${key} must be a string`);
    }
    assert.ok(info.vendor.length + info.architecture.length + info.device.length + info.description.length > 0,
      'at least one identifying string of adapter.info should be non-empty');
    assert.equal(typeof info.isFallbackAdapter, 'boolean');
    assert.equal(adapter.info, info, 'adapter.info must return the same object each time');
  });

  test('info: subgroupMinSize/subgroupMaxSize are numbers with min <= max', T, async () => {
    const adapter = await getAdapter();
    const { subgroupMinSize, subgroupMaxSize } = adapter.info;
    assert.equal(typeof subgroupMinSize, 'number');
    assert.equal(typeof subgroupMaxSize, 'number');
    assert.ok(subgroupMinSize <= subgroupMaxSize);
  });

  test('isFallbackAdapter (legacy attribute, if exposed) agrees with info.isFallbackAdapter', T, async () => {
    const adapter = await getAdapter();
    // The spec moved isFallbackAdapter to GPUAdapterInfo; implementations may still expose the old
    // GPUAdapter.isFallbackAdapter. When they do, it must agree. info.isFallbackAdapter is mandatory.
    assert.equal(typeof adapter.info.isFallbackAdapter, 'boolean');
    if ('isFallbackAdapter' in adapter && adapter.isFallbackAdapter !== undefined) {
      assert.equal(adapter.isFallbackAdapter, adapter.info.isFallbackAdapter);
    }
  });

  test('features: a set-like GPUSupportedFeatures of strings', T, async () => {
    const adapter = await getAdapter();
    const features = adapter.features;
    assert.ok(features instanceof GPUSupportedFeatures, 'adapter.features must be a GPUSupportedFeatures');
    const list = [...features];
    assert.equal(features.size, list.length);
    for (const f of list) {
      assert.equal(typeof f, 'string');
      assert.equal(features.has(f), true);
    }
    assert.equal(features.has('definitely-not-a-feature'), false);
    assert.equal(new Set(list).size, list.length, 'features must not repeat');
  });

  test('features: the full WebIDL setlike interface (keys/values/entries/forEach)', T, async () => {
    // GPUSupportedFeatures is `setlike<DOMString>`: WebIDL gives it size, has, keys, values, entries,
    // forEach and @@iterator. (dawn.node lacks forEach — a dawn deviation.)
    const features = (await getAdapter()).features;
    const list = [...features].sort();
    assert.deepEqual([...features.keys()].sort(), list);
    assert.deepEqual([...features.values()].sort(), list);
    assert.deepEqual([...features.entries()].map(([k, v]) => { assert.equal(k, v); return k; }).sort(), list);
    const seen = [];
    features.forEach((value, key, set) => { assert.equal(value, key); assert.equal(set, features); seen.push(value); });
    assert.deepEqual(seen.sort(), list);
  });

  test('limits: a GPUSupportedLimits at least as good as the core defaults', T, async () => {
    const adapter = await getAdapter();
    const limits = adapter.limits;
    assert.ok(limits instanceof GPUSupportedLimits, 'adapter.limits must be a GPUSupportedLimits');
    for (const [name, def] of Object.entries(CORE_DEFAULT_LIMITS)) {
      const value = limits[name];
      assert.equal(typeof value, 'number', `limits.${name} must be a number, got ${typeof value}`);
      assert.ok(Number.isInteger(value) && value >= 0, `limits.${name} = ${value}`);
      if (ALIGNMENT_LIMITS.has(name)) {
        assert.ok(value <= def, `limits.${name} = ${value} must be <= ${def}`);
        assert.equal(value & (value - 1), 0, `limits.${name} = ${value} must be a power of two`);
      } else {
        assert.ok(value >= def, `limits.${name} = ${value} must be >= the default ${def}`);
      }
    }
  });

  test('requestDevice on a fresh adapter gives a working device', T, async () => {
    const adapter = await getAdapter();
    const device = await adapter.requestDevice();
    assert.ok(device instanceof GPUDevice);
    await probeDevice(device);
  });
});
