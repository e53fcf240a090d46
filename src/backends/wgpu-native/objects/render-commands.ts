// The commands GPURenderPassEncoder and GPURenderBundleEncoder share (GPURenderCommandsMixin,
// GPUBindingCommandsMixin, GPUDebugCommandsMixin): argument conversion, then a record appended to
// a CommandStream (encoding/stream.ts), replayed natively later (encoding/replay.ts).
import { CommandStream, Op, NO_REF } from "../encoding/stream.js";
import { indexFormatToC } from "../ffi/generated/maps.js";
import { NativeRenderPipeline } from "./render-pipeline.js";
import { NativeBindGroup } from "./binding.js";
import { NativeBuffer } from "./buffer.js";
import type { NativeDevice } from "./device.js";
import { immediatesFromStandardArgs } from "../immediates.js";
import { dynamicOffsetsArg, recordSetBindGroup } from "../encoding/binding-commands.js";
import { instance, u32, u64, optU32, optU64, sequence, str, enumValue, fail, describe } from "../../../validate/shape.js";

const WHOLE = 0xffffffff;

/** [EnforceRange] long */
export function i32(v: unknown, field: string): number {
  const n = typeof v === "bigint" ? NaN : Number(v);
  if (!Number.isFinite(n)) fail(field, `expected a finite number, got ${describe(v)}`);
  const t = Math.trunc(n);
  if (t < -0x80000000 || t > 0x7fffffff) fail(field, `${t} is out of range [-2147483648, 2147483647]`);
  return t;
}

export abstract class RenderCommandRecorder {
  private _label: string;
  get label(): string { return this._label; }
  set label(v: string) { this._label = String(v); }
  /** @internal */ readonly _stream: CommandStream;
  /** @internal set when a JS-side check failed: the pass / bundle is invalid (reported at its end) */
  _invalid: string | null = null;

  constructor(label: string, stream: CommandStream) {
    this._label = label;
    this._stream = stream;
  }

  /** @internal the device errors go to */
  abstract get _dev(): NativeDevice;
  /** false (after reporting) when no more commands can be recorded. */
  protected abstract open(what: string): boolean;

  setPipeline(pipeline: GPURenderPipeline): void {
    const p = instance(pipeline, NativeRenderPipeline, "setPipeline(pipeline)", "GPURenderPipeline");
    if (!this.open("setPipeline")) return;
    const s = this._stream;
    const w = s.reserve(2);
    w[s.length] = Op.SetPipeline;
    w[s.length + 1] = s.ref(p);
    s.length += 2;
  }

  setBindGroup(index: number, bindGroup: GPUBindGroup | null, dynamicOffsets?: Iterable<number> | Uint32Array, dynamicOffsetsDataStart?: number, dynamicOffsetsDataLength?: number): void {
    const idx = u32(index, "setBindGroup(index)");
    const bg = bindGroup === null || bindGroup === undefined ? null : instance(bindGroup, NativeBindGroup, "setBindGroup(bindGroup)", "GPUBindGroup");
    const offsets = dynamicOffsetsArg(dynamicOffsets, dynamicOffsetsDataStart, dynamicOffsetsDataLength);
    if (!this.open("setBindGroup")) return;
    if (bg === null && this._nullBindGroupUnsupported()) return;
    recordSetBindGroup(this._stream, idx, bg, offsets);
  }

  /** @internal bundles cannot unset a bind group in wgpu-native (returns true after marking the bundle invalid) */
  protected _nullBindGroupUnsupported(): boolean { return false; }

  setVertexBuffer(slot: number, buffer: GPUBuffer | null, offset?: number, size?: number): void {
    const sl = u32(slot, "setVertexBuffer(slot)");
    const b = buffer === null || buffer === undefined ? null : instance(buffer, NativeBuffer, "setVertexBuffer(buffer)", "GPUBuffer");
    const off = optU64(offset, "setVertexBuffer(offset)", 0);
    const sz = size === undefined ? undefined : u64(size, "setVertexBuffer(size)");
    if (!this.open("setVertexBuffer")) return;
    // wgpu-native cannot unbind a slot (a null buffer panics there): unbinding is a no-op here.
    if (b === null) return;
    this.recordBufferBinding(Op.SetVertexBuffer, sl, b, off, sz, "setVertexBuffer");
  }

  setIndexBuffer(buffer: GPUBuffer, indexFormat: GPUIndexFormat, offset?: number, size?: number): void {
    const b = instance(buffer, NativeBuffer, "setIndexBuffer(buffer)", "GPUBuffer");
    const format = enumValue(indexFormat, "setIndexBuffer(indexFormat)", indexFormatToC);
    const off = optU64(offset, "setIndexBuffer(offset)", 0);
    const sz = size === undefined ? undefined : u64(size, "setIndexBuffer(size)");
    if (!this.open("setIndexBuffer")) return;
    this.recordBufferBinding(Op.SetIndexBuffer, format, b, off, sz, "setIndexBuffer");
  }

  private recordBufferBinding(op: Op, slotOrFormat: number, b: NativeBuffer, offset: number, size: number | undefined, what: string): void {
    // wgpu-native panics on a size of 0 (it means "none" there, while WebGPU allows empty bindings):
    // an empty binding at the end of the buffer is expressed as "the rest of the buffer".
    let sizeLo = WHOLE, sizeHi = WHOLE;
    if (size === 0) {
      if (offset > b.size) { this._invalid ??= `${what}: offset ${offset} is past the end of buffer "${b.label}" (size ${b.size})`; return; }
      offset = b.size;
      if (offset % 4 !== 0) { this._invalid ??= `${what}: an empty binding (size 0) of buffer "${b.label}" is not supported when its size is not a multiple of 4`; return; }
    } else if (size !== undefined) {
      sizeLo = size >>> 0; sizeHi = Math.floor(size / 2 ** 32);
      if (sizeLo === WHOLE && sizeHi === WHOLE) sizeLo = WHOLE - 1; // unreachable for safe integers; keeps WHOLE unambiguous
    }
    const s = this._stream;
    const w = s.reserve(7);
    const at = s.length;
    if (op === Op.SetVertexBuffer) { w[at + 1] = slotOrFormat; w[at + 2] = s.ref(b); } else { w[at + 1] = s.ref(b); w[at + 2] = slotOrFormat; }
    w[at] = op;
    w[at + 3] = offset >>> 0; w[at + 4] = Math.floor(offset / 2 ** 32);
    w[at + 5] = sizeLo; w[at + 6] = sizeHi;
    s.length = at + 7;
  }

  draw(vertexCount: number, instanceCount?: number, firstVertex?: number, firstInstance?: number): void {
    const a = u32(vertexCount, "draw(vertexCount)");
    const b = optU32(instanceCount, "draw(instanceCount)", 1);
    const c = optU32(firstVertex, "draw(firstVertex)", 0);
    const d = optU32(firstInstance, "draw(firstInstance)", 0);
    if (!this.open("draw")) return;
    const s = this._stream;
    const w = s.reserve(5);
    const at = s.length;
    w[at] = Op.Draw; w[at + 1] = a; w[at + 2] = b; w[at + 3] = c; w[at + 4] = d;
    s.length = at + 5;
  }

  drawIndexed(indexCount: number, instanceCount?: number, firstIndex?: number, baseVertex?: number, firstInstance?: number): void {
    const a = u32(indexCount, "drawIndexed(indexCount)");
    const b = optU32(instanceCount, "drawIndexed(instanceCount)", 1);
    const c = optU32(firstIndex, "drawIndexed(firstIndex)", 0);
    const d = baseVertex === undefined ? 0 : i32(baseVertex, "drawIndexed(baseVertex)");
    const e = optU32(firstInstance, "drawIndexed(firstInstance)", 0);
    if (!this.open("drawIndexed")) return;
    const s = this._stream;
    const w = s.reserve(6);
    const at = s.length;
    w[at] = Op.DrawIndexed; w[at + 1] = a; w[at + 2] = b; w[at + 3] = c; w[at + 4] = d >>> 0; w[at + 5] = e;
    s.length = at + 6;
  }

  drawIndirect(indirectBuffer: GPUBuffer, indirectOffset: number): void {
    this.indirect(Op.DrawIndirect, indirectBuffer, indirectOffset, "drawIndirect");
  }

  drawIndexedIndirect(indirectBuffer: GPUBuffer, indirectOffset: number): void {
    this.indirect(Op.DrawIndexedIndirect, indirectBuffer, indirectOffset, "drawIndexedIndirect");
  }

  private indirect(op: Op, indirectBuffer: GPUBuffer, indirectOffset: number, what: string): void {
    const b = instance(indirectBuffer, NativeBuffer, `${what}(indirectBuffer)`, "GPUBuffer");
    const off = u64(indirectOffset, `${what}(indirectOffset)`);
    if (!this.open(what)) return;
    const s = this._stream;
    const w = s.reserve(4);
    const at = s.length;
    w[at] = op; w[at + 1] = s.ref(b); w[at + 2] = off >>> 0; w[at + 3] = Math.floor(off / 2 ** 32);
    s.length = at + 4;
  }

  pushDebugGroup(groupLabel: string): void { this.marker(Op.PushDebugGroup, str(groupLabel, "pushDebugGroup(groupLabel)"), "pushDebugGroup"); }
  insertDebugMarker(markerLabel: string): void { this.marker(Op.InsertDebugMarker, str(markerLabel, "insertDebugMarker(markerLabel)"), "insertDebugMarker"); }
  popDebugGroup(): void {
    if (!this.open("popDebugGroup")) return;
    const s = this._stream;
    s.reserve(1)[s.length++] = Op.PopDebugGroup;
  }

  private marker(op: Op, text: string, what: string): void {
    if (!this.open(what)) return;
    const s = this._stream;
    const w = s.reserve(2);
    w[s.length] = op;
    w[s.length + 1] = s.ref(text);
    s.length += 2;
  }

  /** Standard-track immediates (wgpu-native: the "immediates" feature); offsets/sizes as writeBuffer's. */
  setImmediates(rangeOffset: number, data: BufferSource, dataOffset?: number, size?: number): void {
    const r = immediatesFromStandardArgs(this._dev, "setImmediates", rangeOffset, data, dataOffset, size);
    if (r) this._setImmediates(r[0], r[1]);
  }

  /** @internal used by the immediates / push-constant extras */
  _setImmediates(offset: number, bytes: Uint8Array): void {
    if (!this.open("setImmediates")) return;
    const s = this._stream;
    const w = s.reserve(3);
    w[s.length] = Op.SetImmediates; w[s.length + 1] = offset; w[s.length + 2] = s.ref(bytes.slice());
    s.length += 3;
  }
}
