// The pass command stream: pass encoders append compact records here instead of calling native
// code per command; at end() the whole pass is replayed in one go (replay.ts). This is the hot
// path: appending is a few typed-array stores, with no allocation in the steady state.

export const enum Op {
  SetPipeline = 1,          // ref
  SetBindGroup = 2,         // index, ref (0xffffffff = null), count, offsets...
  Dispatch = 3,             // x, y, z
  DispatchIndirect = 4,     // ref, offsetLo, offsetHi
  PushDebugGroup = 5,       // ref (string)
  PopDebugGroup = 6,
  InsertDebugMarker = 7,    // ref (string)
  SetImmediates = 8,        // offset, ref (bytes)
  // Render passes and render bundles (SetPipeline, SetBindGroup, the debug ops and SetImmediates above
  // serve them too). 64-bit values are split lo/hi; a size of lo = hi = 0xffffffff is WGPU_WHOLE_SIZE.
  Draw = 32,                // vertexCount, instanceCount, firstVertex, firstInstance
  DrawIndexed = 33,         // indexCount, instanceCount, firstIndex, baseVertex (i32 bits), firstInstance
  DrawIndirect = 34,        // ref (buffer), offsetLo, offsetHi
  DrawIndexedIndirect = 35, // ref (buffer), offsetLo, offsetHi
  SetVertexBuffer = 36,     // slot, ref (buffer), offsetLo, offsetHi, sizeLo, sizeHi
  SetIndexBuffer = 37,      // ref (buffer), format (WGPUIndexFormat), offsetLo, offsetHi, sizeLo, sizeHi
  SetViewport = 38,         // x, y, width, height, minDepth, maxDepth (f32 bits)      [pass only]
  SetScissorRect = 39,      // x, y, width, height                                     [pass only]
  SetBlendConstant = 40,    // r, g, b, a (f64 bits, lo/hi each: 8 words)              [pass only]
  SetStencilReference = 41, // reference                                               [pass only]
  BeginOcclusionQuery = 42, // queryIndex                                              [pass only]
  EndOcclusionQuery = 43,   //                                                         [pass only]
  ExecuteBundles = 44,      // count, ref (bundle) x count                             [pass only]
  // wgpu-native extras (extras.ts): multi-draw [render pass only], pipeline statistics and timestamps
  // inside passes [compute and render passes].
  MultiDrawIndirect = 45,              // ref (buffer), offsetLo, offsetHi, count
  MultiDrawIndexedIndirect = 46,       // ref (buffer), offsetLo, offsetHi, count
  MultiDrawIndirectCount = 47,         // ref (buffer), offsetLo, offsetHi, ref (count buffer), offsetLo, offsetHi, maxCount
  MultiDrawIndexedIndirectCount = 48,  // same as MultiDrawIndirectCount
  BeginPipelineStatisticsQuery = 49,   // ref (query set), queryIndex
  EndPipelineStatisticsQuery = 50,
  WriteTimestamp = 51,                 // ref (query set), queryIndex
}

export const NO_REF = 0xffffffff;

/** Fields every referencable wrapper declares (objects/base.ts), so the check stays monomorphic. */
export interface RefCache { _refStream: CommandStream | null; _refEpoch: number; _refIndex: number }

export class CommandStream {
  words = new Uint32Array(64);
  length = 0;
  /** JS objects the commands reference (pipelines, bind groups, buffers, strings). */
  refs: unknown[] = [];
  /** handles[i] is refs[i]._handle (0 for non-objects): what the native replayer reads. */
  handles = new BigUint64Array(16);

  /** Bumped by reset(): ref caches of an older epoch are stale. */
  private epoch = 1;

  ref(o: unknown): number {
    // Objects remember their index in the stream they were last referenced from, so a draw loop
    // that sets the same pipeline / bind group / buffer again adds no new ref.
    const c = o as Partial<RefCache> | null;
    if (c !== null && typeof c === "object" && c._refStream === this && c._refEpoch === this.epoch) return c._refIndex!;
    const i = this.refs.push(o) - 1;
    if (c !== null && typeof c === "object" && "_refStream" in c) {
      c._refStream = this;
      c._refEpoch = this.epoch;
      c._refIndex = i;
    }
    if (i >= this.handles.length) {
      const h = new BigUint64Array(this.handles.length * 2);
      h.set(this.handles);
      this.handles = h;
    }
    const handle = (o as { _handle?: unknown })?._handle;
    this.handles[i] = typeof handle === "bigint" ? handle : 0n;
    return i;
  }

  reserve(n: number): Uint32Array {
    if (this.length + n > this.words.length) {
      let cap = this.words.length * 2;
      while (cap < this.length + n) cap *= 2;
      const w = new Uint32Array(cap);
      w.set(this.words.subarray(0, this.length));
      this.words = w;
    }
    return this.words;
  }

  reset(): void {
    this.length = 0;
    // A fresh array: truncating in place changes the array's elements kind, a JIT deopt per pass.
    if (this.refs.length) this.refs = [];
    this.epoch++;
  }
}
