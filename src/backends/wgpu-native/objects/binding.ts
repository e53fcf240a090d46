// Bind group layouts, bind groups and pipeline layouts.
import { checkFormatFeature } from "../guards/texture-formats.js";
import { toStringView } from "../ffi/strings.js";
import { RawArrayStruct } from "../ffi/raw-struct.js";
import { GPUShaderStage, GPUTextureUsage } from "../../../generated/flags.js";
import {
  bufferBindingTypeToC, samplerBindingTypeToC, textureSampleTypeToC, storageTextureAccessToC, textureViewDimensionToC, textureFormatToC,
} from "../ffi/generated/maps.js";
import { WGPU_ARRAY_LAYER_COUNT_UNDEFINED, WGPU_MIP_LEVEL_COUNT_UNDEFINED } from "../ffi/generated/enums.js";

import { DeviceChild } from "./base.js";
import type { DeviceContext } from "./context.js";
import { NativeBuffer } from "./buffer.js";
import { NativeTexture, NativeTextureView, standInView, dropStandIn, viewUsage, viewSubresources } from "./texture.js";
import { invalidBindGroupLayout, invalidBindGroup, bindGroupWithoutEntries } from "../guards/error-objects.js";
import { dict, sequence, u32, u64, optU32, optU64, bool, enumValue, instance, str, fail, describe } from "../../../validate/shape.js";
import type { LayoutEntryTypes } from "../guards/shader-interface.js";

/** What pipeline and draw-time rules need of a bind group layout entry (by binding). */
type StorageEntryTypes = { sampleType?: string; samplerType?: string; storage?: boolean; writable?: boolean; visibility?: number };

/**
 * A storage texture binding of a bind group: its stages, whether it is writable, and the subresources of its
 * view (for the spec's "encoder bind groups alias a writable resource" rule at draw/dispatch time).
 */
export interface StorageTextureUse { visibility: number; writable: boolean; texture: object; mips: [number, number]; layers: [number, number]; aspect: number }

const NO_EXTERNAL: ReadonlySet<number> = new Set();
const ALL_STAGES = GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT | GPUShaderStage.COMPUTE;

export class NativeBindGroupLayout extends DeviceChild {
  /** @internal it has no entries (pipelines need no bind group for it, see emptyBindGroup) */
  readonly _empty: boolean;
  /** @internal binding numbers of its externalTexture entries (natively 2d float texture entries) */
  readonly _external: ReadonlySet<number>;
  /** @internal texture sample types and sampler types by binding (pipeline rules in guards/shader-interface.ts) */
  _types: ReadonlyMap<number, StorageEntryTypes> | null = null;
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUBindGroupLayout */
  declare readonly __brand: "GPUBindGroupLayout";
  constructor(device: DeviceContext, handle: bigint, label: string, empty = false, external: ReadonlySet<number> = NO_EXTERNAL) {
    super(device, handle, label, "GPUBindGroupLayout", device._rt.fn.wgpuBindGroupLayoutRelease);
    this._empty = empty;
    this._external = external;
  }
}

/**
 * An empty bind group layout and a bind group of it, per device. The spec treats a null entry of
 * bindGroupLayouts as an empty layout, and an empty layout needs no bind group at draw or dispatch
 * time; wgpu-native wants a bind group for every layout of the pipeline, so the recorders bind this one
 * to the pipeline's empty groups that have none (and use it for setBindGroup(index, null), which
 * wgpu-native cannot express in render bundles: a group bound there is "unset" for any non-empty layout).
 */
const emptyGroups = new WeakMap<DeviceContext, { layout: NativeBindGroupLayout; group: NativeBindGroup }>();
export function emptyBindGroup(device: DeviceContext): { layout: NativeBindGroupLayout; group: NativeBindGroup } {
  let e = emptyGroups.get(device);
  if (!e) {
    const fn = device._rt.fn;
    const l = "wgpu-ts empty bind group layout";
    const layout = new NativeBindGroupLayout(device, fn.wgpuDeviceCreateBindGroupLayout(device._handle, { label: toStringView(l), entryCount: 0, entries: null }) as bigint, l, true);
    const group = new NativeBindGroup(device, fn.wgpuDeviceCreateBindGroup(device._handle, { label: toStringView(l), layout: layout._handle, entryCount: 0, entries: null }) as bigint, l, []);
    emptyGroups.set(device, e = { layout, group });
  }
  return e;
}

/** The IDL's GPUPipelineBase mixin, shared by compute and render pipelines: their bind group layouts. */
export abstract class NativePipelineBase extends DeviceChild {
  /** @internal which wgpu-native pipeline type the handle is */
  readonly _kind: "compute" | "render";
  /** @internal its layout's immediate data size (0 for "auto" layouts, see layoutImmediateSize) */
  _immediateSize = 0;
  /** @internal bit i: its layout's group i is empty */
  _emptyGroups = 0;
  /**
   * @internal how many bind groups its layout has (the draw-time aliasing rule looks at those only); for an
   * "auto" layout the highest group its shaders use + 1, 0 when unknown (the rule is then skipped)
   */
  _groupCount = 0;
  /** @internal the immediate data words its shaders require (guards/shader-interface.ts immediateWords), sorted; null: none */
  _immediateWords: Uint16Array | null = null;
  constructor(device: DeviceContext, handle: bigint, label: string, kind: "compute" | "render") {
    const fn = device._rt.fn;
    super(device, handle, label, kind === "compute" ? "GPUComputePipeline" : "GPURenderPipeline", kind === "compute" ? fn.wgpuComputePipelineRelease : fn.wgpuRenderPipelineRelease);
    this._kind = kind;
  }

  getBindGroupLayout(index: number): NativeBindGroupLayout {
    const i = u32(index, "getBindGroupLayout(index)");
    const fn = this._device._rt.fn;
    const handle = (this._kind === "compute" ? fn.wgpuComputePipelineGetBindGroupLayout : fn.wgpuRenderPipelineGetBindGroupLayout)(this._handle, i) as bigint;
    return new NativeBindGroupLayout(this._device, handle, "");
  }
}

export class NativeBindGroup extends DeviceChild {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUBindGroup */
  declare readonly __brand: "GPUBindGroup";
  /** @internal its storage texture bindings, null when it has no writable one (the aliasing rule then has nothing to check) */
  _storageTextures: StorageTextureUse[] | null = null;
  /** @internal buffers it references: queue.submit checks they are not mapped */
  readonly _buffers: NativeBuffer[];
  /** @internal textures of the views it references: queue.submit checks they are not destroyed */
  readonly _textures: ReadonlyArray<{ readonly _destroyed: boolean; readonly label: string }>;
  constructor(device: DeviceContext, handle: bigint, label: string, buffers: NativeBuffer[], textures: ReadonlyArray<{ readonly _destroyed: boolean; readonly label: string }> = []) {
    super(device, handle, label, "GPUBindGroup", device._rt.fn.wgpuBindGroupRelease);
    this._buffers = buffers;
    this._textures = textures;
  }
}

export class NativePipelineLayout extends DeviceChild {
  /** @internal its immediate data size (pipelines record at most that much, see command-recorder.ts) */
  readonly _immediateSize: number;
  /** @internal bit i: group i has an empty (or null) layout */
  readonly _emptyGroups: number;
  /** @internal each group's entry types (see NativeBindGroupLayout._types) */
  _groupTypes: LayoutEntryTypes = [];
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUPipelineLayout */
  declare readonly __brand: "GPUPipelineLayout";
  constructor(device: DeviceContext, handle: bigint, label: string, immediateSize = 0, emptyGroupBits = 0) {
    super(device, handle, label, "GPUPipelineLayout", device._rt.fn.wgpuPipelineLayoutRelease);
    this._immediateSize = immediateSize;
    this._emptyGroups = emptyGroupBits;
  }
}

/** Objects that can be bound as a sampler or a texture view (added by the texture module). */
export interface BindableResource {
  readonly _bindingKind: "sampler" | "textureView"; readonly _handle: bigint; readonly _device: DeviceContext;
  /** texture views: their texture (submit checks it is not destroyed) */
  readonly _texture?: { readonly _destroyed: boolean; readonly label: string };
}

function label(d: { label?: unknown }, where: string): string {
  return d.label === undefined ? "" : str(d.label, `${where}.label`);
}

function layoutEntry(e: GPUBindGroupLayoutEntry, where: string, features: GPUSupportedFeatures): Record<string, unknown> {
  const out: Record<string, unknown> = { binding: u32(e.binding, `${where}.binding`), visibility: u32(e.visibility, `${where}.visibility`) };
  let kinds = 0;
  if (e.buffer !== undefined) {
    kinds++;
    const b = dict<GPUBufferBindingLayout>(e.buffer, `${where}.buffer`);
    out.buffer = {
      type: enumValue(b.type, `${where}.buffer.type`, bufferBindingTypeToC, "uniform"),
      hasDynamicOffset: bool(b.hasDynamicOffset, false) ? 1 : 0,
      minBindingSize: optU64(b.minBindingSize, `${where}.buffer.minBindingSize`, 0),
    };
  }
  if (e.sampler !== undefined) {
    kinds++;
    const s = dict<GPUSamplerBindingLayout>(e.sampler, `${where}.sampler`);
    out.sampler = { type: enumValue(s.type, `${where}.sampler.type`, samplerBindingTypeToC, "filtering") };
  }
  if (e.texture !== undefined) {
    kinds++;
    const t = dict<GPUTextureBindingLayout>(e.texture, `${where}.texture`);
    out.texture = {
      sampleType: enumValue(t.sampleType, `${where}.texture.sampleType`, textureSampleTypeToC, "float"),
      viewDimension: enumValue(t.viewDimension, `${where}.texture.viewDimension`, textureViewDimensionToC, "2d"),
      multisampled: bool(t.multisampled, false) ? 1 : 0,
    };
  }
  if (e.storageTexture !== undefined) {
    kinds++;
    const t = dict<GPUStorageTextureBindingLayout>(e.storageTexture, `${where}.storageTexture`);
    out.storageTexture = {
      access: enumValue(t.access, `${where}.storageTexture.access`, storageTextureAccessToC, "write-only"),
      format: enumValue(t.format, `${where}.storageTexture.format`, textureFormatToC),
      viewDimension: enumValue(t.viewDimension, `${where}.storageTexture.viewDimension`, textureViewDimensionToC, "2d"),
    };
    // Content-timeline TypeError of the spec's createBindGroupLayout.
    checkFormatFeature(features, t.format, `${where}.storageTexture.format`);
  }
  if (e.externalTexture !== undefined) {
    // wgpu-native 29 has no external textures (no WGPUExternalTexture, no chained layout entry). Node has
    // no video frames to import either, so the only resource such an entry can take is a GPUTextureView
    // (2d, one mip level, rgba8unorm / bgra8unorm / rgba16float: checked in createBindGroup). Natively it is
    // a filterable 2d texture entry, which binds such views the same way. Shaders declaring
    // texture_external reach naga as texture_2d<f32> (guards/shader-source.ts rewriteExternalTextures).
    kinds++;
    dict<GPUExternalTextureBindingLayout>(e.externalTexture, `${where}.externalTexture`);
    out.texture = { sampleType: textureSampleTypeToC.float, viewDimension: textureViewDimensionToC["2d"], multisampled: 0 };
    out._external = true;
  }
  out._kinds = kinds;
  return out;
}

export function createBindGroupLayout(device: DeviceContext, descriptor: GPUBindGroupLayoutDescriptor): NativeBindGroupLayout {
  const d = dict<GPUBindGroupLayoutDescriptor>(descriptor, "GPUBindGroupLayoutDescriptor");
  const types = new Map<number, StorageEntryTypes>();
  const entries = sequence<GPUBindGroupLayoutEntry>(d.entries, "GPUBindGroupLayoutDescriptor.entries").map((e, i) => {
    const out = layoutEntry(dict(e, `GPUBindGroupLayoutDescriptor.entries[${i}]`), `GPUBindGroupLayoutDescriptor.entries[${i}]`, device.features);
    if (e.texture !== undefined) types.set(out.binding as number, { sampleType: (e.texture as GPUTextureBindingLayout).sampleType ?? "float" });
    else if (e.storageTexture !== undefined) {
      const access = (e.storageTexture as GPUStorageTextureBindingLayout).access ?? "write-only";
      types.set(out.binding as number, { storage: true, writable: access !== "read-only", visibility: out.visibility as number });
    }
    else if (e.sampler !== undefined) types.set(out.binding as number, { samplerType: (e.sampler as GPUSamplerBindingLayout).type ?? "filtering" });
    return out;
  });
  const l = label(d, "GPUBindGroupLayoutDescriptor");
  for (const [i, e] of entries.entries()) if ((e.visibility as number) & ~ALL_STAGES) e._kinds = -1, e._why = `visibility 0x${(e.visibility as number).toString(16)} has unknown GPUShaderStage bits`, void i;
  const bad = entries.findIndex((e) => e._kinds !== 1);
  const message = bad >= 0 ? `createBindGroupLayout: entries[${bad}] ${entries[bad]!._why ?? `must set exactly one of buffer, sampler, texture, storageTexture (it sets ${entries[bad]!._kinds})`}` : "";
  const external = new Set<number>();
  for (const e of entries) { if (e._external) external.add(e.binding as number); delete e._kinds; delete e._why; delete e._external; }
  const fn = device._rt.fn;
  if (bad >= 0) {
    // The layout must be invalid natively too, so everything built from it is invalid.
    return new NativeBindGroupLayout(device, invalidBindGroupLayout(device, message, l), l);
  }
  const handle = fn.wgpuDeviceCreateBindGroupLayout(device._handle, {
    label: toStringView(l), entryCount: entries.length, entries,
  }) as bigint;
  const layout = new NativeBindGroupLayout(device, handle, l, entries.length === 0, external.size ? external : NO_EXTERNAL);
  layout._types = types;
  return layout;
}

export function createBindGroup(device: DeviceContext, descriptor: GPUBindGroupDescriptor): NativeBindGroup {
  const d = dict<GPUBindGroupDescriptor>(descriptor, "GPUBindGroupDescriptor");
  const layout = instance(d.layout, NativeBindGroupLayout, "GPUBindGroupDescriptor.layout", "GPUBindGroupLayout");
  const buffers: NativeBuffer[] = [];
  const textures: Array<{ readonly _destroyed: boolean; readonly label: string }> = [];
  const views: Array<[Record<string, unknown>, NativeTextureView]> = [];
  const entries = sequence<GPUBindGroupEntry>(d.entries, "GPUBindGroupDescriptor.entries").map((raw, i) => {
    // The field path of an error message (entryPath) is only built when there is one: a few strings a call.
    const e = raw !== null && typeof raw === "object" ? raw : dict<GPUBindGroupEntry>(raw, entryPath(i));
    const b0 = e.binding;
    const binding = typeof b0 === "number" && b0 >= 0 && b0 <= 0xffffffff && b0 === Math.floor(b0) ? b0 : u32(b0, `${entryPath(i)}.binding`);
    const out: Record<string, unknown> = { binding, offset: 0, size: 0xffffffffffffffffn };
    // A GPUTexture stands for its default view (the spec's "get as texture view").
    const r = e.resource instanceof NativeTexture ? e.resource.createView() : e.resource as unknown;
    if (r instanceof NativeBuffer) {
      out.buffer = r._handle;
      buffers.push(r);
    } else if (r && typeof r === "object" && (r as Partial<BindableResource>)._bindingKind !== undefined) {
      const b = r as BindableResource;
      if (b._bindingKind === "sampler") out.sampler = b._handle; else out.textureView = b._handle;
      if (b._texture) textures.push(b._texture);
      if (r instanceof NativeTextureView) views.push([out, r]);
    } else if (r && typeof r === "object" && "buffer" in r) {
      const bb = r as GPUBufferBinding;
      const b = bb.buffer;
      const buf = b instanceof NativeBuffer ? b : instance(b, NativeBuffer, `${entryPath(i)}.resource.buffer`, "GPUBuffer");
      out.buffer = buf._handle;
      if (bb.offset !== undefined) out.offset = u64(bb.offset, `${entryPath(i)}.resource.offset`);
      if (bb.size !== undefined) out.size = u64(bb.size, `${entryPath(i)}.resource.size`);
      buffers.push(buf);
    } else {
      fail(`${entryPath(i)}.resource`, `expected a GPUBuffer, GPUBufferBinding, GPUSampler, GPUTexture or GPUTextureView, got ${describe(r)}`);
    }
    return out;
  });
  const l = label(d, "GPUBindGroupDescriptor");
  const zero = entries.findIndex((e) => e.size === 0);
  if (zero >= 0) return new NativeBindGroup(device, zeroSizeBindGroup(device, layout, l, entries, zero), l, buffers, textures);
  const externalProblem = (layout._external.size ? externalTextureProblem(layout, entries, views) : null) ?? viewUsageProblem(layout, views);
  if (externalProblem) {
    return new NativeBindGroup(device, bindGroupWithoutEntries(device, `createBindGroup: ${externalProblem}`, l, layout._handle), l, buffers, textures);
  }
  const standIns = standInsForDestroyed(device, entries, buffers, views);
  try {
    const fn = device._rt.fn;
    // Unlabelled (the hot case): the descriptor is written into a reused native block, which spares koffi the
    // conversion of the object and its entry array (~2.5 us of a createBindGroup on lavapipe).
    const handle = (l === "" ? fn.wgpuDeviceCreateBindGroup(device._handle, rawBindGroupDescriptor(layout._handle, entries))
      : fn.wgpuDeviceCreateBindGroup(device._handle, { label: toStringView(l), layout: layout._handle, entryCount: entries.length, entries })) as bigint;
    const group = new NativeBindGroup(device, handle, l, buffers, textures);
    group._storageTextures = storageTextureUses(layout, views);
    return group;
  } finally {
    standIns();
  }
}

const entryPath = (i: number): string => `GPUBindGroupDescriptor.entries[${i}]`;

let rawBindGroup: RawArrayStruct | undefined;

/** The WGPUBindGroupDescriptor of an unlabelled bind group, in native memory (see RawArrayStruct). */
function rawBindGroupDescriptor(layout: bigint, entries: Record<string, unknown>[]): unknown {
  const raw = (rawBindGroup ??= new RawArrayStruct("WGPUBindGroupDescriptor", "WGPUBindGroupEntry"));
  const first = raw.reserve(entries.length);
  const h = raw.head, f = raw.entry;
  raw.u64(h.label!, 0);
  raw.u64(h.label! + 8, 0xffffffffffffffffn); // {NULL, WGPU_STRLEN}: no label
  raw.u64(h.layout!, layout);
  raw.u64(h.entryCount!, entries.length);
  raw.u64(h.entries!, raw.entriesAddress);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!, at = first + i * raw.entrySize;
    raw.u32(at + f.binding!, e.binding as number);
    if (e.buffer !== undefined) raw.u64(at + f.buffer!, e.buffer as bigint);
    raw.u64(at + f.offset!, e.offset as number | bigint);
    raw.u64(at + f.size!, e.size as number | bigint);
    if (e.sampler !== undefined) raw.u64(at + f.sampler!, e.sampler as bigint);
    if (e.textureView !== undefined) raw.u64(at + f.textureView!, e.textureView as bigint);
  }
  return raw.pointer;
}

const NOTHING_TO_DROP = (): void => {};

/** Whether a stand-in may be needed: a destroyed valid buffer, or a view of a destroyed texture. */
function anyDestroyedResource(buffers: NativeBuffer[], views: Array<[Record<string, unknown>, NativeTextureView]>): boolean {
  for (let i = 0; i < buffers.length; i++) { const b = buffers[i]!; if (b._destroyed && !b._invalid) return true; }
  for (let i = 0; i < views.length; i++) if (views[i]![1]._texture._destroyed) return true;
  return false;
}

/**
 * A bind group over a destroyed buffer or texture is valid in the spec (a submit that uses it fails,
 * and queue.submit checks every buffer and texture first); wgpu-native rejects it at creation. Such
 * entries get a stand-in: a fresh buffer of the same size and usage, or a view with the same descriptor
 * of a fresh texture with the same descriptor, so wgpu-native applies every other rule as it would.
 * The returned function destroys and releases them once the bind group exists (which then holds
 * destroyed resources, exactly like one whose resources were destroyed after creation).
 */
function standInsForDestroyed(device: DeviceContext, entries: Record<string, unknown>[], buffers: NativeBuffer[], views: Array<[Record<string, unknown>, NativeTextureView]>): () => void {
  // The common case (nothing destroyed) allocates nothing: no list, no search closures, no clean-up closure.
  if (device._destroyed || !anyDestroyedResource(buffers, views)) return NOTHING_TO_DROP;
  const fn = device._rt.fn;
  const made: Array<() => void> = [];
  for (const e of entries) {
    const b = buffers.find((x) => x._handle === e.buffer);
    if (!b || !b._destroyed || b._invalid) continue;
    const h = fn.wgpuDeviceCreateBuffer(device._handle, { label: toStringView("wgpu-ts stand-in for a destroyed buffer"), usage: b.usage, size: b.size, mappedAtCreation: 0 }) as bigint;
    e.buffer = h;
    made.push(() => { fn.wgpuBufferDestroy(h); fn.wgpuBufferRelease(h); });
  }
  for (const [e, v] of views) {
    const s = standInView(v);
    if (!s) continue;
    e.textureView = s.view;
    made.push(() => { dropStandIn(device, s.texture); fn.wgpuTextureViewRelease(s.view); });
  }
  return () => { for (const f of made) f(); };
}

/**
 * Spec: a view bound to a texture entry needs TEXTURE_BINDING among its usages, one bound to a storage
 * texture entry STORAGE_BINDING (the view descriptor's usage, or the texture's when that is 0). wgpu-core
 * misses some (a STORAGE_BINDING-only view of a texture that also has TEXTURE_BINDING, bound as a texture).
 */
function viewUsageProblem(layout: NativeBindGroupLayout, views: Array<[Record<string, unknown>, NativeTextureView]>): string | null {
  for (const [e, v] of views) {
    const t = layout._types?.get(e.binding as number);
    if (!t || layout._external.has(e.binding as number)) continue;
    const need = t.sampleType !== undefined ? GPUTextureUsage.TEXTURE_BINDING : t.storage ? GPUTextureUsage.STORAGE_BINDING : 0;
    if (need && !(viewUsage(v) & need)) {
      return `binding ${e.binding as number}: the view's usage 0x${viewUsage(v).toString(16)} lacks ${need === GPUTextureUsage.TEXTURE_BINDING ? "TEXTURE_BINDING" : "STORAGE_BINDING"}`;
    }
  }
  return null;
}

/** The storage texture bindings of a bind group, or null when none is writable. */
function storageTextureUses(layout: NativeBindGroupLayout, views: Array<[Record<string, unknown>, NativeTextureView]>): StorageTextureUse[] | null {
  if (views.length === 0) return null;
  const out: StorageTextureUse[] = [];
  for (const [e, v] of views) {
    const t = layout._types?.get(e.binding as number);
    if (!t?.storage) continue;
    const r = viewSubresources(v);
    out.push({ visibility: t.visibility ?? 0, writable: !!t.writable, texture: v._texture, mips: r.mips, layers: r.layers, aspect: r.aspect });
  }
  return out.some((u) => u.writable) ? out : null;
}

/** Two storage texture bindings alias: same texture, overlapping mip levels, array layers and aspects. */
export function texturesAlias(a: StorageTextureUse, b: StorageTextureUse): boolean {
  return a.texture === b.texture && (a.aspect & b.aspect) !== 0 &&
    a.mips[0] < b.mips[1] && b.mips[0] < a.mips[1] && a.layers[0] < b.layers[1] && b.layers[0] < a.layers[1];
}

/** The spec's rules for a GPUTextureView bound to an externalTexture entry (see layoutEntry). */
function externalTextureProblem(layout: NativeBindGroupLayout, entries: Record<string, unknown>[], views: Array<[Record<string, unknown>, NativeTextureView]>): string | null {
  for (const e of entries) {
    const binding = e.binding as number;
    if (!layout._external.has(binding)) continue;
    const v = views.find(([x]) => x === e)?.[1];
    if (!v) return `binding ${binding} is an externalTexture entry: its resource must be a GPUTextureView (or a GPUExternalTexture)`;
    const t = v._texture, n = v._native ?? {};
    const format = (n.format as number) || textureFormatToC[t.format];
    const base = (n.baseMipLevel as number) ?? 0;
    const levels = n.mipLevelCount === undefined || n.mipLevelCount === WGPU_MIP_LEVEL_COUNT_UNDEFINED ? t.mipLevelCount - base : n.mipLevelCount as number;
    const layers = n.arrayLayerCount === undefined || n.arrayLayerCount === WGPU_ARRAY_LAYER_COUNT_UNDEFINED ? t.depthOrArrayLayers - ((n.baseArrayLayer as number) ?? 0) : n.arrayLayerCount as number;
    const dimension = (n.dimension as number) || (t.dimension === "2d" ? (layers === 1 ? textureViewDimensionToC["2d"] : textureViewDimensionToC["2d-array"]) : textureViewDimensionToC[t.dimension]);
    const where = `binding ${binding} (externalTexture) binds a view of texture "${t.label}"`;
    if (!(t.usage & GPUTextureUsage.TEXTURE_BINDING)) return `${where} without GPUTextureUsage.TEXTURE_BINDING`;
    if (dimension !== textureViewDimensionToC["2d"]) return `${where} whose dimension is not "2d"`;
    if (levels !== 1) return `${where} with ${levels} mip levels (must be 1)`;
    if (t.sampleCount !== 1) return `${where} with sampleCount ${t.sampleCount} (must be 1)`;
    if (![textureFormatToC.rgba8unorm, textureFormatToC.bgra8unorm, textureFormatToC.rgba16float].includes(format!)) return `${where} whose format is not rgba8unorm, bgra8unorm or rgba16float`;
  }
  return null;
}

/**
 * Guard: wgpu-native panics on a buffer binding of size 0 (`NonZeroU64` "invalid size"); the spec makes
 * it a validation error. The native bind group is made invalid with an unknown binding number.
 */
function zeroSizeBindGroup(device: DeviceContext, layout: NativeBindGroupLayout, l: string, entries: Record<string, unknown>[], zero: number): bigint {
  return invalidBindGroup(device, `createBindGroup: entries[${zero}] (binding ${entries[zero]!.binding}) binds 0 bytes of its buffer (resource.size must be > 0)`,
    l, layout._handle, entries[zero]!.buffer);
}

export function createPipelineLayout(device: DeviceContext, descriptor: GPUPipelineLayoutDescriptor, immediateSize = 0): NativePipelineLayout {
  const d = dict<GPUPipelineLayoutDescriptor>(descriptor, "GPUPipelineLayoutDescriptor");
  // Null (or undefined) entries are empty layouts (GPUPipelineLayoutDescriptor: sequence<GPUBindGroupLayout?>).
  let emptyBits = 0;
  const groupTypes: Array<ReadonlyMap<number, StorageEntryTypes> | null> = [];
  const layouts = sequence<GPUBindGroupLayout | null>(d.bindGroupLayouts, "GPUPipelineLayoutDescriptor.bindGroupLayouts").map((b, i) => {
    const layout = b === null || b === undefined ? emptyBindGroup(device).layout
      : instance(b, NativeBindGroupLayout, `GPUPipelineLayoutDescriptor.bindGroupLayouts[${i}]`, "GPUBindGroupLayout");
    if (layout._empty && i < 32) emptyBits |= 1 << i;
    groupTypes.push(layout._types);
    return layout._handle;
  });
  const l = label(d, "GPUPipelineLayoutDescriptor");
  const size = optU32(immediateSize, "immediateSize", 0);
  const handle = device._rt.fn.wgpuDeviceCreatePipelineLayout(device._handle, {
    label: toStringView(l), bindGroupLayoutCount: layouts.length, bindGroupLayouts: layouts.length ? new BigUint64Array(layouts) : null,
    immediateSize: size,
  }) as bigint;
  const pipelineLayout = new NativePipelineLayout(device, handle, l, size, emptyBits >>> 0);
  pipelineLayout._groupTypes = groupTypes;
  return pipelineLayout;
}
// Created at a high rate: fields in symbol slots, not one defineProperty each (platform-object.ts).
