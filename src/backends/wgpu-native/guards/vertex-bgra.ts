// Emulation of the vertex format "unorm8x4-bgra", which wgpu-native 29 has no mapping for (its descriptor
// conversion panics "invalid vertex format for vertex attribute: 41"). The format has the size and
// alignment of unorm8x4 and differs only in the component order: memory bytes (B,G,R,A) are the shader's
// (R,G,B,A). So the attribute reaches wgpu-native as unorm8x4, and the vertex entry point of that pipeline
// gets a rewritten source: its parameter at that @location is renamed and read as a whole vec4 of the
// same scalar type, and the entry function starts with `let NAME = RENAMED.zyxw` (truncated to the
// parameter's component count: a shader may read fewer components than the format has).
//
// The rewrite is done only where it is certain: WGSL source reflected for certain (shader-interface.ts),
// exactly one `fn NAME(` of the entry point in the comment-free text, the input a parameter or a member of
// a struct parameter (one `struct NAME {`) whose `@location(N)` is written as a literal, and a float scalar type (an integer type
// must stay a type mismatch, which wgpu-native reports for unorm8x4 as for unorm8x4-bgra). Otherwise
// render-pipeline.ts keeps the validation-error guard.
import type { NativeShaderModule } from "../objects/shader-module.js";
import type { EntryInterface } from "./shader-interface.js";
import { blankComments } from "./shader-source.js";

/** Offset of the bracket closing the one at `open`, or -1. */
function closing(text: string, open: number, o: string, c: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === o) depth++;
    else if (text[i] === c && --depth === 0) return i;
  }
  return -1;
}

const SWIZZLE = ["", "z", "zy", "zyx", "zyxw"];

const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * In `text` from `from` to `to` (a parameter list or struct body): the one declaration `@location(loc)
 * ... name : type`, as the offsets of its name and of the end of its type (the next top-level `,`), or null.
 */
function declAt(text: string, from: number, to: number, loc: number): { name: string; nameStart: number; typeEnd: number } | null {
  const re = new RegExp(`@\\s*location\\s*\\(\\s*${loc}[uUiI]?\\s*,?\\s*\\)((?:\\s*@\\s*\\w+\\s*(?:\\([^()]*\\))?)*)\\s*([A-Za-z_]\\w*)\\s*:`, "g");
  const hits = [...text.slice(from, to).matchAll(re)];
  if (hits.length !== 1) return null;
  const h = hits[0]!;
  const typeStart = from + h.index! + h[0].length;
  let typeEnd = typeStart, depth = 0;
  while (typeEnd < to) {
    const ch = text[typeEnd]!;
    if (ch === "<" || ch === "(") depth++;
    else if (ch === ">" || ch === ")") depth--;
    else if (ch === "," && depth === 0) break;
    typeEnd++;
  }
  const name = h[2]!;
  return { name, nameStart: typeStart - h[0].length + h[0].lastIndexOf(name), typeEnd };
}

/** The span `{ ... }` of the one `KEYWORD NAME` declaration (`fn` with `(` first), or null. */
function unique(text: string, re: RegExp): number | null {
  const m = [...text.matchAll(re)];
  return m.length === 1 ? m[0]!.index! + m[0]![0].length - 1 : null;
}

/**
 * The vertex source with the inputs at `locations` read in BGRA order, or null where the rewrite is not
 * certain (see the header). `structs` are the module's struct declarations (shader-interface.ts), for
 * inputs that are struct members: the entry point then takes a copy of the struct with those members
 * retyped and rebuilds the original struct from it.
 */
export function rewriteBgraInputs(code: string, entry: EntryInterface, locations: readonly number[], structs: ReadonlyMap<string, object>): string | null {
  const text = blankComments(code);
  const open = unique(text, new RegExp(`\\bfn\\s+${esc(entry.name)}\\s*\\(`, "g"));
  if (open === null) return null;
  const close = closing(text, open, "(", ")");
  if (close < 0) return null;
  const bodyOpen = text.indexOf("{", close);
  if (bodyOpen < 0) return null;
  const edits: Array<[start: number, end: number, text: string]> = [];
  const lets: string[] = [];
  const added: string[] = [];
  const viaStruct = new Map<string, number[]>();
  for (const loc of locations) {
    const io = entry.inputs.get(loc);
    if (!io || (io.scalar !== "f32" && io.scalar !== "f16") || io.components < 1 || io.components > 4) return null;
    const d = declAt(text, open + 1, close, loc);
    if (d) {
      const renamed = `wgpu_ts_bgra_${loc}_${d.name}`;
      edits.push([d.nameStart, d.typeEnd, `${renamed}: vec4<${io.scalar}>`]);
      lets.push(` let ${d.name} = ${renamed}.${SWIZZLE[io.components]};`);
      continue;
    }
    // A struct member: the one parameter whose type is a struct with a member at this location.
    const owners = [...structs.keys()].filter((n) => new RegExp(`:\\s*${esc(n)}\\s*(?:,|$)`).test(text.slice(open + 1, close)));
    const owner = owners.filter((n) => {
      const b = unique(text, new RegExp(`\\bstruct\\s+${esc(n)}\\s*\\{`, "g"));
      return b !== null && declAt(text, b + 1, closing(text, b, "{", "}"), loc) !== null;
    });
    if (owner.length !== 1) return null;
    viaStruct.set(owner[0]!, [...(viaStruct.get(owner[0]!) ?? []), loc]);
  }
  for (const [struct, locs] of viaStruct) {
    const members = (structs.get(struct) as { members?: unknown }).members as Array<{ name?: unknown }> | undefined;
    if (!Array.isArray(members) || members.some((m) => typeof m.name !== "string")) return null;
    const p = [...text.slice(open + 1, close).matchAll(new RegExp(`([A-Za-z_]\\w*)\\s*:\\s*${esc(struct)}\\s*(?=,|$)`, "g"))];
    if (p.length !== 1) return null;
    const param = p[0]![1]!;
    const b = unique(text, new RegExp(`\\bstruct\\s+${esc(struct)}\\s*\\{`, "g"))!;
    const e = closing(text, b, "{", "}");
    let body = code.slice(b + 1, e);
    const bodyText = text.slice(b + 1, e);
    const swizzled = new Map<string, string>();
    const inner: Array<[number, number, string]> = [];
    for (const loc of locs) {
      const d = declAt(bodyText, 0, bodyText.length, loc);
      if (!d) return null;
      const io = entry.inputs.get(loc)!;
      inner.push([d.nameStart + d.name.length, d.typeEnd, `: vec4<${io.scalar}>`]);
      swizzled.set(d.name, `.${SWIZZLE[io.components]}`);
    }
    inner.sort((x, y) => y[0] - x[0]);
    for (const [s0, e0, t] of inner) body = body.slice(0, s0) + t + body.slice(e0);
    const copy = `wgpu_ts_bgra_${struct}`;
    added.push(`\nstruct ${copy} {${body}}\n`);
    const renamed = `wgpu_ts_bgra_${param}`;
    const at = open + 1 + p[0]!.index!;
    edits.push([at, at + p[0]![0].length, `${renamed}: ${copy}`]);
    lets.push(` let ${param} = ${struct}(${members.map((m) => `${renamed}.${m.name as string}${swizzled.get(m.name as string) ?? ""}`).join(", ")});`);
  }
  edits.push([bodyOpen + 1, bodyOpen + 1, lets.join("")]);
  edits.sort((a, b) => b[0] - a[0]);
  let out = code;
  for (const [s0, e0, t] of edits) out = out.slice(0, s0) + t + out.slice(e0);
  return out + added.join("");
}

/** Per module: the rewritten native modules by "entryPoint|locations" (one per distinct pipeline need). */
const cache = new WeakMap<NativeShaderModule, Map<string, NativeShaderModule>>();

export function cachedBgraModule(module: NativeShaderModule, key: string, make: () => NativeShaderModule | null): NativeShaderModule | null {
  let m = cache.get(module);
  if (!m) cache.set(module, m = new Map());
  const hit = m.get(key);
  if (hit) return hit;
  const made = make();
  if (made) m.set(key, made);
  return made;
}
