// GPURenderPassEncoder: records into the encoder's CommandStream; end() hands it to the encoder,
// which begins the native pass with the descriptor converted here and replays the stream.
import { Op, type CommandStream } from "../encoding/stream.js";
import { f32ToWord, f64ToWords } from "../encoding/replay.js";
import { toStringView } from "../ffi/strings.js";
import { loadOpToC, storeOpToC, textureFormatToC } from "../ffi/generated/maps.js";
import { WGPU_DEPTH_CLEAR_VALUE_UNDEFINED, WGPU_DEPTH_SLICE_UNDEFINED } from "../ffi/generated/enums.js";
import { RenderCommandRecorder } from "./render-commands.js";
import { NativeTexture, NativeTextureView, TRANSIENT_ATTACHMENT, viewUsage } from "./texture.js";
import { GPUTextureUsage } from "../../../generated/flags.js";
import { formatInfo } from "../guards/texture-formats.js";
import { NativeQuerySet, queryIndexProblem, querySetProblem, requireFeature, timestampWrites, timestampWritesProblem, timestampWritesToC, type TimestampWrites } from "./query-set.js";
import type { NativeBuffer } from "./buffer.js";
import { stencilReferencePipeline } from "./stencil-reference.js";
import { NativeRenderBundle, createRenderBundleEncoder } from "./render-bundle.js";
import type { DeviceContext, EncoderContext, EndingPass } from "./context.js";
import type { Destroyable } from "./base.js";
import type { NativeFunctions } from "../ffi/generated/functions.js";
import { runRenderPass } from "../encoding/pass-end.js";
import { dict, sequence, instance, u32, optU32, bool, enumValue, str, f64, fail, describe } from "../../../validate/shape.js";

/** GPUColor (a sequence of 4 numbers or a {r, g, b, a} dict) */
export function color(v: unknown, where: string): { r: number; g: number; b: number; a: number } {
  if (v !== null && typeof v === "object" && typeof (v as Iterable<unknown>)[Symbol.iterator] === "function") {
    const s = sequence<unknown>(v, where);
    if (s.length !== 4) fail(where, `a GPUColor sequence needs exactly 4 elements, got ${s.length}`);
    return { r: f64(s[0], `${where}[0]`), g: f64(s[1], `${where}[1]`), b: f64(s[2], `${where}[2]`), a: f64(s[3], `${where}[3]`) };
  }
  const d = dict<GPUColorDict>(v, where);
  return { r: f64(d.r, `${where}.r`), g: f64(d.g, `${where}.g`), b: f64(d.b, `${where}.b`), a: f64(d.a, `${where}.a`) };
}

/** A view, or a texture standing for its default view (the spec allows both for attachments). */
function attachmentView(v: unknown, where: string): NativeTextureView {
  if (v instanceof NativeTexture) return v.createView();
  return instance(v, NativeTextureView, where, "GPUTextureView");
}

interface ColorAttachment { view: NativeTextureView; resolveTarget: NativeTextureView | null; depthSlice: number; depthSliceGiven: boolean; loadOp: number; storeOp: number; clearValue: { r: number; g: number; b: number; a: number } }
interface DepthStencilAttachment {
  view: NativeTextureView; depthLoadOp: number; depthStoreOp: number; depthClearValue: number; depthReadOnly: boolean;
  stencilLoadOp: number; stencilStoreOp: number; stencilClearValue: number; stencilReadOnly: boolean;
}

/** A GPURenderPassDescriptor, converted (TypeErrors thrown) when the pass begins. */
export class RenderPassDescriptor {
  /** the spec's limit on draw calls in the pass (bundles' draws included) */
  readonly maxDrawCount: number;
  readonly label: string;
  readonly colorAttachments: Array<ColorAttachment | null>;
  readonly depthStencilAttachment: DepthStencilAttachment | null;
  readonly occlusionQuerySet: NativeQuerySet | null;
  readonly timestampWrites: TimestampWrites | undefined;

  constructor(descriptor: unknown) {
    const W = "GPURenderPassDescriptor";
    const d = dict<GPURenderPassDescriptor>(descriptor, W);
    this.label = d.label === undefined ? "" : str(d.label, `${W}.label`);
    this.colorAttachments = sequence<GPURenderPassColorAttachment | null>(d.colorAttachments, `${W}.colorAttachments`).map((a, i) => {
      const where = `${W}.colorAttachments[${i}]`;
      if (a === null || a === undefined) return null;
      const c = dict<GPURenderPassColorAttachment>(a, where);
      return {
        view: attachmentView(c.view, `${where}.view`),
        resolveTarget: c.resolveTarget === undefined ? null : attachmentView(c.resolveTarget, `${where}.resolveTarget`),
        depthSlice: optU32(c.depthSlice, `${where}.depthSlice`, WGPU_DEPTH_SLICE_UNDEFINED),
        depthSliceGiven: c.depthSlice !== undefined,
        loadOp: enumValue(c.loadOp, `${where}.loadOp`, loadOpToC),
        storeOp: enumValue(c.storeOp, `${where}.storeOp`, storeOpToC),
        clearValue: c.clearValue === undefined ? { r: 0, g: 0, b: 0, a: 0 } : color(c.clearValue, `${where}.clearValue`),
      };
    });
    this.depthStencilAttachment = null;
    if (d.depthStencilAttachment !== undefined) {
      const where = `${W}.depthStencilAttachment`;
      const a = dict<GPURenderPassDepthStencilAttachment>(d.depthStencilAttachment, where);
      let depthClearValue = WGPU_DEPTH_CLEAR_VALUE_UNDEFINED;
      if (a.depthClearValue !== undefined) depthClearValue = f64(a.depthClearValue, `${where}.depthClearValue`);
      this.depthStencilAttachment = {
        view: attachmentView(a.view, `${where}.view`),
        depthLoadOp: a.depthLoadOp === undefined ? 0 : enumValue(a.depthLoadOp, `${where}.depthLoadOp`, loadOpToC),
        depthStoreOp: a.depthStoreOp === undefined ? 0 : enumValue(a.depthStoreOp, `${where}.depthStoreOp`, storeOpToC),
        depthClearValue,
        depthReadOnly: bool(a.depthReadOnly, false),
        stencilLoadOp: a.stencilLoadOp === undefined ? 0 : enumValue(a.stencilLoadOp, `${where}.stencilLoadOp`, loadOpToC),
        stencilStoreOp: a.stencilStoreOp === undefined ? 0 : enumValue(a.stencilStoreOp, `${where}.stencilStoreOp`, storeOpToC),
        stencilClearValue: optU32(a.stencilClearValue, `${where}.stencilClearValue`, 0),
        stencilReadOnly: bool(a.stencilReadOnly, false),
      };
    }
    this.occlusionQuerySet = d.occlusionQuerySet === undefined ? null : instance(d.occlusionQuerySet, NativeQuerySet, `${W}.occlusionQuerySet`, "GPUQuerySet");
    this.timestampWrites = timestampWrites(d.timestampWrites, `${W}.timestampWrites`);
    // maxDrawCount (a GPUSize64): wgpu-native does not know it; the pass counts its draws (end()).
    if (d.maxDrawCount !== undefined && !(Number(d.maxDrawCount) >= 0)) fail(`${W}.maxDrawCount`, `expected a non-negative number, got ${describe(d.maxDrawCount)}`);
    this.maxDrawCount = d.maxDrawCount === undefined ? 50_000_000 : Math.trunc(Number(d.maxDrawCount));
  }

  /**
   * The spec's rules for TRANSIENT_ATTACHMENT textures in a pass (wgpu-native never sees the bit, see
   * texture.ts): their contents exist only during the pass, so attachments must clear and discard,
   * and a transient texture cannot be a resolve target.
   */
  /**
   * Spec: depthSlice only for 3d views (below); an attachment's view must have RENDER_ATTACHMENT among its usages (the view descriptor's usage,
   * or the texture's when that is 0). wgpu-core misses a view usage without it when the texture has it
   * (CTS resource_usages,texture,in_render_misc:subresources,texture_view_usages).
   */
  attachmentProblem(): string | null {
    const lacks = (v: NativeTextureView): boolean => !(viewUsage(v) & GPUTextureUsage.RENDER_ATTACHMENT);
    for (const [i, c] of this.colorAttachments.entries()) {
      if (!c) continue;
      // Spec: depthSlice is for 3d views only. wgpu-native takes 0xFFFFFFFF as "not given" (its
      // WGPU_DEPTH_SLICE_UNDEFINED), so a given 4294967295 on a 2d view must be refused here.
      if (c.depthSliceGiven && c.view._texture.dimension !== "3d") return `colorAttachments[${i}].depthSlice must not be given for a view that is not "3d"`;
      if (lacks(c.view)) return `colorAttachments[${i}].view: its usage 0x${viewUsage(c.view).toString(16)} lacks RENDER_ATTACHMENT`;
      if (c.resolveTarget && lacks(c.resolveTarget)) return `colorAttachments[${i}].resolveTarget: its usage 0x${viewUsage(c.resolveTarget).toString(16)} lacks RENDER_ATTACHMENT`;
    }
    const ds = this.depthStencilAttachment;
    if (ds && lacks(ds.view)) return `depthStencilAttachment.view: its usage 0x${viewUsage(ds.view).toString(16)} lacks RENDER_ATTACHMENT`;
    return null;
  }

  transientProblem(): string | null {
    const transient = (v: NativeTextureView): boolean => (v._texture.usage & TRANSIENT_ATTACHMENT) !== 0;
    const CLEAR = loadOpToC.clear, DISCARD = storeOpToC.discard;
    for (const [i, c] of this.colorAttachments.entries()) {
      if (!c) continue;
      if (transient(c.view) && (c.loadOp !== CLEAR || c.storeOp !== DISCARD)) return `colorAttachments[${i}]: a TRANSIENT_ATTACHMENT view needs loadOp "clear" and storeOp "discard"`;
      if (c.resolveTarget && transient(c.resolveTarget)) return `colorAttachments[${i}].resolveTarget: a TRANSIENT_ATTACHMENT texture cannot be a resolve target`;
    }
    const ds = this.depthStencilAttachment;
    if (ds && transient(ds.view)) {
      const f = formatInfo(ds.view._texture.format);
      if (f?.depth && (ds.depthLoadOp !== CLEAR || ds.depthStoreOp !== DISCARD)) return `depthStencilAttachment: a TRANSIENT_ATTACHMENT view needs depthLoadOp "clear" and depthStoreOp "discard"`;
      if (f?.stencil && (ds.stencilLoadOp !== CLEAR || ds.stencilStoreOp !== DISCARD)) return `depthStencilAttachment: a TRANSIENT_ATTACHMENT view needs stencilLoadOp "clear" and stencilStoreOp "discard"`;
    }
    return null;
  }

  /**
   * The spec's load/store op rules of the depth/stencil attachment: an aspect the format has and the
   * pass writes needs both ops, any other aspect (absent or read-only) neither. wgpu-native accepts
   * ops for an absent aspect (CTS render_pass_descriptor:depth_stencil_attachment,
   * loadOp_storeOp_match_depthReadOnly_stencilReadOnly).
   */
  depthStencilOpsProblem(): string | null {
    const ds = this.depthStencilAttachment;
    if (!ds) return null;
    const f = formatInfo(ds.view._format);
    if (!f) return null;
    const check = (aspect: "depth" | "stencil", has: boolean, readOnly: boolean, load: number, store: number): string | null => {
      const writes = has && !readOnly;
      if (writes && (!load || !store)) return `depthStencilAttachment: format "${ds.view._format}" has a ${aspect} aspect that the pass writes: ${aspect}LoadOp and ${aspect}StoreOp are required`;
      if (!writes && (load || store)) return `depthStencilAttachment: ${aspect}LoadOp and ${aspect}StoreOp must not be given ${has ? `when ${aspect}ReadOnly is true` : `(format "${ds.view._format}" has no ${aspect} aspect)`}`;
      return null;
    };
    return check("depth", f.depth, ds.depthReadOnly, ds.depthLoadOp, ds.depthStoreOp) ?? check("stencil", f.stencil, ds.stencilReadOnly, ds.stencilLoadOp, ds.stencilStoreOp);
  }

  /** Textures of the attachments (queue.submit checks they are not destroyed). */
  textures(): NativeTexture[] {
    const out: NativeTexture[] = [];
    for (const c of this.colorAttachments) if (c) { out.push(c.view._texture); if (c.resolveTarget) out.push(c.resolveTarget._texture); }
    if (this.depthStencilAttachment) out.push(this.depthStencilAttachment.view._texture);
    return out;
  }

  /**
   * An empty render bundle compatible with this pass (read-only depth/stencil, so any pass accepts it),
   * cached per pass descriptor: executeBundles([]) must reset the pass state as the spec says, and
   * wgpu-native resets it only when it executes at least one bundle.
   */
  emptyBundle(device: DeviceContext): NativeRenderBundle {
    if (this.empty) return this.empty;
    const formatOf = (v: NativeTextureView): GPUTextureFormat => {
      const c = v._native?.format as number | undefined;
      return (c ? (Object.keys(textureFormatToC) as GPUTextureFormat[]).find((k) => textureFormatToC[k] === c) : undefined) ?? v._texture.format;
    };
    const first = this.colorAttachments.find((c) => c !== null)?.view ?? this.depthStencilAttachment?.view;
    const ds = this.depthStencilAttachment;
    const [bundle] = device._capturingSilently(() => createRenderBundleEncoder(device, {
      colorFormats: this.colorAttachments.map((c) => (c ? formatOf(c.view) : null)),
      depthStencilFormat: ds ? formatOf(ds.view) : undefined,
      sampleCount: first?._texture.sampleCount ?? 1,
      depthReadOnly: true, stencilReadOnly: true,
    }).finish());
    return (this.empty = bundle);
  }
  private empty: NativeRenderBundle | null = null;

  querySets(): NativeQuerySet[] {
    const out: NativeQuerySet[] = [];
    if (this.occlusionQuerySet) out.push(this.occlusionQuerySet);
    if (this.timestampWrites) out.push(this.timestampWrites.querySet);
    return out;
  }

  /** The native WGPURenderPassDescriptor (plain objects for koffi). */
  toC(): Record<string, unknown> {
    const colors = this.colorAttachments.map((c) => c === null
      ? { view: null, depthSlice: WGPU_DEPTH_SLICE_UNDEFINED, resolveTarget: null, loadOp: 0, storeOp: 0, clearValue: { r: 0, g: 0, b: 0, a: 0 } }
      : { view: c.view._handle, depthSlice: c.depthSlice, resolveTarget: c.resolveTarget?._handle ?? null, loadOp: c.loadOp, storeOp: c.storeOp, clearValue: c.clearValue });
    const ds = this.depthStencilAttachment;
    return {
      label: toStringView(this.label),
      colorAttachmentCount: colors.length,
      colorAttachments: colors.length ? colors : null,
      depthStencilAttachment: ds ? {
        view: ds.view._handle, depthLoadOp: ds.depthLoadOp, depthStoreOp: ds.depthStoreOp, depthClearValue: ds.depthClearValue, depthReadOnly: ds.depthReadOnly ? 1 : 0,
        stencilLoadOp: ds.stencilLoadOp, stencilStoreOp: ds.stencilStoreOp, stencilClearValue: ds.stencilClearValue, stencilReadOnly: ds.stencilReadOnly ? 1 : 0,
      } : null,
      occlusionQuerySet: this.occlusionQuerySet?._handle ?? null,
      timestampWrites: timestampWritesToC(this.timestampWrites),
    };
  }
}

export class NativeRenderPassEncoder extends RenderCommandRecorder implements EndingPass {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPURenderPassEncoder */
  declare readonly __brand: "GPURenderPassEncoder";
  /** @internal */ _ended = false;
  /** @internal */ readonly _encoder: EncoderContext;
  /** @internal */ readonly _descriptor: RenderPassDescriptor;
  /** a setStencilReference that wgpu-core may not have applied yet (see stencil-reference.ts) */
  private stencilReferencePending = false;

  constructor(encoder: EncoderContext, descriptor: RenderPassDescriptor) {
    super(descriptor.label, encoder._stream);
    this._encoder = encoder;
    this._descriptor = descriptor;
  }

  get _dev(): DeviceContext { return this._encoder._device; }

  protected open(what: string): boolean {
    if (!this._ended) return true;
    this._encoder._device._validationError(`${what}: render pass "${this.label}" has already ended`);
    return false;
  }

  setViewport(x: number, y: number, width: number, height: number, minDepth: number, maxDepth: number): undefined {
    const v = [f64(x, "setViewport(x)"), f64(y, "setViewport(y)"), f64(width, "setViewport(width)"), f64(height, "setViewport(height)"),
      f64(minDepth, "setViewport(minDepth)"), f64(maxDepth, "setViewport(maxDepth)")];
    if (!this.open("setViewport")) return;
    const s = this._stream;
    const w = s.reserve(7);
    const at = s.length;
    w[at] = Op.SetViewport;
    for (let i = 0; i < 6; i++) w[at + 1 + i] = f32ToWord(v[i]!);
    s.length = at + 7;
  }

  setScissorRect(x: number, y: number, width: number, height: number): undefined {
    const v = [u32(x, "setScissorRect(x)"), u32(y, "setScissorRect(y)"), u32(width, "setScissorRect(width)"), u32(height, "setScissorRect(height)")];
    if (!this.open("setScissorRect")) return;
    const s = this._stream;
    const w = s.reserve(5);
    const at = s.length;
    w[at] = Op.SetScissorRect; w[at + 1] = v[0]!; w[at + 2] = v[1]!; w[at + 3] = v[2]!; w[at + 4] = v[3]!;
    s.length = at + 5;
  }

  setBlendConstant(c: GPUColor): undefined {
    const { r, g, b, a } = color(c, "setBlendConstant(color)");
    if (!this.open("setBlendConstant")) return;
    const s = this._stream;
    const w = s.reserve(9);
    const at = s.length;
    w[at] = Op.SetBlendConstant;
    [r, g, b, a].forEach((v, i) => { const [lo, hi] = f64ToWords(v); w[at + 1 + 2 * i] = lo; w[at + 2 + 2 * i] = hi; });
    s.length = at + 9;
  }

  setStencilReference(reference: number): undefined {
    const v = u32(reference, "setStencilReference(reference)");
    if (!this.open("setStencilReference")) return;
    this.stencilReferencePending = true;
    const s = this._stream;
    const w = s.reserve(2);
    w[s.length] = Op.SetStencilReference; w[s.length + 1] = v;
    s.length += 2;
  }

  beginOcclusionQuery(queryIndex: number): undefined {
    const v = u32(queryIndex, "beginOcclusionQuery(queryIndex)");
    if (!this.open("beginOcclusionQuery")) return;
    // Checked against the set's WebGPU count (an empty set's native twin has one query, see query-set.ts).
    const q = this._descriptor.occlusionQuerySet;
    const problem = q ? queryIndexProblem(q, v, "beginOcclusionQuery") : null;
    if (problem) { this._invalid ??= problem; return; }
    const s = this._stream;
    const w = s.reserve(2);
    w[s.length] = Op.BeginOcclusionQuery; w[s.length + 1] = v;
    s.length += 2;
  }

  endOcclusionQuery(): undefined {
    if (!this.open("endOcclusionQuery")) return;
    const s = this._stream;
    s.reserve(1)[s.length++] = Op.EndOcclusionQuery;
  }

  executeBundles(bundles: Iterable<GPURenderBundle>): undefined {
    const list = sequence(bundles, "executeBundles(bundles)").map((b, i) => instance(b, NativeRenderBundle, `executeBundles(bundles)[${i}]`, "GPURenderBundle"));
    if (!this.open("executeBundles")) return;
    const dev = this._dev;
    for (const b of list) {
      // An invalid bundle has no native handle (its finish failed in JS): it must not reach native code.
      if (!b._handle || b._invalid) { this._invalid ??= `executeBundles: render bundle "${b.label}" is invalid${b._invalid ? `: ${b._invalid}` : ""}`; return; }
      if (b._device !== dev) { this._invalid ??= `executeBundles: render bundle "${b.label}" belongs to another device`; return; }
      const ds = this._descriptor.depthStencilAttachment;
      if (ds && ((ds.depthReadOnly && !b._depthReadOnly) || (ds.stencilReadOnly && !b._stencilReadOnly))) {
        this._invalid ??= `executeBundles: render bundle "${b.label}" may write the ${ds.depthReadOnly && !b._depthReadOnly ? "depth" : "stencil"} aspect, which the pass has read-only (its encoder needs ${ds.depthReadOnly && !b._depthReadOnly ? "depthReadOnly" : "stencilReadOnly"}: true)`;
        return;
      }
    }
    if (this.stencilReferencePending) {
      // See stencil-reference.ts: makes wgpu-core apply the reference to the bundles' draws.
      this.stencilReferencePending = false;
      const p = stencilReferencePipeline(dev, this._descriptor);
      if (p) this.recordRef(Op.SetPipeline, p);
    }
    if (list.length === 0) {
      const empty = this._descriptor.emptyBundle(dev);
      if (empty._handle && !empty._invalid) list.push(empty);
    }
    const s = this._stream;
    const w = s.reserve(2 + list.length);
    const at = s.length;
    w[at] = Op.ExecuteBundles; w[at + 1] = list.length;
    for (let i = 0; i < list.length; i++) w[at + 2 + i] = s.ref(list[i]);
    s.length = at + 2 + list.length;
    for (const b of list) this._drawCount += b._drawCount;
    this._resetState();
  }

  end(): undefined {
    if (!this.open("end")) return;
    this._ended = true;
    if (this._drawCount > this._descriptor.maxDrawCount) this._invalid ??= `the pass has ${this._drawCount} draw calls, more than its maxDrawCount (${this._descriptor.maxDrawCount})`;
    this._encoder._endPass(this);
  }

  /** @internal (EndingPass) */
  _descriptorUses(): { textures: Iterable<Destroyable>; querySets: Iterable<Destroyable> } {
    return { textures: this._descriptor.textures(), querySets: this._descriptor.querySets() };
  }

  /** @internal (EndingPass) */
  _endProblem(): string | null {
    for (const q of this._descriptor.querySets()) {
      const problem = querySetProblem(q, this._dev);
      if (problem) return `beginRenderPass: ${problem}`;
    }
    const tw = this._descriptor.timestampWrites;
    const twProblem = tw ? timestampWritesProblem(tw, this._dev) : null;
    if (twProblem) return `beginRenderPass: timestampWrites: ${twProblem}`;
    const transient = this._descriptor.depthStencilOpsProblem() ?? this._descriptor.transientProblem() ?? this._descriptor.attachmentProblem();
    return transient ? `beginRenderPass: ${transient}` : null;
  }

  /** @internal (EndingPass) */
  _replay(fn: NativeFunctions, encoder: bigint, records: CommandStream): void {
    runRenderPass(fn, encoder, this._descriptor.toC(), records);
  }

  /** @internal (EndingPass) render passes are never merged */
  get _coalescible(): boolean { return false; }

  /** @internal extras.multiDrawIndirect / multiDrawIndexedIndirect: `count` draws packed in `buffer` from `offset` */
  _multiDrawIndirect(indexed: boolean, buffer: NativeBuffer, offset: number, count: number): void {
    if (!this.open(indexed ? "multiDrawIndexedIndirect" : "multiDrawIndirect")) return;
    const s = this._stream;
    const w = s.reserve(5);
    const at = s.length;
    w[at] = indexed ? Op.MultiDrawIndexedIndirect : Op.MultiDrawIndirect; w[at + 1] = s.ref(buffer);
    w[at + 2] = offset >>> 0; w[at + 3] = Math.floor(offset / 2 ** 32); w[at + 4] = count;
    s.length = at + 5;
  }

  /** @internal extras.multiDraw*IndirectCount: the draw count read from `countBuffer` (feature "multi-draw-indirect-count") */
  _multiDrawIndirectCount(indexed: boolean, buffer: NativeBuffer, offset: number, countBuffer: NativeBuffer, countOffset: number, maxCount: number): void {
    const what = indexed ? "multiDrawIndexedIndirectCount" : "multiDrawIndirectCount";
    if (!this.open(what) || !requireFeature(this._dev, "multi-draw-indirect-count", what)) return;
    const s = this._stream;
    const w = s.reserve(8);
    const at = s.length;
    w[at] = indexed ? Op.MultiDrawIndexedIndirectCount : Op.MultiDrawIndirectCount; w[at + 1] = s.ref(buffer);
    w[at + 2] = offset >>> 0; w[at + 3] = Math.floor(offset / 2 ** 32);
    w[at + 4] = s.ref(countBuffer); w[at + 5] = countOffset >>> 0; w[at + 6] = Math.floor(countOffset / 2 ** 32); w[at + 7] = maxCount;
    s.length = at + 8;
  }
}
