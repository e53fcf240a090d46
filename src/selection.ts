// Backend selection, as in wgpu-py: explicit (importing a backend module registers it), portable
// (importing the auto backend), or automatic at the first gpu.requestAdapter() when none was
// imported. The registry knows no backend itself (the contract a backend meets is src/backend.ts).
// The first backend that serves the facade stays; asking for another one is an error.

import type { BackendGPU, BackendResolver } from "./backend.js";

export type { BackendGPU } from "./backend.js";

const registered: BackendGPU[] = [];
let active: BackendGPU | undefined;

/** Called by a backend module when it is imported. */
export function registerBackend(gpu: BackendGPU): void {
  if (!registered.includes(gpu)) registered.push(gpu);
}

/** Makes `gpu` the backend behind the portable facade. */
export function selectBackend(gpu: BackendGPU): BackendGPU {
  if (active && active !== gpu) {
    throw new Error(`wgpu-ts: backend "${active.backend}" is already active; cannot select "${gpu.backend}" as well. ` +
      `Use each backend module's own \`gpu\` to run two backends in one process.`);
  }
  active = gpu;
  return gpu;
}

export function registeredBackends(): readonly BackendGPU[] {
  return registered;
}

export function activeBackend(): BackendGPU | undefined {
  return active;
}

let fallback: BackendResolver | undefined;

/** How to find a backend when none was imported: index.ts hands over the auto backend's resolver. */
export function setFallbackResolver(resolve: BackendResolver): void {
  fallback = resolve;
}

async function resolveBackend(): Promise<BackendGPU> {
  if (active) return active;
  if (registered.length > 0) return selectBackend(registered[0]!);
  if (!fallback) throw new Error("wgpu-ts: no backend was imported and no fallback resolver is set");
  return selectBackend(await fallback());
}

/** The portable GPU object: `import { gpu } from "wgpu-ts"`. */
class PortableGPU {
  get backend(): string | undefined { return active?.backend; }
  requestAdapter(options?: GPURequestAdapterOptions): Promise<GPUAdapter | null> {
    return resolveBackend().then((b) => b.requestAdapter(options) as Promise<GPUAdapter | null>);
  }
  getPreferredCanvasFormat(): GPUTextureFormat {
    return active ? active.getPreferredCanvasFormat() : "bgra8unorm";
  }
  get wgslLanguageFeatures(): ReadonlySet<string> {
    return active?.wgslLanguageFeatures ?? new Set<string>();
  }
}

export const gpu = new PortableGPU() as unknown as GPU & { readonly backend: string | undefined };
