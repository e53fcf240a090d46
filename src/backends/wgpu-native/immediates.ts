// Immediates (push constants) shared by the three encoders: argument conversion and the checks that
// keep bad ranges away from wgpu-native. The encoders record the bytes with their own stream op.
import type { DeviceContext } from "./objects/context.js";
import { bytesOf, optU64, u32, u64 } from "../../validate/shape.js";
import { operationError } from "../../errors.js";

/**
 * The standard setImmediates's argument steps: the bytes of data[dataOffset, dataOffset + size) (elements for
 * typed arrays), an OperationError when that range is outside data or its byte size is not a multiple of 4.
 * The device-timeline rules (rangeOffset alignment, maxImmediateSize) are the recorder's (command-recorder.ts).
 */
export function standardImmediatesBytes(what: string, rangeOffset: unknown, data: unknown, dataOffset?: unknown, size?: unknown): [number, Uint8Array] {
  const offset = u32(rangeOffset, `${what}(rangeOffset)`);
  const bytes = bytesOf(data, `${what}(data)`);
  const elem = ArrayBuffer.isView(data) && !(data instanceof DataView) ? (data as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT : 1;
  const elements = bytes.byteLength / elem;
  const start = optU64(dataOffset, `${what}(dataOffset)`, 0);
  if (start > elements) throw operationError(`${what}: dataOffset ${start} is past the end of data (${elements} elements)`);
  const count = size === undefined ? elements - start : u64(size, `${what}(size)`);
  if (start + count > elements) throw operationError(`${what}: dataOffset + size (${start} + ${count}) exceeds data (${elements} elements)`);
  if ((count * elem) % 4 !== 0) throw operationError(`${what}: the content size (${count * elem} bytes) is not a multiple of 4`);
  return [offset, bytes.subarray(start * elem, (start + count) * elem)];
}

/** Alignment and limit checks shared by setImmediates and setPushConstants. */
export function checkRange(device: DeviceContext, what: string, offset: number, bytes: Uint8Array): [number, Uint8Array] | null {
  const size = bytes.byteLength;
  const limit = device._limitValues.maxImmediateSize ?? 0;
  if (!device.features.has("immediates")) {
    device._validationError(`${what}: the device was created without the "immediates" ("push-constants") feature`);
    return null;
  }
  if (offset % 4 !== 0) { device._validationError(`${what}: offset ${offset} is not a multiple of 4`); return null; }
  if (size % 4 !== 0) { device._validationError(`${what}: size ${size} is not a multiple of 4`); return null; }
  if (offset + size > limit) {
    device._validationError(`${what}: range [${offset}, ${offset + size}) exceeds the device's maxImmediateSize (maxPushConstantSize) ${limit}`);
    return null;
  }
  return [offset, bytes];
}

/**
 * `var<push_constant>` (the spec page's WGSL, naga <= 26) is `var<immediate>` in naga 29. The
 * rewrite keeps every offset of the source the same (the word is padded with spaces inside the
 * template list), so compilation messages still point at the user's text.
 */
export function rewritePushConstants(code: string): string {
  if (!code.includes("push_constant")) return code;
  return code.replace(/(var\s*<\s*)push_constant(\s*>)/g, "$1immediate    $2");
}
