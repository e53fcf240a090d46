// GPUDevice: object creation, error scopes and uncaptured errors, loss.
//
// Error scopes are kept in JS rather than in wgpu-native: wgpu-native reports every error
// synchronously through the uncaptured-error callback inside the failing call, so routing it here
// preserves order, lets JS-side validation (the guards that keep inputs away from panics) raise
// the same GPUValidationError through the same scopes, and popErrorScope never waits on the GPU.
import type { Runtime } from "../runtime.js";
import { fromStringView, toStringView } from "../ffi/strings.js";
import { WGPUCallbackMode, WGPUDeviceLostReason, WGPUErrorType, WGPURequestDeviceStatus } from "../ffi/generated/enums.js";
import { own } from "../lifetime.js";
import { helper } from "../native-helper.js";
import { readAllFeatures, standardFeatures, FEATURE_ALIASES, readLimits, clampLimits, supportedLimits, type SupportedFeatures, type LimitRecord } from "./limits.js";
import type { AdapterContext, DeviceContext } from "./context.js";
import { NativeQueue } from "./queue.js";
import { NativeBuffer, createBuffer } from "./buffer.js";
import { createShaderModule, NativeShaderModule } from "./shader-module.js";
import { createBindGroupLayout, createBindGroup, createPipelineLayout, NativeBindGroupLayout, NativeBindGroup, NativePipelineLayout } from "./binding.js";
import { createComputePipeline, NativeComputePipeline } from "./compute-pipeline.js";
import { NativeCommandEncoder } from "./command-encoder.js";
import { createTexture, createSampler, NativeTexture, NativeSampler } from "./texture.js";
import { createQuerySet, NativeQuerySet } from "./query-set.js";
import { createRenderPipeline, NativeRenderPipeline } from "./render-pipeline.js";
import { createRenderBundleEncoder, NativeRenderBundleEncoder } from "./render-bundle.js";
import {
  GPUError, GPUValidationError, GPUOutOfMemoryError, GPUInternalError, GPUUncapturedErrorEvent, GPUDeviceLostInfo, operationError, GPUPipelineError,
} from "../../../errors.js";
import { enumValue, dict } from "../../../validate/shape.js";
import { platformObjects, attributes, flattenAccessors } from "../../../platform-object.js";
import { setWgpuNativeDeviceCheck } from "../../../trace/hooks.js";

/**
 * Whether a native validation error is really an allocation failure. wgpu-native 29 reports wgpu-core's
 * DeviceError::OutOfMemory ("Not enough memory left.", e.g. a 256 GiB texture within the limits) with
 * WGPUErrorType_Validation (test/cts/repros/wgpu_native_oom_reported_as_validation.py), but WebGPU makes it
 * a GPUOutOfMemoryError for "out-of-memory" scopes. The error chain's last cause is that DeviceError's
 * message; a validation failure whose message merely mentions memory ends otherwise.
 */
export function isNativeOutOfMemory(message: string): boolean {
  const lines = message.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
  return lines.length > 0 && /^(Not enough memory left\.?|Out of memory)$/i.test(lines[lines.length - 1]!);
}

type ScopeFilter = "validation" | "out-of-memory" | "internal";
const filters = { validation: 1, "out-of-memory": 2, internal: 3 };

interface Scope { filter: ScopeFilter; error: GPUError | null }

export interface DeviceRequest { features: number[]; requestedNative?: string[]; limits: Record<string, number | bigint>; label: string; queueLabel: string; nextInChain?: unknown }

/**
 * The native memory a device keeps until its wrapper is finalized (wgpuDeviceDestroy frees little of it), as V8
 * is told it through the native helper. V8 sees only the small wrapper, so without this nothing prompts a
 * collection while devices pile up: lavapipe keeps about 10 MiB a device (measured), and a program that makes a
 * device at a time and drops it (the CTS's capability_checks,limits files make one a case) grew to 7 GB in a
 * thousand cases, where wgpu-py, which frees on the last reference, stays flat. Reported, it stays near 300 MB.
 */
const DEVICE_NATIVE_BYTES = 8 * 1024 * 1024;

function deviceRelease(rt: Runtime, errorToken: number, lostToken: number): (h: bigint) => void {
  return (h) => {
    rt.unlisten(errorToken);
    rt.unlisten(lostToken);
    rt.deviceGone(h);
    rt.fn.wgpuDeviceRelease(h);
    helper?.adjustExternalMemory?.(-DEVICE_NATIVE_BYTES);
  };
}

/** The device's uncaptured-error and lost listeners; they reach the device only through box's WeakRef. */
function deviceListeners(rt: Runtime, box: { device?: WeakRef<NativeDevice> }): [number, number] {
  return [
    rt.listen((_dev, type, message) => box.device?.deref()?._nativeError(type as number, fromStringView(message as any))),
    rt.listen((_dev, reason, message) => box.device?.deref()?._nativeLost(reason as number, fromStringView(message as any))),
  ];
}

export class NativeDevice extends EventTarget implements DeviceContext {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUDevice */
  declare readonly __brand: "GPUDevice";
  /** @internal */ readonly _handle: bigint;
  /** @internal */ readonly _rt: Runtime;
  private _label: string;
  get label(): string { return this._label; }
  set label(v: string) { this._label = String(v); }
  readonly features: SupportedFeatures;
  readonly limits: GPUSupportedLimits;
  readonly adapterInfo: GPUAdapterInfo;
  /** @internal the adapter it came from (window surfaces ask it for their capabilities) */
  readonly _adapter: AdapterContext;
  readonly queue: NativeQueue;
  readonly lost: Promise<GPUDeviceLostInfo>;
  /** @internal */ _destroyed = false;
  /** @internal */ readonly _limitValues: Record<string, number>;
  /** @internal the native limits, uncapped (nativeLimits()) */ readonly _nativeLimits: LimitRecord;
  /** @internal every feature enabled natively, wgpu-native's own included (nativeFeatures()) */ readonly _nativeFeatures: ReadonlySet<string>;
  private readonly scopes: Scope[] = [];
  private resolveLost!: (info: GPUDeviceLostInfo) => void;
  private lostSettled = false;
  private handler: GPUDevice["onuncapturederror"] = null;
  /** Errors raised during the current call are also collected here (shader compilation info). */
  private capture: GPUError[] | null = null;
  private readonly errorToken: number;
  private readonly lostToken: number;

  static create(rt: Runtime, adapter: AdapterContext, req: DeviceRequest): Promise<NativeDevice> {
    return new Promise((resolve, reject) => {
      // The device object must exist before the native one, because errors raised while creating
      // it are routed through these tokens.
      // The listeners reach the device through a WeakRef: they live in the runtime's (global) listener
      // table until the device wrapper is finalized, so a strong reference would keep every device, its
      // queue and its adapter alive forever.
      // (They are made in their own function so that their closure context holds nothing else: a closure
      // here would share this scope's context, and with it `resolve` and the promise holding the device.)
      const box: { device?: WeakRef<NativeDevice> } = {};
      const [errorToken, lostToken] = deviceListeners(rt, box);
      const release = () => { rt.unlisten(errorToken); rt.unlisten(lostToken); };
      rt.poller.begin();
      const info = rt.request("WGPURequestDeviceCallback", (status, handle, message) => {
        rt.poller.end();
        if (status !== WGPURequestDeviceStatus.Success || !handle) {
          release();
          reject(operationError(`requestDevice failed: ${fromStringView(message as any) || "status " + String(status)}`));
          return;
        }
        try {
          const device = new NativeDevice(rt, adapter, handle as bigint, req.label, req.queueLabel, errorToken, lostToken, req.requestedNative);
          box.device = new WeakRef(device);
          resolve(device);
        } catch (e) { release(); reject(e); }
      });
      rt.fn.wgpuAdapterRequestDevice(adapter._handle, {
        nextInChain: req.nextInChain ?? null,
        label: toStringView(req.label),
        requiredFeatureCount: req.features.length,
        requiredFeatures: req.features.length ? Uint32Array.from(req.features) : null,
        requiredLimits: req.limits,
        defaultQueue: { label: toStringView(req.queueLabel) },
        deviceLostCallbackInfo: { mode: WGPUCallbackMode.AllowProcessEvents, callback: rt.cb.WGPUDeviceLostCallback, userdata1: lostToken, userdata2: 0 },
        uncapturedErrorCallbackInfo: { callback: rt.cb.WGPUUncapturedErrorCallback, userdata1: errorToken, userdata2: 0 },
      }, info);
      // As for adapters: a device that is ready at once settles now, not from the next poll.
      rt.settleUrgent();
      rt.poller.kick();
    });
  }

  private constructor(rt: Runtime, adapter: AdapterContext, handle: bigint, label: string, queueLabel: string, errorToken: number, lostToken: number, requestedNative?: string[]) {
    super();
    this._rt = rt;
    this._handle = handle;
    this._label = label;
    this.errorToken = errorToken;
    this.lostToken = lostToken;
    this.adapterInfo = adapter._copyInfo();
    this._adapter = adapter;
    const fn = rt.fn;
    this._nativeFeatures = readAllFeatures(rt, (out) => fn.wgpuDeviceGetFeatures(handle, out));
    // wgpu-native's own features are listed only where the program asked for them by name (with their aliases).
    const named = (requestedNative ?? []).flatMap((n) => [n, ...Object.entries(FEATURE_ALIASES).filter(([a, t]) => a === n || t === n).flat()]);
    this.features = standardFeatures(this._nativeFeatures, named);
    this._nativeLimits = readLimits((out) => fn.wgpuDeviceGetLimits(handle, out));
    this._limitValues = clampLimits(this._nativeLimits);
    this.limits = supportedLimits(this._limitValues);
    this.lost = new Promise((resolve) => { this.resolveLost = resolve; });
    this.queue = new NativeQueue(this, fn.wgpuDeviceGetQueue(handle), queueLabel);
    // The listener tokens die with the device wrapper. (The release function is made outside this
    // constructor: a closure here would share its context, which holds `this` for the arrow above, and a
    // FinalizationRegistry entry whose held value reaches its target is never collected.)
    own(this, "GPUDevice", handle, deviceRelease(rt, errorToken, lostToken));
    helper?.adjustExternalMemory?.(DEVICE_NATIVE_BYTES);
  }

  // ---- errors -------------------------------------------------------------------------------

  /** @internal from the native uncaptured-error callback (fires inside the failing call). */
  _nativeError(type: number, message: string): void {
    if (type === WGPUErrorType.Validation && isNativeOutOfMemory(message)) {
      type = WGPUErrorType.OutOfMemory;
      message = message.replace(/^Validation Error/, "Out of memory");
    }
    const err = type === WGPUErrorType.OutOfMemory ? new GPUOutOfMemoryError(message)
      : type === WGPUErrorType.Validation ? new GPUValidationError(message)
      : new GPUInternalError(message);
    this._reportError(err);
  }

  /** @internal routes an error to the innermost matching scope, else to 'uncapturederror'. */
  _reportError(err: GPUError): void {
    if (this._destroyed) return; // errors on a lost device are silent, as the spec says
    this._errorSerial++;
    if (this.capture) this.capture.push(err);
    const filter: ScopeFilter = err instanceof GPUValidationError ? "validation" : err instanceof GPUOutOfMemoryError ? "out-of-memory" : "internal";
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i]!;
      if (scope.filter === filter) {
        scope.error ??= err;
        return;
      }
    }
    queueMicrotask(() => {
      const ev = new GPUUncapturedErrorEvent("uncapturederror", { error: err });
      const heard = this.dispatchUncaptured(ev);
      if (!heard) console.warn(`wgpu-ts: uncaptured ${err.name} on device "${this.label}": ${err.message}`);
    });
  }

  private listeners = 0;
  private dispatchUncaptured(ev: GPUUncapturedErrorEvent): boolean {
    this.dispatchEvent(ev);
    return this.listeners > 0 || this.handler !== null;
  }

  /** @internal reports a validation error found by a JS-side guard. */
  _validationError(message: string): undefined {
    this._reportError(new GPUValidationError(message));
  }

  /** @internal see DeviceContext._errorSerial */
  _errorSerial = 0;

  /** @internal runs `f` and returns it with the errors it raised (they are still reported). */
  _capturing<T>(f: () => T): [T, GPUError[]] {
    const outer = this.capture;
    const errors: GPUError[] = [];
    this.capture = errors;
    try { return [f(), errors]; } finally { this.capture = outer; if (outer) outer.push(...errors); }
  }

  override addEventListener(type: string, listener: any, options?: any): void {
    if (type === "uncapturederror" && listener) this.listeners++;
    super.addEventListener(type, listener, options);
  }
  // Defined here so that GPUDevice.prototype.dispatchEvent, saved and restored by code that wraps it (shims,
  // the CTS's method_replacement), still reaches EventTarget.prototype.dispatchEvent as it is at call time.
  override dispatchEvent(event: Event): boolean { return super.dispatchEvent(event); }
  override removeEventListener(type: string, listener: any, options?: any): void {
    if (type === "uncapturederror" && listener && this.listeners > 0) this.listeners--;
    super.removeEventListener(type, listener, options);
  }

  get onuncapturederror(): GPUDevice["onuncapturederror"] { return this.handler; }
  // HTML event handler semantics: the first non-null value adds one listener; later values only change
  // its callback (it keeps its place among the addEventListener listeners); null removes it.
  set onuncapturederror(h: GPUDevice["onuncapturederror"]) {
    const had = this.handler !== null;
    this.handler = typeof h === "function" ? h : null;
    if (had && !this.handler) super.removeEventListener("uncapturederror", this.handlerTrampoline);
    else if (!had && this.handler) super.addEventListener("uncapturederror", this.handlerTrampoline);
  }
  private readonly handlerTrampoline = (ev: Event) => { this.handler?.call(this, ev as Parameters<NonNullable<GPUDevice["onuncapturederror"]>>[0]); };

  pushErrorScope(filter: GPUErrorFilter): undefined {
    enumValue(filter, "pushErrorScope(filter)", filters);
    this.scopes.push({ filter: filter as ScopeFilter, error: null });
  }

  popErrorScope(): Promise<GPUError | null> {
    const scope = this.scopes.pop();
    if (this._destroyed) return Promise.resolve(null);
    if (!scope) return Promise.reject(operationError("popErrorScope: the error scope stack is empty"));
    return Promise.resolve(scope.error);
  }

  // ---- loss ---------------------------------------------------------------------------------

  /** @internal */
  _nativeLost(reason: number, message: string): void {
    if (reason === WGPUDeviceLostReason.CallbackCancelled) return;
    this.settleLost(reason === WGPUDeviceLostReason.Destroyed ? "destroyed" : "unknown", message);
  }

  private settleLost(reason: "destroyed" | "unknown", message: string): void {
    if (this.lostSettled) return;
    this.lostSettled = true;
    this._destroyed = true;
    this._rt.deviceLost(this._handle);
    this.resolveLost(new GPUDeviceLostInfo(reason, message));
  }

  /** @internal buffers mapped or with a pending map: destroy() unmaps them */
  readonly _mapped = new Set<{ unmap(): void }>();

  /** @internal */
  _loseNow(message: string): void {
    this.settleLost("unknown", message);
    this._rt.fn.wgpuDeviceDestroy(this._handle);
  }

  destroy(): undefined {
    if (this._destroyed) return;
    for (const b of [...this._mapped]) b.unmap();
    this._destroyed = true;
    this._rt.fn.wgpuDeviceDestroy(this._handle);
    this.queue._deviceDestroyed();
    this.lostSettled = false;
    this.settleLost("destroyed", "device.destroy() was called");
  }

  // ---- object creation ----------------------------------------------------------------------

  createBuffer(descriptor: GPUBufferDescriptor): NativeBuffer { return createBuffer(this, descriptor); }
  createShaderModule(descriptor: GPUShaderModuleDescriptor): NativeShaderModule { return createShaderModule(this, descriptor); }
  createBindGroupLayout(descriptor: GPUBindGroupLayoutDescriptor): NativeBindGroupLayout { return createBindGroupLayout(this, descriptor); }
  createBindGroup(descriptor: GPUBindGroupDescriptor): NativeBindGroup { return createBindGroup(this, descriptor); }
  createPipelineLayout(descriptor: GPUPipelineLayoutDescriptor & { immediateSize?: number }): NativePipelineLayout {
    return createPipelineLayout(this, descriptor, (descriptor as { immediateSize?: number } | undefined)?.immediateSize);
  }
  createComputePipeline(descriptor: GPUComputePipelineDescriptor): NativeComputePipeline { return createComputePipeline(this, descriptor); }

  /** wgpu-native has no async pipeline creation (it panics), so create now and settle the promise. */
  async createComputePipelineAsync(descriptor: GPUComputePipelineDescriptor): Promise<NativeComputePipeline> {
    return this.pipelineNow(() => createComputePipeline(this, descriptor));
  }

  /** The async pipeline constructors: `create` runs now; its first error rejects as a GPUPipelineError. */
  private pipelineNow<T>(create: () => T): T {
    const [pipeline, errors] = this._capturingSilently(create);
    const err = errors[0];
    if (err) throw new GPUPipelineError(err.message, { reason: err instanceof GPUValidationError ? "validation" : "internal" });
    return pipeline;
  }

  /** @internal like _capturing, but the errors are not reported (async creation rejects instead). */
  _capturingSilently<T>(f: () => T): [T, GPUError[]] {
    const saved = this.scopes.splice(0);
    // A temporary catch-all scope per filter collects the errors instead of reporting them.
    const tmp: Scope[] = [{ filter: "internal", error: null }, { filter: "out-of-memory", error: null }, { filter: "validation", error: null }];
    this.scopes.push(...tmp);
    try {
      const v = f();
      return [v, tmp.map((s) => s.error).filter((e): e is GPUError => e !== null)];
    } finally {
      this.scopes.length = 0;
      this.scopes.push(...saved);
    }
  }

  createTexture(descriptor: GPUTextureDescriptor): NativeTexture { return createTexture(this, descriptor); }
  createSampler(descriptor?: GPUSamplerDescriptor): NativeSampler { return createSampler(this, descriptor); }
  createQuerySet(descriptor: GPUQuerySetDescriptor): NativeQuerySet { return createQuerySet(this, descriptor); }
  createRenderPipeline(descriptor: GPURenderPipelineDescriptor): NativeRenderPipeline { return createRenderPipeline(this, descriptor); }
  createRenderBundleEncoder(descriptor: GPURenderBundleEncoderDescriptor): NativeRenderBundleEncoder { return createRenderBundleEncoder(this, descriptor); }

  /** As createComputePipelineAsync: created now, the promise settles with it or a GPUPipelineError. */
  async createRenderPipelineAsync(descriptor: GPURenderPipelineDescriptor): Promise<NativeRenderPipeline> {
    return this.pipelineNow(() => createRenderPipeline(this, descriptor));
  }

  /** Video frames do not exist in Node (and wgpu-native has no external textures): a TypeError, as WebIDL does for the source. */
  importExternalTexture(_descriptor: unknown): never {
    throw new TypeError("importExternalTexture: external textures (HTMLVideoElement / VideoFrame sources) are not supported by the wgpu-native backend");
  }

  createCommandEncoder(descriptor?: GPUCommandEncoderDescriptor): NativeCommandEncoder {
    const desc = dict<GPUCommandEncoderDescriptor>(descriptor, "GPUCommandEncoderDescriptor", true);
    return new NativeCommandEncoder(this, desc);
  }
}

platformObjects(NativeDevice);
attributes(NativeDevice, "features", "limits", "adapterInfo", "queue", "lost");
flattenAccessors(NativeDevice, "onuncapturederror");
// Trace replay asks whether a device is this backend's before it loads the extras (trace/replay.ts).
setWgpuNativeDeviceCheck((d) => d instanceof NativeDevice);
