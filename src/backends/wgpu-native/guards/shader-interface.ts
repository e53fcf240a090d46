// The spec's pipeline-creation rules that need a shader's interface, where wgpu-native 29 is laxer than
// the spec (each rule below names what wgpu-core does instead):
//
// - fragment targets: a target with a nonzero writeMask needs a fragment output at its location, and a
//   blend whose color factors read the source alpha needs a vec4 output (wgpu-core checks neither);
// - alphaToCoverageEnabled with a fragment shader writing @builtin(sample_mask) (wgpu-core: not checked);
// - inter-stage variables: a fragment input must have exactly the type of the vertex output at its
//   location (wgpu-core accepts a vertex output with more components);
// - a texture with a non-filterable sample type ("depth", "sint", "uint", "unfilterable-float") used
//   with a "filtering" sampler in one texture builtin call (wgpu-core takes depth textures as filterable);
// - compute: the workgroup size after overrides against the maxComputeWorkgroupSize* limits (wgpu-core
//   checks the size before it applies the pipeline's constants), the workgroup storage the entry point
//   uses against maxComputeWorkgroupStorageSize (wgpu-core: not checked, gfx-rs/wgpu#8946);
// - clip distances: a vertex stage writing @builtin(clip_distances) as array<f32, N> has ceil(N / 4) fewer
//   inter-stage slots, both for its number of user-defined outputs and for their largest @location
//   (wgpu-core deducts only the point-list slot: test/cts/repros/wgpu_native_clip_distances_not_counted.py);
// - immediate data: the var<immediate> an entry point uses against the layout's immediateSize, and the
//   4-byte slots a draw/dispatch needs set (wgpu-core checks neither).
//
// This is the one place wgpu-ts reads a WGSL module's interface. It comes from wgsl_reflect's parser (the
// AST of the module, parsed once per module: at createShaderModule when its source has loops, for the proof of
// guards/loop-termination.ts, else when a pipeline first asks; the interface itself is computed only when a
// pipeline asks). Every rule is applied only
// where the reflection is certain: a module the parser cannot read, a type it does not know, an expression
// it cannot evaluate make the rule pass, so wgpu-native's own validation stays the last word and no valid
// pipeline is refused on a guess.
//
// Cost: the parser's own struct layout (WgslReflect._getTypeSize and _updateTypeInfo, run on every
// declaration while parsing) re-lays out a struct at each use, which is exponential in struct nesting (a
// chain of 22 structs of two members each took 64 s to parse, 4 ms with the memo); CountKeepingParser
// memoizes both per parse, and sizeAlign below lays out each struct once per computation. A typical
// compute shader costs about 3 ms here, once per module (the first pipeline made from it).
import { WgslParser } from "wgsl_reflect/wgsl_reflect.module.js";

export type Node = { readonly astNodeType: string; [k: string]: unknown };

export interface IoVar { type: string | null; components: number; scalar: string | null; interpolation: string | null }

export interface EntryInterface {
  name: string;
  stage: "vertex" | "fragment" | "compute";
  /** user-defined inputs by location */
  inputs: Map<number, IoVar>;
  /** user-defined outputs by location */
  outputs: Map<number, IoVar>;
  /** builtins the entry point outputs */
  builtinOutputs: Set<string>;
  /** every @location of its outputs was read (a location given by a const expression makes the output rules pass) */
  outputsKnown: boolean;
  /** (texture, sampler) global variables used together in one texture builtin call */
  textureSamplerPairs: Array<{ texture: GlobalResource; sampler: GlobalResource }>;
  /** module-scope variables it uses (through the functions it calls too) */
  globals: Set<string>;
  /** @workgroup_size(...) expressions */
  workgroupSize: Node[] | null;
  /** the number of user-defined outputs (@location attributes, whatever their value) */
  outputCount: number;
  /** the array type of its @builtin(clip_distances) output, or null */
  clipDistancesType: Node | null;
  /** the expression naming its @builtin(local_invocation_index) input (`arg` or `arg.member`), or null */
  localInvocationIndex: string | null;
  /** overrides it (or a function it calls) passes as the id, mask or delta of a subgroupShuffle* call */
  shuffleOverrides: Set<string>;
}

export interface GlobalResource { name: string; group: number; binding: number }

export interface ModuleInterface {
  entries: EntryInterface[];
  vars: Map<string, { storage: string; type: Node | null; group: number; binding: number; node: Node }>;
  overrides: Map<string, { id: number | null; type: string; value: Node | null }>;
  consts: Map<string, Node>;
  aliases: Map<string, Node>;
  structs: Map<string, Node>;
  /** override-sized array types: their count expression (the parser evaluates constant counts only) */
  arrayCounts: WeakMap<object, Node>;
}

/** Keeps the count expression of every array type the parser sees (it drops those it cannot evaluate). */
class CountKeepingParser extends WgslParser {
  readonly counts = new WeakMap<object, Node>();
  constructor() {
    super();
    // wgsl_reflect 1.6.0 (pinned) computes the layout of a struct member by member, recursively and without a
    // cache, each time a type is registered. The result depends only on the type object, so one per parse is
    // kept (the rules here never read these layouts: sizeAlign computes its own from the AST).
    // Its _updateTypeInfo likewise re-walks every member type of a struct at each use; a type object is
    // complete when first updated (getTypeInfo builds it first), so one update per object is kept.
    type Reflection = { _getTypeSize?: (t: object | null) => unknown; _updateTypeInfo?: (t: object | null) => void };
    const reflection = (this._exec as unknown as { reflection?: Reflection }).reflection;
    const getTypeSize = reflection?._getTypeSize;
    const updateTypeInfo = reflection?._updateTypeInfo;
    if (reflection && typeof getTypeSize === "function" && typeof updateTypeInfo === "function") {
      const sizes = new WeakMap<object, unknown>();
      const updated = new WeakSet<object>();
      reflection._getTypeSize = function (t: object | null): unknown {
        if (t === null || typeof t !== "object") return getTypeSize.call(this, t);
        if (sizes.has(t)) return sizes.get(t);
        const r = getTypeSize.call(this, t);
        sizes.set(t, r);
        return r;
      };
      reflection._updateTypeInfo = function (t: object | null): void {
        if (t === null || typeof t !== "object") { updateTypeInfo.call(this, t); return; }
        if (updated.has(t)) return;
        updated.add(t);
        updateTypeInfo.call(this, t);
      };
    }
    const list = this._deferArrayCountEval as Array<{ arrayType: object; countNode: Node }>;
    const counts = this.counts;
    Object.defineProperty(list, "push", {
      value(...items: Array<{ arrayType: object; countNode: Node }>) {
        for (const i of items) counts.set(i.arrayType, i.countNode);
        return Array.prototype.push.apply(this, items);
      },
    });
  }
}

const cache = new WeakMap<object, ModuleInterface | null>();

/** Files an interface computed before its key object existed (a shader module's, at its creation). */
export function rememberInterface(key: object, m: ModuleInterface | null): void {
  cache.set(key, m);
}

/** The interface of a WGSL module (cached per key object), or null where the parser cannot read it. */
export function moduleInterface(key: object, code: string): ModuleInterface | null {
  if (cache.has(key)) return cache.get(key)!;
  let result: ModuleInterface | null = null;
  try {
    result = reflect(code, parses.get(key));
  } catch {
    result = null;
  }
  parses.delete(key);
  cache.set(key, result);
  return result;
}

function attr(n: object, name: string): { name: string; value: string | string[] | null } | undefined {
  const a = (n as { attributes?: unknown }).attributes as Array<{ name: string; value: string | string[] | null }> | null | undefined;
  return a?.find((x) => x.name === name);
}
function attrInt(n: object, name: string): number | null {
  const a = attr(n, name);
  if (!a) return null;
  const v = Array.isArray(a.value) ? a.value[0] : a.value;
  const i = v === null || v === undefined ? NaN : Number.parseInt(String(v), 10);
  return Number.isFinite(i) ? i : null;
}

/** Visits every AST node under `n` (functions' `calls` sets and evaluated values are not nodes). */
export function walk(n: unknown, visit: (node: Node) => void, seen = new Set<unknown>()): void {
  if (!n || typeof n !== "object" || seen.has(n)) return;
  seen.add(n);
  if (Array.isArray(n)) { for (const x of n) walk(x, visit, seen); return; }
  const node = n as Node;
  if (typeof node.astNodeType !== "string") return;
  visit(node);
  for (const [k, v] of Object.entries(node)) {
    if (k === "calls" || k === "cachedReturnValue") continue;
    if (v && typeof v === "object") walk(v, visit, seen);
  }
}

const SCALAR_OF: Record<string, string> = { f: "f32", i: "i32", u: "u32", h: "f16" };

/** A type node as [scalar, components] ("vec3<f32>" and "vec3f" alike), resolving aliases. */
function ioType(t: Node | null | undefined, aliases: Map<string, Node>, depth = 0): { type: string; scalar: string; components: number } | null {
  if (!t || depth > 16) return null;
  const name = t.name as string;
  if (aliases.has(name)) return ioType(aliases.get(name), aliases, depth + 1);
  if (["f32", "i32", "u32", "f16", "bool"].includes(name)) return { type: name, scalar: name, components: 1 };
  let m = /^vec([234])([fiuh])$/.exec(name);
  if (m) return { type: `vec${m[1]}<${SCALAR_OF[m[2]!]}>`, scalar: SCALAR_OF[m[2]!]!, components: Number(m[1]) };
  m = /^vec([234])$/.exec(name);
  const f = t.format as Node | null | undefined;
  if (m && f) {
    const s = ioType(f, aliases, depth + 1);
    if (!s || s.components !== 1) return null;
    return { type: `vec${m[1]}<${s.scalar}>`, scalar: s.scalar, components: Number(m[1]) };
  }
  return null;
}

function interpolation(n: object): string | null {
  const a = attr(n, "interpolate");
  if (!a) return null;
  return (Array.isArray(a.value) ? a.value : [a.value]).filter((x) => x !== null).join(",").replace(/\s+/g, "");
}

/**
 * The AST of a whole WGSL module from wgsl_reflect's parser; throws where the parser fails or reads only part
 * of the module. Also the parse of guards/loop-termination.ts (one parser for all of wgpu-ts's WGSL reading).
 */
export function parseWgsl(code: string): ParsedWgsl {
  const parser = new CountKeepingParser();
  const ast = parser.parse(code) as unknown as Node[];
  // The parser stops quietly at a declaration it does not know (newer WGSL): a partial module is no answer.
  const atEnd = (parser as unknown as { _isAtEnd?: () => boolean })._isAtEnd;
  if (typeof atEnd !== "function" || !atEnd.call(parser)) throw new Error("wgsl_reflect did not read the whole module");
  return { ast, counts: parser.counts };
}

export interface ParsedWgsl { ast: Node[]; counts: WeakMap<object, Node> }

const parses = new WeakMap<object, ParsedWgsl>();

/**
 * Keeps a module's parse (made at createShaderModule for the loop proof) for its first moduleInterface call,
 * so the module is parsed once. Neither the prover nor reflect changes the AST.
 */
export function rememberParse(key: object, parsed: ParsedWgsl): void {
  parses.set(key, parsed);
}

function reflect(code: string, parsed?: ParsedWgsl): ModuleInterface {
  const { ast, counts } = parsed ?? parseWgsl(code);
  const vars: ModuleInterface["vars"] = new Map();
  const overrides: ModuleInterface["overrides"] = new Map();
  const consts = new Map<string, Node>();
  const aliases = new Map<string, Node>();
  const structs = new Map<string, Node>();
  const functions = new Map<string, Node>();
  for (const n of ast) {
    switch (n.astNodeType) {
      case "var": vars.set(n.name as string, { storage: (n.storage as string) || "", type: n.type as Node | null, group: attrInt(n, "group") ?? -1, binding: attrInt(n, "binding") ?? -1, node: n }); break;
      case "override": overrides.set(n.name as string, { id: attrInt(n, "id"), type: (n.type as Node | null)?.name as string ?? "", value: n.value as Node | null }); break;
      case "const": consts.set(n.name as string, n.value as Node); break;
      case "alias": aliases.set(n.name as string, n.type as Node); break;
      case "struct": structs.set(n.name as string, n); break;
      case "function": functions.set(n.name as string, n); break;
    }
  }
  // Per function: the globals it names (a name it also declares locally is left out: not knowing which
  // one an expression means, the rules take the global as unused), the functions it calls, and the
  // texture/sampler pairs of its texture builtin calls.
  const direct = new Map<string, { globals: Set<string>; calls: Set<string>; pairs: Array<[string, string]>; shuffles: Set<string> }>();
  for (const [name, fn] of functions) {
    const locals = new Set<string>((fn.args as Node[]).map((a) => a.name as string));
    const names = new Set<string>();
    const calls = new Set<string>();
    const pairs: Array<[string, string]> = [];
    const shuffles = new Set<string>();
    walk(fn.body, (n) => {
      const t = n.astNodeType;
      if (t === "var" || t === "let" || t === "const") locals.add(n.name as string);
      else if (t === "varExpr") names.add(n.name as string);
      else if (t === "call" || t === "callExpr") {
        const callee = n.name as string;
        if (functions.has(callee)) calls.add(callee);
        if (SHUFFLE.test(callee)) {
          const id = ((n.args as Node[] | null) ?? [])[1];
          if (id?.astNodeType === "varExpr" && !id.postfix && overrides.has(id.name as string)) shuffles.add(id.name as string);
        }
        if (callee.startsWith("texture")) {
          const args = ((n.args as Node[] | null) ?? []).filter((a) => a.astNodeType === "varExpr" && !a.postfix).map((a) => a.name as string);
          const tex = args.find((a) => vars.get(a)?.type && /^texture/.test(vars.get(a)!.type!.name as string));
          const smp = args.find((a) => (vars.get(a)?.type?.name as string | undefined) === "sampler");
          if (tex && smp) pairs.push([tex, smp]);
        }
      }
    });
    const globals = new Set([...names].filter((x) => !locals.has(x) && (vars.has(x) || overrides.has(x) || consts.has(x))));
    direct.set(name, { globals, calls, pairs: pairs.filter(([t, s]) => !locals.has(t) && !locals.has(s)), shuffles: new Set([...shuffles].filter((x) => !locals.has(x))) });
  }
  const closure = (root: string): { globals: Set<string>; pairs: Array<[string, string]>; shuffles: Set<string> } => {
    const globals = new Set<string>();
    const pairs: Array<[string, string]> = [];
    const shuffles = new Set<string>();
    const stack = [root];
    const seen = new Set<string>();
    while (stack.length) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      const d = direct.get(f);
      if (!d) continue;
      for (const g of d.globals) globals.add(g);
      for (const o of d.shuffles) shuffles.add(o);
      pairs.push(...d.pairs);
      stack.push(...d.calls);
    }
    return { globals, pairs, shuffles };
  };

  const entries: EntryInterface[] = [];
  for (const [name, fn] of functions) {
    const stage = attr(fn, "vertex") ? "vertex" : attr(fn, "fragment") ? "fragment" : attr(fn, "compute") ? "compute" : null;
    if (!stage) continue;
    const inputs = new Map<number, IoVar>();
    const outputs = new Map<number, IoVar>();
    const builtinOutputs = new Set<string>();
    let outputsKnown = true;
    let outputCount = 0;
    let clipDistancesType: Node | null = null;
    const io = (target: Map<number, IoVar> | null, n: object, type: Node | null, isOutput: boolean): void => {
      const resolved = type && aliases.has(type.name as string) ? aliases.get(type.name as string)! : type;
      const struct = resolved ? structs.get(resolved.name as string) : undefined;
      if (struct) {
        for (const m of struct.members as Node[]) io(target, m, m.type as Node, isOutput);
        return;
      }
      // @location(N) or @location(NAME) of a module-scope const holding an integer.
      let loc = attrInt(n, "location");
      const locName = attr(n, "location")?.value;
      if (loc === null && typeof locName === "string" && consts.has(locName.trim())) {
        const v = evaluate({ consts, overrides } as unknown as ModuleInterface, consts.get(locName.trim()), new Map());
        if (v !== null && Number.isInteger(v) && v >= 0) loc = v;
      }
      if (attr(n, "location") && isOutput) {
        outputCount++;
        if (loc === null) outputsKnown = false;
      }
      const builtin = attr(n, "builtin");
      if (builtin && isOutput) {
        const b = String(Array.isArray(builtin.value) ? builtin.value[0] : builtin.value);
        builtinOutputs.add(b);
        if (b === "clip_distances") clipDistancesType = type;
      }
      if (loc === null || !target) return;
      const t = ioType(type, aliases);
      target.set(loc, { type: t?.type ?? null, components: t?.components ?? 0, scalar: t?.scalar ?? null, interpolation: interpolation(n) });
    };
    for (const a of fn.args as Node[]) io(inputs, a, a.type as Node, false);
    if (fn.returnType) io(outputs, fn.returnType as Node, fn.returnType as Node, true);
    const { globals, pairs, shuffles } = closure(name);
    const res = (v: string): GlobalResource => ({ name: v, group: vars.get(v)!.group, binding: vars.get(v)!.binding });
    const wg = attr(fn, "workgroup_size");
    const isIndex = (n: object): boolean => {
      const b = attr(n, "builtin")?.value;
      return String(Array.isArray(b) ? b[0] : b).trim() === "local_invocation_index";
    };
    let localInvocationIndex: string | null = null;
    for (const a of fn.args as Node[]) {
      if (isIndex(a)) localInvocationIndex = a.name as string;
      const t = a.type as Node | null;
      const st = t ? structs.get((aliases.get(t.name as string) ?? t).name as string) : undefined;
      const member = st ? (st.members as Node[]).find(isIndex) : undefined;
      if (member) localInvocationIndex = `${a.name as string}.${member.name as string}`;
    }
    entries.push({
      name, stage, inputs, outputs, builtinOutputs, outputsKnown, globals, outputCount, clipDistancesType, localInvocationIndex, shuffleOverrides: shuffles,
      textureSamplerPairs: pairs.map(([t, s]) => ({ texture: res(t), sampler: res(s) })),
      workgroupSize: wg ? workgroupSizeExprs(wg.value) : null,
    });
  }
  return { entries, vars, overrides, consts, aliases, structs, arrayCounts: counts };
}

/** The parser keeps @workgroup_size arguments as source text: identifiers and integer literals are understood. */
function workgroupSizeExprs(v: string | string[] | null): Node[] | null {
  const parts = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");
  const out: Node[] = [];
  for (const p of parts) {
    const s = p.trim();
    if (/^[0-9]+[iu]?$/.test(s)) out.push({ astNodeType: "int", value: Number.parseInt(s, 10) } as Node);
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out.push({ astNodeType: "varExpr", name: s } as Node);
    else return null;
  }
  return out.length ? out : null;
}

/** The entry point a stage names (or the module's only one of that stage), or null when ambiguous/absent. */
export function findEntry(m: ModuleInterface, stage: EntryInterface["stage"], entryPoint: string | undefined): EntryInterface | null {
  if (entryPoint !== undefined) return m.entries.find((e) => e.name === entryPoint && e.stage === stage) ?? null;
  const all = m.entries.filter((e) => e.stage === stage);
  return all.length === 1 ? all[0]! : null;
}

/**
 * Evaluates an override-expression with the pipeline's constants (keyed by override name or @id), or
 * returns null for anything it does not understand.
 */
export function evaluate(m: ModuleInterface, e: Node | null | undefined, constants: Map<string, number>, depth = 0): number | null {
  if (!e || depth > 64) return null;
  if (e.postfix) return null;
  switch (e.astNodeType) {
    case "int": return e.value as number;
    case "literalExpr": {
      const data = (e.value as { data?: ArrayLike<number> } | null)?.data;
      return data && data.length === 1 ? Number(data[0]) : null;
    }
    case "varExpr": {
      const name = e.name as string;
      const o = m.overrides.get(name);
      if (o) {
        const byName = constants.get(name);
        if (byName !== undefined) return byName;
        if (o.id !== null && constants.has(String(o.id))) return constants.get(String(o.id))!;
        return evaluate(m, o.value, constants, depth + 1);
      }
      if (m.consts.has(name)) return evaluate(m, m.consts.get(name), constants, depth + 1);
      return null;
    }
    case "unaryOp": {
      const r = evaluate(m, e.right as Node, constants, depth + 1);
      if (r === null) return null;
      return e.operator === "-" ? -r : e.operator === "+" ? r : null;
    }
    case "binaryOp": {
      const l = evaluate(m, e.left as Node, constants, depth + 1), r = evaluate(m, e.right as Node, constants, depth + 1);
      if (l === null || r === null) return null;
      switch (e.operator) {
        case "+": return l + r;
        case "-": return l - r;
        case "*": return l * r;
        case "/": return r === 0 ? null : Math.trunc(l / r);
        case "%": return r === 0 ? null : l % r;
        case "<<": return r < 0 || r > 31 ? null : l * 2 ** r;
        case ">>": return r < 0 || r > 31 ? null : Math.floor(l / 2 ** r);
        case "&": return l & r;
        case "|": return l | r;
        case "^": return l ^ r;
        default: return null;
      }
    }
    case "createExpr": case "typecastExpr": {
      // u32(x), i32(x)
      const args = (e.args as Node[] | null) ?? [];
      const tn = (e.type as Node | null)?.name;
      if (args.length === 1 && (tn === "u32" || tn === "i32")) return evaluate(m, args[0], constants, depth + 1);
      return null;
    }
    case "callExpr": {
      // min(a, b), max(a, b)
      const args = (e.args as Node[] | null) ?? [];
      if (args.length !== 2 || (e.name !== "min" && e.name !== "max")) return null;
      const a = evaluate(m, args[0], constants, depth + 1), b = evaluate(m, args[1], constants, depth + 1);
      if (a === null || b === null) return null;
      return e.name === "min" ? Math.min(a, b) : Math.max(a, b);
    }
    default: return null;
  }
}

const roundUp = (k: number, n: number): number => Math.ceil(n / k) * k;

/** Struct layouts of one computation, by struct name (each struct laid out once: no exponential work). */
export type StructLayouts = Map<string, { size: number; align: number } | null>;

/** The element count of an array type: a constant count, or its override-expression with the pipeline's constants. */
function arrayCount(m: ModuleInterface, t: Node, constants: Map<string, number>): number | null {
  const countNode = m.arrayCounts.get(t);
  const count = countNode ? evaluate(m, countNode, constants) : (t.count as number);
  return typeof count === "number" && Number.isInteger(count) && count > 0 ? count : null;
}

/** SizeOf / AlignOf of a WGSL type (host-shareable and workgroup layouts), or null when unknown. */
export function sizeAlign(m: ModuleInterface, t: Node | null | undefined, constants: Map<string, number>, depth = 0, structs: StructLayouts = new Map()): { size: number; align: number } | null {
  if (!t || depth > 32) return null;
  const name = t.name as string;
  if (m.aliases.has(name)) return sizeAlign(m, m.aliases.get(name), constants, depth + 1, structs);
  const scalar = (s: string): number | null => (s === "f32" || s === "i32" || s === "u32" || s === "bool" ? 4 : s === "f16" ? 2 : null);
  const sc = scalar(name);
  if (sc !== null) return { size: sc, align: sc };
  if (name === "atomic") return { size: 4, align: 4 };
  let mm = /^vec([234])([fiuh]?)$/.exec(name);
  if (mm) {
    const s = mm[2] ? scalar(SCALAR_OF[mm[2]]!) : scalar((t.format as Node | null)?.name as string ?? "");
    if (s === null) return null;
    const n = Number(mm[1]);
    return { size: n * s, align: (n === 3 ? 4 : n) * s };
  }
  mm = /^mat([234])x([234])([fh]?)$/.exec(name);
  if (mm) {
    const s = mm[3] ? scalar(SCALAR_OF[mm[3]]!) : scalar((t.format as Node | null)?.name as string ?? "");
    if (s === null) return null;
    const c = Number(mm[1]), r = Number(mm[2]);
    const align = (r === 3 ? 4 : r) * s;
    return { size: c * roundUp(align, r * s), align };
  }
  if (name === "array") {
    const el = sizeAlign(m, t.format as Node, constants, depth + 1, structs);
    if (!el) return null;
    const count = arrayCount(m, t, constants);
    if (count === null) return null;
    return { size: count * roundUp(el.align, el.size), align: el.align };
  }
  const st = m.structs.get(name);
  if (st) {
    if (structs.has(name)) return structs.get(name)!;
    let offset = 0, align = 1;
    let layout: { size: number; align: number } | null = null;
    for (const member of st.members as Node[]) {
      const sa = sizeAlign(m, member.type as Node, constants, depth + 1, structs);
      if (!sa) { offset = -1; break; }
      const a = attrInt(member, "align") ?? sa.align;
      const s = attrInt(member, "size") ?? sa.size;
      offset = roundUp(a, offset) + s;
      align = Math.max(align, a);
    }
    if (offset >= 0) layout = { size: roundUp(align, offset), align };
    structs.set(name, layout);
    return layout;
  }
  return null;
}

/** What the rules need of an explicit layout's bind group layout entries: binding -> sample/sampler type. */
export type LayoutEntryTypes = ReadonlyArray<ReadonlyMap<number, { sampleType?: string; samplerType?: string; storage?: boolean }> | null>;

const NON_FILTERABLE = new Set(["depth", "sint", "uint", "unfilterable-float"]);

/** The texture/sampler pair rule against an explicit layout (see the header). */
export function filteringProblem(entry: EntryInterface, layout: LayoutEntryTypes | null, where: string): string | null {
  if (!layout) return null;
  for (const { texture, sampler } of entry.textureSamplerPairs) {
    const t = layout[texture.group]?.get(texture.binding)?.sampleType;
    const s = layout[sampler.group]?.get(sampler.binding)?.samplerType;
    if (t && s === "filtering" && NON_FILTERABLE.has(t)) {
      return `${where} "${entry.name}" uses texture "${texture.name}" (sampleType "${t}", not filterable) with the "filtering" sampler "${sampler.name}"`;
    }
  }
  return null;
}

const readsSrcAlpha = (f: string | undefined): boolean => f !== undefined && (f.includes("src-alpha") || f.includes("src1-alpha"));

export interface TargetInfo { writeMask: number; colorSrcFactor?: string; colorDstFactor?: string; blend: boolean }

/** Fragment outputs against the color targets and the multisample state (see the header). */
export function fragmentProblem(entry: EntryInterface, targets: Array<TargetInfo | null>, alphaToCoverage: boolean): string | null {
  const W = "GPURenderPipelineDescriptor.fragment";
  for (const [i, t] of targets.entries()) {
    if (!t) continue;
    const out = entry.outputs.get(i);
    if (!out) {
      if (t.writeMask !== 0 && entry.outputsKnown) return `${W}.targets[${i}] has writeMask 0x${t.writeMask.toString(16)} but fragment entry point "${entry.name}" has no output at @location(${i}) (the writeMask must be 0)`;
      continue;
    }
    if (t.blend && (readsSrcAlpha(t.colorSrcFactor) || readsSrcAlpha(t.colorDstFactor)) && out.type !== null && out.components !== 4) {
      return `${W}.targets[${i}].blend.color reads the source alpha, but the output of "${entry.name}" at @location(${i}) is ${out.type}, not a vec4`;
    }
  }
  if (alphaToCoverage && entry.builtinOutputs.has("sample_mask")) {
    return `multisample.alphaToCoverageEnabled is true but fragment entry point "${entry.name}" outputs @builtin(sample_mask)`;
  }
  return null;
}

/** Each fragment input must have the type of the vertex output at its location (see the header). */
export function interStageProblem(vertex: EntryInterface, fragment: EntryInterface): string | null {
  for (const [loc, input] of fragment.inputs) {
    const out = vertex.outputs.get(loc);
    if (!out || out.type === null || input.type === null) continue;
    if (out.type !== input.type) {
      return `fragment input @location(${loc}) of "${fragment.name}" is ${input.type} but vertex output @location(${loc}) of "${vertex.name}" is ${out.type} (inter-stage types must match)`;
    }
  }
  return null;
}

/**
 * The spec's vertex-output rules for a vertex stage that writes clip distances, or null when they hold (or
 * the stage writes none, or their count is not known): at most maxInterStageShaderVariables -
 * (point-list ? 1 : 0) - ceil(N / 4) user-defined outputs, and every @location at most
 * maxInterStageShaderVariables - 1 - ceil(N / 4).
 */
export function clipDistancesProblem(m: ModuleInterface, entry: EntryInterface, maxInterStageShaderVariables: number, pointList: boolean): string | null {
  const t = entry.clipDistancesType;
  if (!t) return null;
  const resolved = m.aliases.get(t.name as string) ?? t;
  const n = resolved.name === "array" ? arrayCount(m, resolved, new Map()) : null;
  if (n === null) return null;
  const slots = Math.ceil(n / 4);
  const maxOutputs = maxInterStageShaderVariables - (pointList ? 1 : 0) - slots;
  if (entry.outputCount > maxOutputs) {
    return `the vertex stage has ${entry.outputCount} user-defined outputs, more than maxInterStageShaderVariables (${maxInterStageShaderVariables})` +
      `${pointList ? " - 1 (point-list)" : ""} - ${slots} (clip_distances: array<f32, ${n}>) = ${maxOutputs}`;
  }
  const maxLocation = maxInterStageShaderVariables - 1 - slots;
  const bad = entry.outputsKnown ? [...entry.outputs.keys()].find((l) => l > maxLocation) : undefined;
  if (bad !== undefined) {
    return `the vertex output @location(${bad}) is above maxInterStageShaderVariables (${maxInterStageShaderVariables}) - 1 - ${slots} ` +
      `(clip_distances: array<f32, ${n}>) = ${maxLocation}`;
  }
  return null;
}

const SHUFFLE = /^subgroupShuffle(?:Xor|Up|Down)?$/u;

/**
 * WGSL: a subgroupShuffle* id, mask or delta outside [0, 128) is a pipeline-creation error where it is an
 * override-expression (naga checks no range; const-expressions are checked at createShaderModule, see
 * rewriteSubgroupIds). Overrides whose value is not understood are left to the driver.
 */
export function shuffleOverrideProblem(m: ModuleInterface, entry: EntryInterface, constants: Map<string, number>, where: string): string | null {
  for (const name of entry.shuffleOverrides) {
    const v = evaluate(m, { astNodeType: "varExpr", name } as unknown as Node, constants);
    if (v !== null && (v < 0 || v >= 128)) return `${where} "${entry.name}" passes the override ${name} = ${v} as a subgroupShuffle id, mask or delta, outside [0, 128)`;
  }
  return null;
}

/** Pipeline constants keyed by override name or id (the GPUProgrammableStage.constants record). */
export function constantsMap(constants: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (constants && typeof constants === "object") for (const [k, v] of Object.entries(constants)) out.set(k, Number(v));
  return out;
}

/** The workgroup size and workgroup storage of a compute entry point against the device limits. */
export function computeProblem(m: ModuleInterface, entry: EntryInterface, constants: Map<string, number>, limits: Record<string, number>): string | null {
  const W = `GPUComputePipelineDescriptor.compute: entry point "${entry.name}"`;
  if (entry.workgroupSize) {
    const size = [1, 1, 1];
    let known = true;
    entry.workgroupSize.forEach((e, i) => { const v = evaluate(m, e, constants); if (v === null) known = false; else size[i] = v; });
    if (known) {
      const [x, y, z] = size as [number, number, number];
      const lim = [limits.maxComputeWorkgroupSizeX, limits.maxComputeWorkgroupSizeY, limits.maxComputeWorkgroupSizeZ];
      for (let i = 0; i < 3; i++) {
        if (size[i]! < 1) return `${W} has workgroup size ${size.join("x")} (each dimension must be at least 1)`;
        if (lim[i] !== undefined && size[i]! > lim[i]!) return `${W} has workgroup size ${size.join("x")}, over maxComputeWorkgroupSize${"XYZ"[i]} (${lim[i]})`;
      }
      const inv = limits.maxComputeInvocationsPerWorkgroup;
      if (inv !== undefined && x * y * z > inv) return `${W} has workgroup size ${size.join("x")} (${x * y * z} invocations), over maxComputeInvocationsPerWorkgroup (${inv})`;
    }
  }
  const max = limits.maxComputeWorkgroupStorageSize;
  if (max !== undefined) {
    let bytes = 0;
    const structs: StructLayouts = new Map();
    for (const g of entry.globals) {
      const v = m.vars.get(g);
      if (!v || v.storage !== "workgroup") continue;
      const sa = sizeAlign(m, v.type, constants, 0, structs);
      if (!sa) return null;
      bytes += roundUp(16, sa.size);
    }
    if (bytes > max) return `${W} uses ${bytes} bytes of workgroup storage, over maxComputeWorkgroupStorageSize (${max})`;
  }
  return null;
}

/**
 * The immediate data words (4-byte slots) an entry point requires: every word holding a non-padding byte
 * of the var<immediate> it statically uses (the whole variable, whatever part of it is read). Spec: a draw
 * or dispatch needs each of them set by setImmediates; wgpu-core does not check it. Null: none, or unknown.
 */
export function immediateWords(m: ModuleInterface, entry: EntryInterface): Set<number> | null {
  for (const g of entry.globals) {
    const v = m.vars.get(g);
    if (!v || (v.storage !== "immediate" && v.storage !== "push_constant")) continue;
    const bytes = new Set<number>();
    if (!markBytes(m, v.type, 0, bytes)) return null;
    const words = new Set<number>();
    for (const b of bytes) words.add(b >> 2);
    return words;
  }
  return null;
}

/** Adds the non-padding bytes of a value of type t at offset; false when the layout is unknown. */
function markBytes(m: ModuleInterface, t: Node | null | undefined, offset: number, out: Set<number>, depth = 0): boolean {
  if (!t || depth > 32) return false;
  const name = t.name as string;
  if (m.aliases.has(name)) return markBytes(m, m.aliases.get(name), offset, out, depth + 1);
  const none = new Map<string, number>();
  const structs: StructLayouts = new Map();
  const mark = (at: number, n: number): void => { for (let i = 0; i < n; i++) out.add(at + i); };
  const st = m.structs.get(name);
  if (st) {
    let off = 0;
    for (const member of st.members as Node[]) {
      const sa = sizeAlign(m, member.type as Node, none, depth + 1, structs);
      if (!sa) return false;
      off = roundUp(attrInt(member, "align") ?? sa.align, off);
      if (!markBytes(m, member.type as Node, offset + off, out, depth + 1)) return false;
      off += attrInt(member, "size") ?? sa.size;
    }
    return true;
  }
  if (name === "array") {
    const el = sizeAlign(m, t.format as Node, none, depth + 1);
    const count = m.arrayCounts.has(t) ? null : (t.count as number);
    if (!el || !count) return false;
    const stride = roundUp(el.align, el.size);
    for (let i = 0; i < count; i++) if (!markBytes(m, t.format as Node, offset + i * stride, out, depth + 1)) return false;
    return true;
  }
  const mat = /^mat([234])x([234])([fh]?)$/.exec(name);
  if (mat) {
    const sa = sizeAlign(m, t, none, depth + 1);
    if (!sa) return false;
    const c = Number(mat[1]), r = Number(mat[2]);
    const colBytes = r * (mat[3] === "h" || (t.format as Node | null)?.name === "f16" ? 2 : 4);
    for (let i = 0; i < c; i++) mark(offset + i * roundUp(sa.align, colBytes), colBytes);
    return true;
  }
  const sa = sizeAlign(m, t, none, depth + 1);
  if (!sa) return false;
  mark(offset, sa.size);
  return true;
}

/**
 * Spec: the var<immediate> an entry point uses must fit the layout's immediateSize (maxImmediateSize for an
 * "auto" layout). wgpu-core does not compare the variable's size with the layout's range.
 */
export function immediateSizeProblem(m: ModuleInterface, entry: EntryInterface, available: number, where: string): string | null {
  for (const g of entry.globals) {
    const v = m.vars.get(g);
    if (!v || (v.storage !== "immediate" && v.storage !== "push_constant")) continue;
    const sa = sizeAlign(m, v.type, new Map());
    if (sa && sa.size > available) return `${where} "${entry.name}" uses ${sa.size} bytes of immediate data (var<immediate> ${g}), more than the ${available} of its layout`;
  }
  return null;
}
