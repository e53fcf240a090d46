// GPU (navigator.gpu) of the wgpu-native backend: adapter requests and enumeration over the one
// native instance (runtime.ts). Adapters and their devices live in adapter.ts and device.ts.
import { runtime, type Runtime } from "../runtime.js";
import { fromStringView } from "../ffi/strings.js";
import { WGPUPowerPreference, WGPURequestAdapterStatus } from "../ffi/generated/enums.js";
import type { InterfaceTable } from "../../../backend.js";
import { WGSLLanguageFeaturesSet, WGSL_LANGUAGE_FEATURES } from "./limits.js";
import { NativeAdapter } from "./adapter.js";
import { dict, enumValue } from "../../../validate/shape.js";
import { operationError } from "../../../errors.js";
import { noDriverHint } from "../library.js";
import { platformObjects, attributes } from "../../../platform-object.js";

const powerPreference = { "low-power": WGPUPowerPreference.LowPower, "high-performance": WGPUPowerPreference.HighPerformance };

/** Options beyond the standard ones, from the environment (multi-GPU machines). */
function adapterNameOverride(): string | undefined {
  return process.env.WGPU_ADAPTER_NAME || undefined;
}

export class NativeGPU {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPU */
  declare readonly __brand: "GPU";
  readonly backend = "wgpu-native";
  /** @internal set by the backend module (avoids an import cycle); initialized here so it is a class field (platform-object.ts) */
  interfaces?: InterfaceTable = undefined;
  readonly wgslLanguageFeatures: ReadonlySet<string> = new WGSLLanguageFeaturesSet(WGSL_LANGUAGE_FEATURES);

  getPreferredCanvasFormat(): GPUTextureFormat { return "bgra8unorm"; }

  async requestAdapter(options?: GPURequestAdapterOptions): Promise<NativeAdapter | null> {
    const opts = dict<GPURequestAdapterOptions>(options, "GPURequestAdapterOptions", true);
    const pp = opts.powerPreference === undefined ? WGPUPowerPreference.Undefined
      : enumValue(opts.powerPreference, "GPURequestAdapterOptions.powerPreference", powerPreference);
    if (opts.featureLevel !== undefined && opts.featureLevel !== "core" && opts.featureLevel !== "compatibility") return null;
    const rt = runtime();
    const wantedName = adapterNameOverride();
    if (wantedName) return this.adapterByName(rt, wantedName);
    return new Promise<NativeAdapter | null>((resolve, reject) => {
      rt.poller.begin();
      const info = rt.request("WGPURequestAdapterCallback", (status, adapter, message) => {
        rt.poller.end();
        if (status === WGPURequestAdapterStatus.Success && adapter) resolve(new NativeAdapter(rt, adapter as bigint));
        else if (status === WGPURequestAdapterStatus.Unavailable) resolve(null);
        else reject(operationError(`requestAdapter failed: ${fromStringView(message as any) || "status " + String(status)}`));
      });
      rt.fn.wgpuInstanceRequestAdapter(rt.instance, { powerPreference: pp, forceFallbackAdapter: opts.forceFallbackAdapter ? 1 : 0 }, info);
      // The adapter is usually ready at once: settle now rather than from the next poll.
      rt.settleUrgent();
      rt.poller.kick();
    }).catch((e) => {
      // No adapter satisfies the options (e.g. no fallback adapter): the spec answers null.
      if (e instanceof DOMException && /no suitable adapter|not found/i.test(e.message)) return null;
      throw e;
    }).then((adapter) => {
      // The spec's answer stays null; when there is no adapter at all, say once which driver to install.
      if (adapter === null && !warnedNoDriver && Number(rt.fn.wgpuInstanceEnumerateAdapters(rt.instance, null, null)) === 0) {
        warnedNoDriver = true;
        // Written now, not through process.emitWarning (emitted on a later tick): the usual next step of a script,
        // adapter.requestDevice() on null, throws and exits the process before that tick.
        console.warn(noDriverHint());
      }
      return adapter;
    });
  }

  /** WGPU_ADAPTER_NAME: the first enumerated adapter whose name contains the given text. */
  private adapterByName(rt: Runtime, name: string): NativeAdapter | null {
    const n = Number(rt.fn.wgpuInstanceEnumerateAdapters(rt.instance, null, null));
    const handles = new BigUint64Array(n);
    rt.fn.wgpuInstanceEnumerateAdapters(rt.instance, null, handles);
    let chosen: NativeAdapter | null = null;
    for (const h of handles) {
      const a = new NativeAdapter(rt, h);
      if (!chosen && `${a.info.device} ${a.info.description}`.toLowerCase().includes(name.toLowerCase())) chosen = a;
    }
    return chosen;
  }

  /** @internal adapters of every native API (or of the `backends` bits), for reports and the enumerateAdapters extra. */
  enumerateAdapters(backends: number | null = null): NativeAdapter[] {
    const rt = runtime();
    const options = backends === null ? null : { nextInChain: null, backends };
    const n = Number(rt.fn.wgpuInstanceEnumerateAdapters(rt.instance, options, null));
    const handles = new BigUint64Array(n);
    if (n) rt.fn.wgpuInstanceEnumerateAdapters(rt.instance, options, handles);
    return [...handles].map((h) => new NativeAdapter(rt, h));
  }
}

let warnedNoDriver = false;

platformObjects(NativeGPU);
attributes(NativeGPU, "backend", "wgslLanguageFeatures");
