// Replays a recorded compute pass through koffi, one native call per command.
// `wgpuComputePassEncoder*` signatures are in ffi/generated/functions.ts.
import type { NativeFunctions } from "../ffi/generated/functions.js";
import { toStringView } from "../ffi/strings.js";
import { CommandStream, Op, NO_REF } from "./stream.js";

interface HasHandle { _handle: bigint }

export function replayComputePass(fn: NativeFunctions, pass: bigint, s: CommandStream): void {
  const w = s.words, refs = s.refs, end = s.length;
  let i = 0;
  while (i < end) {
    switch (w[i]) {
      case Op.SetPipeline:
        fn.wgpuComputePassEncoderSetPipeline(pass, (refs[w[i + 1]!] as HasHandle)._handle);
        i += 2;
        break;
      case Op.SetBindGroup: {
        const n = w[i + 3]!;
        const r = w[i + 2]!;
        fn.wgpuComputePassEncoderSetBindGroup(pass, w[i + 1]!, r === NO_REF ? null : (refs[r] as HasHandle)._handle, n, n ? w.subarray(i + 4, i + 4 + n) : null);
        i += 4 + n;
        break;
      }
      case Op.Dispatch:
        fn.wgpuComputePassEncoderDispatchWorkgroups(pass, w[i + 1]!, w[i + 2]!, w[i + 3]!);
        i += 4;
        break;
      case Op.DispatchIndirect:
        fn.wgpuComputePassEncoderDispatchWorkgroupsIndirect(pass, (refs[w[i + 1]!] as HasHandle)._handle, w[i + 2]! + w[i + 3]! * 2 ** 32);
        i += 4;
        break;
      case Op.PushDebugGroup:
        fn.wgpuComputePassEncoderPushDebugGroup(pass, toStringView(refs[w[i + 1]!] as string));
        i += 2;
        break;
      case Op.PopDebugGroup:
        fn.wgpuComputePassEncoderPopDebugGroup(pass);
        i += 1;
        break;
      case Op.InsertDebugMarker:
        fn.wgpuComputePassEncoderInsertDebugMarker(pass, toStringView(refs[w[i + 1]!] as string));
        i += 2;
        break;
      case Op.SetImmediates: {
        const bytes = refs[w[i + 2]!] as Uint8Array;
        fn.wgpuComputePassEncoderSetImmediates(pass, w[i + 1]!, bytes, bytes.byteLength);
        i += 3;
        break;
      }
      case Op.BeginPipelineStatisticsQuery:
        fn.wgpuComputePassEncoderBeginPipelineStatisticsQuery(pass, (refs[w[i + 1]!] as HasHandle)._handle, w[i + 2]!);
        i += 3;
        break;
      case Op.EndPipelineStatisticsQuery:
        fn.wgpuComputePassEncoderEndPipelineStatisticsQuery(pass);
        i += 1;
        break;
      case Op.WriteTimestamp:
        fn.wgpuComputePassEncoderWriteTimestamp(pass, (refs[w[i + 1]!] as HasHandle)._handle, w[i + 2]!);
        i += 3;
        break;
      default:
        throw new Error(`wgpu-ts internal error: bad opcode ${w[i]} at ${i}`);
    }
  }
}

// ---- render passes and render bundles ---------------------------------------------------------

const WHOLE = 0xffffffff;
const scratch = new ArrayBuffer(8);
const scratchU32 = new Uint32Array(scratch);
const scratchF32 = new Float32Array(scratch);
const scratchF64 = new Float64Array(scratch);

/** f32 value of a recorded word */
export function wordToF32(word: number): number { scratchU32[0] = word; return scratchF32[0]!; }
/** recorded word of an f32 value */
export function f32ToWord(v: number): number { scratchF32[0] = v; return scratchU32[0]!; }
/** f64 from two recorded words (lo, hi) */
export function wordsToF64(lo: number, hi: number): number { scratchU32[0] = lo; scratchU32[1] = hi; return scratchF64[0]!; }
/** [lo, hi] words of an f64 */
export function f64ToWords(v: number): [number, number] { scratchF64[0] = v; return [scratchU32[0]!, scratchU32[1]!]; }

function u64At(w: Uint32Array, i: number): number { return w[i]! + w[i + 1]! * 2 ** 32; }
function sizeAt(w: Uint32Array, i: number): number | bigint { return w[i] === WHOLE && w[i + 1] === WHOLE ? 0xffffffffffffffffn : u64At(w, i); }

/** Replays a recorded render pass (every render opcode). */
export function replayRenderPass(fn: NativeFunctions, pass: bigint, s: CommandStream): void {
  replayRender(fn, pass, s, true);
}

/** Replays a recorded render bundle into a native render bundle encoder (no pass-only opcodes occur). */
export function replayRenderBundle(fn: NativeFunctions, bundle: bigint, s: CommandStream): void {
  replayRender(fn, bundle, s, false);
}

function replayRender(fn: NativeFunctions, e: bigint, s: CommandStream, pass: boolean): void {
  const w = s.words, refs = s.refs, end = s.length;
  const h = (i: number): bigint => (refs[w[i]!] as HasHandle)._handle;
  let i = 0;
  while (i < end) {
    switch (w[i]) {
      case Op.SetPipeline:
        if (pass) fn.wgpuRenderPassEncoderSetPipeline(e, h(i + 1)); else fn.wgpuRenderBundleEncoderSetPipeline(e, h(i + 1));
        i += 2;
        break;
      case Op.SetBindGroup: {
        const n = w[i + 3]!;
        const r = w[i + 2]!;
        const group = r === NO_REF ? null : (refs[r] as HasHandle)._handle;
        const offsets = n ? w.subarray(i + 4, i + 4 + n) : null;
        if (pass) fn.wgpuRenderPassEncoderSetBindGroup(e, w[i + 1]!, group, n, offsets); else fn.wgpuRenderBundleEncoderSetBindGroup(e, w[i + 1]!, group, n, offsets);
        i += 4 + n;
        break;
      }
      case Op.Draw:
        if (pass) fn.wgpuRenderPassEncoderDraw(e, w[i + 1]!, w[i + 2]!, w[i + 3]!, w[i + 4]!); else fn.wgpuRenderBundleEncoderDraw(e, w[i + 1]!, w[i + 2]!, w[i + 3]!, w[i + 4]!);
        i += 5;
        break;
      case Op.DrawIndexed:
        if (pass) fn.wgpuRenderPassEncoderDrawIndexed(e, w[i + 1]!, w[i + 2]!, w[i + 3]!, w[i + 4]! | 0, w[i + 5]!);
        else fn.wgpuRenderBundleEncoderDrawIndexed(e, w[i + 1]!, w[i + 2]!, w[i + 3]!, w[i + 4]! | 0, w[i + 5]!);
        i += 6;
        break;
      case Op.DrawIndirect:
        if (pass) fn.wgpuRenderPassEncoderDrawIndirect(e, h(i + 1), u64At(w, i + 2)); else fn.wgpuRenderBundleEncoderDrawIndirect(e, h(i + 1), u64At(w, i + 2));
        i += 4;
        break;
      case Op.DrawIndexedIndirect:
        if (pass) fn.wgpuRenderPassEncoderDrawIndexedIndirect(e, h(i + 1), u64At(w, i + 2)); else fn.wgpuRenderBundleEncoderDrawIndexedIndirect(e, h(i + 1), u64At(w, i + 2));
        i += 4;
        break;
      case Op.SetVertexBuffer:
        if (pass) fn.wgpuRenderPassEncoderSetVertexBuffer(e, w[i + 1]!, h(i + 2), u64At(w, i + 3), sizeAt(w, i + 5));
        else fn.wgpuRenderBundleEncoderSetVertexBuffer(e, w[i + 1]!, h(i + 2), u64At(w, i + 3), sizeAt(w, i + 5));
        i += 7;
        break;
      case Op.SetIndexBuffer:
        if (pass) fn.wgpuRenderPassEncoderSetIndexBuffer(e, h(i + 1), w[i + 2]!, u64At(w, i + 3), sizeAt(w, i + 5));
        else fn.wgpuRenderBundleEncoderSetIndexBuffer(e, h(i + 1), w[i + 2]!, u64At(w, i + 3), sizeAt(w, i + 5));
        i += 7;
        break;
      case Op.SetViewport:
        fn.wgpuRenderPassEncoderSetViewport(e, wordToF32(w[i + 1]!), wordToF32(w[i + 2]!), wordToF32(w[i + 3]!), wordToF32(w[i + 4]!), wordToF32(w[i + 5]!), wordToF32(w[i + 6]!));
        i += 7;
        break;
      case Op.SetScissorRect:
        fn.wgpuRenderPassEncoderSetScissorRect(e, w[i + 1]!, w[i + 2]!, w[i + 3]!, w[i + 4]!);
        i += 5;
        break;
      case Op.SetBlendConstant:
        fn.wgpuRenderPassEncoderSetBlendConstant(e, {
          r: wordsToF64(w[i + 1]!, w[i + 2]!), g: wordsToF64(w[i + 3]!, w[i + 4]!), b: wordsToF64(w[i + 5]!, w[i + 6]!), a: wordsToF64(w[i + 7]!, w[i + 8]!),
        });
        i += 9;
        break;
      case Op.SetStencilReference:
        fn.wgpuRenderPassEncoderSetStencilReference(e, w[i + 1]!);
        i += 2;
        break;
      case Op.BeginOcclusionQuery:
        fn.wgpuRenderPassEncoderBeginOcclusionQuery(e, w[i + 1]!);
        i += 2;
        break;
      case Op.EndOcclusionQuery:
        fn.wgpuRenderPassEncoderEndOcclusionQuery(e);
        i += 1;
        break;
      case Op.ExecuteBundles: {
        const n = w[i + 1]!;
        const handles = new BigUint64Array(n);
        for (let k = 0; k < n; k++) handles[k] = (refs[w[i + 2 + k]!] as HasHandle)._handle;
        fn.wgpuRenderPassEncoderExecuteBundles(e, n, n ? handles : null);
        i += 2 + n;
        break;
      }
      case Op.PushDebugGroup:
        if (pass) fn.wgpuRenderPassEncoderPushDebugGroup(e, toStringView(refs[w[i + 1]!] as string)); else fn.wgpuRenderBundleEncoderPushDebugGroup(e, toStringView(refs[w[i + 1]!] as string));
        i += 2;
        break;
      case Op.PopDebugGroup:
        if (pass) fn.wgpuRenderPassEncoderPopDebugGroup(e); else fn.wgpuRenderBundleEncoderPopDebugGroup(e);
        i += 1;
        break;
      case Op.InsertDebugMarker:
        if (pass) fn.wgpuRenderPassEncoderInsertDebugMarker(e, toStringView(refs[w[i + 1]!] as string)); else fn.wgpuRenderBundleEncoderInsertDebugMarker(e, toStringView(refs[w[i + 1]!] as string));
        i += 2;
        break;
      case Op.SetImmediates: {
        const bytes = refs[w[i + 2]!] as Uint8Array;
        if (pass) fn.wgpuRenderPassEncoderSetImmediates(e, w[i + 1]!, bytes, bytes.byteLength); else fn.wgpuRenderBundleEncoderSetImmediates(e, w[i + 1]!, bytes, bytes.byteLength);
        i += 3;
        break;
      }
      case Op.MultiDrawIndirect:
        fn.wgpuRenderPassEncoderMultiDrawIndirect(e, h(i + 1), u64At(w, i + 2), w[i + 4]!);
        i += 5;
        break;
      case Op.MultiDrawIndexedIndirect:
        fn.wgpuRenderPassEncoderMultiDrawIndexedIndirect(e, h(i + 1), u64At(w, i + 2), w[i + 4]!);
        i += 5;
        break;
      case Op.MultiDrawIndirectCount:
        fn.wgpuRenderPassEncoderMultiDrawIndirectCount(e, h(i + 1), u64At(w, i + 2), h(i + 4), u64At(w, i + 5), w[i + 7]!);
        i += 8;
        break;
      case Op.MultiDrawIndexedIndirectCount:
        fn.wgpuRenderPassEncoderMultiDrawIndexedIndirectCount(e, h(i + 1), u64At(w, i + 2), h(i + 4), u64At(w, i + 5), w[i + 7]!);
        i += 8;
        break;
      case Op.BeginPipelineStatisticsQuery:
        fn.wgpuRenderPassEncoderBeginPipelineStatisticsQuery(e, h(i + 1), w[i + 2]!);
        i += 3;
        break;
      case Op.EndPipelineStatisticsQuery:
        fn.wgpuRenderPassEncoderEndPipelineStatisticsQuery(e);
        i += 1;
        break;
      case Op.WriteTimestamp:
        fn.wgpuRenderPassEncoderWriteTimestamp(e, h(i + 1), w[i + 2]!);
        i += 3;
        break;
      default:
        throw new Error(`wgpu-ts internal error: bad render opcode ${w[i]} at ${i}`);
    }
  }
}
