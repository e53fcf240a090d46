// GPUCommandEncoder and GPUCommandBuffer. Encoder-level commands go straight to native code; pass
// commands are recorded and replayed when the pass ends (see encoding/).
import { GPUBufferUsage } from "../../../generated/flags.js";
import { toStringView } from "../ffi/strings.js";
import { CommandStream } from "../encoding/stream.js";
import { collectUses, runComputePass, coalescing, mergeableComputePass, streamTail, type MergedState } from "../encoding/pass-end.js";

import { DeviceChild, type Destroyable } from "./base.js";
import { releaseNow } from "../lifetime.js";
import type { DeviceContext, EncoderContext, EndingPass } from "./context.js";
import { NativeBuffer, createBuffer } from "./buffer.js";
import { resolveStatistics, statisticsOrder } from "../statistics.js";
import { NativeComputePassEncoder } from "./compute-pass.js";
import { dict, instance, str, u32, u64, optU64 } from "../../../validate/shape.js";
import { NativeRenderPassEncoder, RenderPassDescriptor } from "./render-pass.js";
import { NativeQuerySet, querySetProblem, requireFeature, timestampProblem, timestampWrites } from "./query-set.js";
import {
  texelCopyBuffer, texelCopyTexture, extent3D, bufferTextureCopyProblem, textureTextureCopyProblem, textureCopyToC, layoutToC, isEmptyCopy,
} from "../guards/texture-copies.js";

export class NativeCommandBuffer extends DeviceChild {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUCommandBuffer */
  declare readonly __brand: "GPUCommandBuffer";
  /** @internal */ _submitted = false;
  /** @internal why it is invalid, or null */ readonly _invalid: string | null;
  /** @internal buffers its commands use: submit checks them (wgpu-native's submit errors are fatal) */
  readonly _buffers: ReadonlySet<NativeBuffer>;
  /** @internal textures and query sets its commands use: submit checks none is destroyed */
  readonly _textures: ReadonlySet<Destroyable>;
  readonly _querySets: ReadonlySet<Destroyable>;
  constructor(device: DeviceContext, handle: bigint, label: string, invalid: string | null, buffers: ReadonlySet<NativeBuffer> = new Set(),
    textures: ReadonlySet<Destroyable> = new Set(), querySets: ReadonlySet<Destroyable> = new Set()) {
    super(device, handle, label, "GPUCommandBuffer", device._rt.fn.wgpuCommandBufferRelease);
    this._invalid = invalid;
    this._buffers = buffers;
    this._textures = textures;
    this._querySets = querySets;
  }
}

type EncoderState = "open" | "locked" | "ended";

const NO_DESCRIPTOR: GPUComputePassDescriptor = Object.freeze({});

const { COPY_SRC: BUFFER_COPY_SRC, COPY_DST: BUFFER_COPY_DST } = GPUBufferUsage;

/** The first of `objects` that belongs to another device, as a problem, or null. */
function foreignProblem(device: DeviceContext, objects: readonly { _device: DeviceContext; label: string; constructor: { name: string } }[]): string | null {
  for (const o of objects) if (o._device !== device) return `${o.constructor.name.replace(/^Native/, "GPU")} "${o.label}" belongs to another device`;
  return null;
}

/**
 * Whether a valid encoder command must still stay out of native code. A destroyed resource makes the
 * command buffer fail at submit (the spec checks destroyed state there; the encoder's sets carry the
 * resource to queue.submit), but wgpu-native would report it at encoding and so at finish().
 */
const anyDestroyed = (objects: readonly { readonly _destroyed: boolean }[]): boolean => objects.some((o) => o._destroyed);


export class NativeCommandEncoder extends DeviceChild implements EncoderContext {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUCommandEncoder */
  declare readonly __brand: "GPUCommandEncoder";
  private state: EncoderState = "open";
  /** Set when a command was issued in a state that makes the encoder invalid (reported at finish). */
  private invalid: string | null = null;
  private readonly used = new Set<NativeBuffer>();
  private readonly usedTextures = new Set<Destroyable>();
  private readonly usedQuerySets = new Set<Destroyable>();
  /** One stream serves every pass of this encoder in turn (only one pass is open at a time). */
  private stream: CommandStream | null = null;
  /** Compute passes ended but not yet replayed (pass-end.ts, coalescing): the state they set, and their label. */
  private merged: MergedState | null = null;
  private mergedLabel = "";
  /** Where the open compute pass's records start in the stream (after the merged passes' records). */
  private passStart = 0;
  /** @internal created on the first pass: encoders used only for copies never pay for it */
  get _stream(): CommandStream { return (this.stream ??= new CommandStream()); }

  constructor(device: DeviceContext, descriptor: GPUCommandEncoderDescriptor) {
    const label = descriptor.label === undefined ? "" : str(descriptor.label, "GPUCommandEncoderDescriptor.label");
    // No label: a null descriptor (the C API's default), which spares koffi a struct conversion (~1 us).
    const handle = device._rt.fn.wgpuDeviceCreateCommandEncoder(device._handle, label === "" ? null : { label: toStringView(label) }) as bigint;
    super(device, handle, label, "GPUCommandEncoder", device._rt.fn.wgpuCommandEncoderRelease);
  }

  /** Encoder commands are only valid while no pass is open; otherwise the encoder becomes invalid. */
  private usable(what: string): boolean {
    if (this.state === "open") {
      if (this.merged) this.flushMerged();
      return true;
    }
    if (this.state === "ended") this._device._validationError(`${what}: command encoder "${this.label}" has already finished`);
    else this.invalid ??= `${what} was called while a pass was open`;
    return false;
  }

  beginComputePass(descriptor?: GPUComputePassDescriptor): NativeComputePassEncoder {
    const d = descriptor === undefined ? NO_DESCRIPTOR : dict<GPUComputePassDescriptor>(descriptor, "GPUComputePassDescriptor", true);
    const label = d.label === undefined ? "" : str(d.label, "GPUComputePassDescriptor.label");
    const tw = timestampWrites(d.timestampWrites, "GPUComputePassDescriptor.timestampWrites"); // TypeErrors now, not at end()
    // A pass that may join the merged run records after it; anything else replays the run first.
    if (this.merged && (d.timestampWrites !== undefined || label !== this.mergedLabel || !coalescing.enabled)) this.flushMerged();
    this.passStart = this.merged ? this.stream!.length : 0;
    const pass = new NativeComputePassEncoder(this, label, d.timestampWrites, tw);
    if (this.state !== "open") { this.usable("beginComputePass"); pass._ended = true; }
    else this.state = "locked";
    return pass;
  }

  /** Replays the merged compute passes as one native pass. */
  private flushMerged(): void {
    const s = this.stream!;
    this.merged = null;
    try {
      collectUses(s, this.used, this.usedTextures);
      runComputePass(this._device._rt.fn, this._handle, this.mergedLabel, null, s);
    } finally {
      s.reset();
    }
  }

  /**
   * @internal one path for every pass end: a compute pass may join the merged run (coalescing, see
   * pass-end.ts); otherwise what the pass used joins the encoder's sets (queue.submit checks them), a
   * problem of the pass invalidates the encoder, else its records are replayed natively.
   */
  _endPass(pass: EndingPass): void {
    if (this.state !== "locked") return;
    this.state = "open";
    const s = pass._stream;
    const from = this.passStart;
    this.passStart = 0;
    if (pass._coalescible && this.coalesce(s, from, pass.label)) return;
    try {
      collectUses(s, this.used, this.usedTextures);
      if (pass._invalid) { this.invalid ??= pass._invalid; return; }
      const uses = pass._descriptorUses();
      for (const t of uses.textures) this.usedTextures.add(t);
      for (const q of uses.querySets) this.usedQuerySets.add(q);
      const problem = pass._endProblem();
      if (problem) { this.invalid ??= problem; return; }
      pass._replay(this._device._rt.fn, this._handle, streamTail(s, from));
    } finally {
      s.reset();
    }
  }

  /**
   * A coalescible compute pass whose records are [from, s.length): true when they stay in the stream
   * as part of the merged run (this pass joined it, or started a new one after the old run was replayed).
   */
  private coalesce(s: CommandStream, from: number, label: string): boolean {
    if (coalescing.enabled) {
      const state = mergeableComputePass(s, from, this.merged);
      if (state) { this.merged = state; this.mergedLabel = label; return true; }
    }
    if (!this.merged) return false;
    // The run ends before this pass: replay it alone, then this pass on its own.
    const end = s.length;
    s.length = from;
    this.merged = null;
    collectUses(s, this.used, this.usedTextures);
    runComputePass(this._device._rt.fn, this._handle, this.mergedLabel, null, s);
    s.length = end;
    // This pass may still start a run of its own: its records move to the front (the refs stay valid).
    const state = coalescing.enabled ? mergeableComputePass(s, from, null) : null;
    if (state) {
      s.words.copyWithin(0, from, end);
      s.length = end - from;
      this.merged = state; this.mergedLabel = label;
      return true;
    }
    // Not merged: the caller replays [from, end).
    return false;
  }

  beginRenderPass(descriptor: GPURenderPassDescriptor): NativeRenderPassEncoder {
    const pass = new NativeRenderPassEncoder(this, new RenderPassDescriptor(descriptor));
    if (!this.usable("beginRenderPass")) pass._ended = true;
    else this.state = "locked";
    return pass;
  }

  copyBufferToTexture(source: GPUTexelCopyBufferInfo, destination: GPUTexelCopyTextureInfo, copySize: GPUExtent3D): undefined {
    const src = texelCopyBuffer(source, "copyBufferToTexture(source)");
    const dst = texelCopyTexture(destination, "copyBufferToTexture(destination)");
    const size = extent3D(copySize, "copyBufferToTexture(copySize)");
    if (!this.usable("copyBufferToTexture")) return;
    this.used.add(src.buffer);
    this.usedTextures.add(dst.texture);
    const problem = foreignProblem(this._device, [src.buffer, dst.texture]) ?? bufferTextureCopyProblem(src, dst, size, "from-buffer");
    if (problem) { this.invalid ??= `copyBufferToTexture: ${problem}`; return; }
    if (isEmptyCopy(size) || anyDestroyed([src.buffer, dst.texture])) return;
    this._device._rt.fn.wgpuCommandEncoderCopyBufferToTexture(this._handle, { layout: layoutToC(src), buffer: src.buffer._handle }, textureCopyToC(dst), size);
  }

  copyTextureToBuffer(source: GPUTexelCopyTextureInfo, destination: GPUTexelCopyBufferInfo, copySize: GPUExtent3D): undefined {
    const src = texelCopyTexture(source, "copyTextureToBuffer(source)");
    const dst = texelCopyBuffer(destination, "copyTextureToBuffer(destination)");
    const size = extent3D(copySize, "copyTextureToBuffer(copySize)");
    if (!this.usable("copyTextureToBuffer")) return;
    this.used.add(dst.buffer);
    this.usedTextures.add(src.texture);
    const problem = foreignProblem(this._device, [src.texture, dst.buffer]) ?? bufferTextureCopyProblem(dst, src, size, "to-buffer");
    if (problem) { this.invalid ??= `copyTextureToBuffer: ${problem}`; return; }
    if (isEmptyCopy(size) || anyDestroyed([src.texture, dst.buffer])) return;
    this._device._rt.fn.wgpuCommandEncoderCopyTextureToBuffer(this._handle, textureCopyToC(src), { layout: layoutToC(dst), buffer: dst.buffer._handle }, size);
  }

  copyTextureToTexture(source: GPUTexelCopyTextureInfo, destination: GPUTexelCopyTextureInfo, copySize: GPUExtent3D): undefined {
    const src = texelCopyTexture(source, "copyTextureToTexture(source)");
    const dst = texelCopyTexture(destination, "copyTextureToTexture(destination)");
    const size = extent3D(copySize, "copyTextureToTexture(copySize)");
    if (!this.usable("copyTextureToTexture")) return;
    this.usedTextures.add(src.texture).add(dst.texture);
    const problem = foreignProblem(this._device, [src.texture, dst.texture]) ?? textureTextureCopyProblem(src, dst, size);
    if (problem) { this.invalid ??= `copyTextureToTexture: ${problem}`; return; }
    if (isEmptyCopy(size) || anyDestroyed([src.texture, dst.texture])) return;
    this._device._rt.fn.wgpuCommandEncoderCopyTextureToTexture(this._handle, textureCopyToC(src), textureCopyToC(dst), size);
  }

  resolveQuerySet(querySet: GPUQuerySet, firstQuery: number, queryCount: number, destination: GPUBuffer, destinationOffset: number): undefined {
    const q = instance(querySet, NativeQuerySet, "resolveQuerySet(querySet)", "GPUQuerySet");
    const first = u32(firstQuery, "resolveQuerySet(firstQuery)");
    const count = u32(queryCount, "resolveQuerySet(queryCount)");
    const dst = instance(destination, NativeBuffer, "resolveQuerySet(destination)", "GPUBuffer");
    const offset = u64(destinationOffset, "resolveQuerySet(destinationOffset)");
    if (!this.usable("resolveQuerySet")) return;
    this.used.add(dst);
    this.usedQuerySets.add(q);
    let problem = querySetProblem(q, this._device);
    // Invalid objects are checked here, not left to wgpu-native: a destroyed query set or buffer keeps the
    // call away from native code (below), and the other object's invalidity must still fail finish().
    if (!problem && q._invalid) problem = `query set "${q.label}" is invalid`;
    if (!problem && dst._invalid) problem = `destination buffer "${dst.label}" is invalid`;
    if (!problem && first >= q.count) problem = `firstQuery ${first} is out of range for query set "${q.label}" of ${q.count} queries`;
    if (!problem && first + count > q.count) problem = `queries [${first}, ${first + count}) exceed query set "${q.label}" of ${q.count} queries`;
    if (!problem && offset % 256 !== 0) problem = `destinationOffset ${offset} is not a multiple of 256`;
    if (!problem && !(dst.usage & GPUBufferUsage.QUERY_RESOLVE)) problem = `destination buffer "${dst.label}" lacks GPUBufferUsage.QUERY_RESOLVE`;
    const perQuery = statisticsOrder.get(q)?.length ?? 1; // pipeline-statistics sets (extras): one u64 per statistic
    if (!problem && offset + 8 * perQuery * count > dst.size) problem = `${count * perQuery} results (8 bytes each) from offset ${offset} exceed buffer "${dst.label}" of size ${dst.size}`;
    if (!problem) problem = foreignProblem(this._device, [dst]);
    if (problem) { this.invalid ??= `resolveQuerySet: ${problem}`; return; }
    if (anyDestroyed([q, dst])) return;
    const stats = resolveStatistics(this._device, this._handle, q, first, count, dst, offset, (size, usage) => createBuffer(this._device, { size, usage }));
    if (stats && "problem" in stats) { this.invalid ??= `resolveQuerySet: ${stats.problem}`; return; }
    if (stats) { this.used.add(stats.scratch); return; }
    this._device._rt.fn.wgpuCommandEncoderResolveQuerySet(this._handle, q._handle, first, count, dst._handle, offset);
  }

  copyBufferToBuffer(source: GPUBuffer, a: number | GPUBuffer, b?: GPUBuffer | number, c?: number, d?: number): undefined {
    const src = instance(source, NativeBuffer, "copyBufferToBuffer(source)", "GPUBuffer");
    let srcOffset: number, dst: NativeBuffer, dstOffset: number, size: number;
    if (a instanceof NativeBuffer) {
      // copyBufferToBuffer(source, destination, size?)
      dst = a;
      srcOffset = 0;
      dstOffset = 0;
      size = b === undefined ? Math.max(0, src.size) : u64(b, "copyBufferToBuffer(size)");
    } else {
      srcOffset = u64(a, "copyBufferToBuffer(sourceOffset)");
      dst = instance(b, NativeBuffer, "copyBufferToBuffer(destination)", "GPUBuffer");
      dstOffset = u64(c, "copyBufferToBuffer(destinationOffset)");
      size = d === undefined ? Math.max(0, src.size - srcOffset) : u64(d, "copyBufferToBuffer(size)");
    }
    if (!this.usable("copyBufferToBuffer")) return;
    this.used.add(src).add(dst);
    // The spec's rules in TS: with a destroyed buffer the command stays out of native code (see
    // anyDestroyed), and its other mistakes must still invalidate the encoder.
    const problem = foreignProblem(this._device, [src, dst])
      ?? (src._invalid ? `source buffer "${src.label}" is invalid` : dst._invalid ? `destination buffer "${dst.label}" is invalid` : null)
      ?? (!(src.usage & BUFFER_COPY_SRC) ? `source buffer "${src.label}" lacks GPUBufferUsage.COPY_SRC` : null)
      ?? (!(dst.usage & BUFFER_COPY_DST) ? `destination buffer "${dst.label}" lacks GPUBufferUsage.COPY_DST` : null)
      ?? (size % 4 !== 0 ? `size ${size} is not a multiple of 4` : srcOffset % 4 !== 0 ? `sourceOffset ${srcOffset} is not a multiple of 4` : dstOffset % 4 !== 0 ? `destinationOffset ${dstOffset} is not a multiple of 4` : null)
      ?? (srcOffset + size > src.size ? `source range [${srcOffset}, ${srcOffset + size}) exceeds buffer "${src.label}" of size ${src.size}` : null)
      ?? (dstOffset + size > dst.size ? `destination range [${dstOffset}, ${dstOffset + size}) exceeds buffer "${dst.label}" of size ${dst.size}` : null)
      ?? (src === dst ? `source and destination are the same buffer "${src.label}"` : null);
    if (problem) { this.invalid ??= `copyBufferToBuffer: ${problem}`; return; }
    if (anyDestroyed([src, dst])) return;
    this._device._rt.fn.wgpuCommandEncoderCopyBufferToBuffer(this._handle, src._handle, srcOffset, dst._handle, dstOffset, size);
  }

  clearBuffer(buffer: GPUBuffer, offset?: number, size?: number): undefined {
    const b = instance(buffer, NativeBuffer, "clearBuffer(buffer)", "GPUBuffer");
    const off = optU64(offset, "clearBuffer(offset)", 0);
    const len = size === undefined ? 0xffffffffffffffffn : BigInt(u64(size, "clearBuffer(size)"));
    if (!this.usable("clearBuffer")) return;
    this.used.add(b);
    // The spec's rules in TS: a zero-size clear (wgpu-native panics "invalid size" on it) and a clear
    // of a destroyed buffer (reported at submit, see anyDestroyed) stay out of native code.
    const end = len === 0xffffffffffffffffn ? b.size : off + Number(len);
    const why = b._device !== this._device ? `buffer "${b.label}" belongs to another device`
      : b._invalid ? `buffer "${b.label}" is invalid`
      : !(b.usage & BUFFER_COPY_DST) ? `buffer "${b.label}" lacks GPUBufferUsage.COPY_DST`
      : off % 4 !== 0 ? `offset ${off} is not a multiple of 4`
      : off > b.size ? `offset ${off} is past the end of buffer "${b.label}" (size ${b.size})`
      : (end - off) % 4 !== 0 ? `size ${end - off} is not a multiple of 4`
      : end > b.size ? `range [${off}, ${end}) exceeds buffer "${b.label}" of size ${b.size}` : null;
    if (why) { this.invalid ??= `clearBuffer: ${why}`; return; }
    if (len === 0n || end === off || b._destroyed) return;
    this._device._rt.fn.wgpuCommandEncoderClearBuffer(this._handle, b._handle, off, len);
  }

  /** @internal extras.writeTimestamp on the encoder (feature "timestamp-query-inside-encoders") */
  _writeTimestamp(q: NativeQuerySet, index: number): void {
    const what = "writeTimestamp";
    if (!this.usable(what)) return;
    this.usedQuerySets.add(q);
    if (!requireFeature(this._device, "timestamp-query-inside-encoders", what)) return;
    const problem = timestampProblem(q, this._device, index);
    if (problem) { this.invalid ??= `${what}: ${problem}`; return; }
    this._device._rt.fn.wgpuCommandEncoderWriteTimestamp(this._handle, q._handle, index);
  }

  pushDebugGroup(groupLabel: string): undefined {
    const text = str(groupLabel, "pushDebugGroup(groupLabel)");
    if (this.usable("pushDebugGroup")) this._device._rt.fn.wgpuCommandEncoderPushDebugGroup(this._handle, toStringView(text));
  }
  popDebugGroup(): undefined {
    if (this.usable("popDebugGroup")) this._device._rt.fn.wgpuCommandEncoderPopDebugGroup(this._handle);
  }
  insertDebugMarker(markerLabel: string): undefined {
    const text = str(markerLabel, "insertDebugMarker(markerLabel)");
    if (this.usable("insertDebugMarker")) this._device._rt.fn.wgpuCommandEncoderInsertDebugMarker(this._handle, toStringView(text));
  }

  /**
   * After finish() the encoder never reaches native code again: every command checks usable(), a pass begun now is
   * born ended, and _endPass ignores an encoder that is not locked. So its handle is released now, not at
   * collection (lifetime.ts releaseNow).
   */
  private end(): void {
    this.state = "ended";
    releaseNow(this);
  }

  finish(descriptor?: GPUCommandBufferDescriptor): NativeCommandBuffer {
    const d = dict<GPUCommandBufferDescriptor>(descriptor, "GPUCommandBufferDescriptor", true);
    const label = d.label === undefined ? "" : str(d.label, "GPUCommandBufferDescriptor.label");
    const dev = this._device;
    if (this.state === "open" && this.merged) this.flushMerged();
    let invalid = this.invalid;
    if (this.state === "locked") invalid ??= "finish() was called while a pass was open";
    if (this.state === "ended") invalid ??= "finish() was called twice";
    if (invalid) {
      dev._validationError(`finish: command encoder "${this.label}" is invalid: ${invalid}`);
      this.end();
      return new NativeCommandBuffer(dev, 0n, label, invalid);
    }
    const [handle, errors] = dev._capturing(() => dev._rt.fn.wgpuCommandEncoderFinish(this._handle, label === "" ? null : { label: toStringView(label) }) as bigint);
    this.end();
    return new NativeCommandBuffer(dev, handle, label, errors.length ? errors[0]!.message : null, this.used, this.usedTextures, this.usedQuerySets);
  }
}
// Created once per submit: fields in symbol slots, not one defineProperty each (platform-object.ts).
