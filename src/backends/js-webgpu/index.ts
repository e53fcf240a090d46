// wgpu-ts/backends/js-webgpu: wgpu-ts over a JavaScript WebGPU implementation.
// Importing this module makes its `gpu` the backend behind `import { gpu } from "wgpu-ts"` (explicit choice).
// Its `gpu` uses navigator.gpu (browsers, Deno) or, in Node, dawn.node from npm `webgpu`; wrapGPU() wraps any
// other implementation. Browser-safe: nothing here imports a Node built-in.
import { registerBackend } from "../../selection.js";
import type { BackendGPU } from "../../backend.js";
import { defaultJsWebGPU, type WrappedGPU } from "./wrap.js";

/** This backend's GPU object (usable directly, whatever the facade uses). */
export const gpu = defaultJsWebGPU as unknown as WrappedGPU;

registerBackend(defaultJsWebGPU as BackendGPU);

/**
 * The implementation behind `gpu` (or behind any GPU from wrapGPU), finding it first if needed. Rejects with an
 * error naming what was looked at and how to get an implementation when there is none.
 */
export function getImplementation(of: WrappedGPU = gpu): Promise<GPU> {
  return (of as unknown as { ready(): Promise<GPU> }).ready();
}

export { wrapGPU, JsWebGPU, findImplementation, type WrapOptions, type WrappedGPU, type Implementation } from "./wrap.js";
export { detectRuntime, type RuntimeName } from "../../runtime-env.js";
