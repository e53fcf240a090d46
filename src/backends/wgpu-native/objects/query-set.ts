// GPUQuerySet (occlusion and timestamp queries).
//
// Guard: wgpu-native implements wgpuQuerySetDestroy by dropping the query set's id, and the
// release of the handle drops it again; any later use of the handle looks up a freed id. Both
// panic, so destroy() never reaches native code: it marks the set destroyed in JS, and submit
// refuses command buffers that use a destroyed set (a validation error, as the spec says).
// The native object is released (once) when the wrapper is garbage-collected.
import { toStringView } from "../ffi/strings.js";
import { queryTypeToC } from "../ffi/generated/maps.js";
import { DeviceChild } from "./base.js";
import type { DeviceContext } from "./context.js";
import { WGPU_QUERY_SET_INDEX_UNDEFINED } from "../ffi/generated/enums.js";
import { dict, u32, optU32, enumValue, instance, str } from "../../../validate/shape.js";
import { attributes } from "../../../platform-object.js";

export class NativeQuerySet extends DeviceChild {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUQuerySet */
  declare readonly __brand: "GPUQuerySet";
  readonly type: GPUQueryType;
  readonly count: number;
  /** @internal */ _destroyed = false;
  /** @internal the native query set is an error object */ _invalid = false;

  constructor(device: DeviceContext, handle: bigint, label: string, type: GPUQueryType, count: number) {
    super(device, handle, label, "GPUQuerySet", device._rt.fn.wgpuQuerySetRelease);
    this.type = type;
    this.count = count;
  }

  destroy(): undefined {
    this._destroyed = true;
  }
}

export function createQuerySet(device: DeviceContext, descriptor: GPUQuerySetDescriptor): NativeQuerySet {
  const W = "GPUQuerySetDescriptor";
  const d = dict<GPUQuerySetDescriptor>(descriptor, W);
  const type = enumValue(d.type, `${W}.type`, queryTypeToC);
  const count = u32(d.count, `${W}.count`);
  const label = d.label === undefined ? "" : str(d.label, `${W}.label`);
  // The spec's content-timeline check (wgpu-native reports a validation error instead).
  if (d.type === "timestamp" && !device.features.has("timestamp-query"))
    throw new TypeError(`${W}.type: "timestamp" query sets need the feature "timestamp-query", which the device does not have enabled (requiredFeatures)`);
  // WebGPU allows an empty query set (count 0; no command can use one of its queries). wgpu-core refuses
  // zero queries ("QuerySets cannot be made with zero queries"), so the native set gets one query that
  // nothing reaches: every query index is checked against `count` here first (queryIndexProblem,
  // resolveQuerySet), so a use of query 0 of an empty set is a validation error as the spec says.
  const nativeCount = count === 0 ? 1 : count;
  const [handle, errors] = device._capturing(() => device._rt.fn.wgpuDeviceCreateQuerySet(device._handle, { label: toStringView(label), type, count: nativeCount }) as bigint);
  const q = new NativeQuerySet(device, handle, label, d.type, count);
  q._invalid = errors.length > 0;
  return q;
}

/**
 * Why a query set cannot be used by a command now, or null. Being destroyed is not one: as the spec
 * says, that is checked at submit (queue.ts refuses command buffers that use a destroyed set).
 */
export function querySetProblem(q: NativeQuerySet, device: DeviceContext): string | null {
  if (q._device !== device) return `query set "${q.label}" belongs to another device`;
  return null;
}

/** Whether the device has `feature`; otherwise reports a validation error naming it (extras' features). */
export function requireFeature(device: DeviceContext, feature: string, what: string): boolean {
  if (device.features.has(feature)) return true;
  device._validationError(`${what}: the device was created without the "${feature}" feature`);
  return false;
}

/** Why query `index` of `q` cannot take a timestamp written by a command (writeTimestamp extra), or null. */
export function timestampProblem(q: NativeQuerySet, device: DeviceContext, index: number): string | null {
  const p = querySetProblem(q, device);
  if (p) return p;
  if (q.type !== "timestamp") return `query set "${q.label}" is a ${q.type} query set, not a timestamp one`;
  if (index >= q.count) return `query index ${index} is out of range for query set "${q.label}" of ${q.count} queries`;
  return null;
}

/** Why query `index` of `q` cannot be used (begun, written) by a command, or null: index < count (spec). */
export function queryIndexProblem(q: NativeQuerySet, index: number, what: string): string | null {
  return index >= q.count ? `${what}: query index ${index} is out of range for query set "${q.label}" of ${q.count} queries` : null;
}

/** Why a pass's timestampWrites cannot be used, or null (the query set's device, the write indices). */
export function timestampWritesProblem(t: TimestampWrites, device: DeviceContext): string | null {
  const p = querySetProblem(t.querySet, device);
  if (p) return p;
  if (t.beginning !== WGPU_QUERY_SET_INDEX_UNDEFINED) {
    const b = queryIndexProblem(t.querySet, t.beginning, "beginningOfPassWriteIndex");
    if (b) return b;
  }
  if (t.end !== WGPU_QUERY_SET_INDEX_UNDEFINED) return queryIndexProblem(t.querySet, t.end, "endOfPassWriteIndex");
  return null;
}

export interface TimestampWrites { querySet: NativeQuerySet; beginning: number; end: number }

/** GPU{Render,Compute}PassTimestampWrites (both passes take the same dictionary) -> JS-checked form */
export function timestampWrites(v: unknown, where: string): TimestampWrites | undefined {
  if (v === undefined) return undefined;
  const t = dict<GPURenderPassTimestampWrites>(v, where);
  return {
    querySet: instance(t.querySet, NativeQuerySet, `${where}.querySet`, "GPUQuerySet"),
    beginning: optU32(t.beginningOfPassWriteIndex, `${where}.beginningOfPassWriteIndex`, WGPU_QUERY_SET_INDEX_UNDEFINED),
    end: optU32(t.endOfPassWriteIndex, `${where}.endOfPassWriteIndex`, WGPU_QUERY_SET_INDEX_UNDEFINED),
  };
}

export function timestampWritesToC(t: TimestampWrites | undefined): Record<string, unknown> | null {
  return t ? { querySet: t.querySet._handle, beginningOfPassWriteIndex: t.beginning, endOfPassWriteIndex: t.end } : null;
}

/**
 * Nanoseconds per timestamp tick of `queue` (wgpuQueueGetTimestampPeriod, wgpu.h). wgpu-native
 * resolves timestamp queries to raw ticks: multiply by this to get nanoseconds (it is 1 where the
 * driver already counts nanoseconds, as lavapipe does).
 */
export function getTimestampPeriod(queue: GPUQueue): number {
  const q = queue as unknown as { _handle?: unknown; _device?: DeviceContext };
  if (typeof q._handle !== "bigint" || !q._device) throw new TypeError("getTimestampPeriod(queue): expected a GPUQueue of the wgpu-native backend");
  return q._device._rt.fn.wgpuQueueGetTimestampPeriod(q._handle);
}

attributes(NativeQuerySet, "type", "count");
