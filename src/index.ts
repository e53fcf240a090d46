// wgpu-ts: the WebGPU API for TypeScript, with swappable backends.
import { setFallbackResolver } from "./selection.js";

export { gpu, selectBackend, activeBackend, registerBackend } from "./selection.js";
export type { BackendGPU } from "./backend.js";

// Nothing imported explicitly: the auto backend decides, at the first requestAdapter() (a dynamic
// import keeps Node-only code out of browser bundles until it is needed).
setFallbackResolver(async () => (await import("./backends/auto.js")).resolveAutoBackend());
export { installGlobals } from "./globals.js";
export { GPUBufferUsage, GPUColorWrite, GPUMapMode, GPUShaderStage, GPUTextureUsage } from "./generated/flags.js";
export {
  GPUError, GPUValidationError, GPUOutOfMemoryError, GPUInternalError, GPUPipelineError, GPUUncapturedErrorEvent, GPUDeviceLostInfo,
} from "./errors.js";
// The standard OffscreenCanvas / GPUCanvasContext / requestAnimationFrame over any backend (also wgpu-ts/canvas).
export { OffscreenCanvas, GPUCanvasContext, requestAnimationFrame, cancelAnimationFrame } from "./canvas/index.js";
