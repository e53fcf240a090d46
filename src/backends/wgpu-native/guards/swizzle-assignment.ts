// WGSL's swizzle_assignment language extension: a multi-component swizzle of a vector reference (or of a pointer
// to a vector, with pointer_composite_access) on the left of an assignment or compound assignment, as in
// `v.zx = vec2u(8, 9);` or `arr[f()].xy += g();`. naga 29 refuses every such statement ("invalid left-hand side
// of assignment ... WGSL does not support assignments to swizzles"; repro:
// test/cts/repros/wgpu_native_no_swizzle_assignment.py), so wgpu-ts spells each one out for naga:
//
//   { let _wgts_s0 = f(); var _wgts_sv = arr[_wgts_s0].xy; _wgts_sv += g(); arr[_wgts_s0].x = _wgts_sv.x; arr[_wgts_s0].y = _wgts_sv.y; }
//
// which keeps WGSL's order of evaluation: the reference on the left (every index that is not an integer literal,
// hoisted into a let, so it is evaluated once and before the right-hand side), then the load of the swizzled
// components (a compound assignment combines the value loaded before the right-hand side is evaluated), then the
// right-hand side, then one store per component, so components the swizzle does not name keep what the
// right-hand side may have stored into them. The temporary variable takes the swizzle's concrete type, so an
// abstract right-hand side converts as it would in the original assignment. A swizzle that repeats a component
// or mixes the xyzw and rgba sets is left as it is (WGSL refuses it, and naga's error stays), and so is one whose
// left side is not a chain of names, members and indices. Not covered: a swizzle assignment as the initializer or
// update of a for-loop header (valid WGSL, but no block can go there), which naga still refuses. A const index
// hoisted into a let no longer makes an out-of-range index of a fixed-size array a shader-creation error (it is
// clamped at run time instead); only integer literals are kept in place.
//
// The rewritten statement replaces the original on its first line; a statement over several lines leaves its
// other lines blank, so every other line and column of the user's code stays where it was, and a one-line
// statement gets an Insert record (its length change) that maps the columns after it back.
import { blankComments, type Insert } from "./shader-source.js";

const SWIZZLE_ASSIGN = /(?:\.\s*([xyzw]{1,4}|[rgba]{1,4})|\[[^\]]*\])\s*(<<=|>>=|[-+*/%&|^]?=)(?!=)/gu;

/** The offset of the start of the statement that contains `at`, or -1 where it is inside parentheses (a for header). */
function statementStart(plain: string, at: number): number {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    const c = plain[i]!;
    if (c === ")" || c === "]") depth++;
    else if (c === "(" || c === "[") { if (depth === 0) return -1; depth--; }
    else if (depth === 0 && (c === ";" || c === "{" || c === "}")) return i + 1;
  }
  return 0;
}

/** The offset of the `;` that ends the statement whose right-hand side starts at `from`, or -1. */
function statementEnd(plain: string, from: number): number {
  let depth = 0;
  for (let i = from; i < plain.length; i++) {
    const c = plain[i]!;
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") { if (depth === 0) return -1; depth--; }
    else if (c === ";" && depth === 0) return i;
    else if (c === "{" || c === "}") return -1;
  }
  return -1;
}

/** A left side taken apart: `base` (a reference or pointer to the vector, indices hoisted), the vector components written, and the whole left side as an expression. */
interface SwizzleTarget { base: string; components: number[]; value: string }

const SWIZZLE_NAME = /^(?:[xyzw]{1,4}|[rgba]{1,4})$/u;
const componentIndex = (c: string): number => "xyzw".includes(c) ? "xyzw".indexOf(c) : "rgba".indexOf(c);

/**
 * The left side `root(.member | [index])* (.swizzle | [literal])+`, with every index before the first swizzle that
 * is not an integer literal hoisted and the swizzles composed into the vector components they write; null where it
 * is not of that shape, a swizzle names a component twice or one beyond the swizzle before it, or it writes a single
 * component without any swizzle before (naga compiles that).
 */
function splitTarget(lhs: string, members: ReadonlySet<string>, hoist: (index: string) => string): SwizzleTarget | null {
  const s = lhs.trim();
  let i = 0, base = "";
  const ident = /^[A-Za-z_][A-Za-z0-9_]*/u;
  const skipBlanks = (): void => { while (/\s/u.test(s[i] ?? "")) i++; };
  if (s[0] === "(") {
    let depth = 0;
    for (; i < s.length; i++) {
      if (s[i] === "(") depth++;
      else if (s[i] === ")" && --depth === 0) { i++; break; }
    }
    if (depth !== 0) return null;
    base = s.slice(0, i);
  } else {
    const m = ident.exec(s);
    if (!m) return null;
    i = m[0].length;
    base = m[0];
  }
  let components: number[] | null = null, swizzles = 0, value = "";
  while (true) {
    skipBlanks();
    if (i >= s.length) break;
    if (s[i] === ".") {
      i++;
      skipBlanks();
      const m = ident.exec(s.slice(i));
      if (!m) return null;
      i += m[0].length;
      const name = m[0];
      if (components === null && (members.has(name) || !SWIZZLE_NAME.test(name))) { base += `.${name}`; continue; }
      if (!SWIZZLE_NAME.test(name) || new Set(name).size !== name.length) return null;
      const picked = [...name].map(componentIndex);
      if (components !== null && picked.some((k) => k >= components!.length)) return null;
      components = components === null ? picked : picked.map((k) => components![k]!);
      value += `.${name}`;
      swizzles++;
    } else if (s[i] === "[") {
      let depth = 0, j = i;
      for (; j < s.length; j++) {
        if (s[j] === "[" || s[j] === "(") depth++;
        else if ((s[j] === "]" || s[j] === ")") && --depth === 0) break;
      }
      if (depth !== 0 || s[j] !== "]") return null;
      const index = s.slice(i + 1, j).trim();
      if (!index) return null;
      const literal = /^(?:0[xX][0-9a-fA-F]+|[0-9]+)[iu]?$/u.test(index);
      if (components !== null) {
        // An index into a swizzle: only a literal one names a component.
        const k = literal ? Number.parseInt(index.replace(/[iu]$/u, "")) : NaN;
        if (!(k >= 0 && k < components.length)) return null;
        components = [components[k]!];
        value += `[${index}]`;
        swizzles++;
      } else base += literal ? `[${index}]` : `[${hoist(index)}]`;
      i = j + 1;
    } else return null;
  }
  if (components === null || (swizzles === 1 && components.length === 1)) return null;
  return { base, components, value: base + value };
}

export function rewriteSwizzleAssignments(code: string): { code: string; inserts: Insert[] } {
  const unchanged = { code, inserts: [] as Insert[] };
  // (A cheap test on the text with its comments: a comment may stand between the swizzle and the operator.)
  if (!/\.\s*(?:[xyzw]{1,4}|[rgba]{1,4})\b/u.test(code)) return unchanged;
  const plain = blankComments(code);
  // A struct member may be named like a swizzle (`s.xy = 1u;` assigns a member): such names are left alone.
  const members = new Set<string>();
  for (const body of plain.matchAll(/\bstruct\s+[A-Za-z_][A-Za-z0-9_]*\s*\{([^}]*)\}/gu)) {
    for (const member of body[1]!.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*:/gu)) members.add(member[1]!);
  }
  const edits: Array<{ start: number; end: number; text: string }> = [];
  let serial = 0, last = -1;
  for (const m of plain.matchAll(SWIZZLE_ASSIGN)) {
    const op = m[2]!;
    const start = statementStart(plain, m.index!);
    if (start < 0 || start <= last) continue;
    const end = statementEnd(plain, m.index! + m[0].length);
    if (end < 0) continue;
    const hoisted: string[] = [];
    const n = serial;
    const lhsEnd = m.index! + m[0].length - op.length;
    const target = splitTarget(plain.slice(start, lhsEnd), members, (index) => {
      const name = `_wgts_s${n}_${hoisted.length}`;
      hoisted.push(`let ${name} = ${index};`);
      return name;
    });
    if (target === null) continue;
    serial++;
    const temp = `_wgts_sv${n}`;
    const rhs = plain.slice(m.index! + m[0].length, end).trim();
    const one = target.components.length === 1;
    const stores = target.components.map((c, k) => `${target.base}.${"xyzw"[c]} = ${temp}${one ? "" : `.${"xyzw"[k]}`};`).join(" ");
    const text = `{ ${hoisted.join(" ")}${hoisted.length ? " " : ""}var ${temp} = ${target.value}; ${temp} ${op} ${rhs}; ${stores} }`;
    edits.push({ start, end: end + 1, text: text.replace(/\s*[\r\n]\s*/gu, " ") });
    last = end;
  }
  if (!edits.length) return unchanged;
  let out = "", from = 0, line = 1, column = 1;
  const inserts: Insert[] = [];
  const advance = (text: string): void => {
    for (const ch of text) { if (ch === "\n") { line++; column = 1; } else column++; }
  };
  for (const e of edits) {
    const before = code.slice(from, e.start);
    out += before; advance(before);
    const original = code.slice(e.start, e.end);
    if (original.includes("\n") || original.includes("\r")) {
      // The statement's first line gets the rewrite, its other lines become blanks (same lines and columns after it).
      const rest = original.slice(original.search(/[\r\n]/u)).replace(/[^\r\n]/gu, " ");
      out += e.text + rest;
      advance(e.text + rest);
    } else {
      inserts.push([line, column, [...e.text].length - [...original].length]);
      out += e.text;
      advance(e.text);
    }
    from = e.end;
  }
  return { code: out + code.slice(from), inserts };
}
