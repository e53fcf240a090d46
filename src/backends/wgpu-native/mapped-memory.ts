// ArrayBuffers over mapped GPU memory. With the optional native helper (native/addon.c) they are
// zero-copy views that unmap() detaches; without it, JS-owned copies that unmap() writes back and
// detaches. Either way no JS reference to the mapping survives unmap(), so a script cannot touch
// freed memory.
import koffi from "koffi";
import { helper } from "./native-helper.js";

export const zeroCopyMapping = helper !== null;

export interface MappedRange { buffer: ArrayBuffer; address: bigint; length: number; copy: boolean }

export function mapRange(address: bigint, length: number, readBack: boolean): MappedRange {
  if (length === 0) return { buffer: new ArrayBuffer(0), address, length, copy: true };
  if (helper) return { buffer: helper.view(address, length), address, length, copy: false };
  const buffer = new ArrayBuffer(length);
  if (readBack) new Uint8Array(buffer).set(new Uint8Array(koffi.view(address, length)));
  return { buffer, address, length, copy: true };
}

/** Ends a range: writes a copy back when the mapping is writable, then detaches. */
export function unmapRange(r: MappedRange, writeBack: boolean): void {
  if (r.copy) {
    if (writeBack && r.length > 0 && r.buffer.byteLength === r.length) new Uint8Array(koffi.view(r.address, r.length)).set(new Uint8Array(r.buffer));
    detachOwned(r.buffer);
  } else {
    helper!.detach(r.buffer);
  }
}

function detachOwned(b: ArrayBuffer): void {
  if (b.byteLength === 0) return;
  structuredClone(b, { transfer: [b] });
}
