// GPUComputePassEncoder: records into a CommandStream; end() hands the stream to the encoder.
import { GPUShaderStage } from "../../../generated/flags.js";
import { Op, type CommandStream } from "../encoding/stream.js";
import { NativeComputePipeline } from "./compute-pipeline.js";
import type { DeviceContext, EncoderContext, EndingPass } from "./context.js";
import type { Destroyable } from "./base.js";
import type { NativeFunctions } from "../ffi/generated/functions.js";
import { runComputePass } from "../encoding/pass-end.js";
import { timestampWritesProblem, timestampWritesToC, type TimestampWrites } from "./query-set.js";
import { CommandRecorder } from "./command-recorder.js";
import { instance, u32, optU32 } from "../../../validate/shape.js";

export class NativeComputePassEncoder extends CommandRecorder implements EndingPass {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUComputePassEncoder */
  declare readonly __brand: "GPUComputePassEncoder";
  /** @internal */ _ended = false;
  /** @internal */ readonly _encoder: EncoderContext;
  /** @internal */ readonly _descriptor: { label: string; timestampWrites?: GPUComputePassTimestampWrites };
  /** the timestamp writes, converted when the pass began */
  private readonly timestampWrites: TimestampWrites | undefined;

  constructor(encoder: EncoderContext, label: string, timestampWrites?: GPUComputePassTimestampWrites, converted?: TimestampWrites) {
    super(label, encoder._stream);
    this._encoder = encoder;
    this._descriptor = { label, timestampWrites };
    this.timestampWrites = converted;
    this._aliasStages = [GPUShaderStage.COMPUTE];
  }

  get _dev(): DeviceContext { return this._encoder._device; }

  protected open(what: string): boolean {
    if (!this._ended) return true;
    this._encoder._device._validationError(`${what}: compute pass "${this.label}" has already ended`);
    return false;
  }

  setPipeline(pipeline: GPUComputePipeline): undefined {
    const p = instance(pipeline, NativeComputePipeline, "setPipeline(pipeline)", "GPUComputePipeline");
    if (!this.open("setPipeline")) return;
    this.recordRef(Op.SetPipeline, p);
    this._pipelineSet(p._immediateSize, p._emptyGroups, p._immediateWords, p._groupCount);
  }

  dispatchWorkgroups(x: number, y?: number, z?: number): undefined {
    const gx = u32(x, "dispatchWorkgroups(workgroupCountX)");
    const gy = optU32(y, "dispatchWorkgroups(workgroupCountY)", 1);
    const gz = optU32(z, "dispatchWorkgroups(workgroupCountZ)", 1);
    if (!this.open("dispatchWorkgroups")) return;
    this._beforeWork();
    const s = this._stream;
    const w = s.reserve(4);
    const at = s.length;
    w[at] = Op.Dispatch; w[at + 1] = gx; w[at + 2] = gy; w[at + 3] = gz;
    s.length = at + 4;
  }

  dispatchWorkgroupsIndirect(indirectBuffer: GPUBuffer, indirectOffset: number): undefined {
    if (this.open("dispatchWorkgroupsIndirect")) this._beforeWork();
    this.recordIndirect(Op.DispatchIndirect, indirectBuffer, indirectOffset, "dispatchWorkgroupsIndirect");
  }

  end(): undefined {
    if (!this.open("end")) return;
    this._ended = true;
    this._encoder._endPass(this);
  }

  /** @internal (EndingPass) */
  _descriptorUses(): { textures: Iterable<Destroyable>; querySets: Iterable<Destroyable> } {
    return { textures: [], querySets: this.timestampWrites ? [this.timestampWrites.querySet] : [] };
  }

  /** @internal (EndingPass) */
  _endProblem(): string | null {
    const problem = this.timestampWrites ? timestampWritesProblem(this.timestampWrites, this._dev) : null;
    return problem ? `beginComputePass: timestampWrites: ${problem}` : null;
  }

  /** @internal (EndingPass) */
  _replay(fn: NativeFunctions, encoder: bigint, records: CommandStream): void {
    runComputePass(fn, encoder, this.label, timestampWritesToC(this.timestampWrites), records);
  }

  /** @internal (EndingPass) a pass made invalid by a JS-side check never joins a run: it invalidates the encoder */
  get _coalescible(): boolean { return this.timestampWrites === undefined && !this._invalid; }
}
