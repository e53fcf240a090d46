// installGlobals(): the browser's WebGPU globals on globalThis, so browser code runs unchanged.
import { gpu, activeBackend, registeredBackends } from "./selection.js";
import * as flags from "./generated/flags.js";
import { installCanvasGlobals } from "./canvas/index.js";
import { GPUError, GPUValidationError, GPUOutOfMemoryError, GPUInternalError, GPUPipelineError, GPUUncapturedErrorEvent, GPUDeviceLostInfo } from "./errors.js";

export function installGlobals(gpuObject: object = gpu): void {
  const g = globalThis as Record<string, unknown>;
  const values: Record<string, unknown> = {
    ...flags,
    GPUError, GPUValidationError, GPUOutOfMemoryError, GPUInternalError, GPUPipelineError, GPUUncapturedErrorEvent, GPUDeviceLostInfo,
  };
  // Interface classes (for `instanceof GPUBuffer` and friends) come from the backend in use.
  const backend = activeBackend() ?? registeredBackends()[0];
  Object.assign(values, backend?.interfaces ?? {});
  for (const [k, v] of Object.entries(values)) {
    Object.defineProperty(g, k, { value: v, configurable: true, writable: true, enumerable: false });
  }
  // Node < 21 has no navigator; later versions have one whose `gpu` we can add.
  let nav = g.navigator as Record<string, unknown> | undefined;
  if (!nav) {
    nav = {};
    Object.defineProperty(g, "navigator", { value: nav, configurable: true, writable: true });
  }
  // A real implementation already there (browsers, Deno) stays reachable for the js-webgpu backend.
  const previous = (nav as Record<string, unknown>).gpu;
  if (previous && typeof previous === "object" && previous !== gpuObject && !("backend" in previous)) {
    (g as Record<PropertyKey, unknown>)[Symbol.for("wgpu-ts.implementationGPU")] ??= previous;
  }
  Object.defineProperty(nav, "gpu", { value: gpuObject, configurable: true, writable: true, enumerable: true });
  // OffscreenCanvas, GPUCanvasContext, requestAnimationFrame (src/canvas/) where the runtime has none.
  installCanvasGlobals(g);
}
