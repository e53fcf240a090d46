// The pass command stream: pass encoders append compact records here instead of calling native
// code per command; at end() the whole pass is replayed in one go (replay.ts). This is the hot
// path: appending is a few typed-array stores, with no allocation in the steady state.

// The opcodes and record layouts: encoding/opcodes.ts, generated with native/replay-ops.h from one
// table (codegen/opcodes.mjs).
export { Op } from "./opcodes.js";

export const NO_REF = 0xffffffff;

/**
 * Fields every referencable wrapper declares (objects/base.ts), so the check stays monomorphic. Symbol-keyed:
 * plain own data properties on the hot path (string-keyed fields of wrappers are accessor-backed slots, see
 * platform-object.ts).
 */
export const REF_STREAM: unique symbol = Symbol("refStream");
export const REF_EPOCH: unique symbol = Symbol("refEpoch");
export const REF_INDEX: unique symbol = Symbol("refIndex");
export interface RefCache { [REF_STREAM]: CommandStream | null; [REF_EPOCH]: number; [REF_INDEX]: number }

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
    if (c !== null && typeof c === "object" && c[REF_STREAM] === this && c[REF_EPOCH] === this.epoch) return c[REF_INDEX]!;
    const i = this.refs.push(o) - 1;
    if (c !== null && typeof c === "object" && REF_STREAM in c) {
      c[REF_STREAM] = this;
      c[REF_EPOCH] = this.epoch;
      c[REF_INDEX] = i;
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
