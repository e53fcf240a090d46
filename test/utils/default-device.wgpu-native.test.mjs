// getDefaultDevice / preconfigureDefaultDevice over the portable facade (auto selects wgpu-native here).
import { test } from "node:test";
import assert from "node:assert/strict";
import { gpu } from "wgpu-ts";
import { defaultDeviceCases } from "./default-device-cases.mjs";
import { skipReason } from "./backends.mjs";

test("default device on wgpu-native (through the facade)", { skip: await skipReason("wgpu-native"), timeout: 30_000 }, async (t) => {
  await defaultDeviceCases(t, { gpu: (await import("wgpu-ts/backends/wgpu-native")).gpu, gpuForConfig: undefined });
  assert.equal(gpu.backend, "wgpu-native");
});
