// GPUTexture, GPUTextureView and GPUSampler.
//
// Guards (wgpu-native panics on these, see docs/architecture.md): unknown GPUTextureUsage bits in a
// texture or view descriptor (`from_bits().expect`), a view with mipLevelCount or arrayLayerCount 0
// (`panic!("invalid mipLevelCount")`). They become validation errors and native error objects.
import koffi from "koffi";
import { GPUTextureUsage } from "../../../generated/flags.js";
import { toStringView } from "../ffi/strings.js";
import {
  textureFormatToC, textureDimensionToC, textureViewDimensionToC, textureAspectToC, addressModeToC, filterModeToC, mipmapFilterModeToC, compareFunctionToC,
} from "../ffi/generated/maps.js";
import { WGPU_ARRAY_LAYER_COUNT_UNDEFINED, WGPU_MIP_LEVEL_COUNT_UNDEFINED, WGPU_COPY_STRIDE_UNDEFINED, WGPUComponentSwizzle, WGPUSType, WGPULoadOp, WGPUStoreOp } from "../ffi/generated/enums.js";
import { DeviceChild } from "./base.js";
import { setLiveBytes } from "../lifetime.js";
import { formatInfo, checkFormatFeature } from "../guards/texture-formats.js";
import { invalidTexture, invalidTextureView } from "../guards/error-objects.js";
import type { DeviceContext } from "./context.js";
import { dict, sequence, u32, optU32, enumValue, str, f64, fail, describe } from "../../../validate/shape.js";
import { attributes } from "../../../platform-object.js";

/** GPUTextureUsage bits wgpu-native accepts (COPY_SRC .. RENDER_ATTACHMENT; TRANSIENT_ATTACHMENT 0x20 panics in 29.0.1.1). */
export const KNOWN_TEXTURE_USAGE = GPUTextureUsage.COPY_SRC | GPUTextureUsage.COPY_DST | GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.STORAGE_BINDING | GPUTextureUsage.RENDER_ATTACHMENT;
/**
 * GPUTextureUsage.TRANSIENT_ATTACHMENT: a WebGPU usage that wgpu-native 29.0.1.1 panics on ("invalid
 * texture usage for texture descriptor"). It is a hint that the contents never leave the render pass,
 * so wgpu-ts applies its rules in TS (here, in createView and in render-pass.ts) and creates the
 * native texture with the other bits only; GPUTexture.usage still reports it.
 */
export const TRANSIENT_ATTACHMENT = GPUTextureUsage.TRANSIENT_ATTACHMENT;
const RENDER_ATTACHMENT = GPUTextureUsage.RENDER_ATTACHMENT;

/** The spec's createTexture rules for transient attachments, or null. */
function transientProblem(usage: number, dimension: GPUTextureDimension, mipLevelCount: number, depthOrArrayLayers: number, viewFormatCount: number): string | null {
  if (!(usage & TRANSIENT_ATTACHMENT)) return null;
  if (dimension !== "2d") return `dimension "${dimension}": a TRANSIENT_ATTACHMENT texture is 2d`;
  if (usage !== (TRANSIENT_ATTACHMENT | RENDER_ATTACHMENT)) return `usage 0x${usage.toString(16)}: TRANSIENT_ATTACHMENT may only be combined with RENDER_ATTACHMENT`;
  if (mipLevelCount !== 1) return `mipLevelCount ${mipLevelCount}: a TRANSIENT_ATTACHMENT texture has one mip level`;
  if (depthOrArrayLayers !== 1) return `size.depthOrArrayLayers ${depthOrArrayLayers}: a TRANSIENT_ATTACHMENT texture has one layer`;
  if (viewFormatCount !== 0) return "viewFormats must be empty for a TRANSIENT_ATTACHMENT texture";
  return null;
}

export class NativeTexture extends DeviceChild {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUTexture */
  declare readonly __brand: "GPUTexture";
  readonly width: number;
  readonly height: number;
  readonly depthOrArrayLayers: number;
  readonly mipLevelCount: number;
  readonly sampleCount: number;
  readonly dimension: GPUTextureDimension;
  readonly format: GPUTextureFormat;
  readonly usage: number;
  readonly textureBindingViewDimension: GPUTextureViewDimension | undefined;
  /** @internal */ _destroyed = false;
  /** @internal the native texture is an error object */ _invalid = false;
  /** @internal its native descriptor (label aside), to make a stand-in once it is destroyed (see standInTexture) */
  _native: Record<string, unknown> | null = null;

  constructor(device: DeviceContext, handle: bigint, label: string, d: {
    width: number; height: number; depthOrArrayLayers: number; mipLevelCount: number; sampleCount: number;
    dimension: GPUTextureDimension; format: GPUTextureFormat; usage: number;
  }, owning = true) {
    // owning = false: the caller keeps the only reference and releases it (a window's surface texture, whose
    // release must come before the surface's: wgpu-native panics dropping it later).
    super(device, handle, label, "GPUTexture", owning ? device._rt.fn.wgpuTextureRelease : null);
    this.width = d.width;
    this.height = d.height;
    this.depthOrArrayLayers = d.depthOrArrayLayers;
    this.mipLevelCount = d.mipLevelCount;
    this.sampleCount = d.sampleCount;
    this.dimension = d.dimension;
    this.format = d.format;
    this.usage = d.usage;
    this.textureBindingViewDimension = undefined;
    setLiveBytes(this, estimateTextureBytes(d));
  }

  createView(descriptor?: GPUTextureViewDescriptor): NativeTextureView {
    return createTextureView(this, descriptor);
  }

  destroy(): undefined {
    if (this._destroyed) return;
    this._destroyed = true;
    setLiveBytes(this, 0);
    this._device._rt.fn.wgpuTextureDestroy(this._handle);
  }
}

export class NativeTextureView extends DeviceChild {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUTextureView */
  declare readonly __brand: "GPUTextureView";
  /** @internal read by objects/binding.ts */ readonly _bindingKind = "textureView" as const;
  /** @internal */ readonly _texture: NativeTexture;
  /** @internal the view's format (the texture's unless the descriptor named another) */ readonly _format: GPUTextureFormat;
  /** @internal its native descriptor, to remake it over a stand-in texture (null for error views) */
  readonly _native: Record<string, unknown> | null;
  constructor(texture: NativeTexture, handle: bigint, label: string, format: GPUTextureFormat = texture.format, native: Record<string, unknown> | null = null) {
    super(texture._device, handle, label, "GPUTextureView", texture._device._rt.fn.wgpuTextureViewRelease);
    this._texture = texture;
    this._format = format;
    this._native = native;
  }
}

/**
 * The subresources a view covers: [first, end) mip levels and array layers, and its aspects as bits
 * (1 color or depth, 2 stencil), from its descriptor and the spec's defaults.
 */
export function viewSubresources(v: NativeTextureView): { mips: [number, number]; layers: [number, number]; aspect: number } {
  const t = v._texture, n = v._native ?? {};
  const baseMip = (n.baseMipLevel as number | undefined) ?? 0;
  const mipCount = n.mipLevelCount === undefined || n.mipLevelCount === WGPU_MIP_LEVEL_COUNT_UNDEFINED ? t.mipLevelCount - baseMip : n.mipLevelCount as number;
  const baseLayer = (n.baseArrayLayer as number | undefined) ?? 0;
  const dim = n.dimension as number | undefined;
  const layers = t.dimension === "3d" ? 1 : t.depthOrArrayLayers;
  let layerCount: number;
  if (n.arrayLayerCount !== undefined && n.arrayLayerCount !== WGPU_ARRAY_LAYER_COUNT_UNDEFINED) layerCount = n.arrayLayerCount as number;
  else if (dim === textureViewDimensionToC["1d"] || dim === textureViewDimensionToC["2d"] || dim === textureViewDimensionToC["3d"]) layerCount = 1;
  else if (dim === textureViewDimensionToC.cube) layerCount = 6;
  else if (dim === textureViewDimensionToC["2d-array"] || dim === textureViewDimensionToC["cube-array"]) layerCount = layers - baseLayer;
  else layerCount = t.dimension === "2d" && layers > 1 ? layers - baseLayer : 1;
  const aspect = n.aspect === textureAspectToC["stencil-only"] ? 2 : n.aspect === textureAspectToC["depth-only"] ? 1 : 3;
  return { mips: [baseMip, baseMip + mipCount], layers: [baseLayer, baseLayer + layerCount], aspect };
}

/** A view's usages: its descriptor's, or its texture's where the descriptor gave 0 (the spec's default). */
export function viewUsage(v: NativeTextureView): number {
  const u = (v._native?.usage as number | undefined) ?? 0;
  return u || v._texture.usage;
}

/**
 * Destroyed textures: wgpu-native rejects a view or a bind group over a destroyed texture when it is
 * created, while the spec accepts both (only a submit that uses them fails, and queue.submit checks
 * every texture a command buffer uses before wgpu-native sees it). A stand-in texture with the same
 * descriptor gets the same validation from wgpu-native; the caller destroys it (dropStandIn) as soon
 * as its view or bind group exists, so it holds memory only for that call.
 * Returns 0n for textures that are not destroyed (or have no descriptor to copy: error textures).
 */
export function standInTexture(texture: NativeTexture): bigint {
  if (!texture._destroyed || !texture._native || texture._device._destroyed) return 0n;
  const dev = texture._device;
  return dev._rt.fn.wgpuDeviceCreateTexture(dev._handle, { ...texture._native, label: toStringView("wgpu-ts stand-in for a destroyed texture") }) as bigint;
}

/** A view like `view` over a stand-in of its destroyed texture (0n when its texture is not destroyed). */
export function standInView(view: NativeTextureView): { view: bigint; texture: bigint } | null {
  if (!view._native) return null;
  const t = standInTexture(view._texture);
  if (!t) return null;
  return { view: view._device._rt.fn.wgpuTextureCreateView(t, view._native) as bigint, texture: t };
}

/** Destroys and releases a stand-in texture (the views and bind groups made from it keep what they need). */
export function dropStandIn(device: DeviceContext, texture: bigint): void {
  device._rt.fn.wgpuTextureDestroy(texture);
  device._rt.fn.wgpuTextureRelease(texture);
}

export class NativeSampler extends DeviceChild {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUSampler */
  declare readonly __brand: "GPUSampler";
  /** @internal read by objects/binding.ts */ readonly _bindingKind = "sampler" as const;
  constructor(device: DeviceContext, handle: bigint, label: string) {
    super(device, handle, label, "GPUSampler", device._rt.fn.wgpuSamplerRelease);
  }
}

function labelOf(d: { label?: unknown }, where: string): string {
  return d.label === undefined ? "" : str(d.label, `${where}.label`);
}

/** GPUExtent3D (a sequence [w, h?, d?] or a dict) -> {width, height, depthOrArrayLayers}. */
export function extent3D(v: unknown, where: string): { width: number; height: number; depthOrArrayLayers: number } {
  if (v !== null && typeof v === "object" && typeof (v as Iterable<unknown>)[Symbol.iterator] === "function") {
    const s = sequence<unknown>(v, where);
    if (s.length < 1 || s.length > 3) fail(where, `a GPUExtent3D sequence needs 1 to 3 elements, got ${s.length}`);
    return { width: u32(s[0], `${where}[0]`), height: optU32(s[1], `${where}[1]`, 1), depthOrArrayLayers: optU32(s[2], `${where}[2]`, 1) };
  }
  const d = dict<GPUExtent3DDict>(v, where);
  return {
    width: u32(d.width, `${where}.width`),
    height: optU32(d.height, `${where}.height`, 1),
    depthOrArrayLayers: optU32(d.depthOrArrayLayers, `${where}.depthOrArrayLayers`, 1),
  };
}

/** GPUOrigin3D (a sequence or a dict, all optional) -> {x, y, z}. */
export function origin3D(v: unknown, where: string): { x: number; y: number; z: number } {
  if (v === undefined) return { x: 0, y: 0, z: 0 };
  if (v !== null && typeof v === "object" && typeof (v as Iterable<unknown>)[Symbol.iterator] === "function") {
    const s = sequence<unknown>(v, where);
    if (s.length > 3) fail(where, `a GPUOrigin3D sequence has at most 3 elements, got ${s.length}`);
    return { x: optU32(s[0], `${where}[0]`, 0), y: optU32(s[1], `${where}[1]`, 0), z: optU32(s[2], `${where}[2]`, 0) };
  }
  const d = dict<GPUOrigin3DDict>(v, where);
  return { x: optU32(d.x, `${where}.x`, 0), y: optU32(d.y, `${where}.y`, 0), z: optU32(d.z, `${where}.z`, 0) };
}

export function createTexture(device: DeviceContext, descriptor: GPUTextureDescriptor): NativeTexture {
  const W = "GPUTextureDescriptor";
  const d = dict<GPUTextureDescriptor>(descriptor, W);
  const size = extent3D(d.size, `${W}.size`);
  const mipLevelCount = optU32(d.mipLevelCount, `${W}.mipLevelCount`, 1);
  const sampleCount = optU32(d.sampleCount, `${W}.sampleCount`, 1);
  const dimension = (d.dimension ?? "2d") as GPUTextureDimension;
  const cDimension = enumValue(d.dimension, `${W}.dimension`, textureDimensionToC, "2d");
  const format = d.format as GPUTextureFormat;
  const cFormat = enumValue(d.format, `${W}.format`, textureFormatToC);
  const usage = u32(d.usage, `${W}.usage`);
  const viewFormats = sequence<unknown>(d.viewFormats, `${W}.viewFormats`, true).map((f, i) => enumValue(f, `${W}.viewFormats[${i}]`, textureFormatToC));
  // Content-timeline TypeErrors of the spec's createTexture: formats whose feature the device lacks.
  checkFormatFeature(device.features, format, `${W}.format`);
  sequence<string>(d.viewFormats, `${W}.viewFormats`, true).forEach((f, i) => checkFormatFeature(device.features, f, `${W}.viewFormats[${i}]`));
  const label = labelOf(d, W);
  const fn = device._rt.fn;
  const info = { ...size, mipLevelCount, sampleCount, dimension, format, usage };
  const native = {
    label: toStringView(label), usage: usage & ~TRANSIENT_ATTACHMENT, dimension: cDimension, size, format: cFormat, mipLevelCount, sampleCount,
    viewFormatCount: viewFormats.length, viewFormats: viewFormats.length ? Uint32Array.from(viewFormats) : null,
  };
  const problem = usage & ~(KNOWN_TEXTURE_USAGE | TRANSIENT_ATTACHMENT)
    ? `${W}.usage 0x${usage.toString(16)} has unknown GPUTextureUsage bits (known: 0x${(KNOWN_TEXTURE_USAGE | TRANSIENT_ATTACHMENT).toString(16)})`
    : transientProblem(usage, dimension, mipLevelCount, size.depthOrArrayLayers, viewFormats.length);
  if (problem) {
    // Guard: wgpu-native panics on unknown bits (and on TRANSIENT_ATTACHMENT, never passed on).
    const h = invalidTexture(device, `createTexture: ${problem}`, native);
    const t = new NativeTexture(device, h, label, info);
    t._invalid = true;
    return t;
  }
  const [handle, errors] = device._capturing(() => fn.wgpuDeviceCreateTexture(device._handle, native) as bigint);
  const t = new NativeTexture(device, handle, label, info);
  t._invalid = errors.length > 0;
  if (!t._invalid && dimension === "3d") {
    if (usage & GPUTextureUsage.COPY_DST) primeInitTracking3D(t);
    else if (usage & RENDER_ATTACHMENT) primeInitTracking3DByLoad(t);
  }
  if (!t._invalid) t._native = native;
  return t;
}

/**
 * Workaround for wgpu-core's lazy zero-initialisation of 3d textures: its tracker keeps one "layer"
 * per 3d mip level, but texel copies register the copy's z range as layers, so a copy at depth
 * slice z >= 1 marks nothing initialised and a later submit clears the whole level, losing the data
 * (CTS image_copy 3d cases). A fresh texture is all zeros, so writing one zero block at (0, 0, 0)
 * of every level now makes wgpu-core clear each level once and track it as initialised, before any
 * command of the application can use the texture.
 */
function primeInitTracking3D(t: NativeTexture): void {
  const f = formatInfo(t.format);
  if (!f?.bytesPerBlock) return;
  const fn = t._device._rt.fn;
  const zeros = new Uint8Array(f.bytesPerBlock);
  for (let level = 0; level < t.mipLevelCount; level++) {
    fn.wgpuQueueWriteTexture(t._device.queue._handle, { texture: t._handle, mipLevel: level, origin: { x: 0, y: 0, z: 0 }, aspect: textureAspectToC.all! },
      zeros, zeros.byteLength, { offset: 0, bytesPerRow: WGPU_COPY_STRIDE_UNDEFINED, rowsPerImage: WGPU_COPY_STRIDE_UNDEFINED },
      { width: f.blockWidth, height: f.blockHeight, depthOrArrayLayers: 1 });
  }
}

const SWIZZLE_COMPONENT: Readonly<Record<string, number>> = {
  r: WGPUComponentSwizzle.R, g: WGPUComponentSwizzle.G, b: WGPUComponentSwizzle.B, a: WGPUComponentSwizzle.A, 0: WGPUComponentSwizzle.Zero, 1: WGPUComponentSwizzle.One,
};

/**
 * GPUTextureViewDescriptor.swizzle: a DOMString (WebIDL's ToString: numbers become their decimal text, symbols
 * throw) of exactly four of r, g, b, a, 0, 1, or a TypeError. Case and code points count as they are (no
 * normalization: "RGBA" and full-width letters are invalid).
 */
function viewSwizzle(v: unknown, field: string): string {
  if (v === undefined) return "rgba";
  const s = `${v as string}`; // a template literal throws a TypeError for a symbol, as WebIDL does
  if (!/^[rgba01]{4}$/.test(s)) fail(field, `${JSON.stringify(s)} is not a swizzle (four of r, g, b, a, 0, 1)`);
  return s;
}

/**
 * The same wgpu-core bug for render attachments: a render pass that clears one depth slice of a 3d
 * level marks the whole level (its one tracked "layer") initialised, so the other slices keep
 * whatever the memory held (CTS rendering,3d_texture_slices; repro
 * test/cts/repros/wgpu_native_3d_render_slice_lazy_init.py). A texture without COPY_DST cannot be
 * primed with a write, so a pass that *loads* depth slice 0 of each level is submitted now: loading
 * needs initialised memory, so wgpu-core clears every slice of the level first and tracks it as
 * initialised. The pass draws nothing and stores what it loaded (zeros).
 */
function primeInitTracking3DByLoad(t: NativeTexture): void {
  const device = t._device;
  if (device._destroyed) return;
  const fn = device._rt.fn;
  let cb = 0n;
  const [, errors] = device._capturingSilently(() => {
    const enc = fn.wgpuDeviceCreateCommandEncoder(device._handle, { label: toStringView("wgpu-ts 3d init") }) as bigint;
    try {
      for (let level = 0; level < t.mipLevelCount; level++) {
        const view = fn.wgpuTextureCreateView(t._handle, {
          label: toStringView(""), format: 0, dimension: 0, baseMipLevel: level, mipLevelCount: 1,
          baseArrayLayer: 0, arrayLayerCount: WGPU_ARRAY_LAYER_COUNT_UNDEFINED, aspect: textureAspectToC.all!, usage: 0,
        }) as bigint;
        try {
          const pass = fn.wgpuCommandEncoderBeginRenderPass(enc, {
            label: toStringView(""), colorAttachmentCount: 1,
            colorAttachments: [{ view, depthSlice: 0, resolveTarget: null, loadOp: WGPULoadOp.Load, storeOp: WGPUStoreOp.Store, clearValue: { r: 0, g: 0, b: 0, a: 0 } }],
            depthStencilAttachment: null, occlusionQuerySet: null, timestampWrites: null,
          }) as bigint;
          fn.wgpuRenderPassEncoderEnd(pass);
          fn.wgpuRenderPassEncoderRelease(pass);
        } finally {
          fn.wgpuTextureViewRelease(view);
        }
      }
      cb = fn.wgpuCommandEncoderFinish(enc, { label: toStringView("") }) as bigint;
    } finally {
      fn.wgpuCommandEncoderRelease(enc);
    }
  });
  if (!cb) return;
  // An invalid command buffer inside wgpuQueueSubmit is a panic (see queue.ts): submit only a clean one. None of
  // these calls should fail on a valid texture; if one did, the texture just keeps wgpu-core's behaviour.
  if (errors.length === 0) device._capturingSilently(() => fn.wgpuQueueSubmit(device.queue._handle, 1, new BigUint64Array([cb])));
  fn.wgpuCommandBufferRelease(cb);
}

function createTextureView(texture: NativeTexture, descriptor?: GPUTextureViewDescriptor): NativeTextureView {
  const W = "GPUTextureViewDescriptor";
  const d = dict<GPUTextureViewDescriptor>(descriptor, W, true);
  const device = texture._device;
  const label = labelOf(d, W);
  const requestedUsage = optU32(d.usage, `${W}.usage`, 0);
  // The native texture never has TRANSIENT_ATTACHMENT (see TRANSIENT_ATTACHMENT above).
  const usage = requestedUsage & ~(texture.usage & TRANSIENT_ATTACHMENT);
  const mipLevelCount = d.mipLevelCount === undefined ? WGPU_MIP_LEVEL_COUNT_UNDEFINED : u32(d.mipLevelCount, `${W}.mipLevelCount`);
  const arrayLayerCount = d.arrayLayerCount === undefined ? WGPU_ARRAY_LAYER_COUNT_UNDEFINED : u32(d.arrayLayerCount, `${W}.arrayLayerCount`);
  const swizzle = viewSwizzle(d.swizzle, `${W}.swizzle`);
  const native: Record<string, unknown> = {
    label: toStringView(label),
    format: d.format === undefined ? 0 : enumValue(d.format, `${W}.format`, textureFormatToC),
    dimension: d.dimension === undefined ? 0 : enumValue(d.dimension, `${W}.dimension`, textureViewDimensionToC),
    baseMipLevel: optU32(d.baseMipLevel, `${W}.baseMipLevel`, 0),
    mipLevelCount,
    baseArrayLayer: optU32(d.baseArrayLayer, `${W}.baseArrayLayer`, 0),
    arrayLayerCount,
    aspect: enumValue(d.aspect, `${W}.aspect`, textureAspectToC, "all"),
    usage,
  };
  // Content-timeline TypeError of the spec's createView.
  if (d.format !== undefined) checkFormatFeature(device.features, d.format, `${W}.format`);
  const fn = device._rt.fn;
  let problem: string | null = null;
  if (usage & ~KNOWN_TEXTURE_USAGE) problem = `${W}.usage 0x${requestedUsage.toString(16)} has unknown GPUTextureUsage bits`;
  // The spec: a view's usage (0: the texture's) is a subset of the texture's usage. wgpu-native 29 checks this
  // for every bit but STORAGE_BINDING (a view with it is accepted on a texture without it; repro:
  // test/cts/repros/wgpu_native_view_usage_storage_not_checked.py).
  else if (requestedUsage & ~texture.usage)
    problem = `${W}.usage 0x${requestedUsage.toString(16)} is not a subset of the texture's usage 0x${texture.usage.toString(16)}`;
  else if (texture.usage & TRANSIENT_ATTACHMENT && requestedUsage !== 0 && requestedUsage !== texture.usage)
    problem = `${W}.usage 0x${requestedUsage.toString(16)}: a view of a TRANSIENT_ATTACHMENT texture has all of its usages (0 or 0x${texture.usage.toString(16)})`;
  else if (mipLevelCount === 0) problem = `${W}.mipLevelCount must not be 0`;
  else if (swizzle !== "rgba" && !device.features.has("texture-component-swizzle"))
    problem = `${W}.swizzle "${swizzle}" needs the feature "texture-component-swizzle", which the device does not have enabled (only "rgba" is valid without it)`;
  else if (arrayLayerCount === 0) problem = `${W}.arrayLayerCount must not be 0`;
  if (problem) {
    const h = invalidTextureView(device, `createView: ${problem} (texture "${texture.label}")`, texture._handle, native);
    return new NativeTextureView(texture, h, label);
  }
  if (swizzle !== "rgba") {
    // With the feature the swizzle goes to wgpu-native, which applies the feature's other rules (no swizzle
    // on storage or render attachment views).
    const [r, g, b, a] = [...swizzle].map((c) => SWIZZLE_COMPONENT[c]!);
    native.nextInChain = koffi.as({ chain: { next: null, sType: WGPUSType.TextureComponentSwizzleDescriptor }, swizzle: { r, g, b, a } }, "WGPUTextureComponentSwizzleDescriptor *");
  }
  const viewFormat = d.format === undefined ? texture.format : d.format as GPUTextureFormat;
  const standIn = standInTexture(texture);
  if (standIn) {
    // A view of a destroyed texture is valid (see standInTexture); uses of it fail at submit.
    const handle = fn.wgpuTextureCreateView(standIn, native) as bigint;
    dropStandIn(device, standIn);
    return new NativeTextureView(texture, handle, label, viewFormat, native);
  }
  const handle = fn.wgpuTextureCreateView(texture._handle, native) as bigint;
  return new NativeTextureView(texture, handle, label, viewFormat, native);
}

export function createSampler(device: DeviceContext, descriptor?: GPUSamplerDescriptor): NativeSampler {
  const W = "GPUSamplerDescriptor";
  const d = dict<GPUSamplerDescriptor>(descriptor, W, true);
  const label = labelOf(d, W);
  // maxAnisotropy is a [Clamp] unsigned short.
  let maxAnisotropy = 1;
  if (d.maxAnisotropy !== undefined) {
    const n = Number(d.maxAnisotropy);
    if (typeof d.maxAnisotropy === "bigint" || Number.isNaN(n)) fail(`${W}.maxAnisotropy`, `expected a number, got ${describe(d.maxAnisotropy)}`);
    maxAnisotropy = Math.min(65535, Math.max(0, Math.round(n)));
  }
  const native = {
    label: toStringView(label),
    addressModeU: enumValue(d.addressModeU, `${W}.addressModeU`, addressModeToC, "clamp-to-edge"),
    addressModeV: enumValue(d.addressModeV, `${W}.addressModeV`, addressModeToC, "clamp-to-edge"),
    addressModeW: enumValue(d.addressModeW, `${W}.addressModeW`, addressModeToC, "clamp-to-edge"),
    magFilter: enumValue(d.magFilter, `${W}.magFilter`, filterModeToC, "nearest"),
    minFilter: enumValue(d.minFilter, `${W}.minFilter`, filterModeToC, "nearest"),
    mipmapFilter: enumValue(d.mipmapFilter, `${W}.mipmapFilter`, mipmapFilterModeToC, "nearest"),
    lodMinClamp: d.lodMinClamp === undefined ? 0 : f64(d.lodMinClamp, `${W}.lodMinClamp`),
    lodMaxClamp: d.lodMaxClamp === undefined ? 32 : f64(d.lodMaxClamp, `${W}.lodMaxClamp`),
    compare: d.compare === undefined ? 0 : enumValue(d.compare, `${W}.compare`, compareFunctionToC),
    maxAnisotropy,
  };
  const handle = device._rt.fn.wgpuDeviceCreateSampler(device._handle, native) as bigint;
  return new NativeSampler(device, handle, label);
}

/** Estimated GPU memory of a texture (every mip level, layer and sample), for diagnostics reports. */
function estimateTextureBytes(d: { width: number; height: number; depthOrArrayLayers: number; mipLevelCount: number; sampleCount: number; dimension: GPUTextureDimension; format: GPUTextureFormat }): number {
  const f = formatInfo(d.format);
  if (!f) return 0;
  const depthStencilBytes: Record<string, number> = { "stencil8": 1, "depth16unorm": 2, "depth24plus": 4, "depth24plus-stencil8": 4, "depth32float": 4, "depth32float-stencil8": 8 };
  const bytesPerBlock = f.bytesPerBlock ?? depthStencilBytes[d.format] ?? 4;
  let total = 0;
  // At most 32 levels exist (a u32 size); an invalid mipLevelCount of 2^32 - 1 must not loop for seconds.
  for (let level = 0; level < Math.min(d.mipLevelCount, 32); level++) {
    const w = Math.max(1, d.width >> level), h = d.dimension === "1d" ? 1 : Math.max(1, d.height >> level);
    const layers = d.dimension === "3d" ? Math.max(1, d.depthOrArrayLayers >> level) : d.depthOrArrayLayers;
    total += Math.ceil(w / f.blockWidth) * Math.ceil(h / f.blockHeight) * layers * bytesPerBlock;
  }
  return total * d.sampleCount;
}

attributes(NativeTexture, "width", "height", "depthOrArrayLayers", "mipLevelCount", "sampleCount", "dimension", "format", "usage", "textureBindingViewDimension");
