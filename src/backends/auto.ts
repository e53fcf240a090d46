// The auto backend: picks the best backend available in this runtime.
//   Node, Deno, Bun: wgpu-native when its library loads (koffi and the helper are Node-API addons, which Deno and
//         Bun load too), else js-webgpu (navigator.gpu: Deno's own, or one something installed; else dawn.node from
//         npm `webgpu`), else an error listing what was tried and how to fix each;
//   browser (or any other runtime with navigator.gpu): js-webgpu over navigator.gpu.
// WGPU_TS_BACKEND=wgpu-native|js-webgpu forces one (in browsers: globalThis.WGPU_TS_BACKEND); in Deno,
// WGPU_TS_BACKEND=js-webgpu (with --allow-env) or importing wgpu-ts/backends/js-webgpu selects Deno's navigator.gpu.
// Browser-safe: the native backend is imported through a variable specifier, which bundlers do not follow, and
// only after the runtime was found to be one that loads Node-API addons.
import { registerBackend } from "../selection.js";
import type { BackendGPU, InterfaceTable } from "../backend.js";
import { defaultJsWebGPU } from "./js-webgpu/wrap.js";
import { detectRuntime, readEnv, type RuntimeName } from "../runtime-env.js";

export const AUTO_BACKENDS = ["wgpu-native", "js-webgpu"] as const;
export type AutoBackendName = (typeof AUTO_BACKENDS)[number];

const NATIVE_MODULE = "./wgpu-native/index.js";

/** The runtimes that load Node-API addons (koffi, the helper), where the native backend can run. */
export const NATIVE_RUNTIMES: readonly RuntimeName[] = ["node", "deno", "bun"];

async function loadNative(runtime: RuntimeName): Promise<BackendGPU> {
  if (!NATIVE_RUNTIMES.includes(runtime)) {
    throw new Error(`needs Node.js, Deno or Bun (koffi FFI); this is ${runtime === "unknown" ? "an unknown runtime" : runtime}. ` +
      "fix: use js-webgpu (the default here)");
  }
  if (runtime === "deno") {
    // Asking would prompt on a terminal: only use what was granted (queried, never requested).
    const perms = (globalThis as { Deno?: { permissions?: { querySync?(d: { name: string }): { state: string } } } }).Deno?.permissions;
    const missing = ["ffi", "read", "env"].filter((name) => perms?.querySync?.({ name })?.state !== "granted");
    if (missing.length) {
      throw new Error(`Deno was started without ${missing.map((m) => `--allow-${m}`).join(" ")} (koffi loads libwgpu_native as native code). ` +
        "fix: deno run --allow-ffi --allow-read --allow-env (or --allow-all)");
    }
  }
  const native = await import(/* @vite-ignore */ /* webpackIgnore: true */ NATIVE_MODULE);
  native.ensureLoaded();
  return native.gpu as BackendGPU;
}

async function loadJsWebGPU(): Promise<BackendGPU> {
  await defaultJsWebGPU.ready();
  return defaultJsWebGPU;
}

/** The order auto tries backends in, for this runtime and WGPU_TS_BACKEND. */
export function autoOrder(runtime: RuntimeName = detectRuntime(), forced = readEnv("WGPU_TS_BACKEND")?.trim()): AutoBackendName[] {
  if (forced) {
    if (!(AUTO_BACKENDS as readonly string[]).includes(forced)) {
      throw new Error(`wgpu-ts: WGPU_TS_BACKEND=${forced} is not a backend; expected one of: ${AUTO_BACKENDS.join(", ")}`);
    }
    return [forced as AutoBackendName];
  }
  return NATIVE_RUNTIMES.includes(runtime) ? ["wgpu-native", "js-webgpu"] : ["js-webgpu"];
}

/** Resolves the concrete backend, or throws an error listing each backend tried, why it failed and the fix. */
export async function resolveAutoBackend(): Promise<BackendGPU> {
  const runtime = detectRuntime();
  const forced = readEnv("WGPU_TS_BACKEND")?.trim() || undefined;
  const order = autoOrder(runtime, forced);
  const tried: string[] = [];
  for (const name of order) {
    try {
      return name === "wgpu-native" ? await loadNative(runtime) : await loadJsWebGPU();
    } catch (e) {
      tried.push(`${name}: ${String((e as Error)?.message ?? e).replace(/\n/g, "\n    ")}`);
    }
  }
  const how = forced ? ` (WGPU_TS_BACKEND=${forced})` : "";
  throw new Error(`wgpu-ts: no backend available in ${runtime}${how}. Tried:\n${tried.map((t) => "  - " + t).join("\n")}`);
}

/** The auto backend's own GPU: resolves the concrete backend on first use, then reports it as `backend`. */
class AutoGPU implements BackendGPU {
  #resolved: BackendGPU | undefined;
  #resolving: Promise<BackendGPU> | undefined;
  /** "auto" until the first requestAdapter() chose a backend, then that backend's name. */
  get backend(): string { return this.#resolved?.backend ?? "auto"; }
  get interfaces(): InterfaceTable | undefined { return this.#resolved?.interfaces; }
  /** The concrete backend's GPU, once chosen. */
  get resolved(): BackendGPU | undefined { return this.#resolved; }
  resolve(): Promise<BackendGPU> {
    if (this.#resolved) return Promise.resolve(this.#resolved);
    this.#resolving ??= resolveAutoBackend().then(
      (b) => (this.#resolved = b),
      (e) => { this.#resolving = undefined; throw e; },
    );
    return this.#resolving;
  }
  requestAdapter(options?: GPURequestAdapterOptions): Promise<unknown> {
    if (this.#resolved) return this.#resolved.requestAdapter(options);
    return this.resolve().then((b) => b.requestAdapter(options));
  }
  getPreferredCanvasFormat(): GPUTextureFormat { return this.#resolved?.getPreferredCanvasFormat() ?? "bgra8unorm"; }
  get wgslLanguageFeatures(): ReadonlySet<string> { return this.#resolved?.wgslLanguageFeatures ?? new Set<string>(); }
}

const autoGPU = new AutoGPU();
export const gpu = autoGPU as unknown as GPU & { readonly backend: string; resolve(): Promise<BackendGPU> };
// Importing this module is the portable explicit choice: it serves the facade.
registerBackend(autoGPU);
