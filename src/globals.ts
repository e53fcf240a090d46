// installGlobals(): the browser's WebGPU globals on globalThis, so browser code runs unchanged.
//
// The interface globals (GPUBuffer, GPUDevice, ...) must work whatever the order of installGlobals() and the
// choice of backend: TensorFlow.js-style code calls installGlobals() first and only then
// navigator.gpu.requestAdapter(), which picks the backend. So each interface name is an accessor on
// globalThis that answers the class of the backend serving wgpu-ts at the time of the lookup (its prototype,
// so `GPUDevice.prototype instanceof EventTarget` and prototype patching behave as in browsers), and, while no
// backend knows the interface yet, a stand-in class whose `instanceof` asks every backend (so a reference taken
// early still recognises objects made later). Interfaces a backend never instantiates (GPUExternalTexture on
// wgpu-native) resolve to the stand-in: defined, and false for every object. Assigning a global replaces it.
import { gpu, activeBackend, registeredBackends, type BackendGPU } from "./selection.js";
import * as flags from "./generated/flags.js";
import { installCanvasGlobals } from "./canvas/index.js";
import { GPUError, GPUValidationError, GPUOutOfMemoryError, GPUInternalError, GPUPipelineError, GPUUncapturedErrorEvent, GPUDeviceLostInfo } from "./errors.js";

/** Every interface of the WebGPU IDL that a browser exposes on its global object. */
export const INTERFACE_NAMES = Object.freeze([
  "GPU", "GPUAdapter", "GPUAdapterInfo", "GPUBindGroup", "GPUBindGroupLayout", "GPUBuffer", "GPUCanvasContext",
  "GPUCommandBuffer", "GPUCommandEncoder", "GPUCompilationInfo", "GPUCompilationMessage", "GPUComputePassEncoder",
  "GPUComputePipeline", "GPUDevice", "GPUDeviceLostInfo", "GPUError", "GPUExternalTexture", "GPUInternalError",
  "GPUOutOfMemoryError", "GPUPipelineError", "GPUPipelineLayout", "GPUQuerySet", "GPUQueue", "GPURenderBundle",
  "GPURenderBundleEncoder", "GPURenderPassEncoder", "GPURenderPipeline", "GPUSampler", "GPUShaderModule",
  "GPUSupportedFeatures", "GPUSupportedLimits", "GPUTexture", "GPUTextureView", "GPUUncapturedErrorEvent",
  "GPUValidationError", "WGSLLanguageFeatures",
] as const);

/** wgpu-ts's own classes, used where the backend has none of that name (error classes are portable). */
const OWN_CLASSES: Readonly<Record<string, Function>> = {
  GPUError, GPUValidationError, GPUOutOfMemoryError, GPUInternalError, GPUPipelineError, GPUUncapturedErrorEvent, GPUDeviceLostInfo,
};

/** The backend whose classes the globals answer: the active one, else the first imported (as requestAdapter picks). */
function currentBackend(): BackendGPU | undefined {
  return activeBackend() ?? registeredBackends()[0];
}

const standIns = new Map<string, Function>();
/** The runtime's own classes found on globalThis before installGlobals() (browsers, Deno): kept as a fallback. */
const platformClasses = new Map<string, Function>();

function backendClass(b: BackendGPU | undefined, name: string): Function | undefined {
  const c = (b?.interfaces as Readonly<Record<string, unknown>> | undefined)?.[name];
  // A backend that read its classes from globalThis after installGlobals() may hold a stand-in: not a class of its own.
  return typeof c === "function" && standIns.get(name) !== c ? c : undefined;
}

function fallbackClass(name: string): Function | undefined {
  return platformClasses.get(name) ?? OWN_CLASSES[name];
}

/** The GPU objects installGlobals() put on navigator (the facade, or the object passed in). */
const installedGPUs = new Set<object>([gpu]);

function standIn(name: string): Function {
  let c = standIns.get(name);
  if (c) return c;
  c = { [name]: function () { throw new TypeError("Illegal constructor"); } }[name]!;
  Object.defineProperty(c, Symbol.hasInstance, {
    value(value: unknown): boolean {
      if (typeof value !== "object" || value === null) return false;
      if (name === "GPU" && installedGPUs.has(value)) return true;
      const seen = new Set<Function>();
      for (const b of [currentBackend(), ...registeredBackends()]) {
        const k = backendClass(b, name) ?? fallbackClass(name);
        if (!k || seen.has(k)) continue;
        seen.add(k);
        if (value instanceof (k as new () => unknown)) return true;
      }
      return false;
    },
  });
  standIns.set(name, c);
  return c;
}

function resolveInterface(name: string): Function {
  // `GPU` stays the stand-in: navigator.gpu is wgpu-ts's facade, which is no instance of a backend's class.
  if (name === "GPU") return standIn(name);
  return backendClass(currentBackend(), name) ?? fallbackClass(name) ?? standIn(name);
}

export function installGlobals(gpuObject: object = gpu): void {
  const g = globalThis as Record<string, unknown>;
  installedGPUs.add(gpuObject);
  for (const [k, v] of Object.entries(flags)) {
    Object.defineProperty(g, k, { value: v, configurable: true, writable: true, enumerable: false });
  }
  for (const name of INTERFACE_NAMES) {
    const before = Object.getOwnPropertyDescriptor(g, name);
    if (before && "value" in before && typeof before.value === "function" && !platformClasses.has(name) && standIns.get(name) !== before.value) {
      platformClasses.set(name, before.value as Function);
    }
    Object.defineProperty(g, name, {
      configurable: true,
      enumerable: false,
      get: () => resolveInterface(name),
      // Assigning (a polyfill, a test double) replaces the accessor by a plain value, as for any global.
      set(v: unknown) { Object.defineProperty(g, name, { value: v, configurable: true, writable: true, enumerable: false }); },
    });
  }
  // Names a backend adds beyond the IDL list (an implementation's extra classes) are copied as they are now.
  for (const [k, v] of Object.entries(currentBackend()?.interfaces ?? {})) {
    if ((INTERFACE_NAMES as readonly string[]).includes(k) || k in flags) continue;
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
