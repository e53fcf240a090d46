// Which shader modules need naga's forced loop bounding (wgpu.h WGPUShaderRuntimeChecks ForceLoopBounding).
//
// naga's ForceLoopBounding puts a 64-bit iteration counter and a break test into every loop. The counter can
// never run out in practice (2^64 iterations); what it buys is that every loop is visibly finite to the driver's
// compiler: a loop that never ends and has no side effects is undefined behaviour for LLVM-based compilers
// (the loop, and code around it, may be deleted or miscompiled), and an endless loop hangs the GPU until the
// device is lost. It costs a lot (issue 15: a loop of fmas 12x slower than Tint's output on an H200).
// A loop that provably ends needs none of it: the driver then sees the same finite loop either way.
//
// This module proves termination of every loop in a module, conservatively, on wgsl_reflect's AST (the parser
// of guards/shader-interface.ts). The decision is per module, because the runtime checks are chosen per module:
// every loop of every function must be proven (functions called from the entry points included, so no call
// graph is needed), otherwise the module keeps all checks. Only counted `for` loops are proven:
//
//   for (var i = A; i < E; <i++ | i += 1 | i = i + 1>) { ... }      (or E > i)
//   for (var i = A; i > E; <i-- | i -= 1 | i = i - 1>) { ... }      (or E < i)
//
// with i of a concrete integer type (i32/u32), E unchanged while the loop runs, and i written only by the
// update. Then each iteration moves i by exactly one toward E and i never wraps: i < E <= max gives
// i + 1 <= max (i > E >= min gives i - 1 >= min), so the loop runs at most |E - A| < 2^32 times. The other
// conjuncts of a condition `i < E && other` only stop the loop earlier. A step s other than 1 can jump over
// E and wrap (u32: `i < 0xffffffffu; i += 2u` never ends), so it is proven only where E is a constant c with
// c - 1 + s <= max (c + 1 - s >= min going down). `i <= E` holds forever for E = max (`i >= E` for E = min),
// so it is proven only for a constant E = c with c + s <= max (c - s >= min). Counting down by halving
// (`i > E; i = i / s` or `i >> s`) ends within 32 steps where i cannot be negative (rule in forProblem).
// A bound min(E, c) counts as the constant c for the step rule going up (max(E, c) going down): it is at most
// (at least) c. Loops that only the step rule rejects, with a power-of-two step, are returned as `caps`:
// guards/loop-caps.ts rewrites their bound into that form, where that changes no execution that ends.
// Neither `while`, `loop`, nor a `for` of any other shape is proven.
//
// Anything the prover does not recognise (a parse failure, a node kind it does not know, a name it cannot
// resolve) is "not proven": the module keeps all runtime checks, which is what it had before.
//
// Cost: one wgsl_reflect parse (3-6 ms for a tfjs kernel on a 2-core VM), only for a module whose source has a
// loop keyword, and kept for the pipelines' reflection (shader-interface.ts rememberParse), which would parse it
// anyway at the first pipeline.
import { parseWgsl, walk, type Node, type ParsedWgsl } from "./shader-interface.js";

export interface LoopTermination {
  /** every loop of the module is proven to end (true for a module without loops) */
  proven: boolean;
  /** how many loops (for, while, loop) the module has */
  loops: number;
  /** why loops or the module were not proven ("wgsl:LINE: reason") */
  problems: string[];
  /**
   * Where every problem is a loop whose bound can be capped (guards/loop-caps.ts): those loops, in source order;
   * otherwise empty.
   */
  caps: LoopCap[];
}

/**
 * A counted loop that is proven but for its step or inclusive condition, and that loop-caps.ts may rewrite:
 * `i OP E` becomes `i OP fn(E, cap)`, with `cap` the WGSL literal of `limit`.
 */
export interface LoopCap {
  /** the `for` statement (its start offset locates it in the source) */
  loop: Node;
  /** the loop variable */
  variable: string;
  /** the comparison's operator, and whether the loop variable is its left operand (`i < E`) or its right one (`E > i`) */
  operator: "<" | ">" | "<=" | ">=";
  variableLeft: boolean;
  /** which conjunct of the condition (split at &&) is the comparison, and how many there are */
  conjunct: number;
  conjuncts: number;
  /** the bound expression E */
  bound: Node;
  integer: "i32" | "u32";
  step: number;
  fn: "min" | "max";
  limit: number;
  cap: string;
}

/** Integer ranges of the loop variable's possible types (for the constant-bound step rule). */
const RANGE: Record<string, { min: number; max: number }> = {
  u32: { min: 0, max: 2 ** 32 - 1 },
  i32: { min: -(2 ** 31), max: 2 ** 31 - 1 },
};

/**
 * Builtin functions whose value depends only on their arguments (no memory access, no side effects): with
 * invariant arguments their result is invariant. arrayLength and the texture queries read a binding's fixed
 * size and are handled apart.
 */
const PURE_BUILTINS = new Set([
  "min", "max", "clamp", "abs", "select", "sign", "ceil", "floor", "round", "trunc", "sqrt", "exp2", "log2",
  "countLeadingZeros", "countOneBits", "countTrailingZeros", "firstLeadingBit", "firstTrailingBit", "reverseBits",
  "extractBits", "insertBits", "dot", "all", "any",
]);
const SIZE_QUERIES = new Set(["arrayLength", "textureDimensions", "textureNumLayers", "textureNumLevels", "textureNumSamples"]);
/** Type names the rules rely on (a module that redeclares one is not proven: the names would mean something else). */
const TYPE_NAMES = new Set(["i32", "u32", "f32", "f16", "bool", "vec2", "vec3", "vec4", "vec2i", "vec3i", "vec4i", "vec2u", "vec3u", "vec4u", "vec2f", "vec3f", "vec4f"]);
const ARITHMETIC = new Set(["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"]);
const LOGICAL = new Set(["<", ">", "<=", ">=", "==", "!=", "&&", "||"]);
/** The statement kinds of function bodies the walker knows; any other kind makes the module unproven. */
const SIMPLE_STATEMENTS = new Set(["assign", "increment", "call", "return", "break", "continue", "discard"]);

/**
 * What a name means where a loop condition reads it. Invariant kinds keep their value for the whole loop:
 * - const / override: fixed before the shader runs;
 * - uniform: uniform buffers are read-only in shaders, and WebGPU forbids binding a buffer writable in the same
 *   dispatch or draw (writable storage usage is exclusive in a usage scope), so no invocation can change one;
 * - param (not a pointer): WGSL function parameters are immutable values;
 * - let (not a pointer): an immutable value fixed at its declaration;
 * - var: a function-scope var, private to the invocation, is invariant in a loop that never assigns it and
 *   whose function never takes its address (`&v` anywhere in the function: a pointer could write it, here or in
 *   a called function).
 * Other module-scope vars are not: private ones may be written by a called function, workgroup and read_write
 * storage ones by another invocation. Read-only storage would qualify by the uniform buffers' usage-scope argument;
 * it is left out (no kernel measured needs it), which keeps the invariant kinds to those listed above.
 */
type Decl =
  | { kind: "override" | "storage" | "other-var" | "handle" | "function" | "type" }
  | { kind: "uniform"; node: Node | null }
  | { kind: "param" | "let"; pointer: boolean; type: string | null }
  | { kind: "const"; type: string | null; value: Node | null; at: Scope }
  | { kind: "var"; type: string | null };

class Scope {
  private readonly names = new Map<string, Decl>();
  constructor(private readonly parent: Scope | null) {}
  set(name: string, d: Decl): void { this.names.set(name, d); }
  get(name: string): Decl | undefined { return this.names.get(name) ?? this.parent?.get(name); }
  child(): Scope { return new Scope(this); }
}

/** Strips WGSL comments (line and nested block comments); WGSL has no string literals. */
function stripComments(code: string): string {
  let out = "";
  let i = 0;
  while (i < code.length) {
    if (code.startsWith("//", i)) {
      while (i < code.length && code[i] !== "\n" && code[i] !== "\r") i++;
    } else if (code.startsWith("/*", i)) {
      let depth = 1;
      i += 2;
      while (i < code.length && depth > 0) {
        if (code.startsWith("/*", i)) { depth++; i += 2; } else if (code.startsWith("*/", i)) { depth--; i += 2; } else i++;
      }
      out += " ";
    } else out += code[i++];
  }
  return out;
}

/**
 * The loop keywords in the source. The prover compares this count with the loops in the AST: a parser that
 * dropped or merged a loop (a grammar corner it reads differently) makes the counts differ, and the module
 * is not proven. A keyword inside a longer identifier made of non-ASCII letters counts too: a false alarm,
 * never a missed loop.
 */
function loopKeywords(code: string): number {
  return stripComments(code).match(/\b(?:for|while|loop)\b/g)?.length ?? 0;
}

/**
 * The proof for a module's WGSL. `parsed` receives the module's parse when one was made (a module without loop
 * keywords is not parsed), for the pipelines' reflection to reuse (shader-interface.ts rememberParse).
 */
export function proveLoopTermination(code: string, parsed?: (p: ParsedWgsl) => void): LoopTermination {
  const keywords = loopKeywords(code);
  if (keywords === 0) return { proven: true, loops: 0, problems: [], caps: [] };
  let ast: Node[];
  try {
    const p = parseWgsl(code);
    ast = p.ast;
    parsed?.(p);
  } catch (e) {
    return { proven: false, loops: keywords, problems: [`the module could not be parsed (${String((e as Error)?.message ?? e).split("\n")[0]})`], caps: [] };
  }
  try {
    return new Prover(ast, keywords).run();
  } catch (e) {
    // an AST of a shape the prover did not expect: no proof
    return { proven: false, loops: keywords, problems: [`the prover failed (${String((e as Error)?.message ?? e).split("\n")[0]})`], caps: [] };
  }
}

class Prover {
  private readonly problems: string[] = [];
  /** the loops the problems are about where they could be capped (one per problem, else null) */
  private readonly cappable: Array<LoopCap | null> = [];
  /** loops the statement walker judged */
  private loops = 0;
  private readonly module = new Scope(null);
  private readonly userNames = new Set<string>();
  constructor(private readonly ast: Node[], private readonly keywords: number) {}

  run(): LoopTermination {
    for (const n of this.ast) this.declareModule(n);
    for (const name of this.userNames) {
      if (TYPE_NAMES.has(name) || PURE_BUILTINS.has(name) || SIZE_QUERIES.has(name)) this.problem(null, `the module redeclares the predeclared name "${name}"`);
    }
    let astLoops = 0;
    walk(this.ast, (n) => { if (n.astNodeType === "for" || n.astNodeType === "while" || n.astNodeType === "loop") astLoops++; });
    if (astLoops !== this.keywords) this.problem(null, `the parser found ${astLoops} loops where the source has ${this.keywords} loop keywords`);
    for (const n of this.ast) if (n.astNodeType === "function") this.func(n);
    // Every loop of the AST must have been judged: a loop in a place the statement walker does not descend into
    // would otherwise go unchecked.
    if (this.loops !== astLoops) this.problem(null, `the prover reached ${this.loops} of the module's ${astLoops} loops`);
    const caps = this.cappable.every((c) => c !== null) ? (this.cappable as LoopCap[]) : [];
    return { proven: this.problems.length === 0, loops: Math.max(astLoops, this.keywords), problems: this.problems, caps };
  }

  private problem(n: Node | null, why: string, cap: LoopCap | null = null): void {
    const line = n && typeof n.line === "number" && n.line > 0 ? `wgsl:${n.line}: ` : "";
    this.problems.push(line + why);
    this.cappable.push(cap);
  }

  private declareModule(n: Node): void {
    const name = n.name as string | undefined;
    switch (n.astNodeType) {
      case "var": {
        const storage = (n.storage as string | null) || "";
        const type = (n.type as Node | null)?.name as string | undefined;
        const handle = !storage && !!type && /^(texture|sampler)/.test(type);
        if (storage === "uniform") this.module.set(name!, { kind: "uniform", node: (n.type as Node | null) ?? null });
        else this.module.set(name!, { kind: storage === "storage" ? "storage" : handle ? "handle" : "other-var" });
        break;
      }
      case "const": this.module.set(name!, { kind: "const", type: this.declaredType(n, this.module, true), value: n.value as Node | null, at: this.module }); break;
      case "override": this.module.set(name!, { kind: "override" }); break;
      case "function": this.module.set(name!, { kind: "function" }); break;
      case "struct": case "alias": this.module.set(name!, { kind: "type" }); break;
      case "enable": case "requires": case "diagnostic": return;
      case "staticAssert": return;
      default: this.problem(n, `unknown module-scope declaration "${n.astNodeType}"`); return;
    }
    if (name !== undefined) this.userNames.add(name);
  }

  private func(fn: Node): void {
    const scope = this.module.child();
    for (const a of (fn.args as Node[] | null) ?? []) {
      const t = a.type as Node | null;
      scope.set(a.name as string, { kind: "param", pointer: this.pointerType(t), type: scalarTypeName(t) });
    }
    // Names whose address the function takes anywhere (`&v`, `&v.m`, `&v[k]`): such a var may be written
    // through a pointer, so it is never an invariant bound.
    const addressed = new Set<string>();
    walk(fn.body, (n) => {
      if (n.astNodeType === "unaryOp" && n.operator === "&") { const r = rootName(n.right as Node); if (r) addressed.add(r); }
    });
    this.block(fn.body as unknown[], scope.child(), addressed);
  }

  /** The statements of a compound statement (wgsl_reflect nests a `{ ... }` block as an array). */
  private block(stmts: unknown[] | null | undefined, scope: Scope, addressed: Set<string>): void {
    for (const s of stmts ?? []) {
      if (Array.isArray(s)) { this.block(s, scope.child(), addressed); continue; }
      this.statement(s as Node, scope, addressed);
    }
  }

  private statement(s: Node, scope: Scope, addressed: Set<string>): void {
    switch (s.astNodeType) {
      case "var": scope.set(s.name as string, { kind: "var", type: this.declaredType(s, scope) }); return;
      case "let": scope.set(s.name as string, { kind: "let", pointer: this.mayBePointer(s, scope), type: this.declaredType(s, scope) }); return;
      case "const": scope.set(s.name as string, { kind: "const", type: this.declaredType(s, scope, true), value: s.value as Node | null, at: scope }); return;
      case "if":
        this.block(s.body as unknown[], scope.child(), addressed);
        for (const e of (s.elseif as Node[] | null) ?? []) this.block(e.body as unknown[], scope.child(), addressed);
        if (s.else) this.block(s.else as unknown[], scope.child(), addressed);
        return;
      case "switch":
        for (const c of (s.cases as Node[] | null) ?? []) this.block(c.body as unknown[], scope.child(), addressed);
        return;
      case "for": {
        this.loops++;
        const inner = scope.child();
        const why = this.forProblem(s, inner, addressed);
        if (why) this.problem(s, typeof why === "string" ? why : why.problem, typeof why === "string" ? null : why.cap);
        this.block(s.body as unknown[], inner.child(), addressed);
        return;
      }
      case "while":
        this.loops++;
        this.problem(s, "a while loop is not proven to end");
        this.block(s.body as unknown[], scope.child(), addressed);
        return;
      case "loop":
        this.loops++;
        this.problem(s, "a loop statement is not proven to end");
        // Its continuing block is also the last element of its body (wgsl_reflect keeps both).
        this.block(s.body as unknown[], scope.child(), addressed);
        return;
      case "continuing": this.block(s.body as unknown[], scope, addressed); return;
      default:
        if (!SIMPLE_STATEMENTS.has(s.astNodeType)) this.problem(s, `unknown statement kind "${s.astNodeType}"`);
    }
  }

  /**
   * Why a `for` loop is not proven to end, or null; with the loop's cap where a bound cap (loop-caps.ts) would
   * make it proven. `scope` is the loop's own scope (the init declares in it).
   */
  private forProblem(f: Node, scope: Scope, addressed: Set<string>): string | { problem: string; cap: LoopCap | null } | null {
    const init = f.init as Node | null;
    if (!init || init.astNodeType !== "var" || !init.value) return "its initializer does not declare a loop variable (var i = ...)";
    const i = init.name as string;
    const type = this.declaredType(init, scope.child());
    scope.set(i, { kind: "var", type });
    // The condition: `i < E` / `E > i` (up) or `i > E` / `E < i` (down), alone or as a conjunct of `&&`.
    const cond = f.condition as Node | null;
    if (!cond) return "it has no condition";
    let canonical: Comparison | null = null;
    const parts = conjuncts(cond);
    let at = 0;
    for (; at < parts.length; at++) { canonical = comparison(parts[at]!, i); if (canonical) break; }
    if (!canonical) return `its condition is not i < E, i > E, i <= E or i >= E on its loop variable "${i}"`;
    // The update moves i by a constant step toward E, or (going down) divides it / shifts it right.
    const update = updateOf(f.increment as Node | null, i, scope);
    if (update === null) return `its update is not i++, i--, i += s, i -= s, i = i + s, i = i - s, i = i / s or i = i >> s with a constant s on "${i}"`;
    if (canonical.up !== (update.kind === "add" && update.step > 0)) return "its update moves the loop variable away from its bound";
    // Writes in the loop: its condition, update and body, nested loops and blocks included.
    const written = new Set<string>();
    let addressedHere = false;
    const region = [f.condition, f.body];
    walk(region, (n) => {
      if (n.astNodeType === "assign" || n.astNodeType === "increment") { const r = rootName(n.variable as Node); if (r) written.add(r); }
      if (n.astNodeType === "unaryOp" && n.operator === "&" && rootName(n.right as Node) === i) addressedHere = true;
    });
    if (written.has(i)) return `its body writes the loop variable "${i}"`;
    if (addressedHere || addressed.has(i)) return `a pointer to the loop variable "${i}" is taken`;
    // i must be a concrete integer: `++`/`--` are integer-only in WGSL; otherwise the type comes from the
    // declaration or from a concretely typed step (a float i can stop growing: in f32, 2^24 + 1 == 2^24).
    const integer = type === "i32" || type === "u32" ? type : update.type === "i32" || update.type === "u32" ? update.type : null;
    if (!integer && !update.increment) return `its loop variable "${i}" is not known to be i32 or u32`;
    written.add(i); // the update writes i: a bound that reads i is not invariant
    const bad = this.variantPart(canonical.bound, scope, written, addressed, false);
    if (bad) return `its bound may change while it runs: ${bad}`;
    const range = integer ? RANGE[integer] : undefined;
    if (update.kind === "shrink") {
      if (canonical.inclusive) return `its loop variable "${i}" shrinks toward an inclusive bound (i >= 0 stays 0)`;
      // i > E and i = i / s (s >= 2) or i >> s (1 <= s <= 31): i > E >= 0 means i >= 1, so i strictly decreases
      // and stays >= 0; it reaches E (or 0) within 32 steps. For u32 E >= 0 always holds. For i32 a negative
      // i does not shrink (-1 >> 1 == -1, -1 / 2 == 0 and 0 / 2 == 0), so E must be a constant >= 0.
      if (integer === "u32") return null;
      const c = constantValue(canonical.bound, scope);
      if (integer === "i32" && c !== null && c >= 0) return null;
      return `its loop variable "${i}" shrinks by division or shift toward a bound that may be negative (or of unknown type)`;
    }
    if (Math.abs(update.step) !== 1 || canonical.inclusive) {
      // A step over 1 can jump past E and wrap around, and `i <= E` holds forever for E = max (`i >= E` for
      // E = min); with a constant E = c neither happens when the last value that continues the loop plus the
      // step still fits: c - 1 + s <= max for `<` (c + s <= max for `<=`; going down c + 1 - s >= min for `>`,
      // c - s >= min for `>=`).
      // A bound min(E, c) is at most c, and max(E, c) at least c: c serves as the constant (the form the caps
      // of loop-caps.ts write).
      const c = limitValue(canonical.bound, scope, canonical.up);
      const what = canonical.inclusive ? `its condition is inclusive (${canonical.up ? "<=" : ">="})` : `it steps by ${Math.abs(update.step)}`;
      const last = c === null ? null : canonical.inclusive ? c : canonical.up ? c - 1 : c + 1;
      const problem = c === null || !range ? `${what} toward a bound that is not a constant (it may step over the bound and wrap, or the bound may be the end of the type)`
        : canonical.up ? (last! + update.step > range.max ? `${what} and can pass the end of ${integer}` : null)
          : (last! + update.step < range.min ? `${what} and can pass the end of ${integer}` : null);
      if (problem === null) return null;
      return { problem, cap: integer && range ? this.capOf(f, i, parts, at, canonical, update.step, integer as "i32" | "u32", scope, written, addressed) : null };
    }
    return null;
  }

  /**
   * The cap of a loop that only its step or inclusive bound keeps from being proven (the rest of forProblem
   * passed), or null where loop-caps.ts's argument does not hold for it: the step must be a power of two, every
   * other conjunct of the condition invariant (and side-effect free, which the invariant expressions are), and
   * nothing in the body may leave the loop but its condition (no break of this loop, no return, no discard).
   */
  private capOf(f: Node, i: string, parts: Node[], at: number, canonical: Comparison, step: number, integer: "i32" | "u32",
    scope: Scope, written: Set<string>, addressed: Set<string>): LoopCap | null {
    const s = Math.abs(step);
    if (!Number.isInteger(s) || s < 1 || s > 2 ** 30 || (s & (s - 1)) !== 0) return null;
    for (let k = 0; k < parts.length; k++) if (k !== at && this.variantPart(parts[k], scope, written, addressed, true) !== null) return null;
    if (leavesLoop(f.body)) return null;
    const range = RANGE[integer]!;
    // i < c and i + s <= max for c = max - s + 1; i <= c for c = max - s; symmetric going down.
    const limit = canonical.up ? range.max - s + (canonical.inclusive ? 0 : 1) : range.min + s - (canonical.inclusive ? 0 : 1);
    const c = parts[at]!;
    const operator = c.operator as LoopCap["operator"];
    return {
      loop: f, variable: i, operator, variableLeft: isLoopVar(c.left as Node, i), conjunct: at, conjuncts: parts.length,
      bound: canonical.bound, integer, step, fn: canonical.up ? "min" : "max", limit, cap: `${limit}${integer === "u32" ? "u" : "i"}`,
    };
  }

  /** The part of `e` that may change during the loop (a description), or null if all of it is invariant. */
  private variantPart(e: Node | null | undefined, scope: Scope, written: Set<string>, addressed: Set<string>, inCall: boolean): string | null {
    if (!e) return "an empty expression";
    const post = this.postfixPart(e, scope, written, addressed);
    if (post) return post;
    switch (e.astNodeType) {
      case "literalExpr": return null;
      case "varExpr": case "constExpr": {
        // Resolved through the prover's own scopes: the parser's constExpr may name a const a local shadows.
        const name = e.name as string;
        const d = scope.get(name);
        if (!d) return `"${name}" is not a name the prover knows`;
        switch (d.kind) {
          case "const": case "override": case "uniform": return null;
          case "param": case "let":
            // a value cannot be assigned: a name assigned in the loop is a pointer written through
            return d.pointer || written.has(name) ? `"${name}" is (or may be) a pointer` : null;
          case "var":
            if (written.has(name)) return `the var "${name}" is assigned in the loop`;
            if (addressed.has(name)) return `a pointer to the var "${name}" is taken`;
            return null;
          case "storage": return `"${name}" is a storage buffer (read_write: another invocation may write it; read-only: not among the invariant kinds)`;
          case "other-var": return `"${name}" is a module-scope var (private or workgroup: a called function or another invocation may write it)`;
          default: return `"${name}" is not a value`;
        }
      }
      case "binaryOp":
        if (!ARITHMETIC.has(e.operator as string) && !(inCall && LOGICAL.has(e.operator as string))) return `the operator ${String(e.operator)}`;
        return this.variantPart(e.left as Node, scope, written, addressed, inCall) ?? this.variantPart(e.right as Node, scope, written, addressed, inCall);
      case "unaryOp":
        if (e.operator === "-" || e.operator === "~" || e.operator === "!") return this.variantPart(e.right as Node, scope, written, addressed, inCall);
        return `a read through a pointer (${String(e.operator)})`;
      case "callExpr": {
        const name = e.name as string;
        const args = (e.args as Node[] | null) ?? [];
        if (this.module.get(name)) return `a call of the user function "${name}"`;
        if (SIZE_QUERIES.has(name)) return this.sizeQueryPart(name, args);
        if (!PURE_BUILTINS.has(name)) return `a call of "${name}"`;
        for (const a of args) { const bad = this.variantPart(a, scope, written, addressed, true); if (bad) return bad; }
        return null;
      }
      case "createExpr": case "typecastExpr": {
        // A type constructor or conversion (u32(x), vec2(a, b), S(...)): pure.
        const t = e.type as Node | null;
        if (!t || (t.astNodeType !== "type" && t.astNodeType !== "template")) return "a constructor of an unknown type";
        for (const a of (e.args as Node[] | null) ?? []) { const bad = this.variantPart(a, scope, written, addressed, true); if (bad) return bad; }
        return null;
      }
      case "bitcastExpr": return this.variantPart(e.value as Node, scope, written, addressed, true);
      default: return `an expression of kind "${e.astNodeType}"`;
    }
  }

  /** Member, swizzle and index accesses after an expression: an index must be invariant too. */
  private postfixPart(e: Node, scope: Scope, written: Set<string>, addressed: Set<string>): string | null {
    for (let p = e.postfix as Node | null; p; p = p.postfix as Node | null) {
      if (p.astNodeType === "stringExpr") continue;
      if ("index" in p) { const bad = this.variantPart(p.index as Node, scope, written, addressed, true); if (bad) return bad; continue; }
      return `an access of kind "${p.astNodeType}"`;
    }
    return null;
  }

  /**
   * arrayLength(&buffer) and the texture size queries of a module-scope resource: a binding's size is fixed
   * for the whole dispatch or draw, whatever is written into it.
   */
  private sizeQueryPart(name: string, args: Node[]): string | null {
    const a = args[0];
    if (name === "arrayLength") {
      if (args.length !== 1 || a?.astNodeType !== "unaryOp" || a.operator !== "&") return "arrayLength of something other than &buffer";
      const r = a.right as Node;
      for (let p = r.postfix as Node | null; p; p = p.postfix as Node | null) if (p.astNodeType !== "stringExpr") return "arrayLength of an indexed buffer";
      if (r.astNodeType !== "varExpr" || this.module.get(r.name as string)?.kind !== "storage") return "arrayLength of something other than a storage buffer";
      return null;
    }
    if (!a || a.astNodeType !== "varExpr" || a.postfix || this.module.get(a.name as string)?.kind !== "handle") return `${name} of something other than a module-scope texture`;
    for (const x of args.slice(1)) if (x.astNodeType !== "literalExpr") return `${name} with a level that is not a literal`;
    return null;
  }

  /**
   * The scalar integer type of a declaration, when it is written or follows from its initializer: i32, u32, or
   * for a const "x32" (an abstract integer, which a var or let makes i32).
   */
  private declaredType(d: Node, scope: Scope, isConst = false): string | null {
    const explicit = scalarTypeName(d.type as Node | null);
    if (explicit) return explicit;
    // wgsl_reflect writes its own guess "x32" as the type of an untyped const: inferred here instead
    if (d.type && (d.type as Node).name !== "x32") return null;
    const t = this.exprType(d.value as Node | null, scope);
    return t === "x32" && !isConst ? "i32" : t;
  }

  /** i32, u32 or x32 (abstract integer) where an expression's type is evident, else null. */
  private exprType(e: Node | null | undefined, scope: Scope, depth = 0): string | null {
    if (e && e.postfix && e.astNodeType === "varExpr") return this.memberType(e, scope);
    if (!e || e.postfix || depth > 32) return null;
    switch (e.astNodeType) {
      case "literalExpr": return literalType(e);
      // negation keeps the type (-x of a u32 is an error naga reports, not a different type)
      case "unaryOp": return e.operator === "-" ? this.exprType(e.right as Node, scope, depth + 1) : null;
      case "createExpr": case "typecastExpr": return scalarTypeName(e.type as Node | null);
      case "varExpr": case "constExpr": {
        const d = scope.get(e.name as string);
        return d && "type" in d ? d.type : null;
      }
      case "binaryOp": {
        // Arithmetic on integers keeps the type (a shift: its left operand's); an abstract operand takes the
        // other's concrete type.
        if (!ARITHMETIC.has(e.operator as string)) return null;
        const l = this.exprType(e.left as Node, scope, depth + 1);
        if (e.operator === "<<" || e.operator === ">>") return l;
        const r = this.exprType(e.right as Node, scope, depth + 1);
        if (!l || !r) return null;
        return l === "x32" ? r : r === "x32" || r === l ? l : null;
      }
      default: return null;
    }
  }

  /**
   * The scalar integer type of a member of a uniform buffer's struct (`uniforms.radius`, `u.a.b`), from the
   * struct's declaration (wgsl_reflect gives the var's struct type with its members), or null.
   */
  private memberType(e: Node, scope: Scope): string | null {
    const d = scope.get(e.name as string);
    let t = d?.kind === "uniform" ? d.node : null;
    for (let p = e.postfix as Node | null; p && t; p = p.postfix as Node | null) {
      const vector = /^vec[234]([iu]?)$/.exec(t.name as string);
      const component = vector ? (vector[1] === "i" ? "i32" : vector[1] === "u" ? "u32" : ((t.format as Node | null)?.name as string | undefined)) : undefined;
      if (p.astNodeType === "stringExpr" && Array.isArray(t.members)) {
        t = ((t.members as Node[]).find((m) => m.name === p!.value)?.type as Node | undefined) ?? null;
      } else if (p.astNodeType === "stringExpr" && vector && /^[xyzwrgba]$/.test(p.value as string)) {
        t = component ? { astNodeType: "type", name: component } : null; // one component of an integer vector
      } else if ("index" in p && t.name === "array") {
        t = (t.format as Node | null) ?? null;
      } else if ("index" in p && vector) {
        t = component ? { astNodeType: "type", name: component } : null;
      } else return null;
    }
    return scalarTypeName(t);
  }

  /**
   * A type that is or may be a pointer: ptr<...>, or an alias (an alias may name a pointer type; a pointer
   * parameter or let of an alias type, read as `p.m`, would be a read through a pointer).
   */
  private pointerType(t: Node | null | undefined): boolean {
    if (!t) return true;
    return t.astNodeType === "pointer" || this.module.get(t.name as string)?.kind === "type";
  }

  /** A let may hold a pointer: its type says so, or its initializer takes an address or names a pointer. */
  private mayBePointer(l: Node, scope: Scope): boolean {
    const t = l.type as Node | null;
    if (t && this.pointerType(t)) return true;
    let pointer = false;
    walk(l.value, (n) => {
      if (n.astNodeType === "unaryOp" && n.operator === "&") pointer = true;
      if (n.astNodeType === "varExpr") { const d = scope.get(n.name as string); if (d && "pointer" in d && d.pointer) pointer = true; }
    });
    return pointer;
  }
}

function scalarTypeName(t: Node | null | undefined): string | null {
  if (!t || t.astNodeType !== "type") return null;
  return t.name === "i32" || t.name === "u32" ? t.name : null;
}

/** The type name wgsl_reflect gives an integer literal (u32, i32, x32 = abstract int), or null for any other. */
function literalType(e: Node): string | null {
  const v = e.value as { typeInfo?: { name?: string }; data?: unknown } | undefined;
  const t = v?.typeInfo?.name;
  if (!(v?.data instanceof Int32Array || v?.data instanceof Uint32Array)) return null;
  return t === "u32" || t === "i32" || t === "x32" ? t : null;
}

function literalInt(e: Node | null | undefined): { value: number; type: string } | null {
  if (!e || e.astNodeType !== "literalExpr" || e.postfix) return null;
  const type = literalType(e);
  const data = (e.value as { data: Int32Array | Uint32Array }).data;
  return type ? { value: data[0]!, type } : null;
}

/** The variable an assignment target or `&` operand names at its root (v in v, v.m, v[k]), or null (`*p`). */
function rootName(e: Node | null | undefined): string | null {
  return e && e.astNodeType === "varExpr" ? (e.name as string) : null;
}

function isLoopVar(e: Node | null | undefined, i: string): boolean {
  return !!e && e.astNodeType === "varExpr" && e.name === i && !e.postfix;
}

/**
 * Whether a loop body can end the loop other than through its condition: a `return` or `discard` anywhere in it,
 * or a `break` outside the loops and switches nested in it (a break there ends those, not this loop).
 */
function leavesLoop(body: unknown): boolean {
  let leaves = false;
  walk(body, (n) => { if (n.astNodeType === "return" || n.astNodeType === "discard") leaves = true; });
  const breaks = (n: unknown, seen: Set<unknown>): void => {
    if (leaves || !n || typeof n !== "object" || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) { for (const x of n) breaks(x, seen); return; }
    const node = n as Node;
    if (typeof node.astNodeType !== "string") return;
    if (node.astNodeType === "break") { leaves = true; return; }
    if (["for", "while", "loop", "switch"].includes(node.astNodeType)) return;
    for (const [k, v] of Object.entries(node)) if (k !== "calls" && k !== "cachedReturnValue" && v && typeof v === "object") breaks(v, seen);
  };
  breaks(body, new Set());
  return leaves;
}

function conjuncts(e: Node): Node[] {
  if (e.astNodeType === "binaryOp" && e.operator === "&&" && !e.postfix) return [...conjuncts(e.left as Node), ...conjuncts(e.right as Node)];
  return [e];
}

/** `i < E` / `E > i` (up), `i > E` / `E < i` (down), and the inclusive forms `<=` / `>=`. */
interface Comparison { up: boolean; inclusive: boolean; bound: Node }

function comparison(c: Node, i: string): Comparison | null {
  if (c.astNodeType !== "binaryOp" || c.postfix) return null;
  const op = c.operator as string;
  if (!["<", ">", "<=", ">="].includes(op)) return null;
  const inclusive = op.length === 2;
  if (isLoopVar(c.left as Node, i)) return { up: op[0] === "<", inclusive, bound: c.right as Node };
  if (isLoopVar(c.right as Node, i)) return { up: op[0] === ">", inclusive, bound: c.left as Node };
  return null;
}

type Update =
  | { kind: "add"; step: number; type: string | null; increment: boolean }
  | { kind: "shrink"; type: string | null; increment: false };

/** A positive integer constant (a literal or a const) with its type, or null. */
function positiveConstant(e: Node | null | undefined, scope: Scope): { value: number; type: string | null } | null {
  if (!e) return null;
  const lit = literalInt(e);
  const value = lit ? lit.value : constantValue(e, scope);
  if (value === null || !(value > 0)) return null;
  if (lit) return { value, type: lit.type };
  const d = e.astNodeType === "varExpr" || e.astNodeType === "constExpr" ? scope.get(e.name as string) : undefined;
  return { value, type: d?.kind === "const" ? d.type : null };
}

/**
 * The update of a counted loop: i++ / i-- (integer-only, so no type needed), i += s / i -= s / i = i + s /
 * i = s + i / i = i - s with a positive constant s (signed step, with s's type), or a shrink: i /= s, i = i / s
 * (s >= 2), i >>= s, i = i >> s (1 <= s <= 31).
 */
function updateOf(u: Node | null, i: string, scope: Scope): Update | null {
  if (!u) return null;
  if (u.astNodeType === "increment") {
    if (!isLoopVar(u.variable as Node, i)) return null;
    return u.operator === "++" ? { kind: "add", step: 1, type: null, increment: true } : u.operator === "--" ? { kind: "add", step: -1, type: null, increment: true } : null;
  }
  if (u.astNodeType !== "assign" || !isLoopVar(u.variable as Node, i)) return null;
  const v = u.value as Node;
  const shrink = (op: string, s: { value: number; type: string | null } | null): Update | null => {
    if (!s) return null;
    if (op === "/" && s.value >= 2) return { kind: "shrink", type: s.type, increment: false };
    // a shift's amount is u32 whatever i's type: it says nothing of i's
    if (op === ">>" && s.value >= 1 && s.value <= 31) return { kind: "shrink", type: null, increment: false };
    return null;
  };
  const add = (sign: number, s: { value: number; type: string | null } | null): Update | null =>
    s ? { kind: "add", step: sign * s.value, type: s.type, increment: false } : null;
  switch (u.operator) {
    case "+=": return add(1, positiveConstant(v, scope));
    case "-=": return add(-1, positiveConstant(v, scope));
    case "/=": return shrink("/", positiveConstant(v, scope));
    case ">>=": return shrink(">>", positiveConstant(v, scope));
    case "=": break;
    default: return null;
  }
  if (v.astNodeType !== "binaryOp" || v.postfix) return null;
  const l = v.left as Node, r = v.right as Node;
  switch (v.operator) {
    case "+": return isLoopVar(l, i) ? add(1, positiveConstant(r, scope)) : isLoopVar(r, i) ? add(1, positiveConstant(l, scope)) : null;
    case "-": return isLoopVar(l, i) ? add(-1, positiveConstant(r, scope)) : null;
    case "/": case ">>": return isLoopVar(l, i) ? shrink(v.operator, positiveConstant(r, scope)) : null;
    default: return null;
  }
}

/**
 * A constant that bounds `e` from above (up) or below (down): its value where it is constant, else the constant
 * argument of a min (up) or max (down) call with such an argument; or null.
 */
function limitValue(e: Node, scope: Scope, up: boolean): number | null {
  const c = constantValue(e, scope);
  if (c !== null) return c;
  if (e.astNodeType !== "callExpr" || e.postfix || e.name !== (up ? "min" : "max")) return null;
  const values = ((e.args as Node[] | null) ?? []).map((a) => constantValue(a, scope)).filter((v): v is number => v !== null);
  if (((e.args as Node[] | null) ?? []).length !== 2 || !values.length) return null;
  return up ? Math.min(...values) : Math.max(...values);
}

/**
 * The value of a bound made of integer literals and module or function consts (with + - *), or null. Used only
 * for the step rule, so anything else is simply "not constant".
 */
function constantValue(e: Node | null | undefined, scope: Scope, depth = 0): number | null {
  if (!e || e.postfix || depth > 32) return null;
  switch (e.astNodeType) {
    case "literalExpr": return literalInt(e)?.value ?? null;
    case "varExpr": case "constExpr": {
      const d = scope.get(e.name as string);
      // evaluated where the const is declared (a name in its initializer may be shadowed here)
      return d?.kind === "const" && d.value ? constantValue(d.value, d.at, depth + 1) : null;
    }
    case "unaryOp": {
      const v = e.operator === "-" ? constantValue(e.right as Node, scope, depth + 1) : null;
      return v === null ? null : -v;
    }
    case "binaryOp": {
      const l = constantValue(e.left as Node, scope, depth + 1), r = constantValue(e.right as Node, scope, depth + 1);
      if (l === null || r === null) return null;
      return e.operator === "+" ? l + r : e.operator === "-" ? l - r : e.operator === "*" ? l * r : null;
    }
    default: return null;
  }
}
