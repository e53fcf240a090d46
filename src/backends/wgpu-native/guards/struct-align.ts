// Upstream (naga 29, gfx-rs/naga issue 1813; test/cts/repros/wgpu_native_member_align_not_in_struct_align.py): an
// @align attribute on a struct member does not count in naga's alignment of the struct. WGSL: AlignOf(S) is the
// largest AlignOfMember(S, i), and an @align(n) member's is n. So with `struct Inner { @align(64) x : u32 }`,
// `struct S { x : u32, y : Inner }` has S.y at offset 64 in WGSL and at 4 in naga: a shader and the host disagree
// on the layout of buffers (and a uniform buffer of S is refused). naga sizes Inner right (64) and places a member
// with an explicit @align right; only the alignment it derives for the struct type is short.
//
// The rewrite spells the alignment out: a member without @align whose type's WGSL alignment (which counts the
// @align of members, through nested structs, arrays and aliases) is larger than the one naga derives (which does
// not) gets `@align(N) ` with that WGSL alignment. WGSL gives such a member that alignment already, so the layout
// the spec defines does not change; naga's becomes the same. Only literal @align values are read: a struct with
// another @align expression, or a type the rewrite does not know, is left as it is (naga's layout).
import { blankComments, insertAll, type Insert } from "./shader-source.js";

interface Member { name: string; type: string; align: number | null; start: number }
interface Struct { members: Member[]; known: boolean }

const IDENT = String.raw`[\p{XID_Start}_][\p{XID_Continue}]*`;

/** Splits `text` at commas outside <>, (), []. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0, last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "<" || c === "(" || c === "[") depth++;
    else if (c === ">" || c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) { parts.push(text.slice(last, i)); last = i + 1; }
  }
  parts.push(text.slice(last));
  return parts;
}

/** The structs (members, in order, with their offsets in `plain`) and aliases of a module. */
function declarations(plain: string): { structs: Map<string, Struct>; aliases: Map<string, string> } {
  const structs = new Map<string, Struct>();
  const aliases = new Map<string, string>();
  for (const m of plain.matchAll(new RegExp(String.raw`\balias\s+(${IDENT})\s*=\s*([^;]+);`, "gu"))) aliases.set(m[1]!, m[2]!.trim());
  for (const m of plain.matchAll(new RegExp(String.raw`\bstruct\s+(${IDENT})\s*\{`, "gu"))) {
    const open = m.index! + m[0].length;
    const close = plain.indexOf("}", open);
    if (close < 0) continue;
    const members: Member[] = [];
    let known = true, offset = open;
    for (const part of splitTop(plain.slice(open, close))) {
      const start = offset + (part.length - part.trimStart().length);
      offset += part.length + 1;
      const text = part.trim();
      if (!text) continue;
      const mm = new RegExp(String.raw`^((?:@\s*${IDENT}\s*(?:\([^)]*\))?\s*)*)(${IDENT})\s*:\s*([\s\S]+)$`, "u").exec(text);
      if (!mm) { known = false; continue; }
      const attrs = mm[1]!;
      let align: number | null = null;
      const a = /@\s*align\s*\(([^)]*)\)/.exec(attrs);
      if (a) {
        const v = /^\s*(\d+)[iu]?\s*,?\s*$/.exec(a[1]!);
        if (v) align = Number(v[1]); else known = false;
      }
      members.push({ name: mm[2]!, type: mm[3]!.trim(), align, start });
    }
    structs.set(m[1]!, { members, known });
  }
  return { structs, aliases };
}

const SHORT: Record<string, string> = { f: "f32", h: "f16", i: "i32", u: "u32" };

/** [WGSL alignment, naga's alignment] of a type, or null where the type is not understood. */
function alignments(type: string, d: ReturnType<typeof declarations>, depth = 0): [number, number] | null {
  if (depth > 32) return null;
  const t = type.trim();
  const lt = t.indexOf("<");
  const name = (lt < 0 ? t : t.slice(0, lt)).trim();
  const args = lt < 0 ? [] : splitTop(t.slice(lt + 1, t.lastIndexOf(">"))).map((s) => s.trim()).filter((s) => s);
  const scalar = (s: string): number | null => (s === "f16" ? 2 : s === "f32" || s === "i32" || s === "u32" || s === "bool" ? 4 : null);
  const both = (n: number | null): [number, number] | null => (n === null ? null : [n, n]);
  if (scalar(name) !== null) return both(scalar(name));
  if (name === "atomic") return both(4);
  const vec = /^vec([234])([fhiu]?)$/.exec(name);
  const mat = /^mat[234]x([234])([fh]?)$/.exec(name);
  if (vec || mat) {
    const n = Number((vec ?? mat)![1]);
    const s = scalar((vec ?? mat)![2] ? SHORT[(vec ?? mat)![2]!]! : args[0] ?? "");
    return both(s === null ? null : s * (n === 2 ? 2 : 4));
  }
  if (name === "array") return args.length ? alignments(args[0]!, d, depth + 1) : null;
  const alias = d.aliases.get(name);
  if (alias !== undefined) return alignments(alias, d, depth + 1);
  const s = d.structs.get(name);
  if (!s || !s.known) return null;
  let wgsl = 1, naga = 1;
  for (const m of s.members) {
    const a = alignments(m.type, d, depth + 1);
    if (!a) return null;
    wgsl = Math.max(wgsl, m.align ?? a[0]);
    naga = Math.max(naga, a[1]);
  }
  return [wgsl, naga];
}

/** The code with the WGSL alignment spelled out where naga's would be short, and its inserts. */
export function rewriteStructAlign(code: string): { code: string; inserts: Insert[] } {
  const unchanged = { code, inserts: [] as Insert[] };
  if (!code.includes("align")) return unchanged;
  const plain = blankComments(code);
  const d = declarations(plain);
  const at: Array<[number, string]> = [];
  for (const s of d.structs.values()) {
    if (!s.known) continue;
    for (const m of s.members) {
      if (m.align !== null) continue;
      const a = alignments(m.type, d);
      if (a && a[0] > a[1]) at.push([m.start, `@align(${a[0]}) `]);
    }
  }
  return at.length ? insertAll(code, at) : unchanged;
}
