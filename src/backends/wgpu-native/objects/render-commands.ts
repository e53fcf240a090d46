// The commands GPURenderPassEncoder and GPURenderBundleEncoder share (GPURenderCommandsMixin,
// GPUBindingCommandsMixin, GPUDebugCommandsMixin): argument conversion, then a record appended to
// a CommandStream (encoding/stream.ts), replayed natively later (encoding/replay.ts).
import { GPUBufferUsage } from "../../../generated/flags.js";
import { Op } from "../encoding/stream.js";
import { indexFormatToC } from "../ffi/generated/maps.js";
import { NativeRenderPipeline } from "./render-pipeline.js";
import { NativeBuffer, createBuffer } from "./buffer.js";
import type { DeviceContext } from "./context.js";
import { CommandRecorder } from "./command-recorder.js";
import { instance, u32, u64, optU32, optU64, enumValue, i32 } from "../../../validate/shape.js";

const WHOLE = 0xffffffff;

/** Vertex slot states tracked while recording (see RenderCommandRecorder.beforeDraw). */
const SLOT_UNSET = 0, SLOT_USER = 1;
/** What a native slot holds (RenderCommandRecorder.nativeAt), besides a slot number whose binding it has. */
const NATIVE_NONE = -1, NATIVE_PLACEHOLDER = -2, NATIVE_OTHER = -3;
const TRACKED_SLOTS = 32;

/** One 4-byte VERTEX buffer per device, bound to the slots of null vertex buffer layouts. */
const placeholders = new WeakMap<DeviceContext, NativeBuffer>();
function placeholderVertexBuffer(device: DeviceContext): NativeBuffer {
  let b = placeholders.get(device);
  if (!b) placeholders.set(device, b = createBuffer(device, { size: 4, usage: GPUBufferUsage.VERTEX, label: "wgpu-ts placeholder for a null vertex buffer layout" }));
  return b;
}

export abstract class RenderCommandRecorder extends CommandRecorder {
  /** @internal draw calls recorded (GPURenderPassDescriptor.maxDrawCount) */
  _drawCount = 0;
  /** the pipeline set last (draw-time vertex slot checks) */
  private pipeline: NativeRenderPipeline | null = null;
  /** per vertex slot: unset or set by the user */
  private slots = new Uint8Array(TRACKED_SLOTS);
  /** per vertex slot: the user's binding (buffer, offset, size) while slots[] says SLOT_USER */
  private bindings: ({ b: NativeBuffer; off: number; sz: number | undefined } | undefined)[] = [];
  /**
   * per native slot: the slot whose binding it holds, or NATIVE_NONE / NATIVE_PLACEHOLDER / NATIVE_OTHER
   * (a buffer that is no slot's binding now)
   */
  private nativeAt = new Int8Array(TRACKED_SLOTS).fill(NATIVE_NONE);
  /** a pipeline with a _vertexSlotMap drew: native slots may hold other slots' bindings */
  private remapped = false;
  /** a slot was unbound with setVertexBuffer(slot, null): wgpu-native still has the old buffer there */
  private unbound = false;

  setPipeline(pipeline: GPURenderPipeline): undefined {
    const p = instance(pipeline, NativeRenderPipeline, "setPipeline(pipeline)", "GPURenderPipeline");
    if (!this.open("setPipeline")) return;
    this.recordRef(Op.SetPipeline, p);
    this.pipeline = p;
    this._pipelineSet(p._immediateSize, p._emptyGroups, p._immediateWords, p._groupCount);
  }

  /** @internal executeBundles resets the pass state (spec: "Reset the render pass binding state"). */
  protected _resetState(): void {
    this.pipeline = null;
    this.slots.fill(SLOT_UNSET);
    this.bindings = [];
    this.nativeAt.fill(NATIVE_NONE);
    this.unbound = this.remapped = false;
    this._resetImmediates();
  }

  /**
   * Vertex slots at a draw. The spec's rule is that every non-null layout of the pipeline has a buffer
   * set; null layouts need none. wgpu-native cannot express a null layout (it panics), so the pipeline
   * has an empty layout there and wgpu-native requires a buffer in that slot: a 4-byte placeholder is
   * bound (stride 0, no attributes: nothing is read from it). Unbinding (setVertexBuffer(slot, null)) is
   * not possible natively either, so the rule is checked here once a slot was unbound. A pipeline whose
   * layouts reached wgpu-native in another order (_vertexSlotMap, render-pipeline.ts) gets each slot's
   * binding bound again at its native slot.
   */
  private beforeDraw(what: string): void {
    const p = this.pipeline;
    if (!p || (!p._hasNullVertexSlot && !this.unbound && !p._vertexSlotMap && !this.remapped)) return;
    const need = p._vertexSlots, map = p._vertexSlotMap;
    if (map) this.remapped = true;
    for (let k = 0; k < need.length && k < TRACKED_SLOTS; k++) {
      const n = map ? map[k]! : k;
      if (need[k] === 1) {
        const bd = this.bindings[k];
        if (this.slots[k] !== SLOT_USER || !bd) this._invalid ??= `${what}: the pipeline "${p.label}" needs a vertex buffer in slot ${k}, and none is set`;
        else if (this.nativeAt[n] !== k) {
          this.recordBufferBinding(Op.SetVertexBuffer, n, bd.b, bd.off, bd.sz, what);
          this.nativeAt[n] = k;
        }
      } else if (this.nativeAt[n] === NATIVE_NONE) {
        // any buffer does for an empty layout: the placeholder only where nothing is bound natively
        this.recordBufferBinding(Op.SetVertexBuffer, n, placeholderVertexBuffer(this._dev), 0, undefined, what);
        this.nativeAt[n] = NATIVE_PLACEHOLDER;
      }
    }
  }

  /** Slot `sl`'s binding changed or went: native slots holding its old binding hold some other buffer now. */
  private forgetBinding(sl: number): void {
    for (let n = 0; n < TRACKED_SLOTS; n++) if (this.nativeAt[n] === sl) this.nativeAt[n] = NATIVE_OTHER;
  }

  setVertexBuffer(slot: number, buffer: GPUBuffer | null, offset?: number, size?: number): undefined {
    const sl = u32(slot, "setVertexBuffer(slot)");
    const b = buffer === null || buffer === undefined ? null : instance(buffer, NativeBuffer, "setVertexBuffer(buffer)", "GPUBuffer");
    const off = optU64(offset, "setVertexBuffer(offset)", 0);
    const sz = size === undefined ? undefined : u64(size, "setVertexBuffer(size)");
    if (!this.open("setVertexBuffer")) return;
    // wgpu-native cannot unbind a slot (a null buffer panics there): the slot is marked unset here and
    // draws check it (beforeDraw).
    if (b === null) {
      if (sl < TRACKED_SLOTS && this.slots[sl] === SLOT_USER) { this.slots[sl] = SLOT_UNSET; this.bindings[sl] = undefined; this.forgetBinding(sl); this.unbound = true; }
      return;
    }
    // recorded at once in its own slot (what a pipeline without a slot map reads); draws of a remapping
    // pipeline bind it again where that pipeline reads it (beforeDraw)
    this.recordBufferBinding(Op.SetVertexBuffer, sl, b, off, sz, "setVertexBuffer");
    if (sl < TRACKED_SLOTS) {
      this.forgetBinding(sl);
      this.slots[sl] = SLOT_USER;
      this.bindings[sl] = { b, off, sz };
      this.nativeAt[sl] = sl;
    }
  }

  setIndexBuffer(buffer: GPUBuffer, indexFormat: GPUIndexFormat, offset?: number, size?: number): undefined {
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

  draw(vertexCount: number, instanceCount?: number, firstVertex?: number, firstInstance?: number): undefined {
    const a = u32(vertexCount, "draw(vertexCount)");
    const b = optU32(instanceCount, "draw(instanceCount)", 1);
    const c = optU32(firstVertex, "draw(firstVertex)", 0);
    const d = optU32(firstInstance, "draw(firstInstance)", 0);
    if (!this.open("draw")) return;
    this.beforeDraw("draw");
    this._drawCount++;
    this._beforeWork();
    const s = this._stream;
    const w = s.reserve(5);
    const at = s.length;
    w[at] = Op.Draw; w[at + 1] = a; w[at + 2] = b; w[at + 3] = c; w[at + 4] = d;
    s.length = at + 5;
  }

  drawIndexed(indexCount: number, instanceCount?: number, firstIndex?: number, baseVertex?: number, firstInstance?: number): undefined {
    const a = u32(indexCount, "drawIndexed(indexCount)");
    const b = optU32(instanceCount, "drawIndexed(instanceCount)", 1);
    const c = optU32(firstIndex, "drawIndexed(firstIndex)", 0);
    const d = baseVertex === undefined ? 0 : i32(baseVertex, "drawIndexed(baseVertex)");
    const e = optU32(firstInstance, "drawIndexed(firstInstance)", 0);
    if (!this.open("drawIndexed")) return;
    this.beforeDraw("drawIndexed");
    this._drawCount++;
    this._beforeWork();
    const s = this._stream;
    const w = s.reserve(6);
    const at = s.length;
    w[at] = Op.DrawIndexed; w[at + 1] = a; w[at + 2] = b; w[at + 3] = c; w[at + 4] = d >>> 0; w[at + 5] = e;
    s.length = at + 6;
  }

  drawIndirect(indirectBuffer: GPUBuffer, indirectOffset: number): undefined {
    if (this.open("drawIndirect")) { this._drawCount++; this.beforeDraw("drawIndirect"); this._beforeWork(); }
    this.recordIndirect(Op.DrawIndirect, indirectBuffer, indirectOffset, "drawIndirect");
  }

  drawIndexedIndirect(indirectBuffer: GPUBuffer, indirectOffset: number): undefined {
    if (this.open("drawIndexedIndirect")) { this._drawCount++; this.beforeDraw("drawIndexedIndirect"); this._beforeWork(); }
    this.recordIndirect(Op.DrawIndexedIndirect, indirectBuffer, indirectOffset, "drawIndexedIndirect");
  }
}
