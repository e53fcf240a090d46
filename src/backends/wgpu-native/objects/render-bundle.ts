// GPURenderBundleEncoder and GPURenderBundle.
//
// Commands are recorded into a CommandStream like a pass. wgpu-native validates a bundle's commands
// in wgpuRenderBundleEncoderFinish and treats any error there as fatal (a panic), as it does with
// errors from wgpuDeviceCreateRenderBundleEncoder. So finish() first replays the recorded commands
// into a throwaway render pass whose 1x1 attachments have the bundle's formats and sample count
// (wgpu-core applies the same rules to a pass, and reports them as ordinary errors); only a bundle
// that passes is encoded natively. A failing one is a validation error and an invalid bundle that
// never reaches native code (executeBundles then invalidates the pass).
import { GPUTextureUsage } from "../../../generated/flags.js";
import { toStringView } from "../ffi/strings.js";
import { textureFormatToC } from "../ffi/generated/maps.js";
import { WGPULoadOp, WGPUStoreOp, WGPUTextureDimension, WGPU_DEPTH_SLICE_UNDEFINED } from "../ffi/generated/enums.js";
import { CommandStream } from "../encoding/stream.js";
import { collectUses, replayRender, runRenderPass } from "../encoding/pass-end.js";
import { DeviceChild, type Destroyable } from "./base.js";
import type { DeviceContext } from "./context.js";
import { NativeBuffer } from "./buffer.js";
import { RenderCommandRecorder } from "./render-commands.js";
import { formatInfo, checkFormatFeature, colorRenderable } from "../guards/texture-formats.js";
import { colorBytesProblem } from "../guards/device-limits.js";
import { dict, sequence, optU32, bool, enumValue, str } from "../../../validate/shape.js";

export class NativeRenderBundle extends DeviceChild {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPURenderBundle */
  declare readonly __brand: "GPURenderBundle";
  /** @internal its draw calls (they count against a pass's maxDrawCount) */
  _drawCount = 0;
  /** @internal why it is invalid (then it has no native handle), or null */ readonly _invalid: string | null;
  /** @internal resources its commands use: queue.submit checks them */
  readonly _buffers: ReadonlySet<NativeBuffer>;
  readonly _textures: ReadonlySet<Destroyable>;
  /**
   * @internal the encoder's depthReadOnly / stencilReadOnly: executeBundles compares them with the pass's
   * (spec: a read-only pass aspect needs a read-only bundle). wgpu-core compares them only for an aspect
   * the depth/stencil format has, so a stencil8 pass with depthReadOnly takes a bundle without it.
   */
  _depthReadOnly = false;
  _stencilReadOnly = false;
  constructor(device: DeviceContext, handle: bigint, label: string, invalid: string | null, buffers: ReadonlySet<NativeBuffer> = new Set(), textures: ReadonlySet<Destroyable> = new Set()) {
    super(device, handle, label, "GPURenderBundle", device._rt.fn.wgpuRenderBundleRelease);
    this._invalid = invalid;
    this._buffers = buffers;
    this._textures = textures;
  }
}

interface BundleLayout { colorFormats: Array<string | null>; depthStencilFormat: string | undefined; sampleCount: number; depthReadOnly: boolean; stencilReadOnly: boolean }

export class NativeRenderBundleEncoder extends RenderCommandRecorder {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPURenderBundleEncoder */
  declare readonly __brand: "GPURenderBundleEncoder";
  /** @internal */ readonly _device: DeviceContext;
  /** @internal */ readonly _layout: BundleLayout;
  private finished = false;

  constructor(device: DeviceContext, label: string, layout: BundleLayout, invalid: string | null) {
    super(label, new CommandStream());
    this._device = device;
    this._layout = layout;
    this._invalid = invalid;
  }

  get _dev(): DeviceContext { return this._device; }

  protected open(what: string): boolean {
    if (!this.finished) return true;
    this._device._validationError(`${what}: render bundle encoder "${this.label}" has already finished`);
    return false;
  }

  finish(descriptor?: GPURenderBundleDescriptor): NativeRenderBundle {
    const d = dict<GPURenderBundleDescriptor>(descriptor, "GPURenderBundleDescriptor", true);
    const label = d.label === undefined ? "" : str(d.label, "GPURenderBundleDescriptor.label");
    const dev = this._device;
    if (!this.open("finish")) return new NativeRenderBundle(dev, 0n, label, "finish() was called twice");
    this.finished = true;
    const s = this._stream;
    const buffers = new Set<NativeBuffer>();
    const textures = new Set<Destroyable>();
    collectUses(s, buffers, textures);
    const invalid = (why: string): NativeRenderBundle => {
      dev._validationError(`finish: render bundle encoder "${this.label}" is invalid: ${why}`);
      s.reset();
      return new NativeRenderBundle(dev, 0n, label, why);
    };
    if (this._invalid) return invalid(this._invalid);
    if (dev._destroyed) { s.reset(); return new NativeRenderBundle(dev, 0n, label, "the device is lost"); }
    // Destroyed buffers and textures do not make a bundle invalid (spec: only a submit that uses it
    // fails; queue.submit checks the bundle's resources). wgpu-core checks destroyed state at submit
    // only, so neither the check pass nor wgpuRenderBundleEncoderFinish sees them.
    const problem = checkInThrowawayPass(dev, this._layout, s);
    if (problem) return invalid(problem);
    const fn = dev._rt.fn;
    const l = this._layout;
    const formats = l.colorFormats.map((f) => (f === null ? 0 : textureFormatToC[f]!));
    const encoder = fn.wgpuDeviceCreateRenderBundleEncoder(dev._handle, {
      label: toStringView(this.label),
      colorFormatCount: formats.length, colorFormats: formats.length ? Uint32Array.from(formats) : null,
      depthStencilFormat: l.depthStencilFormat === undefined ? 0 : textureFormatToC[l.depthStencilFormat]!,
      sampleCount: l.sampleCount, depthReadOnly: l.depthReadOnly ? 1 : 0, stencilReadOnly: l.stencilReadOnly ? 1 : 0,
    }) as bigint;
    try {
      replayRender(fn, "render-bundle", encoder, s);
      const handle = fn.wgpuRenderBundleEncoderFinish(encoder, { label: toStringView(label) }) as bigint;
      const bundle = new NativeRenderBundle(dev, handle, label, null, buffers, textures);
      bundle._drawCount = this._drawCount;
      bundle._depthReadOnly = l.depthReadOnly;
      bundle._stencilReadOnly = l.stencilReadOnly;
      return bundle;
    } finally {
      fn.wgpuRenderBundleEncoderRelease(encoder);
      s.reset();
    }
  }
}

export function createRenderBundleEncoder(device: DeviceContext, descriptor: GPURenderBundleEncoderDescriptor): NativeRenderBundleEncoder {
  const W = "GPURenderBundleEncoderDescriptor";
  const d = dict<GPURenderBundleEncoderDescriptor>(descriptor, W);
  const label = d.label === undefined ? "" : str(d.label, `${W}.label`);
  const colorFormats = sequence<GPUTextureFormat | null>(d.colorFormats, `${W}.colorFormats`).map((f, i) => {
    if (f === null || f === undefined) return null;
    enumValue(f, `${W}.colorFormats[${i}]`, textureFormatToC);
    checkFormatFeature(device.features, f, `${W}.colorFormats[${i}]`);
    return f as string;
  });
  let depthStencilFormat: string | undefined;
  if (d.depthStencilFormat !== undefined) {
    enumValue(d.depthStencilFormat, `${W}.depthStencilFormat`, textureFormatToC);
    checkFormatFeature(device.features, d.depthStencilFormat, `${W}.depthStencilFormat`);
    depthStencilFormat = d.depthStencilFormat;
  }
  const layout: BundleLayout = {
    colorFormats, depthStencilFormat,
    sampleCount: optU32(d.sampleCount, `${W}.sampleCount`, 1),
    depthReadOnly: bool(d.depthReadOnly, false),
    stencilReadOnly: bool(d.stencilReadOnly, false),
  };
  // The spec's creation rules; wgpu-native would panic on the count and sample count ones.
  const maxColors = device._limitValues.maxColorAttachments ?? 8;
  let invalid: string | null = null;
  if (colorFormats.length > maxColors) invalid = `${W}.colorFormats has ${colorFormats.length} entries, more than maxColorAttachments (${maxColors})`;
  else if (colorFormats.every((f) => f === null) && depthStencilFormat === undefined) invalid = `${W} needs at least one color format or a depthStencilFormat`;
  else if (layout.sampleCount === 0 || layout.sampleCount > 32 || (layout.sampleCount & (layout.sampleCount - 1)) !== 0) invalid = `${W}.sampleCount ${layout.sampleCount} is not a supported sample count`;
  else {
    const bad = colorFormats.find((f) => f !== null && !formatInfo(f)?.color);
    // Spec: each color format must be color-renderable; wgpu-core accepts any color format here.
    const unrenderable = colorFormats.find((f) => f !== null && formatInfo(f)?.color && !colorRenderable(f, device.features));
    if (bad) invalid = `${W}.colorFormats: "${bad}" is not a color format`;
    else if (unrenderable) invalid = `${W}.colorFormats: "${unrenderable}" is not color-renderable`;
    else if (depthStencilFormat !== undefined && formatInfo(depthStencilFormat)?.color) invalid = `${W}.depthStencilFormat "${depthStencilFormat}" is not a depth or stencil format`;
    else invalid = colorBytesProblem(device, colorFormats, `${W}.colorFormats`);
  }
  if (invalid) device._validationError(`createRenderBundleEncoder: ${invalid}`);
  return new NativeRenderBundleEncoder(device, label, layout, invalid);
}

// ---- the throwaway pass ---------------------------------------------------------------------

interface Attachments { colors: Array<bigint | null>; depth: bigint | null; error: string | null }
const attachmentCache = new WeakMap<DeviceContext, Map<string, Attachments>>();

/** 1x1 attachments of the bundle's formats (cached per device and layout; never released). */
function attachmentsFor(device: DeviceContext, l: BundleLayout): Attachments {
  let perDevice = attachmentCache.get(device);
  if (!perDevice) attachmentCache.set(device, perDevice = new Map());
  const key = `${l.colorFormats.join(",")}|${l.depthStencilFormat ?? ""}|${l.sampleCount}`;
  let a = perDevice.get(key);
  if (a) return a;
  const fn = device._rt.fn;
  const view = (format: string): bigint => {
    const t = fn.wgpuDeviceCreateTexture(device._handle, {
      label: toStringView("wgpu-ts render bundle check"), usage: GPUTextureUsage.RENDER_ATTACHMENT, dimension: WGPUTextureDimension["2D"],
      size: { width: 1, height: 1, depthOrArrayLayers: 1 }, format: textureFormatToC[format]!, mipLevelCount: 1, sampleCount: l.sampleCount,
      viewFormatCount: 0, viewFormats: null,
    }) as bigint;
    const v = fn.wgpuTextureCreateView(t, null) as bigint;
    fn.wgpuTextureRelease(t); // the view keeps it alive
    return v;
  };
  const [made, errors] = device._capturingSilently(() => ({
    colors: l.colorFormats.map((f) => (f === null ? null : view(f))),
    depth: l.depthStencilFormat === undefined ? null : view(l.depthStencilFormat),
  }));
  a = { ...made, error: errors.length ? errors[0]!.message : null };
  perDevice.set(key, a);
  return a;
}

/** Replays the bundle's commands in a pass that is never submitted; returns the first error, or null. */
function checkInThrowawayPass(device: DeviceContext, l: BundleLayout, s: CommandStream): string | null {
  const a = attachmentsFor(device, l);
  if (a.error) return `its formats cannot be rendered to: ${a.error}`;
  const fn = device._rt.fn;
  const info = l.depthStencilFormat === undefined ? undefined : formatInfo(l.depthStencilFormat);
  const depthWritable = !!info?.depth && !l.depthReadOnly;
  const stencilWritable = !!info?.stencil && !l.stencilReadOnly;
  const desc = {
    label: toStringView("wgpu-ts render bundle check"),
    colorAttachmentCount: a.colors.length,
    colorAttachments: a.colors.length ? a.colors.map((v) => ({
      view: v, depthSlice: WGPU_DEPTH_SLICE_UNDEFINED, resolveTarget: null, loadOp: WGPULoadOp.Load, storeOp: WGPUStoreOp.Discard, clearValue: { r: 0, g: 0, b: 0, a: 0 },
    })) : null,
    depthStencilAttachment: a.depth === null ? null : {
      view: a.depth,
      depthLoadOp: depthWritable ? WGPULoadOp.Load : 0, depthStoreOp: depthWritable ? WGPUStoreOp.Discard : 0, depthClearValue: 0, depthReadOnly: info?.depth && l.depthReadOnly ? 1 : 0,
      stencilLoadOp: stencilWritable ? WGPULoadOp.Load : 0, stencilStoreOp: stencilWritable ? WGPUStoreOp.Discard : 0, stencilClearValue: 0, stencilReadOnly: info?.stencil && l.stencilReadOnly ? 1 : 0,
    },
    occlusionQuerySet: null, timestampWrites: null,
  };
  const [, errors] = device._capturingSilently(() => {
    const enc = fn.wgpuDeviceCreateCommandEncoder(device._handle, { label: toStringView("wgpu-ts render bundle check") }) as bigint;
    try {
      runRenderPass(fn, enc, desc, s);
      const cb = fn.wgpuCommandEncoderFinish(enc, { label: toStringView("") }) as bigint;
      fn.wgpuCommandBufferRelease(cb);
    } finally {
      fn.wgpuCommandEncoderRelease(enc);
    }
  });
  return errors.length ? errors[0]!.message : null;
}
