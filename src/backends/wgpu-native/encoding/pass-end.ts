// Ending a recorded pass, in one place: what its commands use (for the submit check) and how the
// stream reaches native code (native/replay.c through the helper when it takes the records, else
// koffi through replay.ts). Compute passes, render passes and the render bundle check all end here.
import type { NativeFunctions } from "../ffi/generated/functions.js";
import { toStringView } from "../ffi/strings.js";
import { CommandStream, Op } from "./stream.js";
import { replayComputePass, replayRenderPass, replayRenderBundle } from "./replay.js";
import { nativeReplayer } from "./native-replay.js";
import { NativeBuffer } from "../objects/buffer.js";
import type { Destroyable } from "../objects/base.js";

/** A referenced object that holds resources of its own: bind groups and render bundles. */
interface ResourceHolder { readonly _buffers: Iterable<NativeBuffer>; readonly _textures: Iterable<Destroyable> }

function holdsResources(r: unknown): r is ResourceHolder {
  // Values, not `in`: internal fields are accessors shared by every wrapper class (platform-object.ts).
  return r !== null && typeof r === "object" && (r as Partial<ResourceHolder>)._buffers !== undefined && (r as Partial<ResourceHolder>)._textures !== undefined;
}

/**
 * Adds the buffers and textures the recorded commands use to the given sets. queue.submit checks
 * them (mapped, destroyed) before wgpu-native does: its submit errors are panics.
 */
export function collectUses(s: CommandStream, buffers: Set<NativeBuffer>, textures: Set<Destroyable>): void {
  for (const r of s.refs) {
    if (r instanceof NativeBuffer) buffers.add(r);
    else if (holdsResources(r)) { for (const b of r._buffers) buffers.add(b); for (const t of r._textures) textures.add(t); }
  }
}

/** Where a render stream is replayed: an open render pass or a render bundle encoder. */
export type RenderTarget = "render-pass" | "render-bundle";

/** Replays render records into `target` (a pass or bundle encoder handle): C when it takes them, else koffi. */
export function replayRender(fn: NativeFunctions, kind: RenderTarget, target: bigint, s: CommandStream): void {
  if (nativeReplayer()?.replayRender(target, kind === "render-pass", s.words, s.length, s.handles, s.refs.length)) return;
  if (kind === "render-pass") replayRenderPass(fn, target, s);
  else replayRenderBundle(fn, target, s);
}

const ZERO_COLOR = Object.freeze({ r: 0, g: 0, b: 0, a: 0 });

/** Begins a native render pass on `encoder` with the converted descriptor, replays the stream, ends it. */
export function runRenderPass(fn: NativeFunctions, encoder: bigint, descriptor: unknown, s: CommandStream): void {
  const pass = fn.wgpuCommandEncoderBeginRenderPass(encoder, descriptor) as bigint;
  try {
    // WebGPU starts a pass with blend constant [0, 0, 0, 0]; wgpu-core instead rejects draws that
    // use a constant blend factor before setBlendConstant, so set the spec's initial value.
    fn.wgpuRenderPassEncoderSetBlendConstant(pass, ZERO_COLOR);
    replayRender(fn, "render-pass", pass, s);
    fn.wgpuRenderPassEncoderEnd(pass);
  } finally {
    fn.wgpuRenderPassEncoderRelease(pass);
  }
}

/**
 * Begins, replays and ends a compute pass on `encoder`. The C replayer does all of it in one call,
 * but begins the pass with a label only, so a pass with timestamp writes goes through koffi.
 */
export function runComputePass(fn: NativeFunctions, encoder: bigint, label: string, timestampWrites: Record<string, unknown> | null, s: CommandStream): void {
  const replayer = nativeReplayer();
  if (replayer && timestampWrites === null) {
    const l = label === "" ? null : (toStringView(label).data as Uint8Array);
    if (replayer.replayCompute(encoder, l, s.words, s.length, s.handles, s.refs.length)) return;
  }
  const pass = fn.wgpuCommandEncoderBeginComputePass(encoder, { label: toStringView(label), timestampWrites }) as bigint;
  try {
    replayComputePass(fn, pass, s);
    fn.wgpuComputePassEncoderEnd(pass);
  } finally {
    fn.wgpuComputePassEncoderRelease(pass);
  }
}

// ---- compute-pass coalescing ------------------------------------------------------------------------
// Adjacent compute passes of one encoder are replayed as one native pass when nothing observable differs:
// wgpu-core pays per native pass (begin, end, barriers, trackers), and a loop of many small passes is the
// common shape of ML clients. The passes merged must have no timestamp writes and the same label, and may
// hold only pipeline/bind-group state, dispatches and debug markers. A later pass must also set, before its
// first dispatch, the pipeline (when an earlier one set one) and every bind group index an earlier one set:
// then each dispatch sees exactly the state it would see in a pass of its own, and the validation (missing
// pipeline, missing or incompatible bind groups, per-dispatch usage scopes) is the same. Anything else ends
// the merged run: it is replayed as it was, pass by pass, and the spec's errors stay where they were.

/** What a run of merged passes has set so far: the pipeline, and the bind group indices as a bit mask. */
export interface MergedState { pipeline: boolean; groups: number }

/** Switch for the parity tests (test/native/coalescing.test.mjs) and measurements; WGPU_TS_NO_COALESCE=1 turns it off. */
export const coalescing = { enabled: process.env.WGPU_TS_NO_COALESCE !== "1" };

/**
 * Scans the records of one pass, [from, s.length), against the state `before` left by the merged passes
 * ahead of it (null: it would start a run). Returns the state after it, or null if it cannot be merged.
 */
export function mergeableComputePass(s: CommandStream, from: number, before: MergedState | null): MergedState | null {
  const w = s.words, end = s.length;
  let pipeline = false, groups = 0, dispatched = false;
  let i = from;
  while (i < end) {
    switch (w[i]) {
      case Op.SetPipeline: pipeline = true; i += 2; break;
      case Op.SetBindGroup: {
        const index = w[i + 1]!;
        if (index >= 31) return null; // beyond any maxBindGroups: native reports it, pass by pass
        groups |= 1 << index;
        i += 4 + w[i + 3]!;
        break;
      }
      case Op.Dispatch:
      case Op.DispatchIndirect:
        if (!dispatched && before) {
          if (before.pipeline && !pipeline) return null;
          if ((before.groups & ~groups) !== 0) return null;
        }
        dispatched = true;
        i += 4;
        break;
      case Op.InsertDebugMarker: i += 2; break;
      default: return null; // debug groups (balanced per pass), immediates, queries: not merged
    }
  }
  return { pipeline: (before?.pipeline ?? false) || pipeline, groups: (before?.groups ?? 0) | groups };
}

/** The records [from, s.length) of `s` as a stream of their own (same refs and handles). */
export function streamTail(s: CommandStream, from: number): CommandStream {
  if (from === 0) return s;
  return { words: s.words.subarray(from), length: s.length - from, refs: s.refs, handles: s.handles } as unknown as CommandStream;
}
