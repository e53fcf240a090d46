// Adapter/device features and limits: decoded once from the C structs into frozen JS objects.
import koffi from "koffi";
import type { Runtime } from "../runtime.js";
import { completeLimits } from "../../../validate/limits.js";
import { featureNameFromC, featureNameToC, nativeFeatureToC, limitFields, nativeLimitFields } from "../ffi/generated/maps.js";
import { WGPUNativeSType } from "../ffi/generated/enums.js";
import { platformObjects } from "../../../platform-object.js";

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

/** Sets whose construction is over (Set's constructor calls add(), so the check cannot be a field: no own property). */
const sealedSets = new WeakSet<object>();

export class SupportedFeatures extends Set<string> {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUSupportedFeatures */
  declare readonly __brand: "GPUSupportedFeatures";
  constructor(values: Iterable<string>) {
    super(values);
    sealedSets.add(this);
  }
  override add(v: string): this {
    if (sealedSets.has(this)) throw new TypeError("GPUSupportedFeatures is read-only");
    return super.add(v);
  }
  override delete(): boolean { throw new TypeError("GPUSupportedFeatures is read-only"); }
  override clear(): void { throw new TypeError("GPUSupportedFeatures is read-only"); }
}

/** Every feature wgpu-native reports (WebGPU names and wgpu-native's own), before filtering for GPUSupportedFeatures. */
/** WGSLLanguageFeatures: a read-only set, like GPUSupportedFeatures. */
export class WGSLLanguageFeaturesSet extends SupportedFeatures {
  override get [Symbol.toStringTag](): string { return "WGSLLanguageFeatures"; }
}

/**
 * The WGSL language extensions naga (wgpu-native 29) accepts in a `requires` directive and compiles: each was
 * checked on lavapipe (test/native/features-limits.test.mjs compiles a use of each). subgroup_id is one because
 * naga compiles @builtin(subgroup_id) and @builtin(num_subgroups) (with `enable subgroups`) and wgpu-ts takes the
 * directive naga does not know out (guards/shader-source.ts rewriteSubgroupIdRequires); like
 * subgroup_invocation_id, naga refuses them in an entry point with a multi-dimensional workgroup size, which
 * guards/subgroup-workgroups.ts flattens where the size is literal. swizzle_assignment is wgpu-ts's:
 * naga refuses assignments to swizzles, and guards/swizzle-assignment.ts spells each one out per component.
 * naga refuses the others
 * (unrestricted_pointer_parameters: "not yet supported"; uniform_buffer_standard_layout,
 * texture_and_sampler_let, ...: unknown).
 */
export const WGSL_LANGUAGE_FEATURES = ["readonly_and_readwrite_storage_textures", "packed_4x8_integer_dot_product", "pointer_composite_access", "subgroup_id", "swizzle_assignment"] as const;

export function readAllFeatures(rt: Runtime, get: (out: Buffer) => void): ReadonlySet<string> {
  const out = Buffer.alloc(koffi.sizeof("WGPUSupportedFeatures"));
  get(out);
  const s = koffi.decode(out, "WGPUSupportedFeatures") as { featureCount: number | bigint; features: bigint | null };
  const n = Number(s.featureCount);
  const codes: number[] = n && s.features ? Array.from(koffi.decode(s.features, koffi.array("uint32_t", n)) as ArrayLike<number>) : [];
  rt.fn.wgpuSupportedFeaturesFreeMembers(s);
  const names = codes.map(featureFromC).filter((x): x is string => x !== undefined);
  for (const [alias, name] of Object.entries(FEATURE_ALIASES)) if (names.includes(name)) names.push(alias);
  return Object.freeze(new Set(names));
}

/**
 * WebGPU feature names wgpu-native implements under its own name: "subgroups" is wgpu-native's "subgroup"
 * (WGSL `enable subgroups;` is rewritten for naga, see shader-source.ts).
 */
export const STANDARD_FROM_NATIVE: Readonly<Record<string, string>> = { subgroups: "subgroup" };

/**
 * GPUSupportedFeatures as browser code sees it: WebGPU feature names only. wgpu-native's own features
 * (mappable-primary-buffers, vertex-writable-storage, ...) relax WebGPU validation once enabled, and code that
 * requests every listed feature (the CTS does) must still get WebGPU's rules; they stay available through
 * nativeFeatures() and by name in requiredFeatures. `requested`: native names a device was asked for by name
 * (they are listed on that device, where the program chose them). Every wgpu-native device is a core device.
 */
export function standardFeatures(all: ReadonlySet<string>, requested: Iterable<string> = []): SupportedFeatures {
  const names = new Set<string>(["core-features-and-limits"]);
  for (const n of all) if (Object.prototype.hasOwnProperty.call(featureNameToC, n)) names.add(n);
  for (const [std, native] of Object.entries(STANDARD_FROM_NATIVE)) if (all.has(native)) names.add(std);
  for (const n of requested) if (all.has(n)) names.add(n);
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
 * Ceilings of the limits reported to programs, with the reason. Drivers report counts no WebGPU program can
 * use in practice (lavapipe: 1,000,000 bindings per bind group, 124,976 sampled textures per stage), and code
 * that exercises the maximum (the CTS, "max limits" devices) then spends seconds building layouts of that size.
 * As Dawn does with its tiers, the reported value is the smaller of the native one and a ceiling chosen above
 * what real hardware offers to WebGPU; the native values stay reachable through nativeLimits().
 */
export const LIMIT_CEILINGS: Readonly<Record<string, number>> = {
  // Binding numbers above this are never a real program; it is also the spec's default (Dawn's cap too).
  maxBindingsPerBindGroup: 1000,
  // Per-stage resource counts. The spec requires maxBindingsPerBindGroup >= (the sum of these five) x 2 shader
  // stages, so with 1000 bindings they share a budget of 500: 448, above every tier browsers expose today.
  maxSampledTexturesPerShaderStage: 128,
  maxSamplersPerShaderStage: 64,
  maxUniformBuffersPerShaderStage: 64,
  maxStorageBuffersPerShaderStage: 128,
  maxStorageTexturesPerShaderStage: 64,
  maxStorageBuffersInVertexStage: 128,
  maxStorageBuffersInFragmentStage: 128,
  maxStorageTexturesInVertexStage: 64,
  maxStorageTexturesInFragmentStage: 64,
  // Dynamic offsets are passed per setBindGroup call: a few dozen at most in practice.
  maxDynamicUniformBuffersPerPipelineLayout: 64,
  maxDynamicStorageBuffersPerPipelineLayout: 64,
  // wgpu-native's own limit (WGPUNativeLimits). Adapters report u32::MAX, which a device cannot be given:
  // in requiredLimits it is WGPU_LIMIT_U32_UNDEFINED ("the default", 1,000,000). Capped there, what an adapter
  // reports can be required (as programs that ask for every adapter limit do).
  maxNonSamplerBindings: 1_000_000,
};

/** The limits as reported to programs: native values capped by LIMIT_CEILINGS. */
export function clampLimits(native: LimitRecord): LimitRecord {
  const out: LimitRecord = { ...native };
  for (const [k, ceiling] of Object.entries(LIMIT_CEILINGS)) if (out[k] !== undefined && out[k]! > ceiling) out[k] = ceiling;
  return out;
}

/**
 * GPUSupportedLimits: read-only number properties, one per limit the library reports (defined in the
 * constructor). The interface merged below tells tsc they are GPUSupportedLimits' members.
 */
export interface SupportedLimits extends Readonly<GPUSupportedLimits> {}
export class SupportedLimits {
  /** @internal */ readonly _values: LimitRecord;
  constructor(values: LimitRecord) {
    this._values = Object.freeze({ ...values });
    // Each limit is a getter on the prototype, as GPUSupportedLimits' attributes are on browsers.
    for (const k of Object.keys(values)) {
      if (!Object.prototype.hasOwnProperty.call(SupportedLimits.prototype, k)) {
        Object.defineProperty(SupportedLimits.prototype, k, { configurable: true, enumerable: true, get(this: SupportedLimits) { return this._values[k]; } });
      }
    }
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

platformObjects(SupportedLimits);
