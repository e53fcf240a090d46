// WGPUStringView marshalling. Views are (pointer, length) pairs that need not be NUL-terminated,
// so the generated types keep `data` a raw pointer and these helpers give it explicit lengths.
import koffi from "koffi";

export interface StringView { data: Uint8Array | bigint | null; length: number | bigint }

/** {NULL, WGPU_STRLEN} is the C API's "no string" (e.g. an omitted entry point). */
const NULL_VIEW: StringView = Object.freeze({ data: null, length: 0xffffffffffffffffn }) as StringView;
const EMPTY_VIEW: StringView = Object.freeze({ data: new Uint8Array(1), length: 0 }) as StringView;
const encoder = new TextEncoder();

/** Encodes a JS string; the returned bytes live as long as the descriptor object that holds them. */
export function toStringView(s: string | undefined): StringView {
  if (s === undefined) return NULL_VIEW;
  if (s === "") return EMPTY_VIEW;
  const bytes = encoder.encode(s);
  return { data: bytes, length: bytes.length };
}

export function fromStringView(v: { data: unknown; length: unknown } | string | null | undefined): string {
  if (typeof v === "string") return v; // already decoded (deferred completion callbacks)
  if (!v || !v.data) return "";
  const len = Number(v.length);
  if (len === 0) return "";
  // SIZE_MAX means NUL-terminated.
  return len >= Number.MAX_SAFE_INTEGER ? koffi.decode.string(v.data) : koffi.decode.string(v.data, len);
}
