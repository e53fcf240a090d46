// Reusable, pre-laid-out C structs for hot creation calls: fields are written with a DataView at
// the offsets koffi computed for the generated type, and the bytes are passed as the struct
// pointer. This skips koffi's per-call object-to-struct conversion (~1 us on createBuffer).
// Layouts come from the generated koffi types; nothing here restates one.
import koffi from "koffi";

export class RawStruct {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly offset: Readonly<Record<string, number>>;

  constructor(typeName: string) {
    const type = koffi.type(typeName) as unknown as { members: Record<string, unknown> };
    this.bytes = new Uint8Array(koffi.sizeof(typeName));
    this.view = new DataView(this.bytes.buffer);
    const offset: Record<string, number> = {};
    for (const name of Object.keys(type.members)) offset[name] = koffi.offsetof(typeName, name);
    this.offset = offset;
  }

  u32(field: string, v: number, extra = 0): void {
    this.view.setUint32(this.offset[field]! + extra, v, true);
  }

  /** 64-bit unsigned from a safe integer, as two 32-bit halves (no BigInt allocation). */
  u64(field: string, v: number, extra = 0): void {
    const o = this.offset[field]! + extra;
    this.view.setUint32(o, v % 4294967296, true);
    this.view.setUint32(o + 4, Math.floor(v / 4294967296), true);
  }

  /** A null WGPUStringView ({NULL, WGPU_STRLEN}). */
  nullString(field: string): void {
    const o = this.offset[field]!;
    this.view.setBigUint64(o, 0n, true);
    this.view.setBigUint64(o + 8, 0xffffffffffffffffn, true);
  }
}

/**
 * A descriptor with an array of entries, laid out in native memory (koffi.alloc) so that the descriptor can point at
 * its entries: `entries(n)` returns the address of room for n entries after the head; the block grows as needed and
 * is reused by every call (the C function reads it during the call only). Offsets come from the generated types.
 */
export class RawArrayStruct {
  readonly head: Readonly<Record<string, number>>;
  readonly entry: Readonly<Record<string, number>>;
  readonly headSize: number;
  readonly entrySize: number;
  private capacity = 0;
  /** The block (a koffi pointer) and a view of it. */
  pointer: unknown = null;
  address = 0n;
  /** The address of entry 0 (address + headSize), kept as a BigInt so that no call computes it. */
  entriesAddress = 0n;
  view: DataView = new DataView(new ArrayBuffer(0));
  private bytes: Uint8Array = new Uint8Array(0);

  constructor(headType: string, entryType: string) {
    this.head = offsets(headType);
    this.entry = offsets(entryType);
    this.headSize = koffi.sizeof(headType);
    // Entries start at the entry type's alignment (8 for every WebGPU struct with a pointer).
    this.headSize = Math.ceil(this.headSize / koffi.alignof(entryType)) * koffi.alignof(entryType);
    this.entrySize = koffi.sizeof(entryType);
  }

  /** Makes room for n entries and zeroes the block's used part; returns the byte offset of entry 0. */
  reserve(n: number): number {
    if (n > this.capacity) {
      if (this.pointer !== null) koffi.free(this.pointer);
      this.capacity = Math.max(n, this.capacity * 2, 4);
      const bytes = this.headSize + this.entrySize * this.capacity;
      this.pointer = koffi.alloc("uint8_t", bytes);
      this.address = koffi.address(this.pointer) as bigint;
      this.view = new DataView(koffi.view(this.pointer, bytes) as ArrayBuffer);
      this.bytes = new Uint8Array(this.view.buffer);
      this.entriesAddress = this.address + BigInt(this.headSize);
    }
    this.bytes.fill(0, 0, this.headSize + this.entrySize * n);
    return this.headSize;
  }

  u32(at: number, v: number): void { this.view.setUint32(at, v, true); }

  /** 64-bit unsigned from a safe integer or a BigInt. */
  u64(at: number, v: number | bigint): void {
    if (typeof v === "bigint") { this.view.setBigUint64(at, v, true); return; }
    this.view.setUint32(at, v % 4294967296, true);
    this.view.setUint32(at + 4, Math.floor(v / 4294967296), true);
  }
}

function offsets(typeName: string): Record<string, number> {
  const type = koffi.type(typeName) as unknown as { members: Record<string, unknown> };
  const out: Record<string, number> = {};
  for (const name of Object.keys(type.members)) out[name] = koffi.offsetof(typeName, name);
  return out;
}
