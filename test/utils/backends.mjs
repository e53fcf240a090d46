// The backends the utility tests run on: each entry gives a fresh device of that backend.
// js-webgpu runs over dawn.node (npm `webgpu`, an optional dependency); where it cannot load, its tests skip.
export const BACKENDS = ["wgpu-native", "js-webgpu"];

const gpus = new Map();

/** The backend module's own `gpu` (never the facade, so both backends can run in one process). */
export async function backendGPU(name) {
  if (!gpus.has(name)) {
    const mod = name === "wgpu-native" ? await import("wgpu-ts/backends/wgpu-native") : await import("wgpu-ts/backends/js-webgpu");
    gpus.set(name, mod.gpu);
  }
  return gpus.get(name);
}

/** A fresh device, or undefined when the backend has no adapter here. */
export async function deviceOf(name, descriptor) {
  const gpu = await backendGPU(name);
  const adapter = await gpu.requestAdapter();
  return adapter ? adapter.requestDevice(descriptor) : undefined;
}

/** undefined when `name` can run here, else the reason to skip (for test(..., { skip })). */
export async function skipReason(name) {
  try {
    const gpu = await backendGPU(name);
    return (await gpu.requestAdapter()) ? undefined : `${name}: no adapter`;
  } catch (e) {
    return `${name} unavailable: ${String(e?.message).split("\n")[0]}`;
  }
}
