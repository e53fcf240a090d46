// What every recording encoder shares (compute passes, render passes, render bundles): the label,
// the lent CommandStream, and the IDL mixins GPUBindingCommandsMixin and GPUDebugCommandsMixin plus
// immediates. Argument conversion first (TypeError naming the field), then open() (validation
// error once the encoder has ended), then the record. The @internal `_name` methods at the end are
// the backend extras (extras.ts converts their arguments), recorded the same way.
import { CommandStream, Op } from "../encoding/stream.js";
import { dynamicOffsetsArg, recordSetBindGroup } from "../encoding/binding-commands.js";
import { standardImmediatesBytes, checkRange } from "../immediates.js";
import { statisticsOrder } from "../statistics.js";
import { GPUShaderStage } from "../../../generated/flags.js";
import { type NativeQuerySet, querySetProblem, requireFeature, timestampProblem } from "./query-set.js";
import { NativeBindGroup, emptyBindGroup, texturesAlias, type StorageTextureUse } from "./binding.js";
import { NativeBuffer } from "./buffer.js";
import type { DeviceContext } from "./context.js";
import { instance, u32, u64, str } from "../../../validate/shape.js";
import { platformObjects } from "../../../platform-object.js";

const SHADER_STAGES = GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT | GPUShaderStage.COMPUTE;

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
    const bit = idx < 32 ? 1 << idx : 0;
    this.bound[idx] = bg;
    this.aliasChecked = false;
    if (bg === null) {
      // Unbinding: wgpu-native has no null group in bundles, so the empty group is bound instead; any
      // pipeline with a non-empty layout there then reports the missing group, as the spec has it.
      recordSetBindGroup(this._stream, idx, emptyBindGroup(this._dev).group, []);
      this.groupsSet &= ~bit;
      this.groupsPlaceholder |= bit;
      return;
    }
    recordSetBindGroup(this._stream, idx, bg, offsets);
    this.groupsSet |= bit;
    this.groupsPlaceholder &= ~bit;
  }

  /** the bind groups set by index (for the aliasing rule), and whether the rule was checked since a change */
  private bound: Array<NativeBindGroup | null> = [];
  private aliasChecked = true;
  /** @internal the stages the aliasing rule runs for (compute passes: COMPUTE; render: VERTEX, FRAGMENT) */
  protected _aliasStages: number[] = [GPUShaderStage.VERTEX, GPUShaderStage.FRAGMENT];
  private pipelineGroupCount = 0;

  /**
   * The spec's "encoder bind groups alias a writable resource" rule for storage textures, before a draw or
   * dispatch: in one stage, a writable storage texture binding must not overlap (texture, mip levels, array
   * layers, aspects) another storage texture binding of the bind groups in the pipeline's layout. wgpu-core
   * does not check it. Buffers are not checked here.
   */
  private aliasProblem(): string | null {
    const n = Math.min(this.pipelineGroupCount, this.bound.length);
    const uses: StorageTextureUse[] = [];
    for (let i = 0; i < n; i++) { const g = this.bound[i]; if (g?._storageTextures) uses.push(...g._storageTextures); }
    if (uses.length < 2) return null;
    for (const stage of this._aliasStages) {
      const inStage = uses.filter((u) => u.visibility & stage);
      for (let i = 0; i < inStage.length; i++) {
        for (let j = i + 1; j < inStage.length; j++) {
          const a = inStage[i]!, b = inStage[j]!;
          if ((a.writable || b.writable) && texturesAlias(a, b)) return "two storage texture bindings of the bind groups in use cover the same subresource and one of them is writable";
        }
      }
    }
    return null;
  }

  /** bind groups set by the user / the empty group bound by the recorder (bit per index) */
  private groupsSet = 0;
  private groupsPlaceholder = 0;
  /** @internal the empty groups of the pipeline set last (bits) */
  protected _pipelineEmptyGroups = 0;

  /**
   * Before a dispatch or draw: the pipeline's empty layouts need no bind group (spec), but wgpu-native
   * wants one in every group of the layout, so the empty group goes where the user set none.
   */
  protected _fillEmptyGroups(): void {
    let need = this._pipelineEmptyGroups & ~this.groupsSet & ~this.groupsPlaceholder;
    if (need === 0 || !this._hasPipeline) return;
    const group = emptyBindGroup(this._dev).group;
    for (let i = 0; need !== 0; i++, need >>>= 1) {
      if (need & 1) { recordSetBindGroup(this._stream, i, group, []); this.groupsPlaceholder |= 1 << i; }
    }
  }

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

  /** @internal set when a JS-side check failed: the pass / bundle is invalid (reported at its end) */
  _invalid: string | null = null;
  /** immediate data of the pass (maxImmediateSize bytes), null until the first setImmediates */
  private immediates: Uint8Array | null = null;
  /** bytes [0, immediatesEnd) were written by setImmediates; [dirtyStart, dirtyEnd) not yet recorded */
  private immediatesEnd = 0;
  private dirtyStart = 0;
  private dirtyEnd = 0;
  /** @internal the immediate data size of the pipeline set last */
  protected _pipelineImmediateSize = 0;
  /** @internal whether a pipeline is set */
  protected _hasPipeline = false;

  /**
   * setImmediates (WebGPU): immediate data is pass state that exists without a pipeline, while wgpu-native
   * records it as a command that needs one ("pipeline must be set") and that must fit the pipeline's
   * layout. So the data is kept here and recorded before the next dispatch or draw, after a pipeline is
   * set (all of it again after each setPipeline: a new pipeline starts from the pass's data).
   */
  setImmediates(rangeOffset: number, data: BufferSource, dataOffset?: number, size?: number): undefined {
    const [offset, bytes] = standardImmediatesBytes("setImmediates", rangeOffset, data, dataOffset, size);
    if (!this.open("setImmediates")) return;
    const limit = this._dev._limitValues.maxImmediateSize ?? 0;
    if (offset % 4 !== 0) { this._invalid ??= `setImmediates: rangeOffset ${offset} is not a multiple of 4`; return; }
    if (offset + bytes.byteLength > limit) { this._invalid ??= `setImmediates: range [${offset}, ${offset + bytes.byteLength}) exceeds maxImmediateSize ${limit}`; return; }
    if (bytes.byteLength === 0) return;
    const imm = (this.immediates ??= new Uint8Array(limit));
    imm.set(bytes, offset);
    const end = offset + bytes.byteLength;
    const set = (this.immediatesSet ??= new Uint8Array(Math.ceil(limit / 4)));
    set.fill(1, offset >> 2, (end + 3) >> 2);
    this.immediatesEnd = Math.max(this.immediatesEnd, end);
    if (this.dirtyEnd === 0) { this.dirtyStart = offset; this.dirtyEnd = end; }
    else { this.dirtyStart = Math.min(this.dirtyStart, offset); this.dirtyEnd = Math.max(this.dirtyEnd, end); }
  }

  /** words (4 bytes) of the immediate data that setImmediates wrote (1), null until the first one */
  private immediatesSet: Uint8Array | null = null;
  /** the immediate data words the pipeline set last requires */
  private pipelineImmediateWords: Uint16Array | null = null;

  /** @internal setPipeline: remembers what flushImmediates needs. */
  protected _pipelineSet(immediateSize: number, emptyGroups = 0, immediateWords: Uint16Array | null = null, groupCount = 0): void {
    this._hasPipeline = true;
    this.pipelineGroupCount = groupCount;
    this.aliasChecked = false;
    this.pipelineImmediateWords = immediateWords;
    this._pipelineEmptyGroups = emptyGroups;
    this._pipelineImmediateSize = immediateSize;
    if (this.immediatesEnd) { this.dirtyStart = 0; this.dirtyEnd = this.immediatesEnd; }
  }

  /** @internal executeBundles: the pass state is reset (immediate data included). */
  protected _resetImmediates(): void {
    this._hasPipeline = false;
    this.groupsSet = this.groupsPlaceholder = this._pipelineEmptyGroups = 0;
    this.immediates?.fill(0);
    this.immediatesSet?.fill(0);
    this.pipelineImmediateWords = null;
    this.bound = [];
    this.pipelineGroupCount = 0;
    this.immediatesEnd = this.dirtyStart = this.dirtyEnd = 0;
  }

  /** @internal before a dispatch or draw: the empty groups, then the immediate data not yet recorded (clipped to the pipeline's size). */
  protected _beforeWork(): void {
    if (this._pipelineEmptyGroups) this._fillEmptyGroups();
    if (!this.aliasChecked && this._hasPipeline) {
      this.aliasChecked = true;
      if (!this._invalid) this._invalid = this.aliasProblem();
    }
    const need = this.pipelineImmediateWords;
    if (need && this._hasPipeline && !this._invalid) {
      // Spec: every immediate data slot the pipeline's shaders use must have been set (wgpu-core: not checked).
      const set = this.immediatesSet;
      const missing = need.find((w) => !set || !set[w]);
      if (missing !== undefined) this._invalid = `immediate data bytes [${missing * 4}, ${missing * 4 + 4}) that the pipeline's shaders use were not set by setImmediates`;
    }
    if (this.dirtyEnd === 0 || !this._hasPipeline) return;
    const end = Math.min(this.dirtyEnd, this._pipelineImmediateSize);
    if (end > this.dirtyStart) this._setImmediates(this.dirtyStart, this.immediates!.subarray(this.dirtyStart, end));
    this.dirtyStart = this.dirtyEnd = 0;
  }

  /** @internal used by the immediates / push-constant extras */
  _setImmediates(offset: number, bytes: Uint8Array): void {
    if (!this.open("setImmediates")) return;
    const s = this._stream;
    const w = s.reserve(3);
    w[s.length] = Op.SetImmediates; w[s.length + 1] = offset; w[s.length + 2] = s.ref(bytes.slice());
    s.length += 3;
  }

  /** @internal extras.setPushConstants (wgpu-py's form): a GPUShaderStage set, then the immediates checks */
  _setPushConstants(visibility: number, offset: number, bytes: Uint8Array): void {
    const dev = this._dev;
    if (visibility === 0 || visibility & ~SHADER_STAGES) { dev._validationError(`setPushConstants: visibility 0x${visibility.toString(16)} is not a non-empty set of GPUShaderStage flags`); return; }
    const r = checkRange(dev, "setPushConstants", offset, bytes);
    if (r) this._setImmediates(r[0], r[1]);
  }

  // The pass-only extras below are reached through extras.ts, which admits compute and render passes only.

  /** @internal extras.writeTimestamp inside a pass (feature "timestamp-query-inside-passes") */
  _writeTimestamp(q: NativeQuerySet, index: number): void {
    const what = "writeTimestamp";
    if (!this.open(what) || !requireFeature(this._dev, "timestamp-query-inside-passes", what)) return;
    const problem = timestampProblem(q, this._dev, index);
    if (problem) { this._dev._validationError(`${what}: ${problem}`); return; }
    this.recordQuery(Op.WriteTimestamp, q, index);
  }

  /** @internal extras.beginPipelineStatisticsQuery (a query set from createStatisticsQuerySet) */
  _beginPipelineStatistics(q: NativeQuerySet, index: number): void {
    const what = "beginPipelineStatisticsQuery";
    if (!this.open(what)) return;
    const problem = querySetProblem(q, this._dev) ?? (statisticsOrder.has(q) ? null : `query set "${q.label}" is not a pipeline-statistics query set (use createStatisticsQuerySet)`);
    if (problem) { this._dev._validationError(`${what}: ${problem}`); return; }
    this.recordQuery(Op.BeginPipelineStatisticsQuery, q, index);
  }

  /** @internal extras.endPipelineStatisticsQuery */
  _endPipelineStatistics(): void {
    if (!this.open("endPipelineStatisticsQuery")) return;
    const s = this._stream;
    s.reserve(1)[s.length++] = Op.EndPipelineStatisticsQuery;
  }

  private recordQuery(op: Op, q: NativeQuerySet, index: number): void {
    const s = this._stream;
    const w = s.reserve(3);
    w[s.length] = op; w[s.length + 1] = s.ref(q); w[s.length + 2] = index;
    s.length += 3;
  }
}

// Encoders' fields stay own (non-enumerable) properties: they change on every command (see platform-object.ts).
platformObjects(CommandRecorder);
