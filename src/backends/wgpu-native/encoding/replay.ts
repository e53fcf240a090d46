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
      default:
        throw new Error(`wgpu-ts internal error: bad opcode ${w[i]} at ${i}`);
    }
  }
}
