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
