// wgpu-ts: the WebGPU API for TypeScript, with swappable backends.
export { gpu, selectBackend, activeBackend, registerBackend, type BackendGPU } from "./selection.js";
export { installGlobals } from "./globals.js";
export { GPUBufferUsage, GPUColorWrite, GPUMapMode, GPUShaderStage, GPUTextureUsage } from "./generated/flags.js";
export {
  GPUError, GPUValidationError, GPUOutOfMemoryError, GPUInternalError, GPUPipelineError, GPUUncapturedErrorEvent, GPUDeviceLostInfo,
} from "./errors.js";
