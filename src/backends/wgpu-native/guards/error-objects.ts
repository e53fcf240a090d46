// Deliberate error objects: the one recipe for "this input would reach a wgpu-native panic (or a
// wasteful allocation), so TS reports the spec's validation error itself and then asks wgpu-native
// for an object that is invalid for a harmless reason". The native object must exist (and be
// invalid) so that everything built from it is invalid too, as the spec says; its own native message
// is swallowed (`_capturingSilently`) because the JS message already names the caller's mistake.
// Each recipe below names the harmless invalid input it uses and the panic the real input would hit.
import koffi from "koffi";
import { WGPUSType, WGPUQueryType, WGPUBufferBindingType, WGPUShaderStage, WGPU_ARRAY_LAYER_COUNT_UNDEFINED } from "../ffi/generated/enums.js";
import { GPUTextureUsage } from "../../../generated/flags.js";
import { toStringView } from "../ffi/strings.js";
import type { DeviceContext } from "../objects/context.js";

/** The device surface the recipes need (errorShaderModule is also used by tools holding less than a DeviceContext). */
type SilentDevice = Pick<DeviceContext, "_handle" | "_rt" | "_validationError" | "_capturingSilently">;

/** Reports `message` as a GPUValidationError, then runs `make` with wgpu-native's own errors swallowed. */
function reportThenMakeSilently<T>(device: SilentDevice, message: string, make: () => T): T {
  device._validationError(message);
  return device._capturingSilently(make)[0];
}

/**
 * Buffer: usage 0, size 0 (a plain wgpu-core validation error). Avoids the `from_bits().expect` panic
 * on unknown usage bits and an allocation attempt for sizes over maxBufferSize.
 */
export function invalidBuffer(device: SilentDevice, message: string, label: string): bigint {
  return reportThenMakeSilently(device, message, () => device._rt.fn.wgpuDeviceCreateBuffer(device._handle, {
    label: toStringView(label), usage: 0, size: 0, mappedAtCreation: 0,
  }) as bigint);
}

/**
 * Texture: COPY_SRC only and a zero size (a wgpu-core validation error). Avoids the panic on unknown
 * usage bits and on TRANSIENT_ATTACHMENT (emulated in TS, never passed on).
 */
export function invalidTexture(device: SilentDevice, message: string, native: Record<string, unknown>): bigint {
  return reportThenMakeSilently(device, message, () => device._rt.fn.wgpuDeviceCreateTexture(device._handle, {
    ...native, usage: GPUTextureUsage.COPY_SRC, size: { width: 0, height: 0, depthOrArrayLayers: 0 },
  }) as bigint);
}

/** A base mip level no texture has. Avoids the panics on unknown usage bits and on zero mip/layer counts. */
const NO_SUCH_MIP_LEVEL = 0x7fffffff;

/** Texture view: a base mip level past any texture's range (a wgpu-core validation error). */
export function invalidTextureView(device: SilentDevice, message: string, texture: bigint, native: Record<string, unknown>): bigint {
  return reportThenMakeSilently(device, message, () => device._rt.fn.wgpuTextureCreateView(texture, {
    ...native, usage: 0, mipLevelCount: 1, arrayLayerCount: WGPU_ARRAY_LAYER_COUNT_UNDEFINED, baseMipLevel: NO_SUCH_MIP_LEVEL,
  }) as bigint);
}

/**
 * Bind group layout: two entries with the same binding number (a wgpu-core validation error). Avoids
 * passing entries that set no or several binding types, or unknown visibility bits (panics).
 */
export function invalidBindGroupLayout(device: SilentDevice, message: string, label: string): bigint {
  const dup = { binding: 0, visibility: WGPUShaderStage.Compute, buffer: { type: WGPUBufferBindingType.Storage, hasDynamicOffset: 0, minBindingSize: 0 } };
  return reportThenMakeSilently(device, message, () => device._rt.fn.wgpuDeviceCreateBindGroupLayout(device._handle, {
    label: toStringView(label), entryCount: 2, entries: [dup, dup],
  }) as bigint);
}

/**
 * Bind group: an unknown binding number, twice. Avoids the `NonZeroU64` "invalid size" panic on a
 * buffer binding of size 0; `buffer` is any buffer handle of the descriptor.
 */
export function invalidBindGroup(device: SilentDevice, message: string, label: string, layout: bigint, buffer: unknown): bigint {
  const bad = { binding: 0xffffffff, buffer, offset: 0, size: 0xffffffffffffffffn };
  return reportThenMakeSilently(device, message, () => device._rt.fn.wgpuDeviceCreateBindGroup(device._handle, {
    label: toStringView(label), layout, entryCount: 2, entries: [bad, bad],
  }) as bigint);
}

/**
 * Bind group: no entries for a layout that has some (a wgpu-core validation error). Avoids passing
 * externalTexture bindings wgpu-native cannot take (they are 2d float texture entries natively).
 */
export function bindGroupWithoutEntries(device: SilentDevice, message: string, label: string, layout: bigint): bigint {
  return reportThenMakeSilently(device, message, () => device._rt.fn.wgpuDeviceCreateBindGroup(device._handle, {
    label: toStringView(label), layout, entryCount: 0, entries: null,
  }) as bigint);
}

/**
 * Pipeline layout: an immediate size 4 bytes over the device's limit (a wgpu-core validation error).
 * `make` builds the layout with that size (the caller's own constructor, so its TypeErrors still apply).
 * Avoids passing push-constant ranges wgpu-native 29 cannot express (it has one block per layout).
 */
export function invalidPipelineLayout<T>(device: SilentDevice & Pick<DeviceContext, "_limitValues">, message: string, make: (immediateSize: number) => T): T {
  return reportThenMakeSilently(device, message, () => make((device._limitValues.maxImmediateSize ?? 0) + 4));
}

/** More queries than any device allows. Avoids passing a pipeline-statistics set the device cannot make. */
const TOO_MANY_QUERIES = 0x7fffffff;

/** Query set: an occlusion set of 0x7fffffff queries (over the query count limit, a wgpu-core validation error). */
export function invalidQuerySet(device: SilentDevice, message: string, label: string): bigint {
  return reportThenMakeSilently(device, message, () => device._rt.fn.wgpuDeviceCreateQuerySet(device._handle, {
    label: toStringView(label), type: WGPUQueryType.Occlusion, count: TOO_MANY_QUERIES,
  }) as bigint);
}

/**
 * Shader module: the WGSL source "!" (a parse error, a module with a valid id). Avoids sources that
 * overflow naga's parser stack (an abort, not even a panic).
 */
export function invalidShaderModule(device: SilentDevice, message: string, label: string): bigint {
  const bad = { chain: { next: null, sType: WGPUSType.ShaderSourceWGSL }, code: toStringView("!") };
  return reportThenMakeSilently(device, message, () => device._rt.fn.wgpuDeviceCreateShaderModule(device._handle, {
    nextInChain: koffi.as(bad, "WGPUShaderSourceWGSL *"), label: toStringView(label),
  }) as bigint);
}

const errorModules = new WeakMap<object, { handle: bigint }>();
/**
 * A native shader module that is an error object with a valid id (an unparsable WGSL source), made
 * once per device without a message: pipelines built from it are error objects, never a panic (a
 * GLSL/SPIR-V module that failed to parse has no native id, and a pipeline from it panics).
 */
export function errorShaderModule(device: Pick<DeviceContext, "_handle" | "_rt" | "_capturingSilently">): bigint {
  let m = errorModules.get(device);
  if (!m) {
    const code = toStringView("wgpu-ts: placeholder for an invalid shader module");
    const source = koffi.as({ chain: { next: null, sType: WGPUSType.ShaderSourceWGSL }, code }, "WGPUShaderSourceWGSL *");
    const [h] = device._capturingSilently(() => device._rt.fn.wgpuDeviceCreateShaderModule(device._handle, { nextInChain: source, label: toStringView("") }) as bigint);
    m = { handle: h };
    errorModules.set(device, m);
  }
  return m.handle;
}

/** Compute pipeline: the caller's descriptor with errorShaderModule as its module. */
export function invalidComputePipeline(device: SilentDevice, message: string, native: { compute: Record<string, unknown> } & Record<string, unknown>): bigint {
  return reportThenMakeSilently(device, message, () => device._rt.fn.wgpuDeviceCreateComputePipeline(device._handle, {
    ...native, compute: { ...native.compute, module: errorShaderModule(device) },
  }) as bigint);
}

/**
 * Render pipeline: the caller's descriptor with errorShaderModule as its vertex module and no vertex
 * buffers, depth-stencil or fragment state (whatever of those was wrong would panic or mislead).
 */
export function invalidRenderPipeline(device: SilentDevice, message: string, native: Record<string, unknown>): bigint {
  const vertex = { ...(native.vertex as Record<string, unknown>), module: errorShaderModule(device), bufferCount: 0, buffers: null };
  return reportThenMakeSilently(device, message, () => device._rt.fn.wgpuDeviceCreateRenderPipeline(device._handle, {
    ...native, vertex, depthStencil: null, fragment: null,
  }) as bigint);
}
