// Capped loop bounds: a source rewrite that makes counted loops with a power-of-two step over 1, or an inclusive
// condition, toward a bound that is not a constant (a uniform, a let, a parameter, arrayLength, ...) provably
// end, so that their module gets the default without forced loop bounding (guards/loop-termination.ts), while every
// execution of the user's code that ends stays exactly as it was.
//
// The rewrite, with s = 2^k the step's size and [min, max] the range of the loop variable's type (i32 or u32):
//   i <  E; i += s   ->  i <  min(E, max - s + 1)        i >  E; i -= s   ->  i >  max(E, min + s - 1)
//   i <= E; i += s   ->  i <= min(E, max - s)            i >= E; i -= s   ->  i >= max(E, min + s)
// (and the mirrored comparisons E > i, ...). The capped loop ends: while it runs, i <= max - s (i >= min + s), so
// i + s (i - s) never wraps and i moves by s toward a bound of its type at each iteration; that is the prover's step
// rule, with the constant taken from the min (max) call, and the rewritten module is proven again by the prover.
//
// Why a terminating execution of the original loop is unchanged (the up-counting `<` case; the others are the
// same with the block and the comparison changed accordingly). Let M = max + 1 and C = M - s, so the rewritten
// condition is i < min(E, C). At a condition check where i < C or E <= C, `i < min(E, C)` equals `i < E`; since E and
// the other conjuncts are side-effect free, the check takes the same branch in both. So the two executions differ
// only from a first check at which C <= i < E. There the original keeps running, and it can never end:
//  - the prover has shown that only the update writes i and that E does not change while the loop runs; the cap
//    is applied only where the other conjuncts of the condition are invariant too (then true from here on, since
//    this check passed them; if one was false, both executions leave here alike) and where the body cannot leave
//    the loop (no return, no discard, no break of this loop). So the loop ends only when i >= E.
//  - i changes only by i = i + s modulo 2^32 (WGSL's concrete integers wrap). Since s divides 2^32, the low k bits of
//    i never change. The values i >= E all lie in the top block [C, max] (E > C), whose s values, starting at a
//    multiple of s, have pairwise different low k bits: of them, i can only ever take the one it has now, which
//    is < E. So i >= E never holds, and the original never ends.
// Hence an execution of the original that ends never meets such a check, and the rewritten loop runs it exactly.
// A step that is not a power of two is left alone: the value i takes in the top block then changes from one
// wrap-around to the next, and after one or more wraps the original can end (u32, s = 3, i = 1 up to E = max:
// 4294967293 wraps to 0, which then reaches E), where the capped loop would have stopped before the wrap.
//
// How: the bound E keeps its text and its place, `min(` / `max(` is inserted before it and `, CAP)` after it, on
// its line (the Insert records map compilation-message columns back, as for the other rewrites). An inline cap
// rather than a `let` before the loop: E is evaluated where and as often as before (no question of scope, shadowing
// or order with the loop's initializer), and the driver sees a loop-invariant umin/smin bound, which its
// trip-count analysis reads as it reads E (and hoists out of the loop). The rewrite is all or nothing per module:
// only where every loop that is not proven as written can be capped (LoopTermination.caps), and only where the
// rewritten module parses to the user's AST with exactly these bounds wrapped and is proven; otherwise the module
// is compiled as written, with all checks. shader-module.ts compiles the user's code as written when the rewritten
// code does not compile, so validity and messages are those of the user's code.
import { proveLoopTermination, type LoopCap, type LoopTermination } from "./loop-termination.js";
import { blankComments, insertAll, type Insert } from "./shader-source.js";
import type { Node, ParsedWgsl } from "./shader-interface.js";

export interface CappedLoops {
  code: string;
  inserts: Insert[];
  /** the proof of the rewritten code (proven) */
  proof: LoopTermination;
  /** one line per capped loop ("wgsl:LINE: ...") */
  capped: string[];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The offsets of a range's top-level `sep` separators (outside parentheses and brackets). */
function topLevel(text: string, from: number, to: number, sep: string): number[] | null {
  const at: number[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") { depth--; if (depth < 0) return null; }
    else if (depth === 0 && text.startsWith(sep, i)) { at.push(i); i += sep.length - 1; }
  }
  return depth === 0 ? at : null;
}

/** [from, to) without surrounding whitespace and without parentheses that enclose all of it. */
function inner(text: string, from: number, to: number): [number, number] {
  for (;;) {
    while (from < to && /\s/.test(text[from]!)) from++;
    while (to > from && /\s/.test(text[to - 1]!)) to--;
    if (text[from] !== "(" || text[to - 1] !== ")") return [from, to];
    const seps = topLevel(text, from + 1, to - 1, "\u0000");
    if (!seps) return [from, to];
    from++; to--;
  }
}

/** The offsets [start, end) of the bound E in the source of a cappable loop's condition, or null. */
function boundRange(plain: string, cap: LoopCap): [number, number] | null {
  const start = cap.loop.start;
  if (typeof start !== "number" || start < 0 || !/^for(?![\p{ID_Continue}])/u.test(plain.slice(start, start + 4))) return null;
  const open = /^for\s*\(/u.exec(plain.slice(start));
  if (!open) return null;
  const from = start + open[0].length;
  // the matching `)` of the header
  let depth = 1, close = from;
  for (; close < plain.length && depth > 0; close++) {
    if (plain[close] === "(") depth++;
    else if (plain[close] === ")") depth--;
  }
  if (depth !== 0) return null;
  const semis = topLevel(plain, from, close - 1, ";");
  if (!semis || semis.length !== 2) return null;
  const condFrom = semis[0]! + 1, condTo = semis[1]!;
  const ands = topLevel(plain, condFrom, condTo, "&&");
  if (!ands || ands.length + 1 !== cap.conjuncts) return null;
  const edges = [condFrom, ...ands.map((a) => a + 2)];
  const ends = [...ands, condTo];
  const [a, b] = inner(plain, edges[cap.conjunct]!, ends[cap.conjunct]!);
  const text = plain.slice(a, b);
  const v = escape(cap.variable);
  const op = escape(cap.operator);
  if (cap.variableLeft) {
    const m = new RegExp(`^${v}\\s*${op}(?![<>=])`, "u").exec(text);
    return m ? trimmed(plain, a + m[0].length, b) : null;
  }
  const m = new RegExp(`(?<![<>=!])${op}\\s*${v}$`, "u").exec(text);
  return m ? trimmed(plain, a, a + m.index) : null;
}

function trimmed(text: string, from: number, to: number): [number, number] | null {
  while (from < to && /\s/.test(text[from]!)) from++;
  while (to > from && /\s/.test(text[to - 1]!)) to--;
  return from < to ? [from, to] : null;
}

/** Keys of wgsl_reflect's nodes that are positions, ids (loopId: a parse-wide counter on break and continue) or caches, not structure. */
const NOT_STRUCTURE = new Set(["id", "loopId", "line", "start", "end", "calls", "cachedReturnValue", "parent"]);

/**
 * Whether two parses are the same program but for the capped bounds: each bound of `wrapped` appears in `b` as
 * `fn(bound, cap)` with the cap literal of the loop's type.
 */
function sameProgram(a: unknown, b: unknown, wrapped: Map<object, LoopCap>, seen = new Map<object, unknown>(), depth = 0): boolean {
  if (depth > 400) return false;
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a === b;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  const cap = wrapped.get(a);
  if (cap) {
    const call = b as Node;
    const args = call.astNodeType === "callExpr" && call.name === cap.fn && !call.postfix ? (call.args as Node[] | null) ?? [] : [];
    if (args.length !== 2) return false;
    const lit = args[1]!;
    const v = lit.astNodeType === "literalExpr" ? (lit.value as { typeInfo?: { name?: string }; data?: ArrayLike<number> } | undefined) : undefined;
    const cv = lit.astNodeType === "unaryOp" && lit.operator === "-" ? ((lit.right as Node).value as { typeInfo?: { name?: string }; data?: ArrayLike<number> } | undefined) : undefined;
    const value = v ? v.data?.[0] : cv ? -(cv.data?.[0] ?? NaN) : NaN;
    const type = (v ?? cv)?.typeInfo?.name;
    if (value !== cap.limit || type !== cap.integer) return false;
    return sameProgram(a, args[0], new Map(), seen, depth + 1);
  }
  if (Array.isArray(a) || ArrayBuffer.isView(a)) {
    const x = a as ArrayLike<unknown>, y = b as ArrayLike<unknown>;
    if (!(Array.isArray(b) || ArrayBuffer.isView(b)) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameProgram(x[i], y[i], wrapped, seen, depth + 1)) return false;
    return true;
  }
  const ka = Object.keys(a).filter((k) => !NOT_STRUCTURE.has(k)), kb = Object.keys(b).filter((k) => !NOT_STRUCTURE.has(k));
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!sameProgram((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], wrapped, seen, depth + 1)) return false;
  }
  return true;
}

/**
 * The code with the bounds of `proof.caps` capped, its inserts, the rewritten code's proof and what was capped;
 * null where the module has no such loops, where a bound cannot be found in the source, or where the rewritten code
 * is not the same program with those bounds capped, or not proven.
 */
export function capLoopBounds(code: string, proof: LoopTermination, parsed: ParsedWgsl | undefined): CappedLoops | null {
  if (proof.proven || !proof.caps.length || !parsed) return null;
  const plain = blankComments(code);
  const at: Array<[number, string]> = [];
  const capped: string[] = [];
  for (const cap of proof.caps) {
    const range = boundRange(plain, cap);
    if (!range) return null;
    at.push([range[0], `${cap.fn}(`], [range[1], `, ${cap.cap})`]);
    const e = code.slice(range[0], range[1]).replace(/\s+/g, " ");
    const cond = (bound: string): string => cap.variableLeft ? `${cap.variable} ${cap.operator} ${bound}` : `${bound} ${cap.operator} ${cap.variable}`;
    const shown = e.length <= 60 ? e : "E";
    capped.push(`wgsl:${cap.loop.line as number}: ${cond(shown)} (step ${Math.abs(cap.step)}) capped to ${cond(`${cap.fn}(${shown}, ${cap.cap})`)}`);
  }
  const rewritten = insertAll(code, at);
  let reparsed: ParsedWgsl | undefined;
  const again = proveLoopTermination(rewritten.code, (p) => { reparsed = p; });
  if (!again.proven || !reparsed) return null;
  const wrapped = new Map<object, LoopCap>(proof.caps.map((c) => [c.bound, c]));
  if (!sameProgram(parsed.ast, reparsed.ast, wrapped)) return null;
  return { code: rewritten.code, inserts: rewritten.inserts, proof: again, capped };
}
