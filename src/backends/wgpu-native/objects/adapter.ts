// GPUAdapter (info, features, limits, requestDevice) and GPUAdapterInfo; the GPU object is in gpu.ts.
import koffi from "koffi";
import type { Runtime } from "../runtime.js";
import { fromStringView, toStringView } from "../ffi/strings.js";
import { WGPUAdapterType, WGPUBackendType, WGPUNativeSType } from "../ffi/generated/enums.js";
import { limitFields, nativeLimitFields } from "../ffi/generated/maps.js";
import { NativeObject } from "./base.js";
import type { AdapterContext } from "./context.js";
import { hooks } from "../../../trace/hooks.js";
import {
  featureToC, LIMIT_ALIASES, readAllFeatures, standardFeatures, STANDARD_FROM_NATIVE, readLimits, clampLimits, supportedLimits, undefinedLimits,
  type LimitRecord, type SupportedFeatures,
} from "./limits.js";
import { NativeDevice } from "./device.js";
import { dict, describe, sequence, str, fail } from "../../../validate/shape.js";
import { operationError } from "../../../errors.js";
import { CORE_DEFAULT_LIMITS, isAlignmentLimit } from "../../../validate/limits.js";
import { platformObjects, attributes } from "../../../platform-object.js";

const backendNames = new Map<number, string>(Object.entries(WGPUBackendType).map(([k, v]) => [v, k.toLowerCase()]));
const adapterTypeNames = new Map<number, string>(Object.entries(WGPUAdapterType).map(([k, v]) => [v, k.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase()]));

const ADAPTER_INFO_ATTRIBUTES = ["vendor", "architecture", "device", "description", "subgroupMinSize", "subgroupMaxSize", "isFallbackAdapter",
  "backendType", "adapterType", "vendorID", "deviceID"] as const;

/** WebGPU's "normalized identifier": lowercase ASCII letters and digits, words joined by single hyphens. */
export function normalizedIdentifier(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/** The spec's bounds of GPUAdapterInfo.subgroupMinSize / subgroupMaxSize. */
const SUBGROUP_MIN_BOUND = 4, SUBGROUP_MAX_BOUND = 128;
const isSubgroupSize = (n: unknown): n is number =>
  typeof n === "number" && n >= SUBGROUP_MIN_BOUND && n <= SUBGROUP_MAX_BOUND && (n & (n - 1)) === 0;

export class NativeAdapterInfo {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUAdapterInfo */
  declare readonly __brand: "GPUAdapterInfo";
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly subgroupMinSize: number;
  readonly subgroupMaxSize: number;
  readonly isFallbackAdapter: boolean;
  /** wgpu-native extras (not in the WebGPU IDL): which native API and what kind of adapter. */
  readonly backendType: string;
  readonly adapterType: string;
  readonly vendorID: number;
  readonly deviceID: number;
  constructor(s: Record<string, any>) {
    // vendor, architecture and device are normalized identifiers in WebGPU (lowercase letters and digits in
    // hyphen-separated words, e.g. "llvmpipe-llvm-15-0-6-256-bits"); wgpu-native gives driver strings
    // ("llvmpipe (LLVM 15.0.6, 256 bits)"). The raw names stay readable in description.
    const rawDevice = fromStringView(s.device);
    const driver = fromStringView(s.description);
    this.vendor = normalizedIdentifier(fromStringView(s.vendor));
    this.architecture = normalizedIdentifier(fromStringView(s.architecture));
    this.device = normalizedIdentifier(rawDevice);
    this.description = rawDevice && driver ? `${rawDevice}: ${driver}` : rawDevice || driver;
    // wgpu-native 29 leaves the subgroup sizes 0 (test/cts/repros/wgpu_native_adapter_subgroup_sizes_zero.py).
    // WebGPU requires powers of two in [4, 128] (with "subgroups", wgpu-native's own "subgroup", see
    // limits.ts; and 4 and 128 are the spec's values without it): unknown sizes are reported as those
    // bounds, which every real subgroup size lies within.
    const known = isSubgroupSize(s.subgroupMinSize) && isSubgroupSize(s.subgroupMaxSize) && s.subgroupMinSize <= s.subgroupMaxSize;
    this.subgroupMinSize = known ? s.subgroupMinSize : SUBGROUP_MIN_BOUND;
    this.subgroupMaxSize = known ? s.subgroupMaxSize : SUBGROUP_MAX_BOUND;
    this.backendType = backendNames.get(s.backendType) ?? "unknown";
    this.adapterType = adapterTypeNames.get(s.adapterType) ?? "unknown";
    this.isFallbackAdapter = s.adapterType === WGPUAdapterType.CPU;
    this.vendorID = s.vendorID;
    this.deviceID = s.deviceID;
  }
}

/** A copy of an adapter's info: device.adapterInfo is its own object (spec: a new GPUAdapterInfo). */
export function copyAdapterInfo(info: NativeAdapterInfo): NativeAdapterInfo {
  const copy = Object.create(NativeAdapterInfo.prototype) as Record<string, unknown>;
  for (const k of ADAPTER_INFO_ATTRIBUTES) copy[k] = (info as unknown as Record<string, unknown>)[k];
  return copy as unknown as NativeAdapterInfo;
}

export class NativeAdapter extends NativeObject implements AdapterContext {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUAdapter */
  declare readonly __brand: "GPUAdapter";
  readonly features: SupportedFeatures;
  readonly limits: GPUSupportedLimits;
  readonly info: NativeAdapterInfo;
  /** @internal the limits reported (native values capped by LIMIT_CEILINGS) */ readonly _limits: LimitRecord;
  /** @internal the native limits, uncapped (nativeLimits()) */ readonly _nativeLimits: LimitRecord;
  /** @internal every feature wgpu-native reports, its own included (nativeFeatures()) */ readonly _nativeFeatures: ReadonlySet<string>;
  /** @internal adapters are single-use: a second device from it is born lost */
  _consumed = false;

  constructor(private readonly rt: Runtime, handle: bigint) {
    super(handle, "", "GPUAdapter", rt.fn.wgpuAdapterRelease);
    const fn = rt.fn;
    this._nativeFeatures = readAllFeatures(rt, (out) => fn.wgpuAdapterGetFeatures(handle, out));
    this.features = standardFeatures(this._nativeFeatures);
    this._nativeLimits = readLimits((out) => fn.wgpuAdapterGetLimits(handle, out));
    this._limits = clampLimits(this._nativeLimits);
    this.limits = supportedLimits(this._limits);
    const infoBuf = Buffer.alloc(koffi.sizeof("WGPUAdapterInfo"));
    fn.wgpuAdapterGetInfo(handle, infoBuf);
    const s = koffi.decode(infoBuf, "WGPUAdapterInfo") as Record<string, any>;
    this.info = new NativeAdapterInfo(s);
    fn.wgpuAdapterInfoFreeMembers(s);
  }

  /** @internal */
  _copyInfo(): NativeAdapterInfo { return copyAdapterInfo(this.info); }

  get isFallbackAdapter(): boolean { return this.info.isFallbackAdapter; }

  async requestDevice(descriptor?: GPUDeviceDescriptor): Promise<NativeDevice> {
    if (hooks.requestDevice) return hooks.requestDevice(this, descriptor, (d) => this._requestDevice(d)) as Promise<NativeDevice>;
    return this._requestDevice(descriptor);
  }

  /** @internal requestDevice with extension structs chained on the device descriptor (wgpu.h extras). */
  async _requestDevice(descriptor?: GPUDeviceDescriptor, nextInChain?: unknown): Promise<NativeDevice> {
    const desc = dict<GPUDeviceDescriptor>(descriptor, "GPUDeviceDescriptor", true);
    const features: number[] = [];
    const requestedNative: string[] = [];
    for (const raw of sequence<string>(desc.requiredFeatures, "GPUDeviceDescriptor.requiredFeatures", true)) {
      const name = String(raw);
      // WebGPU names are checked against adapter.features; wgpu-native's own names (an extension, README:
      // "Native features and limits") against nativeFeatures(adapter).
      const standard = this.features.has(name);
      const nativeName = Object.prototype.hasOwnProperty.call(STANDARD_FROM_NATIVE, name) ? STANDARD_FROM_NATIVE[name]! : name;
      const code = featureToC(nativeName);
      if (code === undefined && !standard) fail("GPUDeviceDescriptor.requiredFeatures", `${describe(raw)} is not a known GPUFeatureName`);
      if (!standard && !this._nativeFeatures.has(name)) throw new TypeError(`GPUDeviceDescriptor.requiredFeatures: ${JSON.stringify(name)} is not supported by this adapter`);
      if (!standard) requestedNative.push(name);
      // core-features-and-limits is what every wgpu-native device is: nothing to ask wgpu-native for.
      if (name !== "core-features-and-limits" && code !== undefined && !features.includes(code)) features.push(code);
    }
    const limits = undefinedLimits();
    /** requested values of the IDL-only per-stage limits (maxStorageBuffersInVertexStage, ...), better than the default */
    const perStage: Record<string, number> = {};
    const req = dict<Record<string, unknown>>(desc.requiredLimits, "GPUDeviceDescriptor.requiredLimits", true);
    for (const rawKey of Object.keys(req)) {
      const value = req[rawKey];
      // Spec-page names of native limits (push constants) map onto wgpu-native 29's names.
      const key = Object.prototype.hasOwnProperty.call(LIMIT_ALIASES, rawKey) ? LIMIT_ALIASES[rawKey]! : rawKey;
      if (value === undefined) continue;
      const field = limitFields.find(([n]) => n === key);
      const known = field !== undefined || key in this._limits;
      if (!known) throw operationError(`GPUDeviceDescriptor.requiredLimits: ${JSON.stringify(key)} is not a known limit`);
      // GPUSize64 with [EnforceRange]: finite, truncated toward zero, then within [0, 2^53 - 1], else a TypeError.
      const raw = typeof value === "number" ? value : Number(value);
      const n = Math.trunc(raw);
      if (!Number.isFinite(raw) || n < 0 || n > Number.MAX_SAFE_INTEGER) throw new TypeError(`GPUDeviceDescriptor.requiredLimits.${key}: expected an integer in [0, 2^53 - 1], got ${describe(value)}`);
      const have = this._limits[key]!;
      const alignment = isAlignmentLimit(key);
      const better = alignment ? n < have : n > have;
      // A 32-bit limit (GPUSize32 in the IDL: every limit but the buffer sizes) cannot hold a larger value.
      if (field && !field[1] && n > 0xffffffff) throw operationError(`GPUDeviceDescriptor.requiredLimits.${key}: ${n} does not fit the limit's 32 bits`);
      if (better) throw operationError(`GPUDeviceDescriptor.requiredLimits.${key}: ${n} exceeds the adapter's limit ${have}`);
      if (alignment && (n & (n - 1)) !== 0) throw operationError(`GPUDeviceDescriptor.requiredLimits.${key}: ${n} is not a power of 2`);
      // A value worse than the default leaves the default in place, as the spec says.
      const dflt = CORE_DEFAULT_LIMITS[key];
      const worse = dflt !== undefined && (alignment ? n > dflt : n < dflt);
      if (field && !worse) limits[key] = field[1] ? BigInt(n) : n;
      else if (!field && !worse) perStage[key] = n;
    }
    // The spec's "a new device" steps: maxStorage{Buffers,Textures}PerShaderStage become the largest of
    // themselves and their InVertexStage/InFragmentStage limits, then (a core device) the per-stage limits
    // take that value. wgpu-native 29 has only the PerShaderStage limits (the others are IDL-only): the
    // largest requested value goes there, and the device reports the per-stage ones equal to it
    // (completeLimits in validate/limits.ts).
    for (const kind of ["Buffers", "Textures"] as const) {
      const key = `maxStorage${kind}PerShaderStage`;
      const requested = limits[key] === 0xffffffff ? CORE_DEFAULT_LIMITS[key]! : Number(limits[key]);
      const upgraded = Math.max(requested, perStage[`maxStorage${kind}InVertexStage`] ?? 0, perStage[`maxStorage${kind}InFragmentStage`] ?? 0);
      if (upgraded > requested) limits[key] = upgraded;
    }
    // Immediate data (setImmediates, var<immediate>, immediateSize) is core WebGPU with the limit maxImmediateSize;
    // wgpu-native gates it behind its own "immediates" feature, whose only effect is that capability. Where the
    // adapter has it, every device gets it under the hood, with the spec's default limit unless more was
    // required. It is not listed in device.features (not a WebGPU name), so the push-constant extras, which need
    // it by name, stay off unless the program asks for "immediates" / "push-constants".
    const immediatesCode = featureToC("immediates");
    if (this._nativeFeatures.has("immediates") && immediatesCode !== undefined) {
      if (!features.includes(immediatesCode)) features.push(immediatesCode);
      if (limits.maxImmediateSize === 0xffffffff) limits.maxImmediateSize = Math.min(CORE_DEFAULT_LIMITS.maxImmediateSize!, this._limits.maxImmediateSize ?? 0);
    }
    // wgpu-native's own limits (adapter.limits lists them, nativeLimits() too) go in a WGPUNativeLimits chained
    // on the required limits; without it a requested value is silently dropped. They were range-checked above.
    const nativeRequested = nativeLimitFields.filter(([name]) => req[name] !== undefined);
    if (nativeRequested.length) {
      const chained: Record<string, unknown> = { chain: { next: null, sType: WGPUNativeSType.NativeLimits } };
      for (const [name] of nativeLimitFields) chained[name] = 0xffffffff; // WGPU_LIMIT_U32_UNDEFINED: the default
      for (const [name] of nativeRequested) chained[name] = Math.trunc(Number(req[name]));
      const buf = Buffer.alloc(koffi.sizeof("WGPUNativeLimits"));
      koffi.encode(buf, "WGPUNativeLimits", chained);
      limits.nextInChain = buf as unknown as bigint;
    }
    const queueDesc = dict<GPUQueueDescriptor>(desc.defaultQueue, "GPUDeviceDescriptor.defaultQueue", true);
    const label = desc.label === undefined ? "" : str(desc.label, "GPUDeviceDescriptor.label");
    const queueLabel = queueDesc.label === undefined ? "" : str(queueDesc.label, "GPUDeviceDescriptor.defaultQueue.label");
    // Spec: an adapter gives one device. A request that passes the checks above consumes it at once (a second
    // request made while the first is pending is refused too); a request on a consumed adapter rejects with
    // OperationError. Requests refused by the checks above (TypeError, OperationError) leave it usable.
    if (this._consumed) throw operationError("requestDevice: this adapter was already used to create a device (adapters are single-use; request a new adapter)");
    this._consumed = true;
    return NativeDevice.create(this.rt, this, { features, requestedNative, limits, label, queueLabel, nextInChain });
  }
}

export { toStringView };

platformObjects(NativeAdapterInfo);
attributes(NativeAdapterInfo, ...ADAPTER_INFO_ATTRIBUTES);
attributes(NativeAdapter, "features", "limits", "info");
