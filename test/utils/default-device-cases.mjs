// The default-device checks, run once per backend, each in its own test file (the default device is
// one per process). `gpuForConfig`: the GPU object handed to preconfigureDefaultDevice, or undefined to
// use the portable facade.
import assert from "node:assert/strict";
import { getDefaultDevice, preconfigureDefaultDevice, peekDefaultDevice } from "wgpu-ts/utils";

const STANDARD_FEATURES = [
  "depth-clip-control", "depth32float-stencil8", "texture-compression-bc", "texture-compression-bc-sliced-3d",
  "texture-compression-etc2", "texture-compression-astc", "texture-compression-astc-sliced-3d", "timestamp-query",
  "indirect-first-instance", "shader-f16", "rg11b10ufloat-renderable", "bgra8unorm-storage", "float32-filterable",
  "float32-blendable", "clip-distances", "dual-source-blending", "subgroups",
];

export async function defaultDeviceCases(t, { gpu, gpuForConfig }) {
  const adapter = await gpu.requestAdapter();
  const supported = STANDARD_FEATURES.filter((f) => adapter.features.has(f));
  const unsupported = STANDARD_FEATURES.find((f) => !adapter.features.has(f));
  const [f1, f2] = supported;
  const maxStorage = Math.min(adapter.limits.maxStorageBufferBindingSize, 256 * 2 ** 20);

  await t.test("preconfiguration is combined: features unioned, max limits raised, min limits lowered", async () => {
    assert.equal(peekDefaultDevice(), undefined);
    // A conflicting answer is refused and leaves the configuration as it was.
    preconfigureDefaultDevice({ powerPreference: "high-performance" });
    assert.throws(() => preconfigureDefaultDevice({ powerPreference: "low-power" }), /powerPreference "low-power" conflicts/);
    preconfigureDefaultDevice({ gpu: gpuForConfig, requiredFeatures: f1 ? [f1] : [], requiredLimits: { maxStorageBufferBindingSize: 1024, minStorageBufferOffsetAlignment: 256 } });
    preconfigureDefaultDevice({ requiredFeatures: f2 ? [f2] : [], requiredLimits: { maxStorageBufferBindingSize: maxStorage, minStorageBufferOffsetAlignment: Math.max(adapter.limits.minStorageBufferOffsetAlignment, 64) } });
    const [a, b] = await Promise.all([getDefaultDevice(), getDefaultDevice()]);
    assert.equal(a, b, "concurrent first calls share one device");
    assert.equal(await getDefaultDevice(), a);
    assert.equal(peekDefaultDevice(), a);
    for (const f of [f1, f2].filter(Boolean)) assert.ok(a.features.has(f), `feature ${f} enabled`);
    assert.ok(a.limits.maxStorageBufferBindingSize >= maxStorage);
    assert.ok(a.limits.minStorageBufferOffsetAlignment <= Math.max(adapter.limits.minStorageBufferOffsetAlignment, 64));
  });

  await t.test("after creation: a request the device satisfies is accepted, another one is a clear error", async () => {
    preconfigureDefaultDevice({ requiredLimits: { maxStorageBufferBindingSize: 1024 }, requiredFeatures: f1 ? [f1] : [] });
    assert.throws(() => preconfigureDefaultDevice({ requiredLimits: { maxStorageBufferBindingSize: 2 ** 52 } }),
      /after the default device was created.*maxStorageBufferBindingSize/);
    assert.throws(() => preconfigureDefaultDevice({ requiredLimits: { maxBindGroups: -1 } }), TypeError);
    assert.throws(() => preconfigureDefaultDevice({ requiredFeatures: "shader-f16" }), TypeError);
  });

  await t.test("a lost default device is replaced on the next call", async () => {
    const first = await getDefaultDevice();
    first.destroy();
    await first.lost;
    await new Promise((r) => setTimeout(r, 0));
    const second = await getDefaultDevice();
    assert.notEqual(second, first);
    for (const f of [f1, f2].filter(Boolean)) assert.ok(second.features.has(f), `feature ${f} kept`);
    second.destroy();
    await second.lost;
    await new Promise((r) => setTimeout(r, 0));
  });

  await t.test("a feature the adapter lacks rejects with the feature's name", { skip: unsupported ? false : "adapter has every standard feature" }, async () => {
    preconfigureDefaultDevice({ requiredFeatures: [unsupported] });
    await assert.rejects(getDefaultDevice(), new RegExp(`does not support feature "${unsupported}"`));
  });
}
