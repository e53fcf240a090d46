// The workgroup storage a WGSL compute entry point uses, for maxComputeWorkgroupStorageSize.
//
// The spec (createComputePipeline) sums roundUp(16, SizeOf(T)) over the types T of every
// var<workgroup> statically used by the entry point and requires the sum <= the device's
// maxComputeWorkgroupStorageSize. wgpu-core 29 does not check this limit at all (gfx-rs/wgpu#8946), so
// an oversized pipeline is created and only fails, if ever, in the driver. This module finds the
// module-scope declarations (struct, alias, const, override, var, fn) with a small tokenizer, lays
// out the workgroup variables' types by WGSL's memory layout rules (AlignOf/SizeOf, @align/@size),
// evaluates array element counts (const and override expressions, with the pipeline's constants) and
// follows the entry point's calls for static use. Whatever it cannot decide (an unknown type, a count
// it cannot evaluate, a syntax it does not follow) makes the whole answer `null`: the caller then
// checks nothing, so this never refuses a pipeline it has not fully understood.

type Tok = string;

const IDENT = /[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/y;
const NUMBER = /(?:0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*(?:[pP][+-]?\d+)?|\d*\.?\d+(?:[eE][+-]?\d+)?)[iufh]?/y;
const TWO_CHAR = new Set(["<<", ">>", "->", "<=", ">=", "==", "!=", "&&", "||"]);

/** Tokens of WGSL source: identifiers, numbers, punctuation (a few two-character operators whole); comments dropped. */
function tokenize(code: string): Tok[] {
  const out: Tok[] = [];
  const n = code.length;
  let i = 0;
  const match = (re: RegExp): string | null => {
    re.lastIndex = i;
    const m = re.exec(code);
    return m && m[0].length > 0 ? m[0] : null;
  };
  while (i < n) {
    const c = code[i]!;
    if (c === "/" && code[i + 1] === "/") { while (i < n && code[i] !== "\n") i++; continue; }
    if (c === "/" && code[i + 1] === "*") {
      // Block comments nest in WGSL.
      let depth = 1; i += 2;
      while (i < n && depth > 0) {
        if (code[i] === "/" && code[i + 1] === "*") { depth++; i += 2; } else if (code[i] === "*" && code[i + 1] === "/") { depth--; i += 2; } else i++;
      }
      continue;
    }
    if (c === " " || c === "\n" || c === "\t" || c === "\r" || /\s/.test(c)) { i++; continue; }
    const id = match(IDENT);
    if (id) { out.push(id); i += id.length; continue; }
    const num = /[0-9.]/.test(c) ? match(NUMBER) : null;
    if (num) { out.push(num); i += num.length; continue; }
    // `>>` may also close two template lists (array<vec2<f32>>): readType splits it there.
    const two = code.slice(i, i + 2);
    if (TWO_CHAR.has(two)) { out.push(two); i += 2; continue; }
    out.push(c); i++;
  }
  return out;
}

interface Layout { align: number; size: number }
class Unknown extends Error {}
const unknown = (what: string): never => { throw new Unknown(what); };

const roundUp = (k: number, n: number): number => Math.ceil(n / k) * k;

interface Decl { kind: "const" | "override"; name: string; id?: number; expr: Tok[] }
interface Struct { members: Array<{ type: Tok[]; align: Tok[] | null; size: Tok[] | null }> }
interface Fn { name: string; stage: string | null; params: string[]; body: Tok[] }
interface WorkgroupVar { name: string; type: Tok[] }

/** The module-scope declarations of a WGSL module (what the workgroup storage computation needs). */
export interface WgslScope {
  consts: Map<string, Decl>;
  overrides: Map<string, Decl>;
  structs: Map<string, Struct>;
  aliases: Map<string, Tok[]>;
  fns: Map<string, Fn>;
  workgroupVars: WorkgroupVar[];
}

/** Skips a balanced group starting at toks[i] (an opening bracket); returns the index after it. */
function skipGroup(toks: Tok[], i: number): number {
  const open = toks[i]!, close = open === "(" ? ")" : open === "[" ? "]" : "}";
  let depth = 0;
  for (; i < toks.length; i++) {
    if (toks[i] === open) depth++;
    else if (toks[i] === close && --depth === 0) return i + 1;
  }
  return unknown("unbalanced brackets");
}

/** Reads a type starting at toks[i]: its tokens and the index after it. Template lists are balanced on < >. */
function readType(toks: Tok[], i: number): [Tok[], number] {
  const start = i;
  if (!/^[A-Za-z_]/.test(toks[i] ?? "")) unknown("type expected");
  i++;
  if (toks[i] === "<") {
    let depth = 0;
    for (; i < toks.length; i++) {
      const t = toks[i]!;
      if (t === "(" || t === "[") { i = skipGroup(toks, i) - 1; continue; }
      if (t === "<") depth++;
      else if (t === ">") depth--;
      else if (t === ">>") {
        // `array<vec2<f32>>`: the two closers of nested lists, split in place.
        toks.splice(i, 1, ">", ">");
        depth--;
      } else if (t === ";" || t === "{" || t === "=") unknown("unterminated template list");
      if (depth === 0) { i++; break; }
    }
  }
  return [toks.slice(start, i), i];
}

/** Reads an expression up to (not including) a top-level `stop` token. */
function readExpr(toks: Tok[], i: number, stops: ReadonlySet<string>): [Tok[], number] {
  const start = i;
  while (i < toks.length && !stops.has(toks[i]!)) {
    if (toks[i] === "(" || toks[i] === "[" || toks[i] === "{") i = skipGroup(toks, i);
    else i++;
  }
  return [toks.slice(start, i), i];
}

const SEMI = new Set([";"]);
const COMMA_CLOSE = new Set([",", ")"]);

/** Reads the attributes at toks[i]: name -> argument tokens. */
function readAttributes(toks: Tok[], i: number): [Map<string, Tok[]>, number] {
  const attrs = new Map<string, Tok[]>();
  while (toks[i] === "@") {
    const name = toks[i + 1] ?? "";
    i += 2;
    if (toks[i] === "(") {
      const end = skipGroup(toks, i);
      attrs.set(name, toks.slice(i + 1, end - 1));
      i = end;
    } else attrs.set(name, []);
  }
  return [attrs, i];
}

/** Parses the module-scope declarations; throws Unknown on what it does not follow. */
export function parseWgslScope(code: string): WgslScope {
  const toks = tokenize(code);
  const scope: WgslScope = { consts: new Map(), overrides: new Map(), structs: new Map(), aliases: new Map(), fns: new Map(), workgroupVars: [] };
  let i = 0;
  while (i < toks.length) {
    const [attrs, at] = readAttributes(toks, i);
    i = at;
    const t = toks[i];
    if (t === undefined) break;
    if (t === ";") { i++; continue; }
    if (t === "enable" || t === "requires" || t === "diagnostic" || t === "const_assert") { i = readExpr(toks, i, SEMI)[1] + 1; continue; }
    if (t === "struct") {
      const name = toks[i + 1]!;
      i += 2;
      if (toks[i] !== "{") unknown("struct body expected");
      const end = skipGroup(toks, i);
      const body = toks.slice(i + 1, end - 1);
      const members: Struct["members"] = [];
      let k = 0;
      while (k < body.length) {
        const [mAttrs, mk] = readAttributes(body, k);
        k = mk;
        if (k >= body.length) break;
        if (body[k + 1] !== ":") unknown("struct member expected");
        const [type, after] = readType(body, k + 2);
        members.push({ type, align: mAttrs.get("align") ?? null, size: mAttrs.get("size") ?? null });
        k = after;
        if (body[k] === ",") k++;
      }
      scope.structs.set(name, { members });
      i = end;
      continue;
    }
    if (t === "alias") {
      const name = toks[i + 1]!;
      if (toks[i + 2] !== "=") unknown("alias = expected");
      const [type, after] = readType(toks, i + 3);
      scope.aliases.set(name, type);
      i = after + 1;
      continue;
    }
    if (t === "const" || t === "override") {
      const name = toks[i + 1]!;
      i += 2;
      if (toks[i] === ":") i = readType(toks, i + 1)[1];
      let expr: Tok[] = [];
      if (toks[i] === "=") [expr, i] = readExpr(toks, i + 1, SEMI);
      const idArg = attrs.get("id");
      const decl: Decl = { kind: t, name, expr };
      if (idArg) decl.id = evalConst(idArg, scope, undefined);
      (t === "const" ? scope.consts : scope.overrides).set(name, decl);
      i++;
      continue;
    }
    if (t === "var") {
      i++;
      let space = "";
      if (toks[i] === "<") {
        const close = toks.indexOf(">", i);
        if (close < 0) unknown("var template");
        space = toks[i + 1]!;
        i = close + 1;
      }
      const name = toks[i]!;
      i++;
      let type: Tok[] | null = null;
      if (toks[i] === ":") [type, i] = readType(toks, i + 1);
      i = readExpr(toks, i, SEMI)[1] + 1;
      if (space === "workgroup") {
        if (!type) unknown("workgroup var without a type");
        scope.workgroupVars.push({ name, type: type! });
      }
      continue;
    }
    if (t === "fn") {
      const name = toks[i + 1]!;
      i += 2;
      if (toks[i] !== "(") unknown("parameters expected");
      const pEnd = skipGroup(toks, i);
      const params: string[] = [];
      let k = i + 1;
      while (k < pEnd - 1) {
        k = readAttributes(toks, k)[1];
        params.push(toks[k]!);
        k = readExpr(toks, k, COMMA_CLOSE)[1];
        if (toks[k] === ",") k++;
      }
      i = pEnd;
      // Return type (with its attributes) up to the body.
      while (i < toks.length && toks[i] !== "{") i++;
      const end = skipGroup(toks, i);
      const stage = attrs.has("compute") ? "compute" : attrs.has("vertex") ? "vertex" : attrs.has("fragment") ? "fragment" : null;
      scope.fns.set(name, { name, stage, params, body: toks.slice(i + 1, end - 1) });
      i = end;
      continue;
    }
    unknown(`declaration "${t}"`);
  }
  return scope;
}

// ---- constant expressions ------------------------------------------------------------------

/** Pipeline-overridable constants as GPUProgrammableStage.constants gives them (by name or by @id). */
export type PipelineConstants = Readonly<Record<string, number>> | undefined;

function overrideValue(d: Decl, scope: WgslScope, constants: PipelineConstants, seen: Set<string>): number {
  if (constants) {
    if (Object.prototype.hasOwnProperty.call(constants, d.name)) return constants[d.name]!;
    if (d.id !== undefined && Object.prototype.hasOwnProperty.call(constants, String(d.id))) return constants[String(d.id)]!;
  }
  if (d.expr.length === 0) return unknown(`override ${d.name} has no value`);
  return evalTokens(d.expr, scope, constants, seen);
}

/** Evaluates an integer const/override expression (the subset array counts use). */
function evalTokens(toks: Tok[], scope: WgslScope, constants: PipelineConstants, seen: Set<string>): number {
  let i = 0;
  const peek = () => toks[i];
  const primary = (): number => {
    const t = toks[i++];
    if (t === undefined) return unknown("expression ended");
    if (t === "(") { const v = binary(0); if (toks[i++] !== ")") unknown(") expected"); return v; }
    if (t === "-") return -primary();
    if (t === "~") return ~primary();
    if (/^[0-9]/.test(t)) {
      const m = /^(0[xX][0-9a-fA-F]+|\d+)[iu]?$/.exec(t);
      return m ? Number(m[1]) : unknown(`number ${t}`);
    }
    if (/^[A-Za-z_]/.test(t)) {
      // Type constructors of a single integer (u32(4), i32(N)) keep the value.
      if ((t === "u32" || t === "i32") && peek() === "(") { i++; const v = binary(0); if (toks[i++] !== ")") unknown(") expected"); return v; }
      if ((t === "min" || t === "max") && peek() === "(") {
        i++;
        const a = binary(0);
        if (toks[i++] !== ",") unknown(", expected");
        const b = binary(0);
        if (toks[i++] !== ")") unknown(") expected");
        return t === "min" ? Math.min(a, b) : Math.max(a, b);
      }
      if (seen.has(t)) return unknown("cyclic constant");
      const c = scope.consts.get(t) ?? scope.overrides.get(t);
      if (!c) return unknown(`identifier ${t}`);
      seen.add(t);
      try { return c.kind === "override" ? overrideValue(c, scope, constants, seen) : evalTokens(c.expr, scope, constants, seen); } finally { seen.delete(t); }
    }
    return unknown(`token ${t}`);
  };
  const PREC: Record<string, number> = { "|": 1, "^": 2, "&": 3, "<<": 4, ">>": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6 };
  const binary = (min: number): number => {
    let left = primary();
    for (;;) {
      const op = peek();
      const p = op === undefined ? undefined : PREC[op];
      if (p === undefined || p < min) break;
      i++;
      const right = binary(p + 1);
      switch (op) {
        case "+": left = left + right; break;
        case "-": left = left - right; break;
        case "*": left = left * right; break;
        case "/": left = right === 0 ? unknown("division by 0") : Math.trunc(left / right); break;
        case "%": left = right === 0 ? unknown("division by 0") : left % right; break;
        case "<<": left = left * 2 ** right; break;
        case ">>": left = Math.floor(left / 2 ** right); break;
        case "&": left = left & right; break;
        case "|": left = left | right; break;
        case "^": left = left ^ right; break;
      }
    }
    return left;
  };
  const v = binary(0);
  if (i !== toks.length) unknown("trailing tokens in expression");
  return v;
}

function evalConst(toks: Tok[], scope: WgslScope, constants: PipelineConstants): number {
  return evalTokens(toks, scope, constants, new Set());
}

// ---- memory layout -------------------------------------------------------------------------

const SCALARS: Record<string, number> = { f32: 4, i32: 4, u32: 4, bool: 4, f16: 2 };
const SUFFIX: Record<string, string> = { f: "f32", i: "i32", u: "u32", h: "f16" };

/** Splits the template arguments of a type's tokens (after the name) at top-level commas. */
function templateArgs(type: Tok[]): Tok[][] {
  if (type[1] !== "<") return [];
  const args: Tok[][] = [];
  let depth = 0, cur: Tok[] = [];
  for (let k = 2; k < type.length - 1; k++) {
    const t = type[k]!;
    if (t === "<" || t === "(" || t === "[") depth++;
    else if (t === ">" || t === ")" || t === "]") depth--;
    if (t === "," && depth === 0) { args.push(cur); cur = []; } else cur.push(t);
  }
  if (cur.length) args.push(cur);
  return args;
}

/** Struct layouts of one computation (a struct used many times is laid out once: no exponential work). */
type StructLayouts = Map<string, Layout>;

function layoutOf(type: Tok[], scope: WgslScope, constants: PipelineConstants, depth = 0, structs: StructLayouts = new Map()): Layout {
  if (depth > 64) return unknown("type nesting");
  const name = type[0]!;
  const args = templateArgs(type);
  if (Object.prototype.hasOwnProperty.call(SCALARS, name) && type.length === 1) return { align: SCALARS[name]!, size: SCALARS[name]! };
  if (name === "atomic") return { align: 4, size: 4 };
  let m: RegExpExecArray | null;
  if ((m = /^vec([234])([fiuh])?$/.exec(name))) {
    const scalar = m[2] ? SCALARS[SUFFIX[m[2]]!]! : layoutOf(args[0] ?? unknown("vec element"), scope, constants, depth + 1, structs).size;
    const n = Number(m[1]);
    return { align: (n === 2 ? 2 : 4) * scalar, size: n * scalar };
  }
  if ((m = /^mat([234])x([234])([fh])?$/.exec(name))) {
    const scalar = m[3] ? SCALARS[SUFFIX[m[3]]!]! : layoutOf(args[0] ?? unknown("mat element"), scope, constants, depth + 1, structs).size;
    const cols = Number(m[1]), rows = Number(m[2]);
    const column = { align: (rows === 2 ? 2 : 4) * scalar, size: rows * scalar };
    return { align: column.align, size: cols * roundUp(column.align, column.size) };
  }
  if (name === "array") {
    if (args.length !== 2) return unknown("runtime-sized array");
    const element = layoutOf(args[0]!, scope, constants, depth + 1, structs);
    const count = evalConst(args[1]!, scope, constants);
    if (!(count > 0)) return unknown("array count");
    return { align: element.align, size: count * roundUp(element.align, element.size) };
  }
  const alias = scope.aliases.get(name);
  if (alias) return layoutOf(alias, scope, constants, depth + 1, structs);
  const struct = scope.structs.get(name);
  if (struct) {
    const known = structs.get(name);
    if (known) return known;
    let offset = 0, align = 1;
    for (const member of struct.members) {
      const l = layoutOf(member.type, scope, constants, depth + 1, structs);
      const a = member.align ? evalConst(member.align, scope, constants) : l.align;
      const s = member.size ? evalConst(member.size, scope, constants) : l.size;
      offset = roundUp(a, offset) + s;
      align = Math.max(align, a);
    }
    const layout = { align, size: roundUp(align, offset) };
    structs.set(name, layout);
    return layout;
  }
  return unknown(`type ${name}`);
}

// ---- static use ----------------------------------------------------------------------------

/** The module-scope names a function's body refers to (a local declaration or parameter hides one). */
function referencedNames(fn: Fn): Set<string> {
  const out = new Set<string>();
  const scopes: Array<Set<string>> = [new Set(fn.params)];
  const hidden = (name: string) => scopes.some((s) => s.has(name));
  const body = fn.body;
  for (let k = 0; k < body.length; k++) {
    const t = body[k]!;
    if (t === "{") { scopes.push(new Set()); continue; }
    if (t === "}") { scopes.pop(); continue; }
    if (!/^[A-Za-z_]/.test(t)) continue;
    if (body[k - 1] === ".") continue; // a member or swizzle, not a name
    if (t === "let" || t === "var" || t === "const") {
      let n = k + 1;
      if (body[n] === "<") { while (n < body.length && body[n] !== ">") n++; n++; }
      const declared = body[n];
      if (declared) scopes[scopes.length - 1]!.add(declared);
      k = n;
      continue;
    }
    if (!hidden(t)) out.add(t);
  }
  return out;
}

/**
 * The spec's workgroupStorageUsed of a compute entry point: the sum of roundUp(16, SizeOf(T)) over the
 * workgroup variables it statically uses. `null` when the module has no such entry point (naga reports
 * that) or when the code is beyond what this module follows.
 */
export function workgroupStorageUsed(scope: WgslScope, entryPoint: string | undefined, constants: PipelineConstants): number | null {
  try {
    let entry: Fn | undefined;
    if (entryPoint !== undefined) entry = scope.fns.get(entryPoint);
    else {
      const computes = [...scope.fns.values()].filter((f) => f.stage === "compute");
      entry = computes.length === 1 ? computes[0] : undefined;
    }
    if (!entry || entry.stage !== "compute") return null;
    const wgNames = new Map(scope.workgroupVars.map((v) => [v.name, v]));
    const used = new Set<string>();
    const visited = new Set<string>();
    const stack = [entry];
    while (stack.length) {
      const fn = stack.pop()!;
      if (visited.has(fn.name)) continue;
      visited.add(fn.name);
      for (const name of referencedNames(fn)) {
        if (wgNames.has(name)) used.add(name);
        const callee = scope.fns.get(name);
        if (callee && !visited.has(name)) stack.push(callee);
      }
    }
    let total = 0;
    const structs: StructLayouts = new Map();
    for (const name of used) total += roundUp(16, layoutOf(wgNames.get(name)!.type, scope, constants, 0, structs).size);
    return total;
  } catch {
    // Unknown: beyond this module. Anything else would be a bug here, and must not make a valid pipeline fail.
    return null;
  }
}

/** Parses `code` for workgroupStorageUsed; `null` when it has no workgroup variables or is beyond this module. */
export function workgroupScope(code: string): WgslScope | null {
  if (!/\bvar\s*<\s*workgroup\b/.test(code)) return null;
  try {
    const scope = parseWgslScope(code);
    return scope.workgroupVars.length ? scope : null;
  } catch {
    return null; // as in workgroupStorageUsed
  }
}
