// The process-wide native runtime: the loaded library, one WGPUInstance, the persistent koffi
// callbacks and the poller. Callbacks are registered once; each request carries an integer token
// in userdata1 that selects its JS continuation, so no per-request trampoline is ever allocated.
import koffi from "koffi";
import { loadLibrary, type LoadedLibrary } from "./library.js";
import type { NativeFunctions } from "./ffi/generated/functions.js";
import { WGPUCallbackMode, WGPUInstanceBackend, WGPUInstanceFlag, WGPUNativeSType } from "./ffi/generated/enums.js";
import { Poller, type DeviceWaiter } from "./events.js";
import { fromStringView, type StringView } from "./ffi/strings.js";
import { helper, type NativeHelper } from "./native-helper.js";
import { useNativeLifetime } from "./lifetime.js";

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
    this.native = nativeEvents(this.library.path);
    useNativeLifetime(this.library.path);
    this.poller = new Poller((devices, deviceless, inTask) => {
      this.poll(devices, deviceless);
      this.settleUrgent();
      // A poll in a task of its own (the spin, the end of a blocking wait) is already "a later task" for what it
      // completed: the continuations run now, after those queued before them, instead of one more turn of the loop.
      if (inTask && this.completions.length > 0) this.drain();
    }, deviceWaiter(this));
    const reg = (name: CallbackName, persistent: boolean) =>
      koffi.register((...args: unknown[]) => this.dispatch(args, persistent), koffi.pointer(koffi.type(name)));
    this.cb = {
      // Map and work-done requests issued without the helper (see mapAsync): (status, message, userdata1, userdata2).
      WGPUBufferMapCallback: koffi.register((status: number, message: StringView, token: unknown) =>
        this.complete(Number(token), status, fromStringView(message)), koffi.pointer(koffi.type("WGPUBufferMapCallback"))),
      WGPUQueueWorkDoneCallback: koffi.register((status: number, message: StringView, token: unknown) =>
        this.complete(Number(token), status, fromStringView(message)), koffi.pointer(koffi.type("WGPUQueueWorkDoneCallback"))),
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
    this.enqueue(f, 0, "");
  }

  /** Queues `k(status, message)` for the completion task (flat triples: no closure per completion). */
  private enqueue(k: (status: number, message: string) => void, status: number, message: string): void {
    this.completions.push(k, status, message);
    if (!this.draining) {
      this.draining = true;
      setImmediate(this.drain);
    }
  }

  private completions: unknown[] = [];
  private draining = false;
  private readonly drain = (): void => {
    this.draining = false;
    const list = this.completions;
    this.completions = [];
    for (let i = 0; i < list.length; i += 3) {
      try { (list[i] as (status: number, message: string) => void)(list[i + 1] as number, list[i + 2] as string); } catch (e) { queueMicrotask(() => { throw e; }); }
    }
  };

  /**
   * The helper's completion path (native/events.c), or null (no helper, or WGPU_TS_NO_NATIVE_EVENTS=1): map and
   * work-done requests are then issued with koffi callbacks, which cost several microseconds each.
   */
  readonly native: NativeHelper | null;
  /** Pending map and work-done requests by token: the device they poll and their continuation. */
  private readonly requests = new Map<number, { device: bigint; k: (status: number, message: string) => void }>();

  /**
   * Devices that were destroyed or lost and whose wrapper still exists. wgpuInstanceProcessEvents polls every device
   * of the instance, and polling a destroyed device walks what it still tracks: 180 us per call on lavapipe with
   * 6000 live buffers, 15 us once they are released (0.4 us with no destroyed device), which an idle-buffer map
   * pays on every other device. While one exists, the devices with pending requests can be polled alone
   * (wgpuDevicePoll), but that call costs tens of microseconds on NVIDIA (it waits on the fence with a zero
   * timeout): every 256th poll times both ways and the cheaper one is used until the next.
   */
  private readonly lostDevices = new Set<bigint>();
  private pollDevicesAlone = false;
  private pollCount = 0;

  /** @internal a device was destroyed or lost; `gone` once its wrapper is finalized */
  deviceLost(device: bigint): void { this.lostDevices.add(device); }
  /** @internal */
  deviceGone(device: bigint): void { this.lostDevices.delete(device); }

  /** One poll: delivers the callbacks of whatever completed (the poller's pollOnce). */
  poll(devices: Iterable<bigint>, deviceless: boolean): void {
    if (this.lostDevices.size === 0 || deviceless) {
      this.processEvents();
      return;
    }
    if ((this.pollCount++ & 255) === 0) {
      const t0 = performance.now();
      this.processEvents();
      const t1 = performance.now();
      this.pollDevices(devices);
      this.pollDevicesAlone = performance.now() - t1 < t1 - t0;
      return;
    }
    if (this.pollDevicesAlone) this.pollDevices(devices);
    else this.processEvents();
  }

  private pollDevices(devices: Iterable<bigint>): void {
    for (const d of devices) {
      if (this.lostDevices.has(d)) continue; // its requests were cancelled when it was lost
      if (!this.native) { this.fn.wgpuDevicePoll(d, 0, null); continue; }
      this.deliver(this.native.pollDevice(d));
    }
    // Completions recorded elsewhere (a submit, the waiter's thread) are taken too.
    if (this.native) this.deliver(this.native.takeCompletions());
  }

  /** wgpuInstanceProcessEvents, then the completions the helper recorded (during it or since the last call). */
  processEvents(): void {
    if (!this.native) {
      this.fn.wgpuInstanceProcessEvents(this.instance);
      return;
    }
    this.deliver(this.native.processEvents(this.instance));
  }

  private deliver(done: Array<number | string | null> | null): void {
    if (done === null) return;
    for (let i = 0; i < done.length; i += 3) this.complete(done[i] as number, done[i + 1] as number, (done[i + 2] as string | null) ?? "");
  }

  /**
   * A map or work-done request has completed natively: it stops counting for the poller now (nothing is left to
   * poll for it) and its continuation runs from the completion task, in the order wgpu-native reported them.
   */
  private complete(token: number, status: number, message: string): void {
    const r = this.requests.get(token);
    if (!r) return;
    this.requests.delete(token);
    this.poller.end(r.device);
    this.enqueue(r.k, status, message);
  }

  private track(device: bigint, k: (status: number, message: string) => void): number {
    const token = this.token();
    this.requests.set(token, { device, k });
    this.poller.begin(device);
    return token;
  }

  /** wgpuBufferMapAsync; `k` gets the WGPUMapAsyncStatus and message from the completion task. */
  mapAsync(device: bigint, buffer: bigint, mode: number, offset: number, size: number, k: (status: number, message: string) => void): void {
    const token = this.track(device, k);
    if (this.native) this.native.mapAsync(buffer, mode, offset, size, token);
    else this.fn.wgpuBufferMapAsync(buffer, mode, offset, size, { mode: WGPUCallbackMode.AllowProcessEvents, callback: this.cb.WGPUBufferMapCallback, userdata1: token, userdata2: 0 });
    // Work that is already complete (an idle buffer) settles without waiting for the event loop.
    this.poller.kick();
  }

  /** wgpuQueueOnSubmittedWorkDone; `k` gets the WGPUQueueWorkDoneStatus and message from the completion task. */
  onSubmittedWorkDone(device: bigint, queue: bigint, k: (status: number, message: string) => void): void {
    const token = this.track(device, k);
    if (this.native) this.native.onSubmittedWorkDone(queue, token);
    else this.fn.wgpuQueueOnSubmittedWorkDone(queue, { mode: WGPUCallbackMode.AllowProcessEvents, callback: this.cb.WGPUQueueWorkDoneCallback, userdata1: token, userdata2: 0 });
    this.poller.kick();
  }

  /** Tokens are userdata1 of the C callbacks: 32-bit (the helper's completions carry them as uint32). */
  private token(): number {
    const t = this.nextToken;
    this.nextToken = t >= 0xffffffff ? 1 : t + 1;
    return t;
  }

  /** CallbackInfo for a one-shot request whose continuation receives the C callback's arguments. */
  request(name: CallbackName, k: Continuation): { mode: number; callback: bigint; userdata1: number; userdata2: number } {
    const token = this.token();
    this.once.set(token, k);
    if (URGENT.has(name)) this.onceKind.set(token, name);
    return { mode: WGPUCallbackMode.AllowProcessEvents, callback: this.cb[name], userdata1: token, userdata2: 0 };
  }

  /** A token for a callback that may fire many times (uncaptured errors, device loss). */
  listen(k: Continuation): number {
    const token = this.token();
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

/** The helper, when its completion path is usable (events.c resolved its functions). */
function nativeEvents(libraryPath: string): NativeHelper | null {
  if (!helper || process.env.WGPU_TS_NO_NATIVE_EVENTS === "1" || typeof helper.initEvents !== "function") return null;
  try {
    helper.initEvents(libraryPath);
    return helper;
  } catch {
    return null;
  }
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
