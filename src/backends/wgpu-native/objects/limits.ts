// Adapter/device features and limits: decoded once from the C structs into frozen JS objects.
import koffi from "koffi";
import type { Runtime } from "../runtime.js";
import { completeLimits } from "../../../validate/limits.js";
import { featureNameFromC, featureNameToC, nativeFeatureToC, limitFields, nativeLimitFields } from "../ffi/generated/maps.js";
import { WGPUNativeSType } from "../ffi/generated/enums.js";

const nativeFeatureFromC = new Map(Object.entries(nativeFeatureToC).map(([k, v]) => [v, k]));

/**
 * Features wgpu-native lists but refuses at requestDevice unless wgpu-core's experimental features
 * are enabled (which the C API cannot do): found by requesting each listed feature on lavapipe.
 * They are not advertised, so every advertised feature can be required.
 */
const EXPERIMENTAL = new Set(["ray-query"]);

export function featureFromC(v: number): string | undefined {
  const name = featureNameFromC.get(v) ?? nativeFeatureFromC.get(v);
  return name !== undefined && !EXPERIMENTAL.has(name) ? name : undefined;
}

/**
 * Names the wgpu-py spec page uses for wgpu-native 29's "immediates" (push constants): the feature
 * "push-constants" and the limit maxPushConstantSize ("max-push-constant-size" in requiredLimits).
 */
export const FEATURE_ALIASES: Readonly<Record<string, string>> = { "push-constants": "immediates" };
export const LIMIT_ALIASES: Readonly<Record<string, string>> = { maxPushConstantSize: "maxImmediateSize", "max-push-constant-size": "maxImmediateSize" };

export function featureToC(name: string): number | undefined {
  if (Object.prototype.hasOwnProperty.call(FEATURE_ALIASES, name)) name = FEATURE_ALIASES[name]!;
  return Object.prototype.hasOwnProperty.call(featureNameToC, name) ? featureNameToC[name]
    : Object.prototype.hasOwnProperty.call(nativeFeatureToC, name) ? nativeFeatureToC[name] : undefined;
}

export class SupportedFeatures extends Set<string> {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUSupportedFeatures */
  declare readonly __brand: "GPUSupportedFeatures";
  private sealed = false;
  constructor(values: Iterable<string>) {
    super(values);
    this.sealed = true;
    Object.freeze(this);
  }
  override add(v: string): this {
    if (this.sealed) throw new TypeError("GPUSupportedFeatures is read-only");
    return super.add(v);
  }
  override delete(): boolean { throw new TypeError("GPUSupportedFeatures is read-only"); }
  override clear(): void { throw new TypeError("GPUSupportedFeatures is read-only"); }
}

export function readFeatures(rt: Runtime, get: (out: Buffer) => void): SupportedFeatures {
  const out = Buffer.alloc(koffi.sizeof("WGPUSupportedFeatures"));
  get(out);
  const s = koffi.decode(out, "WGPUSupportedFeatures") as { featureCount: number | bigint; features: bigint | null };
  const n = Number(s.featureCount);
  const codes: number[] = n && s.features ? Array.from(koffi.decode(s.features, koffi.array("uint32_t", n)) as ArrayLike<number>) : [];
  rt.fn.wgpuSupportedFeaturesFreeMembers(s);
  const names = codes.map(featureFromC).filter((x): x is string => x !== undefined);
  for (const [alias, name] of Object.entries(FEATURE_ALIASES)) if (names.includes(name)) names.push(alias);
  return new SupportedFeatures(names);
}

export type LimitRecord = Record<string, number>;

export function readLimits(get: (out: Buffer) => number): LimitRecord {
  const out = Buffer.alloc(koffi.sizeof("WGPULimits"));
  // wgpu.h's WGPUNativeLimits is chained on the out struct: its fields join the standard ones.
  const native = Buffer.alloc(koffi.sizeof("WGPUNativeLimits"));
  native.writeUInt32LE(WGPUNativeSType.NativeLimits, 8);
  out.writeBigUInt64LE(koffi.address(native), 0);
  get(out);
  const s = koffi.decode(out, "WGPULimits") as Record<string, number | bigint>;
  const n = koffi.decode(native, "WGPUNativeLimits") as Record<string, number | bigint>;
  const limits: LimitRecord = {};
  for (const [name] of limitFields) limits[name] = Number(s[name]);
  for (const [name] of nativeLimitFields) limits[name] = Number(n[name]);
  for (const [alias, name] of Object.entries(LIMIT_ALIASES)) if (!alias.includes("-")) limits[alias] = limits[name]!;
  return completeLimits(limits);
}

/**
 * GPUSupportedLimits: read-only number properties, one per limit the library reports (defined in the
 * constructor). The interface merged below tells tsc they are GPUSupportedLimits' members.
 */
export interface SupportedLimits extends Readonly<GPUSupportedLimits> {}
export class SupportedLimits {
  constructor(values: LimitRecord) {
    for (const [k, v] of Object.entries(values)) Object.defineProperty(this, k, { value: v, enumerable: true });
    Object.freeze(this);
  }
  get [Symbol.toStringTag](): string { return "GPUSupportedLimits"; }
}

export function supportedLimits(values: LimitRecord): GPUSupportedLimits {
  return new SupportedLimits(values);
}

/** Fills a WGPULimits request: fields left out stay "undefined" (use the default). */
export function undefinedLimits(): Record<string, number | bigint> {
  const o: Record<string, number | bigint> = { nextInChain: 0n };
  for (const [name, is64] of limitFields) o[name] = is64 ? 0xffffffffffffffffn : 0xffffffff;
  return o;
}
