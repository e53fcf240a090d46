// Guard: WGSL that nests too deeply for wgpu-native's parser.
//
// naga's WGSL front end is recursive descent and has no depth limit for expressions and types
// (only for blocks): `((((1))))` 740 levels deep, `vec4<vec4<...>>` 680 deep, `abs(abs(...))` 600
// deep, or a single `a + a + ... + a` of ~3600 terms overflows the native stack inside
// wgpuDeviceCreateShaderModule, and the process dies with SIGSEGV. This scan estimates the parser's
// recursion along every nesting path (6 units per bracket/template/brace level, 1 per operator or
// postfix access in the open expression; the crashes above are all at >= 3600 units) so
// createShaderModule can refuse such code with a validation error instead. Real shaders stay far
// below the limit (browsers' Tint already refuses parenthesis nesting beyond 128).

export const WGSL_DEPTH_LIMIT = 1024;
/** The same scan applied to GLSL (C-like syntax), whose parser crashes at ~1,660 units. */
export const GLSL_DEPTH_LIMIT = 600;

// Guard: an entry point whose name is ~262,000 bytes or longer overflows the 16-bit word count of
// SPIR-V's OpEntryPoint; lavapipe then loses the device inside wgpuDeviceCreateComputePipeline. Names
// are limited (in UTF-16 code units, so at most 4x in UTF-8 bytes) far below that.
export const WGSL_IDENTIFIER_LIMIT = 16384;

const TEMPLATED = new Set([
  "array", "atomic", "bitcast", "mat2x2", "mat2x3", "mat2x4", "mat3x2", "mat3x3", "mat3x4", "mat4x2", "mat4x3", "mat4x4",
  "ptr", "vec2", "vec3", "vec4", "var", "binding_array", "sampler", "texture_1d", "texture_2d", "texture_2d_array",
  "texture_3d", "texture_cube", "texture_cube_array", "texture_multisampled_2d", "texture_storage_1d",
  "texture_storage_2d", "texture_storage_2d_array", "texture_storage_3d", "texture_depth_multisampled_2d",
]);

interface Level { kind: number; ops: number }
const PAREN = 0, TEMPLATE = 1, BRACE = 2, ROOT = 3;
const LEVEL_COST = 6;
const OPERATORS = "+-*/%&|^!~<>=";

/** The estimated parser depth of `code` and where it peaks. */
export function wgslNestingDepth(code: string): { depth: number; line: number; column: number; longestIdentifier: number; identifierLine: number; identifierColumn: number } {
  const stack: Level[] = [{ kind: ROOT, ops: 0 }];
  let cost = 0, max = 0, maxAt = 0;
  let lastIdent = "";
  let longest = 0, longestAt = 0;
  const n = code.length;
  let i = 0;
  const bump = (by: number) => {
    cost += by;
    if (cost > max) { max = cost; maxAt = i; }
  };
  const push = (kind: number) => { stack.push({ kind, ops: 0 }); bump(LEVEL_COST); };
  const pop = () => { const l = stack.pop()!; cost -= LEVEL_COST + l.ops; };
  const popTo = (kind: number) => {
    while (stack.length > 1 && stack[stack.length - 1]!.kind !== kind) pop();
    if (stack.length > 1) pop();
  };
  const reset = () => { const top = stack[stack.length - 1]!; cost -= top.ops; top.ops = 0; };
  const op = () => { stack[stack.length - 1]!.ops++; bump(1); };
  while (i < n) {
    const c = code.charCodeAt(i);
    const ch = code[i]!;
    // comments (block comments nest in WGSL)
    if (ch === "/" && code[i + 1] === "/") { while (i < n && code[i] !== "\n") i++; continue; }
    if (ch === "/" && code[i + 1] === "*") {
      let depth = 1; i += 2;
      while (i < n && depth > 0) {
        if (code[i] === "/" && code[i + 1] === "*") { depth++; i += 2; } else if (code[i] === "*" && code[i + 1] === "/") { depth--; i += 2; } else i++;
      }
      continue;
    }
    if (c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127) { // identifier
      const start = i;
      while (i < n) {
        const d = code.charCodeAt(i);
        if (d === 95 || (d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d > 127) i++; else break;
      }
      if (i - start > longest) { longest = i - start; longestAt = start; }
      lastIdent = i - start > 64 ? "" : code.slice(start, i);
      continue;
    }
    if ((c >= 48 && c <= 57) || (ch === "." && /[0-9]/.test(code[i + 1] ?? ""))) { // number literal
      i++;
      while (i < n && /[0-9a-zA-Z_.]/.test(code[i]!)) {
        if (/[eEpP]/.test(code[i]!) && /[+-]/.test(code[i + 1] ?? "")) i++;
        i++;
      }
      lastIdent = "";
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") { i++; continue; }
    const ident = lastIdent;
    lastIdent = "";
    switch (ch) {
      case "(": push(PAREN); break;
      case "[": op(); push(PAREN); break;
      case ")": case "]": popTo(PAREN); break;
      case "{": push(BRACE); break;
      case "}": popTo(BRACE); break;
      case ";": case ",": reset(); break;
      case ".": op(); break;
      case "<":
        if (TEMPLATED.has(ident)) push(TEMPLATE); else op();
        break;
      case ">":
        if (code[i - 1] === "-") break; // the -> of a return type
        if (stack[stack.length - 1]!.kind === TEMPLATE) pop(); else op();
        break;
      default:
        if (OPERATORS.includes(ch)) op();
    }
    i++;
  }
  const position = (at: number): [number, number] => {
    let line = 1, column = 1;
    for (let k = 0; k < at && k < n; k++) {
      if (code[k] === "\n") { line++; column = 1; } else column++;
    }
    return [line, column];
  };
  const [line, column] = position(maxAt);
  const [identifierLine, identifierColumn] = position(longestAt);
  return { depth: max, line, column, longestIdentifier: longest, identifierLine, identifierColumn };
}

// Guard: naga does not bound the size of a variable in the function or private address space, and
// lavapipe's compiler spends time and memory linear in it: `var a: array<f32, 1000000>` in a function
// takes 23 s and 2.3 GB in wgpuDeviceCreateComputePipeline, 10x that does not finish. WGSL ("Limits")
// guarantees 8192 bytes per variable set and lets an implementation accept more (dawn.node does, and the
// CTS relies on it: shader,execution,zero_init declares private and function variables of 8576 bytes and
// more), so the refusal is set well above the guarantee and well below sizes that stall the compiler
// (64 KiB: a fraction of a second on lavapipe, by the linear cost above). This finds single `var`
// declarations in those address spaces whose size is certainly over it (a lower bound: no padding,
// f16 = 2 bytes, override-sized arrays count 1).
export const WGSL_PRIVATE_FUNCTION_BYTES = 8192;
export const PRIVATE_FUNCTION_REFUSED_BYTES = 65536;

export function wgslOversizedVariable(code: string): { name: string; bytes: number; space: string; line: number; column: number } | null {
  if (!/\bvar\b/.test(code) || !/array|mat|vec/.test(code)) return null;
  // Comments become spaces (positions are kept).
  const src = code.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) => m.replace(/[^\n]/g, " "));
  const consts = new Map<string, number>();
  for (const m of src.matchAll(/\b(?:const|override)\s+(\w+)\s*(?::\s*\w+\s*)?=\s*(0[xX][0-9a-fA-F]+|\d+)[iu]?\s*;/g)) consts.set(m[1]!, Number(m[2]));
  const structs = new Map<string, string>();
  for (const m of src.matchAll(/\bstruct\s+(\w+)\s*\{([^}]*)\}/g)) structs.set(m[1]!, m[2]!);
  const structSizes = new Map<string, number>();
  const structSize = (name: string, depth: number): number => {
    if (structSizes.has(name)) return structSizes.get(name)!;
    structSizes.set(name, 0); // recursion guard
    let total = 0;
    // Members are separated by the commas outside template brackets.
    const body = structs.get(name)!.replace(/@\w+(\([^)]*\))?/g, " ");
    const members: string[] = [];
    let level = 0, from = 0;
    for (let k = 0; k < body.length; k++) {
      const c = body[k];
      if (c === "<") level++;
      else if (c === ">") level--;
      else if (c === "," && level === 0) { members.push(body.slice(from, k)); from = k + 1; }
    }
    members.push(body.slice(from));
    for (const member of members) {
      const colon = member.indexOf(":");
      if (colon >= 0) total += typeSize(member.slice(colon + 1), depth + 1).size;
    }
    structSizes.set(name, total);
    return total;
  };
  // Parses one type at the start of s: its size (lower bound) and the rest of the text.
  const typeSize = (s: string, depth: number): { size: number; rest: string } => {
    const m = /^\s*(\w+)\s*/.exec(s);
    if (!m || depth > 64) return { size: 0, rest: s };
    const name = m[1]!;
    let rest = s.slice(m[0].length);
    const args: string[] = [];
    let inner = 0;
    if (rest.startsWith("<")) {
      rest = rest.slice(1);
      const first = typeSize(rest, depth + 1);
      inner = first.size;
      rest = first.rest.trimStart();
      while (rest.startsWith(",")) {
        const a = /^,\s*([^,>]*)/.exec(rest)!;
        args.push(a[1]!.trim());
        rest = rest.slice(a[0].length);
      }
      if (rest.startsWith(">")) rest = rest.slice(1);
    }
    let size = 0;
    const scalar = (t: string) => (t === "h" || t === "f16" ? 2 : 4);
    let v: RegExpExecArray | null;
    if (/^(f32|i32|u32|bool|atomic)$/.test(name)) size = 4;
    else if (name === "f16") size = 2;
    else if ((v = /^vec([234])([fiuh])?$/.exec(name))) size = Number(v[1]) * (v[2] ? scalar(v[2]) : inner);
    else if ((v = /^mat([234])x([234])([fh])?$/.exec(name))) size = Number(v[1]) * Number(v[2]) * (v[3] ? scalar(v[3]) : inner);
    else if (name === "array") {
      const count = args[0] === undefined ? 0 : /^(0[xX][0-9a-fA-F]+|\d+)[iu]?$/.test(args[0]) ? Number(args[0].replace(/[iu]$/, "")) : consts.get(args[0]) ?? 1;
      size = inner * count;
    } else if (structs.has(name)) size = structSize(name, depth);
    return { size, rest };
  };
  for (const m of src.matchAll(/\bvar\s*(?:<\s*(\w+)[^>]*>)?\s*(\w+)\s*(:)?/g)) {
    const space = m[1] ?? "function";
    if (space !== "function" && space !== "private") continue;
    const after = src.slice(m.index! + m[0].length, m.index! + m[0].length + 4096);
    let size: number;
    if (m[3]) size = typeSize(after, 0).size;
    else {
      // An inferred type: the largest constructor type in the initializer.
      const init = after.slice(0, Math.max(0, after.indexOf(";")));
      size = 0;
      for (const c of init.matchAll(/\b(array|mat\w*|vec\w*|[A-Z]\w*)\s*(?=[<(])/g)) size = Math.max(size, typeSize(init.slice(c.index), 0).size);
    }
    if (size > PRIVATE_FUNCTION_REFUSED_BYTES) {
      const before = src.slice(0, m.index);
      const line = before.split("\n").length;
      return { name: m[2]!, bytes: size, space, line, column: m.index! - before.lastIndexOf("\n") };
    }
  }
  return null;
}
