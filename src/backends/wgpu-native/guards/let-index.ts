// Upstream (naga 29, gfx-rs/wgpu issue 4390; test/cts/repros/wgpu_native_let_index_treated_as_const.py): naga's
// validator bounds-checks the index of every access whose index expression it can evaluate, and a `let` bound
// to a constant (`let i = 3u; v[i]`) names the literal's own expression, so the module is refused ("Accessing
// index 3 is out of [..] bounds", "Accessing [..] via a negative index is invalid"). WGSL: a let-declared
// identifier is not a const-expression, the access is a runtime one and robust access keeps it in bounds, the
// module is valid. A literal or `const` index out of bounds is a shader-creation error, and naga's parser
// reports those itself ("Index 3 is out of bounds for expression [..]"), before validation.
//
// The rewrite makes such an index an expression naga does not evaluate: `v[i]` becomes `v[i + 0]` (naga keeps a
// let's value non-constant for later expressions, so the sum is a runtime expression; same type, same value,
// same uniformity). It is applied only to a module naga refused with one of the two validation errors above
// (shader-module.ts), and only to an index that is a lone identifier (in parentheses or not) that some `let` of
// the module declares. Without scopes it cannot tell which declaration the identifier means, and it need not:
// where it names a `const`, `c + 0` is a const-expression of the same value, which naga still folds and checks
// (an out-of-bounds or negative one is still refused); an `override`, a `var` or a parameter keep their kind
// and value as well. So every module WGSL refuses is still refused, and its messages point at the user's
// columns (the inserts).
import { blankComments, insertAll, type Insert } from "./shader-source.js";

/** naga's validation errors for a constant index out of bounds (the validator's, not the parser's wording). */
const CONSTANT_INDEX_ERROR = /Accessing index \d+ is out of \[\d+\] bounds|Accessing \[\d+\] via a negative index is invalid/;

/** Whether naga's error message is the validator's constant-index bounds check (the one the rewrite is for). */
export function isConstantIndexError(message: string): boolean {
  return CONSTANT_INDEX_ERROR.test(message);
}

const IDENT = String.raw`[\p{XID_Start}_][\p{XID_Continue}]*`;

/** The code with every let-bound lone-identifier index made a runtime expression, and its inserts. */
export function rewriteLetIndices(code: string): { code: string; inserts: Insert[] } {
  const unchanged = { code, inserts: [] as Insert[] };
  if (!code.includes("let") || !code.includes("[")) return unchanged;
  const plain = blankComments(code);
  const lets = new Set<string>();
  for (const m of plain.matchAll(new RegExp(String.raw`\blet\s+(${IDENT})`, "gu"))) lets.add(m[1]!);
  if (!lets.size) return unchanged;
  const at: Array<[number, string]> = [];
  // `[` opens only an index in WGSL; the identifier must be the whole index, parentheses aside.
  for (const m of plain.matchAll(new RegExp(String.raw`\[([\s(]*)(${IDENT})([\s)]*)\]`, "gu"))) {
    const open = m[1]!.split("(").length, close = m[3]!.split(")").length;
    if (open !== close || !lets.has(m[2]!)) continue;
    at.push([m.index! + 1 + m[1]!.length + m[2]!.length, " + 0"]);
  }
  return at.length ? insertAll(code, at) : unchanged;
}
