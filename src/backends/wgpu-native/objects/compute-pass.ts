// GPUComputePassEncoder: records into a CommandStream; end() hands the stream to the encoder.
import { CommandStream, Op } from "../encoding/stream.js";
import { dynamicOffsetsArg, recordSetBindGroup } from "../encoding/binding-commands.js";
import { NativeComputePipeline } from "./pipeline.js";
import { NativeBindGroup } from "./binding.js";
import { NativeBuffer } from "./buffer.js";
import type { NativeCommandEncoder } from "./command-encoder.js";
import { immediatesFromStandardArgs } from "../immediates.js";
import { instance, u32, u64, optU32, optU64, sequence, str } from "../../../validate/shape.js";

export class NativeComputePassEncoder {
  private _label: string;
  get label(): string { return this._label; }
  set label(v: string) { this._label = String(v); }
  /** @internal the encoder's stream, lent to this pass while it is open */
  readonly _stream: CommandStream;
  /** @internal */ _ended = false;
  /** @internal */ readonly _encoder: NativeCommandEncoder;
  /** @internal */ readonly _descriptor: { label: string; timestampWrites?: GPUComputePassTimestampWrites };

  constructor(encoder: NativeCommandEncoder, label: string, timestampWrites?: GPUComputePassTimestampWrites) {
    this._encoder = encoder;
    this._stream = encoder._stream;
    this._label = label;
    this._descriptor = { label, timestampWrites };
  }

  /** false (after reporting) when the pass can no longer record. */
  private open(what: string): boolean {
    if (!this._ended) return true;
    this._encoder._device._validationError(`${what}: compute pass "${this.label}" has already ended`);
    return false;
  }

  setPipeline(pipeline: GPUComputePipeline): void {
    const p = instance(pipeline, NativeComputePipeline, "setPipeline(pipeline)", "GPUComputePipeline");
    if (!this.open("setPipeline")) return;
    const s = this._stream;
    const w = s.reserve(2);
    w[s.length] = Op.SetPipeline;
    w[s.length + 1] = s.ref(p);
    s.length += 2;
  }

  setBindGroup(index: number, bindGroup: GPUBindGroup | null, dynamicOffsets?: Iterable<number> | Uint32Array, dynamicOffsetsDataStart?: number, dynamicOffsetsDataLength?: number): void {
    const idx = u32(index, "setBindGroup(index)");
    const bg = bindGroup === null ? null : instance(bindGroup, NativeBindGroup, "setBindGroup(bindGroup)", "GPUBindGroup");
    const offsets = dynamicOffsetsArg(dynamicOffsets, dynamicOffsetsDataStart, dynamicOffsetsDataLength);
    if (!this.open("setBindGroup")) return;
    recordSetBindGroup(this._stream, idx, bg, offsets);
  }

  dispatchWorkgroups(x: number, y?: number, z?: number): void {
    const gx = u32(x, "dispatchWorkgroups(workgroupCountX)");
    const gy = optU32(y, "dispatchWorkgroups(workgroupCountY)", 1);
    const gz = optU32(z, "dispatchWorkgroups(workgroupCountZ)", 1);
    if (!this.open("dispatchWorkgroups")) return;
    const s = this._stream;
    const w = s.reserve(4);
    const at = s.length;
    w[at] = Op.Dispatch; w[at + 1] = gx; w[at + 2] = gy; w[at + 3] = gz;
    s.length = at + 4;
  }

  dispatchWorkgroupsIndirect(indirectBuffer: GPUBuffer, indirectOffset: number): void {
    const b = instance(indirectBuffer, NativeBuffer, "dispatchWorkgroupsIndirect(indirectBuffer)", "GPUBuffer");
    const off = u64(indirectOffset, "dispatchWorkgroupsIndirect(indirectOffset)");
    if (!this.open("dispatchWorkgroupsIndirect")) return;
    const s = this._stream;
    const w = s.reserve(4);
    const at = s.length;
    w[at] = Op.DispatchIndirect; w[at + 1] = s.ref(b); w[at + 2] = off % 2 ** 32; w[at + 3] = Math.floor(off / 2 ** 32);
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
    const r = immediatesFromStandardArgs(this._encoder._device, "setImmediates", rangeOffset, data, dataOffset, size);
    if (r) this._setImmediates(r[0], r[1]);
  }

  /** @internal used by the push-constant / immediates extras */
  _setImmediates(offset: number, bytes: Uint8Array): void {
    if (!this.open("setImmediates")) return;
    const s = this._stream;
    const w = s.reserve(3);
    w[s.length] = Op.SetImmediates; w[s.length + 1] = offset; w[s.length + 2] = s.ref(bytes.slice());
    s.length += 3;
  }

  end(): void {
    if (!this.open("end")) return;
    this._ended = true;
    this._encoder._endComputePass(this);
  }
}
