// WGSL guarantees that workgroup variables start as the zero value of their type in every workgroup, and
// wgpu-core can compile that guarantee in (naga's zero-initialisation of workgroup memory: null initializers
// or a polyfill), but only when a pipeline asks for it (PipelineCompilationOptions.zero_initialize_workgroup_memory).
// wgpu-native 29.0.1.1 asks for it in no pipeline and wgpu.h has no field that would, so on a driver that does
// not clear shared memory by itself (lavapipe) a workgroup variable starts with whatever the previous dispatch
// left there (test/cts/repros/wgpu_native_workgroup_memory_not_zeroed.py; CTS shader,execution,zero_init).
//
// The rewrite spells the guarantee out in WGSL, as a prologue of each compute entry point that uses workgroup
// variables (directly or through the functions it calls): invocation 0 of the workgroup stores the zero value
// into each of them (scalars, vectors and matrices as `v = T();`, atomics with atomicStore, arrays in loops and
// structs member by member), then every invocation waits at a workgroupBarrier, so the entry
// point's own code sees zeros, as the spec says. The entry point gets @builtin(local_invocation_index) as an
// extra first parameter when it has none. Everything is inserted on the lines it belongs to (no new lines), and
// the Insert records map compilation-message columns back to the user's code.
//
// It is applied only where the reflection (shader-interface.ts) reads the whole module; shader-module.ts
// compiles the user's code as it is when the rewritten code does not compile, so the rewrite never changes
// which modules are valid or what their messages say.
import { moduleInterface, rememberParse, type ModuleInterface, type Node, type ParsedWgsl } from "./shader-interface.js";
import { blankComments, insertAll, type Insert } from "./shader-source.js";

const WORKGROUP_VAR = /\bvar\s*<\s*workgroup\s*>/;
const INDEX = "_wgts_zero_lii";

/** WGSL text of a scalar, vector or matrix type node (wgsl_reflect: `vec3f`, or `vec3` with format `f32`). */
function typeText(t: Node): string | null {
  const name = t.name as string;
  if (!/^(bool|f32|f16|i32|u32|vec[234][fhiu]?|mat[234]x[234][fh]?)$/.test(name)) return null;
  if (!t.format) return name;
  const f = (t.format as Node).name as string;
  return /^(bool|f32|f16|i32|u32)$/.test(f) ? `${name}<${f}>` : null;
}

/**
 * Statements that store the zero value into `place` (a reference expression of type `t`), or null where the type
 * is not understood. Arrays are zeroed in a loop and structs member by member, never with one store of `T()`:
 * lavapipe's compiler spends seconds on a zero-value store of a large aggregate (array<u32, 4096>: 7-10 s per
 * pipeline), and a loop costs milliseconds.
 */
function zeroStores(m: ModuleInterface, t: Node, place: string, countText: string | null, depth = 0): string | null {
  if (depth > 32) return null;
  const name = t.name as string;
  if (name === "atomic") return `atomicStore(&${place}, 0);`;
  if (name === "array") {
    const count = m.arrayCounts.has(t) ? countText : typeof t.count === "number" ? `${t.count}u` : null;
    if (count === null) return null;
    const i = `_wgts_zero_i${depth}`;
    const inner = zeroStores(m, t.format as Node, `${place}[${i}]`, null, depth + 1);
    return inner ? `for (var ${i} = 0u; ${i} < ${count}; ${i}++) { ${inner} }` : null;
  }
  if (Array.isArray(t.members)) {
    const parts: string[] = [];
    for (const member of t.members as Node[]) {
      const s = zeroStores(m, member.type as Node, `${place}.${member.name as string}`, null, depth + 1);
      if (s === null) return null;
      parts.push(s);
    }
    return parts.join(" ");
  }
  const text = typeText(t);
  return text ? `${place} = ${text}();` : null;
}

/** The element count of `var<workgroup> name: array<E, COUNT>` as u32 WGSL text, from the declaration. */
function declaredCount(plain: string, name: string): string | null {
  const decl = new RegExp(`\\bvar\\s*<\\s*workgroup\\s*>\\s*${escape(name)}\\s*:\\s*array\\s*<`, "u").exec(plain);
  if (!decl) return null;
  let depth = 1, i = decl.index + decl[0].length, comma = -1;
  const start = i;
  for (; i < plain.length && depth > 0; i++) {
    const c = plain[i];
    if (c === "<" || c === "(" || c === "[") depth++;
    else if (c === ">" || c === ")" || c === "]") depth--;
    else if (c === "," && depth === 1) comma = i;
  }
  if (depth !== 0 || comma < start) return null;
  const count = plain.slice(comma + 1, i - 1).trim().replace(/,$/, "").trim();
  return count ? `u32(${count})` : null;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The offsets just after the `(` of an entry point's parameter list and just after the `{` of its body. */
function entryOffsets(plain: string, name: string): { params: number; body: number } | null {
  const fn = new RegExp(`\\bfn\\s+${escape(name)}\\s*\\(`, "u").exec(plain);
  if (!fn) return null;
  const params = fn.index + fn[0].length;
  let depth = 1, i = params;
  for (; i < plain.length && depth > 0; i++) {
    if (plain[i] === "(") depth++;
    else if (plain[i] === ")") depth--;
  }
  const brace = plain.indexOf("{", i);
  return depth === 0 && brace >= 0 ? { params, body: brace + 1 } : null;
}

/**
 * The code with a zeroing prologue in every compute entry point that uses workgroup variables, and its
 * inserts; the code unchanged (no inserts) where there is none or the module cannot be read. `reflected`: the
 * module's interface where it was computed (the pipelines made from the module need it too). `parsed`: the
 * module's parse where one was already made (the loop proof's), so the module is parsed once.
 */
export function rewriteWorkgroupZeroing(code: string, parsed?: ParsedWgsl): { code: string; inserts: Insert[]; reflected?: ModuleInterface | null } {
  const unchanged = { code, inserts: [] as Insert[] };
  if (!WORKGROUP_VAR.test(code) || !code.includes("compute")) return unchanged;
  const key = {};
  if (parsed) rememberParse(key, parsed);
  const m = moduleInterface(key, code);
  if (!m) return { ...unchanged, reflected: m };
  const plain = blankComments(code);
  const at: Array<[number, string]> = [];
  for (const entry of m.entries) {
    if (entry.stage !== "compute") continue;
    const vars = [...entry.globals].filter((g) => m.vars.get(g)?.storage === "workgroup");
    if (!vars.length) continue;
    const offsets = entryOffsets(plain, entry.name);
    if (!offsets) continue;
    const stores: string[] = [];
    for (const v of vars) {
      const type = m.vars.get(v)!.type;
      const s = type ? zeroStores(m, type, v, declaredCount(plain, v)) : null;
      if (s) stores.push(s);
    }
    if (!stores.length) continue;
    const index = entry.localInvocationIndex ?? INDEX;
    if (entry.localInvocationIndex === null) at.push([offsets.params, `@builtin(local_invocation_index) ${INDEX}: u32, `]);
    at.push([offsets.body, ` if (${index} == 0u) { ${stores.join(" ")} } workgroupBarrier();`]);
  }
  return { ...(at.length ? insertAll(code, at) : unchanged), reflected: m };
}
