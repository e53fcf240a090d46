// The auto backend: picks the best backend available in this runtime.
// Node: wgpu-native when its library loads. (js-webgpu over navigator.gpu / dawn.node: later.)
import { registerBackend, selectBackend, type BackendGPU } from "../selection.js";

export async function resolveAutoBackend(): Promise<BackendGPU> {
  const tried: string[] = [];
  const forced = typeof process !== "undefined" ? process.env?.WGPU_TS_BACKEND : undefined;
  if (!forced || forced === "wgpu-native") {
    try {
      const native = await import("./wgpu-native/index.js");
      native.ensureLoaded();
      return native.gpu as unknown as BackendGPU;
    } catch (e) {
      tried.push(`wgpu-native: ${(e as Error).message}`);
    }
  } else {
    tried.push(`WGPU_TS_BACKEND=${forced} is not a backend this build knows (expected wgpu-native)`);
  }
  throw new Error(`wgpu-ts: no backend available.\n${tried.map((t) => "  - " + t).join("\n")}`);
}

/** The auto backend's own GPU: resolves the concrete backend on first use. */
class AutoGPU implements BackendGPU {
  readonly backend = "auto";
  private resolved: BackendGPU | undefined;
  async requestAdapter(options?: GPURequestAdapterOptions): Promise<unknown> {
    this.resolved ??= await resolveAutoBackend();
    return this.resolved.requestAdapter(options);
  }
  getPreferredCanvasFormat(): GPUTextureFormat { return this.resolved?.getPreferredCanvasFormat() ?? "bgra8unorm"; }
  get wgslLanguageFeatures(): ReadonlySet<string> { return this.resolved?.wgslLanguageFeatures ?? new Set<string>(); }
}

export const gpu = new AutoGPU() as unknown as GPU;
// Importing this module is the portable explicit choice: it serves the facade.
registerBackend(gpu as unknown as BackendGPU);
