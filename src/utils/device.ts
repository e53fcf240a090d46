// One shared device per process. Libraries that each need a device call getDefaultDevice() and end up
// on the same one; preconfigureDefaultDevice() lets each of them state what it needs before it exists.
import { gpu as portableGPU } from "../index.js";

/** What a library needs from the default device. Several calls are combined (see preconfigureDefaultDevice). */
export interface DefaultDeviceConfig {
  /** Features the device must have (unioned over all calls). */
  requiredFeatures?: Iterable<GPUFeatureName>;
  /** Limits the device must have: `max*` limits take the largest request, `min*` (alignment) limits the smallest. */
  requiredLimits?: Record<string, number>;
  /** Adapter power preference; two different non-default answers are a conflict. */
  powerPreference?: GPUPowerPreference;
  /**
   * The GPU object to take the adapter from (a backend's own `gpu`, or any WebGPU implementation's).
   * Default: the portable `gpu` of `wgpu-ts`. Two different objects are a conflict.
   */
  gpu?: GPU;
  /** Label of the device (the first one given wins). */
  label?: string;
}

interface Combined {
  features: Set<string>;
  limits: Record<string, number>;
  powerPreference?: GPUPowerPreference;
  gpu?: GPU;
  label?: string;
}

let config: Combined = { features: new Set(), limits: {} };
let devicePromise: Promise<GPUDevice> | undefined;
let device: GPUDevice | undefined;

/** Alignment limits are "better" when smaller; every other limit when larger. */
function isMinLimit(name: string): boolean {
  return name.startsWith("min");
}

function combine(base: Combined, add: DefaultDeviceConfig): Combined {
  if (add === null || typeof add !== "object") throw new TypeError("preconfigureDefaultDevice: expected an object");
  const next: Combined = { ...base, features: new Set(base.features), limits: { ...base.limits } };
  if (add.requiredFeatures !== undefined) {
    if (typeof add.requiredFeatures === "string" || typeof (add.requiredFeatures as Iterable<string>)[Symbol.iterator] !== "function") {
      throw new TypeError("preconfigureDefaultDevice: requiredFeatures must be an array (or iterable) of feature names");
    }
    for (const f of add.requiredFeatures) next.features.add(String(f));
  }
  for (const [name, value] of Object.entries(add.requiredLimits ?? {})) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`preconfigureDefaultDevice: requiredLimits.${name} must be a non-negative finite number, got ${String(value)}`);
    }
    const prev = next.limits[name];
    next.limits[name] = prev === undefined ? value : isMinLimit(name) ? Math.min(prev, value) : Math.max(prev, value);
  }
  if (add.powerPreference !== undefined) {
    if (next.powerPreference !== undefined && next.powerPreference !== add.powerPreference) {
      throw new Error(`preconfigureDefaultDevice: powerPreference "${add.powerPreference}" conflicts with "${next.powerPreference}" requested earlier`);
    }
    next.powerPreference = add.powerPreference;
  }
  if (add.gpu !== undefined) {
    if (next.gpu !== undefined && next.gpu !== add.gpu) {
      throw new Error("preconfigureDefaultDevice: a different `gpu` object was already configured for the default device");
    }
    next.gpu = add.gpu;
  }
  next.label ??= add.label;
  return next;
}

/** What `have` lacks of `want` (features not enabled, limits not reached), as readable strings. */
function missing(want: Combined, features: GPUSupportedFeatures, limits: GPUSupportedLimits): string[] {
  const out: string[] = [];
  for (const f of want.features) if (!features.has(f)) out.push(`feature "${f}"`);
  for (const [name, value] of Object.entries(want.limits)) {
    const have = (limits as unknown as Record<string, number | undefined>)[name];
    if (have === undefined) out.push(`limit ${name} (unknown to this implementation)`);
    else if (isMinLimit(name) ? have > value : have < value) out.push(`limit ${name} = ${value} (has ${have})`);
  }
  return out;
}

/**
 * States what the default device needs, before it exists. Several libraries may call this: features are
 * unioned, `max*` limits take the largest value and `min*` limits the smallest. Called after the default
 * device exists, it succeeds only if that device already satisfies the request, and throws otherwise
 * (saying what is missing); called while the device is being created, it throws.
 */
export function preconfigureDefaultDevice(options: DefaultDeviceConfig): void {
  const next = combine(config, options);
  if (device) {
    const lacking = missing(combine({ features: new Set(), limits: {} }, { ...options, gpu: undefined }), device.features, device.limits);
    if (options.gpu !== undefined && options.gpu !== (config.gpu ?? portableGPU)) {
      lacking.push("a different `gpu` object");
    }
    if (lacking.length) {
      throw new Error(`preconfigureDefaultDevice() was called after the default device was created, and that device lacks ${lacking.join(", ")}. ` +
        `Call preconfigureDefaultDevice() before the first getDefaultDevice().`);
    }
    return;
  }
  if (devicePromise) {
    throw new Error("preconfigureDefaultDevice() was called while the default device is being created; call it before the first getDefaultDevice().");
  }
  config = next;
}

async function create(want: Combined): Promise<GPUDevice> {
  const gpu = want.gpu ?? portableGPU;
  const adapter = await gpu.requestAdapter(want.powerPreference ? { powerPreference: want.powerPreference } : undefined);
  if (!adapter) {
    throw new Error("getDefaultDevice: no GPU adapter is available (requestAdapter returned null). " +
      "On a machine without a GPU, install a software Vulkan driver (Mesa lavapipe); see the troubleshooting guide.");
  }
  const lacking = missing(want, adapter.features, adapter.limits);
  if (lacking.length) {
    const name = [adapter.info?.vendor, adapter.info?.device || adapter.info?.description].filter(Boolean).join(" ") || "the adapter";
    throw new Error(`getDefaultDevice: ${name} does not support ${lacking.join(", ")} (requested through preconfigureDefaultDevice)`);
  }
  const created = await adapter.requestDevice({
    label: want.label ?? "wgpu-ts default device",
    requiredFeatures: [...want.features] as GPUFeatureName[],
    requiredLimits: { ...want.limits },
  });
  return created;
}

/**
 * The process's shared device, created on first use from the combined preconfiguration. If that device
 * is lost (or destroyed), the next call creates a new one. Concurrent first calls share one creation.
 */
export function getDefaultDevice(): Promise<GPUDevice> {
  if (devicePromise) return devicePromise;
  const promise = create(config).then((d) => {
    device = d;
    d.lost.then(() => {
      if (device === d) {
        device = undefined;
        devicePromise = undefined;
      }
    });
    return d;
  }, (e) => {
    devicePromise = undefined; // a later call may try again (e.g. after fixing the configuration)
    throw e;
  });
  devicePromise = promise;
  return promise;
}

/** The default device if it has been created (and is not lost), else undefined. Never creates one. */
export function peekDefaultDevice(): GPUDevice | undefined {
  return device;
}
