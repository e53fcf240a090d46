// What every recording encoder shares (compute passes, render passes, render bundles): the label,
// the lent CommandStream, and the IDL mixins GPUBindingCommandsMixin and GPUDebugCommandsMixin plus
// immediates. Argument conversion first (TypeError naming the field), then open() (validation
// error once the encoder has ended), then the record.
import { CommandStream, Op } from "../encoding/stream.js";
import { dynamicOffsetsArg, recordSetBindGroup } from "../encoding/binding-commands.js";
import { immediatesFromStandardArgs } from "../immediates.js";
import { NativeBindGroup } from "./binding.js";
import { NativeBuffer } from "./buffer.js";
import type { DeviceContext } from "./context.js";
import { instance, u32, u64, str } from "../../../validate/shape.js";
import { platformObjects } from "../../../platform-object.js";

export abstract class CommandRecorder {
  private _label: string;
  get label(): string { return this._label; }
  set label(v: string) { this._label = String(v); }
  /** @internal the stream this encoder records into */
  readonly _stream: CommandStream;

  constructor(label: string, stream: CommandStream) {
    this._label = label;
    this._stream = stream;
  }

  /** @internal the device errors go to */
  abstract get _dev(): DeviceContext;
  /** false (after reporting) when no more commands can be recorded. */
  protected abstract open(what: string): boolean;

  /** @internal a record of one opcode and one referenced object */
  protected recordRef(op: Op, o: object): void {
    const s = this._stream;
    const w = s.reserve(2);
    w[s.length] = op;
    w[s.length + 1] = s.ref(o);
    s.length += 2;
  }

  /** @internal dispatchWorkgroupsIndirect / drawIndirect / drawIndexedIndirect: buffer + 64-bit offset */
  protected recordIndirect(op: Op, indirectBuffer: GPUBuffer, indirectOffset: number, what: string): void {
    const b = instance(indirectBuffer, NativeBuffer, `${what}(indirectBuffer)`, "GPUBuffer");
    const off = u64(indirectOffset, `${what}(indirectOffset)`);
    if (!this.open(what)) return;
    const s = this._stream;
    const w = s.reserve(4);
    const at = s.length;
    w[at] = op; w[at + 1] = s.ref(b); w[at + 2] = off % 2 ** 32; w[at + 3] = Math.floor(off / 2 ** 32);
    s.length = at + 4;
  }

  setBindGroup(index: number, bindGroup: GPUBindGroup | null, dynamicOffsets?: Iterable<number> | Uint32Array, dynamicOffsetsDataStart?: number, dynamicOffsetsDataLength?: number): undefined {
    const idx = u32(index, "setBindGroup(index)");
    const bg = bindGroup === null || bindGroup === undefined ? null : instance(bindGroup, NativeBindGroup, "setBindGroup(bindGroup)", "GPUBindGroup");
    const offsets = dynamicOffsetsArg(dynamicOffsets, dynamicOffsetsDataStart, dynamicOffsetsDataLength);
    if (!this.open("setBindGroup")) return;
    if (bg === null && this._nullBindGroupUnsupported()) return;
    recordSetBindGroup(this._stream, idx, bg, offsets);
  }

  /** @internal bundles cannot unset a bind group in wgpu-native (returns true after marking the bundle invalid) */
  protected _nullBindGroupUnsupported(): boolean { return false; }

  pushDebugGroup(groupLabel: string): undefined { this.marker(Op.PushDebugGroup, str(groupLabel, "pushDebugGroup(groupLabel)"), "pushDebugGroup"); }
  insertDebugMarker(markerLabel: string): undefined { this.marker(Op.InsertDebugMarker, str(markerLabel, "insertDebugMarker(markerLabel)"), "insertDebugMarker"); }
  popDebugGroup(): undefined {
    if (!this.open("popDebugGroup")) return;
    const s = this._stream;
    s.reserve(1)[s.length++] = Op.PopDebugGroup;
  }

  private marker(op: Op, text: string, what: string): void {
    if (!this.open(what)) return;
    this.recordRef(op, text as unknown as object);
  }

  /** Standard-track immediates (wgpu-native: the "immediates" feature); offsets/sizes as writeBuffer's. */
  setImmediates(rangeOffset: number, data: BufferSource, dataOffset?: number, size?: number): undefined {
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

platformObjects(CommandRecorder);
