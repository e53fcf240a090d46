// setBindGroup, shared by compute passes, render passes and render bundles (GPUBindingCommandsMixin):
// conversion of the dynamic offsets, then one SetBindGroup record.
import { CommandStream, Op, NO_REF } from "./stream.js";
import { fail, optU32, optU64, u32, describe } from "../../../validate/shape.js";

const NO_OFFSETS: ArrayLike<number> = Object.freeze([]);

/** Both IDL overloads: a sequence of offsets, or (Uint32Array, start, length). */
export function dynamicOffsetsArg(dynamicOffsets: unknown, dataStart: unknown, dataLength: unknown): ArrayLike<number> {
  if (dynamicOffsets === undefined) return NO_OFFSETS;
  if (dynamicOffsets instanceof Uint32Array) {
    const start = optU64(dataStart, "setBindGroup(dynamicOffsetsDataStart)", 0);
    const len = optU32(dataLength, "setBindGroup(dynamicOffsetsDataLength)", Math.max(0, dynamicOffsets.length - start));
    if (start + len > dynamicOffsets.length) {
      throw new RangeError(`setBindGroup: dynamicOffsetsDataStart + dynamicOffsetsDataLength (${start} + ${len}) exceeds the array length ${dynamicOffsets.length}`);
    }
    return dynamicOffsets.subarray(start, start + len);
  }
  if (Array.isArray(dynamicOffsets)) {
    // The common case (a small array literal or a reused array): checked in place, no copy.
    for (let i = 0; i < dynamicOffsets.length; i++) {
      const v = dynamicOffsets[i];
      if (typeof v !== "number" || !(v >= 0 && v <= 0xffffffff) || v !== Math.floor(v)) u32(v, `setBindGroup(dynamicOffsets)[${i}]`);
    }
    return dynamicOffsets as number[];
  }
  if (dynamicOffsets === null || typeof dynamicOffsets !== "object" || typeof (dynamicOffsets as Iterable<unknown>)[Symbol.iterator] !== "function") {
    fail("setBindGroup(dynamicOffsets)", `expected a sequence of numbers or a Uint32Array, got ${describe(dynamicOffsets)}`);
  }
  return Array.from(dynamicOffsets as Iterable<unknown>, (o, i) => u32(o, `setBindGroup(dynamicOffsets)[${i}]`));
}

export function recordSetBindGroup(s: CommandStream, index: number, group: object | null, offsets: ArrayLike<number>): void {
  const n = offsets.length;
  const w = s.reserve(4 + n);
  const at = s.length;
  w[at] = Op.SetBindGroup;
  w[at + 1] = index;
  w[at + 2] = group ? s.ref(group) : NO_REF;
  w[at + 3] = n;
  for (let i = 0; i < n; i++) w[at + 4 + i] = offsets[i]! >>> 0;
  s.length = at + 4 + n;
}
