// getDefaultDevice / preconfigureDefaultDevice with the js-webgpu backend's gpu (dawn.node here).
import { test } from "node:test";
import { defaultDeviceCases } from "./default-device-cases.mjs";
import { backendGPU, skipReason } from "./backends.mjs";

test("default device on js-webgpu", { skip: await skipReason("js-webgpu"), timeout: 30_000 }, async (t) => {
  const gpu = await backendGPU("js-webgpu");
  await defaultDeviceCases(t, { gpu, gpuForConfig: gpu });
});
