// WebIDL-style argument conversion: a JS-shaped mistake is a TypeError naming the field, raised
// before anything reaches a native call. Numbers follow [EnforceRange] (the WebGPU IDL uses it for
// every size, offset and index).

export function fail(field: string, what: string): never {
  throw new TypeError(`${field}: ${what}`);
}

export function dict<T extends object>(value: unknown, field: string, optional = false): T {
  if (value === undefined || value === null) {
    if (optional) return {} as T;
    fail(field, "is required (expected an object)");
  }
  if (typeof value !== "object" && typeof value !== "function") fail(field, `expected an object, got ${describe(value)}`);
  return value as T;
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return (v as object).constructor?.name ?? "an object";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  return `${typeof v} ${String(v)}`;
}

function enforceRange(v: unknown, field: string, max: number): number {
  if (typeof v === "bigint") fail(field, "expected a number, got a bigint");
  const n = typeof v === "number" ? v : Number(v);
  if (typeof v === "symbol" || typeof v === "object" && v !== null && !(Symbol.toPrimitive in (v as object)) && typeof (v as { valueOf?: unknown }).valueOf !== "function") fail(field, `expected a number, got ${describe(v)}`);
  if (!Number.isFinite(n)) fail(field, `expected a finite number, got ${describe(v)}`);
  const t = Math.trunc(n);
  if (t < 0 || t > max) fail(field, `${t} is out of range [0, ${max}]`);
  return t;
}

// The common case (an integer number in range) is decided inline, so encoder calls stay cheap;
// everything else takes the full WebIDL conversion.
export function u32(v: unknown, field: string): number {
  if (typeof v === "number" && v >= 0 && v <= 0xffffffff && v === Math.floor(v)) return v;
  return enforceRange(v, field, 0xffffffff);
}
/** [EnforceRange] long */
export function i32(v: unknown, field: string): number {
  const n = typeof v === "bigint" ? NaN : Number(v);
  if (!Number.isFinite(n)) fail(field, `expected a finite number, got ${describe(v)}`);
  const t = Math.trunc(n);
  if (t < -0x80000000 || t > 0x7fffffff) fail(field, `${t} is out of range [-2147483648, 2147483647]`);
  return t;
}
export function u64(v: unknown, field: string): number {
  if (typeof v === "number" && v >= 0 && v <= Number.MAX_SAFE_INTEGER && v === Math.floor(v)) return v;
  return enforceRange(v, field, Number.MAX_SAFE_INTEGER);
}

export function optU32(v: unknown, field: string, dflt: number): number {
  return v === undefined ? dflt : u32(v, field);
}
export function optU64(v: unknown, field: string, dflt: number): number {
  return v === undefined ? dflt : u64(v, field);
}

export function f64(v: unknown, field: string): number {
  const n = typeof v === "bigint" ? NaN : Number(v);
  if (!Number.isFinite(n)) fail(field, `expected a finite number, got ${describe(v)}`);
  return n;
}

export function bool(v: unknown, dflt: boolean): boolean {
  return v === undefined ? dflt : Boolean(v);
}

export function str(v: unknown, field: string, dflt?: string): string {
  if (v === undefined && dflt !== undefined) return dflt;
  if (v === undefined || v === null) fail(field, "is required (expected a string)");
  if (typeof v === "symbol") fail(field, "expected a string, got a symbol");
  return String(v);
}

export function optStr(v: unknown, field: string): string | undefined {
  return v === undefined ? undefined : str(v, field);
}

export function enumValue<T extends string>(v: unknown, field: string, map: Readonly<Record<string, number>>, dflt?: T): number {
  if (v === undefined && dflt !== undefined) return map[dflt]!;
  if (typeof v !== "string") fail(field, `expected one of ${Object.keys(map).map((k) => JSON.stringify(k)).join(", ")}, got ${describe(v)}`);
  const c = Object.prototype.hasOwnProperty.call(map, v) ? map[v] : undefined;
  if (c === undefined) fail(field, `${JSON.stringify(v)} is not a valid value (expected one of ${Object.keys(map).map((k) => JSON.stringify(k)).join(", ")})`);
  return c;
}

export function sequence<T = unknown>(v: unknown, field: string, optional = false): T[] {
  if (v === undefined && optional) return [];
  if (v === null || v === undefined || typeof v !== "object" || typeof (v as Iterable<T>)[Symbol.iterator] !== "function" || typeof v === "string")
    fail(field, `expected a sequence (array or iterable), got ${describe(v)}`);
  return Array.from(v as Iterable<T>);
}

/** Any BufferSource: returns a byte view of it (no copy). */
export function bytesOf(v: unknown, field: string): Uint8Array {
  // A detached buffer holds no bytes (WebIDL: its copy is empty); a view over it cannot be constructed.
  if (v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && v instanceof SharedArrayBuffer)) return v.byteLength === 0 ? new Uint8Array(0) : new Uint8Array(v);
  // (a DataView over a detached buffer even throws on .byteLength, so the buffer is asked first)
  if (ArrayBuffer.isView(v)) return v.buffer.byteLength === 0 || v.byteLength === 0 ? new Uint8Array(0) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  fail(field, `expected an ArrayBuffer or ArrayBufferView, got ${describe(v)}`);
}

/** Unwraps one of our own objects; anything else (a foreign object, a plain {}) is a TypeError. */
export function instance<T>(v: unknown, cls: abstract new (...a: never[]) => T, field: string, typeName: string): T {
  if (!(v instanceof cls)) fail(field, `expected a ${typeName}, got ${describe(v)}`);
  return v;
}
