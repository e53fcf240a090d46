// Pipeline-statistics query sets (extras.ts): the caller's order of statistics, and resolveQuerySet
// support that writes the values in that order (wgpu writes them sorted by WGPUPipelineStatisticName).
import { GPUBufferUsage } from "../../generated/flags.js";
import type { NativeQuerySet } from "./objects/query-set.js";
import type { NativeBuffer } from "./objects/buffer.js";
import type { DeviceContext } from "./objects/context.js";

export type PipelineStatisticName = "vertex-shader-invocations" | "clipper-invocations" | "clipper-primitives-out" | "fragment-shader-invocations" | "compute-shader-invocations";
export const STATISTIC_NAMES: readonly PipelineStatisticName[] = ["vertex-shader-invocations", "clipper-invocations", "clipper-primitives-out", "fragment-shader-invocations", "compute-shader-invocations"];

/** The WGPUPipelineStatisticName values of each statistics query set, in the caller's order. */
export const statisticsOrder = new WeakMap<object, readonly number[]>();

const { QUERY_RESOLVE, COPY_SRC, COPY_DST } = GPUBufferUsage;

/**
 * resolveQuerySet for a statistics set listed out of wgpu's order: resolves into a scratch buffer,
 * then copies each value to its place. Returns null when the plain native resolve is right, or the
 * scratch buffer (the encoder keeps it alive with the command buffer), or a problem.
 */
export function resolveStatistics(device: DeviceContext, encoder: bigint, q: NativeQuerySet, first: number, count: number, dst: NativeBuffer, offset: number,
  makeBuffer: (size: number, usage: number) => NativeBuffer): { scratch: NativeBuffer } | { problem: string } | null {
  const order = statisticsOrder.get(q);
  if (!order || order.every((v, i) => i === 0 || order[i - 1]! < v)) return null;
  if (!(dst.usage & COPY_DST)) return { problem: `the statistics of query set "${q.label}" are listed out of wgpu's order, so the destination buffer "${dst.label}" needs COPY_DST as well as QUERY_RESOLVE` };
  const k = order.length;
  const sorted = [...order].sort((a, b) => a - b);
  const size = Math.max(8, count * k * 8);
  const scratch = makeBuffer(size, QUERY_RESOLVE | COPY_SRC);
  const fn = device._rt.fn;
  fn.wgpuCommandEncoderResolveQuerySet(encoder, q._handle, first, count, scratch._handle, 0);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < k; j++) {
      const from = (i * k + sorted.indexOf(order[j]!)) * 8;
      fn.wgpuCommandEncoderCopyBufferToBuffer(encoder, scratch._handle, from, dst._handle, offset + (i * k + j) * 8, 8);
    }
  }
  return { scratch };
}
