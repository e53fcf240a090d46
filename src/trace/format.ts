// The portable trace format (docs/trace-format.md): a directory with
//   trace.jsonl  one JSON record per line; line 1 is the header
//   data.bin     the bytes of uploads and readbacks, referenced by {"$b": [offset, length, crc32]}
// This module holds the constants, the checksum and the reader that validates a trace.
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import * as zlib from "node:zlib";

export const FORMAT = "wgpu-ts-trace";
export const VERSION = 1;
export const RECORDS_FILE = "trace.jsonl";
export const DATA_FILE = "data.bin";

export interface TraceHeader {
  format: typeof FORMAT;
  version: number;
  created: string;
  backend: string;
  adapter: Record<string, unknown> | null;
  device: { label?: string; requiredFeatures?: string[]; requiredLimits?: Record<string, number>; defaultQueue?: { label?: string } };
  /** Features the traced device had (informational). */
  features: string[];
  /** Object id of the device (always 1). */
  root: number;
}

/** One line of trace.jsonl after the header. Exactly one of m / g / s / x / p / e / th is present. */
export interface TraceRecord {
  n: number;
  /** object the call is made on */
  o?: number;
  /** method call */ m?: string;
  /** property read that yielded an object */ g?: string;
  /** property write */ s?: string; v?: unknown;
  /** backend extra (functional API) */ x?: string;
  /** arguments (serialized) */ a?: unknown[];
  /** id of the object the call returns (or its promise resolves to) */ r?: number;
  /** interface name of that object */ t?: string;
  /** readback: the bytes getMappedRange returned on a READ mapping */ rd?: unknown;
  /** written ranges of a WRITE mapping, at unmap: [offset, bytes] */ wr?: Array<[number, unknown]>;
  /** promise settlement of call p */ p?: number; ok?: boolean; err?: string;
  /** uncaptured error: kind and message */ e?: string; msg?: string;
  /** call n threw synchronously */ th?: number;
}

export class TraceFormatError extends Error {
  override name = "TraceFormatError";
}

let crcTable: Uint32Array | undefined;
/** CRC-32 (IEEE), zlib's when Node has it. */
export function crc32(bytes: Uint8Array): number {
  const z = (zlib as unknown as { crc32?: (b: Uint8Array) => number }).crc32;
  if (z) return z(bytes) >>> 0;
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface LoadedTrace {
  dir: string;
  header: TraceHeader;
  records: TraceRecord[];
  /** The bytes of a {"$b": [offset, length, crc]} reference (checked when loaded). */
  blob(ref: unknown): Uint8Array;
  /** Size of data.bin. */
  dataBytes: number;
  /** Set when the last line was cut short (the traced process died while writing it). */
  truncated: boolean;
}

function isBlobRef(v: unknown): v is { $b: [number, number, number] } {
  return !!v && typeof v === "object" && Array.isArray((v as { $b?: unknown }).$b);
}

/** Reads and validates a trace directory. Any inconsistency is a TraceFormatError naming the place. */
export function loadTrace(dir: string): LoadedTrace {
  const recordsPath = join(dir, RECORDS_FILE);
  const dataPath = join(dir, DATA_FILE);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new TraceFormatError(`${dir}: not a directory`);
  if (!existsSync(recordsPath)) throw new TraceFormatError(`${dir}: no ${RECORDS_FILE} (not a wgpu-ts trace directory)`);
  const text = readFileSync(recordsPath, "utf8");
  const lines = text.split("\n");
  let truncated = false;
  if (lines[lines.length - 1] === "") lines.pop();
  else if (lines.length > 1) { truncated = true; lines.pop(); }
  if (lines.length === 0) throw new TraceFormatError(`${recordsPath}: empty (no header line)`);
  const parse = (line: string, i: number): any => {
    try { return JSON.parse(line); } catch (e) {
      throw new TraceFormatError(`${recordsPath} line ${i + 1}: not valid JSON (${(e as Error).message}); the trace is corrupted`);
    }
  };
  const header = parse(lines[0]!, 0) as TraceHeader;
  if (!header || header.format !== FORMAT) throw new TraceFormatError(`${recordsPath} line 1: not a wgpu-ts trace header (format is ${JSON.stringify(header?.format)}, expected "${FORMAT}")`);
  if (header.version !== VERSION) throw new TraceFormatError(`${recordsPath}: trace format version ${header.version} is not supported (this wgpu-ts reads version ${VERSION})`);
  const dataBytes = existsSync(dataPath) ? statSync(dataPath).size : 0;
  const fd = dataBytes > 0 ? openSync(dataPath, "r") : -1;
  const cache = new Map<string, Uint8Array>();
  const readBlob = (ref: [number, number, number], where: string): Uint8Array => {
    const [off, len, crc] = ref;
    if (!Number.isInteger(off) || !Number.isInteger(len) || off < 0 || len < 0 || off + len > dataBytes)
      throw new TraceFormatError(`${where}: byte range [${off}, ${off + len}) is outside ${DATA_FILE} (${dataBytes} bytes); the trace is corrupted or incomplete`);
    const bytes = new Uint8Array(len);
    if (len) readSync(fd, bytes, 0, len, off);
    if (crc32(bytes) !== crc) throw new TraceFormatError(`${where}: the ${len} bytes at ${DATA_FILE}[${off}] fail their checksum; the trace is corrupted`);
    return bytes;
  };
  const records: TraceRecord[] = [];
  let last = 0;
  const walk = (v: unknown, where: string): void => {
    if (isBlobRef(v)) { cache.set(`${v.$b[0]}:${v.$b[1]}`, readBlob(v.$b, where)); return; }
    if (Array.isArray(v)) for (const x of v) walk(x, where);
    else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x, where);
  };
  try {
    for (let i = 1; i < lines.length; i++) {
      const r = parse(lines[i]!, i) as TraceRecord;
      const where = `${recordsPath} line ${i + 1}`;
      if (!r || typeof r !== "object" || typeof r.n !== "number") throw new TraceFormatError(`${where}: a record needs a sequence number "n"`);
      if (r.n !== last + 1) throw new TraceFormatError(`${where}: sequence number ${r.n} does not follow ${last}; records are missing or out of order`);
      last = r.n;
      const kinds = ["m", "g", "s", "x", "p", "e", "th"].filter((k) => k in r);
      if (kinds.length !== 1) throw new TraceFormatError(`${where}: a record has exactly one of m, g, s, x, p, e, th (it has ${kinds.join(", ") || "none"})`);
      walk(r, where);
      records.push(r);
    }
  } finally {
    if (fd >= 0) closeSync(fd);
  }
  return {
    dir, header, records, dataBytes, truncated,
    blob(ref: unknown): Uint8Array {
      if (!isBlobRef(ref)) throw new TraceFormatError(`not a byte reference: ${JSON.stringify(ref)}`);
      return cache.get(`${ref.$b[0]}:${ref.$b[1]}`)!;
    },
  };
}
