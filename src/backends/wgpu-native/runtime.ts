// The process-wide native runtime: the loaded library, one WGPUInstance, the persistent koffi
// callbacks and the poller. Callbacks are registered once; each request carries an integer token
// in userdata1 that selects its JS continuation, so no per-request trampoline is ever allocated.
import koffi from "koffi";
import { loadLibrary, type LoadedLibrary } from "./library.js";
import type { NativeFunctions } from "./ffi/generated/functions.js";
import { WGPUCallbackMode, WGPUInstanceBackend, WGPUInstanceFlag, WGPUNativeSType } from "./ffi/generated/enums.js";
import { Poller, type DeviceWaiter } from "./events.js";
import { fromStringView, type StringView } from "./ffi/strings.js";
import { helper } from "./native-helper.js";

type Continuation = (...args: unknown[]) => void;

export class Runtime {
  readonly fn: NativeFunctions;
  readonly library: LoadedLibrary;
  readonly instance: bigint;
  readonly poller: Poller;
  /** koffi function pointers of the registered callbacks, by C callback type. */
  readonly cb: Record<CallbackName, bigint>;
  private readonly once = new Map<number, Continuation>();
  private readonly persistent = new Map<number, Continuation>();
  private nextToken = 1;

  constructor() {
    this.library = loadLibrary();
    this.fn = this.library.fn;
    const fn = this.fn;
    const extras = {
      chain: { next: null, sType: WGPUNativeSType.InstanceExtras },
      backends: instanceBackends(),
      // ValidationIndirectCall: wgpu-core checks indirect dispatch (and draw) arguments on the GPU and skips
      // the call when they exceed the limits, as the spec says (a dispatch over maxComputeWorkgroupsPerDimension
      // is a no-op); without it 2^31 - 1 workgroups run for minutes.
      flags: WGPUInstanceFlag.ValidationIndirectCall,
      // Set by the setInstanceExtras() extra before the instance exists (fields of WGPUInstanceExtras).
      ...instanceExtras,
    };
    this.instance = fn.wgpuCreateInstance({ nextInChain: koffi.as(extras, "WGPUInstanceExtras *") }) as bigint;
    if (!this.instance) throw new Error("wgpuCreateInstance failed");
    // wgpuInstanceProcessEvents polls every device and delivers the callbacks; it is cheap, while a
    // non-blocking wgpuDevicePoll costs tens of microseconds per call on NVIDIA (measured on an
    // H200), so the spin uses the former only and waits block in the latter on a worker thread.
    this.poller = new Poller(() => {
      fn.wgpuInstanceProcessEvents(this.instance);
      this.settleUrgent();
    }, deviceWaiter(this));
    const reg = (name: CallbackName, persistent: boolean) =>
      koffi.register((...args: unknown[]) => this.dispatch(args, persistent), koffi.pointer(koffi.type(name)));
    this.cb = {
      WGPUBufferMapCallback: reg("WGPUBufferMapCallback", false),
      WGPUQueueWorkDoneCallback: reg("WGPUQueueWorkDoneCallback", false),
      WGPURequestAdapterCallback: reg("WGPURequestAdapterCallback", false),
      WGPURequestDeviceCallback: reg("WGPURequestDeviceCallback", false),
      WGPUPopErrorScopeCallback: reg("WGPUPopErrorScopeCallback", false),
      WGPUUncapturedErrorCallback: reg("WGPUUncapturedErrorCallback", true),
      WGPUDeviceLostCallback: reg("WGPUDeviceLostCallback", true),
    };
  }

  /** The callback's userdata1 is the token; it sits right before userdata2, the last argument. */
  private dispatch(args: unknown[], persistent: boolean): void {
    const token = Number(args[args.length - 2]);
    const map = persistent ? this.persistent : this.once;
    const k = map.get(token);
    if (!k) return;
    if (persistent) {
      // Errors and loss are routed at once: they belong to the call that raised them.
      try {
        k(...args);
      } catch (e) {
        // An exception must never unwind into native code; surface it asynchronously instead.
        queueMicrotask(() => { throw e; });
      }
      return;
    }
    map.delete(token);
    if (this.onceKind.delete(token)) {
      // Adapters and devices are not ordered against other completions: they settle as soon as the native
      // call that fired the callback has returned (settleUrgent), in the same task. A runtime that awaits
      // them in a loop (a WASM module's start-up) would otherwise pay an event-loop turn or more for each.
      const decoded = args.map((a) => (a !== null && typeof a === "object" && "data" in a && "length" in a ? fromStringView(a as StringView) : a));
      this.urgent.push(() => k(...decoded));
      return;
    }
    // Completions are delivered in a later task, in the order wgpu-native reported them (the spec
    // settles them from device-timeline tasks). String views die with the callback: decode now.
    const decoded = args.map((a) => (a !== null && typeof a === "object" && "data" in a && "length" in a ? fromStringView(a as StringView) : a));
    this.defer(() => k(...decoded));
  }

  private readonly urgent: Array<() => void> = [];
  private readonly onceKind = new Map<number, CallbackName>();

  /** Runs the continuations of adapter/device requests whose callback fired during the last native call. */
  settleUrgent(): void {
    if (this.urgent.length === 0) return;
    for (const f of this.urgent.splice(0)) {
      try { f(); } catch (e) { queueMicrotask(() => { throw e; }); }
    }
  }

  /**
   * Runs `f` from the completion task, after the completions already queued: the device-timeline outcome of a
   * request settled in JS (a mapAsync that failed validation), in order with those wgpu-native reports.
   */
  defer(f: () => void): void {
    this.completions.push(f);
    if (!this.draining) {
      this.draining = true;
      setImmediate(this.drain);
    }
  }

  private readonly completions: Array<() => void> = [];
  private draining = false;
  private readonly drain = (): void => {
    this.draining = false;
    const list = this.completions.splice(0);
    for (const f of list) {
      try { f(); } catch (e) { queueMicrotask(() => { throw e; }); }
    }
  };

  /** CallbackInfo for a one-shot request whose continuation receives the C callback's arguments. */
  request(name: CallbackName, k: Continuation): { mode: number; callback: bigint; userdata1: number; userdata2: number } {
    const token = this.nextToken++;
    this.once.set(token, k);
    if (URGENT.has(name)) this.onceKind.set(token, name);
    return { mode: WGPUCallbackMode.AllowProcessEvents, callback: this.cb[name], userdata1: token, userdata2: 0 };
  }

  /** A token for a callback that may fire many times (uncaptured errors, device loss). */
  listen(k: Continuation): number {
    const token = this.nextToken++;
    this.persistent.set(token, k);
    return token;
  }

  unlisten(token: number): void {
    this.persistent.delete(token);
  }
}

/** Requests settled right after the native call that completed them, not from the ordered completion task. */
const URGENT: ReadonlySet<string> = new Set(["WGPURequestAdapterCallback", "WGPURequestDeviceCallback"]);

export type CallbackName =
  | "WGPUBufferMapCallback" | "WGPUQueueWorkDoneCallback" | "WGPURequestAdapterCallback" | "WGPURequestDeviceCallback"
  | "WGPUPopErrorScopeCallback" | "WGPUUncapturedErrorCallback" | "WGPUDeviceLostCallback";

/** WGPU_BACKEND_TYPE (vulkan, metal, dx12, gl) restricts the instance to one native API. */
function instanceBackends(): number {
  const wanted = process.env.WGPU_BACKEND_TYPE?.toLowerCase();
  if (!wanted) return WGPUInstanceBackend.All;
  const table: Record<string, number> = {
    vulkan: WGPUInstanceBackend.Vulkan, metal: WGPUInstanceBackend.Metal, dx12: WGPUInstanceBackend.DX12,
    gl: WGPUInstanceBackend.GL, opengl: WGPUInstanceBackend.GL,
  };
  const v = table[wanted];
  if (v === undefined) throw new Error(`WGPU_BACKEND_TYPE=${wanted}: expected one of ${Object.keys(table).join(", ")}`);
  return v;
}

/**
 * wgpuDevicePoll(wait=true) on a libuv worker (native helper). The device gets an extra reference
 * for the duration, so a wrapper collected meanwhile cannot free it under the waiting thread.
 */
function deviceWaiter(rt: Runtime): DeviceWaiter | null {
  if (!helper || process.env.WGPU_TS_NO_BLOCKING_WAIT === "1") return null;
  try {
    helper.initReplay(rt.library.path);
  } catch {
    return null;
  }
  return (device) => {
    rt.fn.wgpuDeviceAddRef(device);
    return helper!.waitIdle(device).finally(() => rt.fn.wgpuDeviceRelease(device));
  };
}

let current: Runtime | undefined;
let instanceExtras: Record<string, unknown> | undefined;

/** @internal the WGPUInstanceExtras fields of setInstanceExtras(); false once the instance exists. */
export function setInstanceExtrasFields(fields: Record<string, unknown>): boolean {
  if (current) return false;
  instanceExtras = fields;
  return true;
}
export function runtime(): Runtime {
  return (current ??= new Runtime());
}
