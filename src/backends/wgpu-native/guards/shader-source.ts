// Native shader input besides WGSL, as wgpu-py offers it (a backend extension of
// GPUShaderModuleDescriptor; the portable API only knows WGSL):
//   - SPIR-V: `code` is a Uint32Array, another ArrayBufferView or an ArrayBuffer of SPIR-V words
//     (its magic number 0x07230203 is checked, in either byte order of the host);
//   - GLSL: `code` is a string starting with `#version`; the stage comes from the descriptor's
//     `stage` ("vertex" | "fragment" | "compute", or one GPUShaderStage bit), else, as in wgpu-py,
//     from the label ("vert" / "frag" / "comp" in it); `defines` ({NAME: "value"}) are optional.
// wgpu-native parses both formats while converting the descriptor; a module whose source failed to
// parse has no native id, and a pipeline built from it panics. Such modules are marked unusable and
// the pipeline constructors refuse them (a validation error), see `unusableReason`.
import koffi from "koffi";
import { WGPUSType, WGPUNativeSType, WGPUShaderStage } from "../ffi/generated/enums.js";
import { toStringView } from "../ffi/strings.js";
import { dict, fail, describe, str } from "../../../validate/shape.js";

export const SPIRV_MAGIC = 0x07230203;

/** Backend-specific fields of a shader module descriptor. */
export interface NativeShaderModuleDescriptorExtras {
  /** GLSL: the shader stage */
  stage?: "vertex" | "fragment" | "compute" | number;
  /** GLSL: preprocessor defines */
  defines?: Record<string, string | number | boolean>;
}

export type ShaderLanguage = "wgsl" | "glsl" | "spirv";

/** Which language `code` is in (a non-string is SPIR-V; a string starting with `#version` is GLSL). */
export function shaderLanguage(code: unknown): ShaderLanguage {
  if (typeof code !== "string") return code instanceof ArrayBuffer || ArrayBuffer.isView(code) ? "spirv" : "wgsl";
  return /^\s*#version\s/.test(code) ? "glsl" : "wgsl";
}

/** SPIR-V words from any buffer source (copied, so the words are aligned and owned). */
export function spirvWords(code: unknown, where: string): Uint32Array {
  const bytes = code instanceof ArrayBuffer ? new Uint8Array(code)
    : ArrayBuffer.isView(code) ? new Uint8Array(code.buffer, code.byteOffset, code.byteLength)
      : fail(where, `expected SPIR-V words (Uint32Array / ArrayBuffer), got ${describe(code)}`);
  if (bytes.byteLength < 20 || bytes.byteLength % 4 !== 0) fail(where, `SPIR-V must be a whole number of 32-bit words with a 5-word header, got ${bytes.byteLength} bytes`);
  const words = new Uint32Array(bytes.byteLength / 4);
  new Uint8Array(words.buffer).set(bytes);
  if (words[0] !== SPIRV_MAGIC) fail(where, `not SPIR-V: the first word is 0x${words[0]!.toString(16).padStart(8, "0")}, expected the magic number 0x07230203`);
  return words;
}

function glslStage(d: GPUShaderModuleDescriptor & NativeShaderModuleDescriptorExtras, label: string): number {
  const where = "GPUShaderModuleDescriptor.stage";
  const s = d.stage;
  if (s === "vertex" || s === WGPUShaderStage.Vertex) return WGPUShaderStage.Vertex;
  if (s === "fragment" || s === WGPUShaderStage.Fragment) return WGPUShaderStage.Fragment;
  if (s === "compute" || s === WGPUShaderStage.Compute) return WGPUShaderStage.Compute;
  if (s !== undefined) fail(where, `expected "vertex", "fragment", "compute" or one GPUShaderStage bit, got ${describe(s)}`);
  const l = label.toLowerCase();
  if (l.includes("comp")) return WGPUShaderStage.Compute;
  if (l.includes("vert")) return WGPUShaderStage.Vertex;
  if (l.includes("frag")) return WGPUShaderStage.Fragment;
  return fail(where, "a GLSL shader needs its stage: set descriptor.stage (\"vertex\", \"fragment\" or \"compute\") or put vert/frag/comp in its label");
}

/** The chained source struct for a GLSL or SPIR-V module (the object must live until the native call returns). */
export function nativeShaderSource(language: "glsl" | "spirv", d: GPUShaderModuleDescriptor & NativeShaderModuleDescriptorExtras, label: string): unknown {
  if (language === "spirv") {
    const words = spirvWords(d.code, "GPUShaderModuleDescriptor.code");
    return koffi.as({ chain: { next: null, sType: WGPUSType.ShaderSourceSPIRV }, codeSize: words.length, code: words }, "WGPUShaderSourceSPIRV *");
  }
  const stage = glslStage(d, label);
  const defines = Object.entries(d.defines === undefined ? {} : dict<Record<string, unknown>>(d.defines, "GPUShaderModuleDescriptor.defines"))
    .map(([name, value]) => ({ name: toStringView(name), value: toStringView(str(value, `GPUShaderModuleDescriptor.defines.${name}`)) }));
  return koffi.as({
    chain: { next: null, sType: WGPUNativeSType.ShaderSourceGLSL }, stage, code: toStringView(d.code as string),
    defineCount: defines.length, defines: defines.length ? defines : null,
  }, "WGPUShaderSourceGLSL *");
}

/** Why a shader module cannot be used to build a pipeline, or null. */
export function unusableReason(module: { readonly _unusable?: string | null; readonly label: string }): string | null {
  return module._unusable ? `shader module "${module.label}" is invalid (${module._unusable})` : null;
}

/**
 * WGSL's `enable subgroups;` for naga, which rejects the directive ("not yet supported") but compiles the
 * subgroup built-ins without it when the device has wgpu-native's "subgroup" feature. The extension is taken
 * out of every enable directive, replaced by blanks of the same length so compilation messages keep their
 * positions; a directive left empty becomes blanks entirely. Only for devices with "subgroups": elsewhere naga's
 * error is the right answer.
 */
export function rewriteSubgroupsEnable(code: string): string {
  return dropDirectiveItem(code, "enable", "subgroups");
}

/**
 * WGSL's `requires subgroup_id;` for naga, which does not know the language extension ("unknown language
 * extension") but compiles @builtin(subgroup_id) and @builtin(num_subgroups) with `enable subgroups` (WGSL lets
 * a program use a supported language extension without naming it). wgslLanguageFeatures lists subgroup_id
 * (objects/limits.ts), so the directive is taken out for every device, as rewriteSubgroupsEnable does.
 */
export function rewriteSubgroupIdRequires(code: string): string {
  return dropDirectiveItem(code, "requires", "subgroup_id");
}

/**
 * WGSL's `requires swizzle_assignment;` for naga, which does not know the language extension; wgpu-ts implements
 * it (guards/swizzle-assignment.ts) and lists it in wgslLanguageFeatures, so the directive is taken out.
 */
export function rewriteSwizzleAssignmentRequires(code: string): string {
  return dropDirectiveItem(code, "requires", "swizzle_assignment");
}

/** `item` taken out of every `keyword a, b, ...;` directive, blanked to the same length (an emptied directive becomes blanks). */
function dropDirectiveItem(code: string, keyword: "enable" | "requires", item: string): string {
  if (!code.includes(item)) return code;
  return code.replace(new RegExp(`\\b${keyword}\\b([^;]*);`, "g"), (directive: string, list: string) => {
    const items = list.split(",");
    const kept = items.filter((x) => x.trim() !== item);
    if (kept.length === items.length) return directive;
    if (kept.every((x) => x.trim() === "")) return " ".repeat(directive.length);
    const rebuilt = `${keyword}${kept.filter((x) => x.trim() !== "").join(",")};`;
    return rebuilt.slice(0, -1) + " ".repeat(directive.length - rebuilt.length) + ";";
  });
}

/** The code with comments turned into spaces (newlines kept), so offsets stay those of the code. */
export function blankComments(code: string): string {
  let out = "";
  for (let i = 0; i < code.length;) {
    if (code.startsWith("//", i)) {
      while (i < code.length && code[i] !== "\n" && code[i] !== "\r") { out += " "; i++; }
    } else if (code.startsWith("/*", i)) {
      let depth = 0;
      do {
        if (code.startsWith("/*", i)) { depth++; out += "  "; i += 2; }
        else if (code.startsWith("*/", i)) { depth--; out += "  "; i += 2; }
        else { out += code[i] === "\n" || code[i] === "\r" ? code[i] : " "; i++; }
      } while (depth > 0 && i < code.length);
    } else { out += code[i]; i++; }
  }
  return out;
}

/**
 * An insertion a rewrite made: at 1-based [line, column] of its output (columns in Unicode scalar values, as
 * naga counts them), `length` characters (never a newline); a negative `length` records that many characters
 * of the input taken out there (a replacement records its change of length, guards/swizzle-assignment.ts).
 * Rewrites that keep lengths record none.
 */
export type Insert = [line: number, column: number, length: number];


/** Builds the output of a rewrite that inserts text at offsets of the input, with its Insert records. */
export function insertAll(code: string, at: Array<[offset: number, text: string]>): { code: string; inserts: Insert[] } {
  at.sort((a, b) => a[0] - b[0]);
  let out = "", last = 0, line = 1, column = 1;
  const inserts: Insert[] = [];
  const advance = (text: string): void => {
    for (const ch of text) { if (ch === "\n") { line++; column = 1; } else column++; }
  };
  for (const [offset, text] of at) {
    const chunk = code.slice(last, offset);
    out += chunk; advance(chunk);
    inserts.push([line, column, [...text].length]);
    out += text; advance(text);
    last = offset;
  }
  return { code: out + code.slice(last), inserts };
}

/**
 * Upstream (naga 29): the invocation-id argument of subgroupBroadcast, subgroupShuffle and quadBroadcast may be
 * i32 or u32 in WGSL, and the mask or delta of subgroupShuffleXor/Up/Down is u32, so an AbstractInt literal
 * converts to it; naga accepts only a u32 expression there, so it refuses `subgroupBroadcast(v, 0)` (the literal
 * becomes i32) and every i32 id ("Subgroup operation is invalid"; CTS shader,execution,shader_io,compute_builtins
 * and the subgroup built-in tests; repro: test/cts/repros/wgpu_native_subgroup_id_argument_types.py).
 * The argument is wrapped so that it is u32 and is still valid for exactly the types WGSL allows, evaluated
 * once and still a const-expression where it was one: `u32((id) << 0u)` for i32/u32 ids (a shift rejects floats,
 * bools and vectors; u32() of an i32 keeps its bits, so a negative id stays out of the subgroup's range) and
 * `(mask) + 0u` for u32 ones (an i32 or a float plus 0u stays a type error). A u32 literal is left as it is, an
 * integer literal outside WGSL's range ([0, 128), quadBroadcast [0, 4)) too, so naga still refuses it, and so is a
 * module that declares one of these names itself (a user function shadowing the built-in). The ids of
 * subgroupBroadcast and quadBroadcast, const-expressions, are range-checked by indexing a constant array with them
 * (see below). Not covered: naga checks no range of a subgroupShuffle* argument that is a const-expression (a u32
 * one out of range compiles with or without this rewrite; a negative i32 const declaration now compiles as well).
 */
const SUBGROUP_ID_CALL = /(?<![\w.])(subgroupBroadcast|subgroupShuffle(?:Xor|Up|Down)?|quadBroadcast)\s*\(/gu;
const SIGNED_OR_UNSIGNED_ID = new Set(["subgroupBroadcast", "subgroupShuffle", "quadBroadcast"]);
/** Predeclared names that take a template list inside an expression (its commas are not argument commas). */
const TEMPLATED = /(?:^|[^\w])(?:array|vec[234]|mat[234]x[234]|bitcast)\s*$/u;

/** The [start, end) ranges of the arguments of a call whose `(` is just before `from` (comment-free code), or null. */
function callArguments(plain: string, from: number): Array<[number, number]> | null {
  const args: Array<[number, number]> = [];
  const stack: string[] = [];
  let start = from;
  for (let i = from; i < plain.length; i++) {
    const c = plain[i]!;
    if (c === "(" || c === "[") stack.push(c);
    else if (c === "<" && plain[i + 1] !== "<" && plain[i + 1] !== "=" && TEMPLATED.test(plain.slice(Math.max(0, i - 24), i))) stack.push("<");
    else if (c === ">" && stack[stack.length - 1] === "<") stack.pop();
    else if (c === ")" || c === "]") {
      while (stack[stack.length - 1] === "<") stack.pop();
      if (stack.length === 0) {
        if (c === "]") return null;
        args.push([start, i]);
        break;
      }
      stack.pop();
    } else if (c === "," && stack.length === 0) { args.push([start, i]); start = i + 1; }
    else if (c === ";" || c === "{" || c === "}") return null;
  }
  if (!args.length) return null;
  // A trailing comma leaves an empty last range.
  const last = args[args.length - 1]!;
  if (plain.slice(last[0], last[1]).trim() === "" && args.length > 1) args.pop();
  return args;
}

export function rewriteSubgroupIds(code: string): { code: string; inserts: Insert[] } {
  if (!/subgroupBroadcast|subgroupShuffle|quadBroadcast/u.test(code)) return { code, inserts: [] };
  const plain = blankComments(code);
  const shadowed = (name: string): boolean => new RegExp(`\\bfn\\s+${name}\\b|(?<![\\w.])${name}(?![\\w])(?!\\s*\\()`, "u").test(plain);
  const at: Array<[number, string]> = [];
  for (const m of plain.matchAll(SUBGROUP_ID_CALL)) {
    const name = m[1]!;
    if (shadowed(name)) continue;
    const args = callArguments(plain, m.index! + m[0].length);
    if (!args || args.length !== 2) continue;
    const [from, to] = args[1]!;
    const text = plain.slice(from, to);
    const s = from + (text.length - text.trimStart().length), e = to - (text.length - text.trimEnd().length);
    const arg = plain.slice(s, e);
    if (s >= e) continue;
    // The shuffles' id, mask or delta must be in [0, 128) where it is a const-expression (a shader-creation error
    // otherwise); naga checks no range. Indexing a constant array of 128 with it adds 0 and makes naga's constant
    // evaluation refuse an index out of range. Only literals and names declared as nothing but `const` get the
    // check (anything else may be a runtime value, which must not be made a constant index).
    const shuffleCheck = name.startsWith("subgroupShuffle") && constExpression(plain, arg) ? ` + array<u32, 128>()[${arg}]` : "";
    if (/^(?:0[xX][0-9a-fA-F]+|[0-9]+)u$/u.test(arg)) {
      if (shuffleCheck) at.push([e, shuffleCheck]);
      continue;
    }
    // An integer literal outside the range WGSL allows (a shader-creation error) keeps naga's refusal.
    const literal = /^(-?)\s*(0[xX][0-9a-fA-F]+|[0-9]+)i?$/u.exec(arg);
    if (literal && (literal[1] || Number(literal[2]) >= (name === "quadBroadcast" ? 4 : 128))) continue;
    if (name === "subgroupShuffle") at.push([s, "u32(("], [e, `) << 0u)${shuffleCheck}`]);
    else if (SIGNED_OR_UNSIGNED_ID.has(name)) {
      // The id must be a const-expression here: indexing a constant array of the range's length with it adds 0
      // and makes an id outside the range a shader-creation error, as WGSL says (naga checks no range itself).
      at.push([s, "u32(("], [e, `) << 0u) + array<u32, ${name === "quadBroadcast" ? 4 : 128}>()[${arg.replace(/\s+/gu, " ")}]`]);
    }
    else at.push([s, "("], [e, `) + 0u${shuffleCheck}`]);
  }
  return at.length ? insertAll(code, at) : { code, inserts: [] };
}

/**
 * Whether an argument's text is certainly a const-expression: an integer literal, or a name that the module
 * declares only with `const` (never with let/var/override, as a parameter or a struct member: each of those
 * spellings, `name :`, must be one of the const declarations).
 */
function constExpression(plain: string, arg: string): boolean {
  if (/^-?\s*(?:0[xX][0-9a-fA-F]+|[0-9]+)[iu]?$/u.test(arg)) return true;
  if (!/^[A-Za-z_][\w]*$/u.test(arg)) return false;
  const consts = plain.match(new RegExp(`\\bconst\\s+${arg}\\s*:`, "gu"))?.length ?? 0;
  const untyped = new RegExp(`\\bconst\\s+${arg}\\s*=`, "u").test(plain);
  if (!consts && !untyped) return false;
  if (new RegExp(`\\b(?:let|var|override|fn|struct|alias)\\s+${arg}\\b|\\bvar\\s*<[^>]*>\\s*${arg}\\b`, "u").test(plain)) return false;
  const colons = plain.match(new RegExp(`(?<![\\w.])${arg}\\s*:(?!:)`, "gu"))?.length ?? 0;
  return colons === consts;
}

/**
 * Upstream (naga 29): the WGSL built-in subgroupElect() is missing ("no definition in scope for identifier";
 * repro: test/cts/repros/wgpu_native_no_subgroup_elect.py). A module that calls it gets it as a module-scope
 * function after its own code: subgroupElect() is true in the active invocation with the lowest
 * subgroup_invocation_id, which is the one whose exclusive prefix sum of 1 over the active invocations is 0
 * (subgroupExclusiveAdd counts active invocations in subgroup_invocation_id order). It goes on a line of its own
 * after the user's last line, so no message position of the user's code moves. A module that declares the name
 * itself is left alone.
 */
export function rewriteSubgroupElect(code: string): string {
  if (!code.includes("subgroupElect")) return code;
  const plain = blankComments(code);
  if (!/(?<![\w.])subgroupElect\s*\(/u.test(plain) || /\bfn\s+subgroupElect\b|(?<![\w.])subgroupElect(?![\w])(?!\s*\()/u.test(plain)) return code;
  return `${code}\n@must_use fn subgroupElect() -> bool { return subgroupExclusiveAdd(1u) == 0u; }\n`;
}

/**
 * Upstream (naga 29): `@interpolate(perspective)` and `@interpolate(linear)` without a sampling keep no
 * sampling, while a variable without @interpolate gets (perspective, center); wgpu-core then compares
 * them as different, and refuses a vertex output and a fragment input that the spec says match (WGSL:
 * the default sampling of perspective and linear is center). The rewrite spells the default out
 * (`@interpolate(linear, center)`), which leaves every rule the same (center on an integer variable is
 * still an error).
 */
export function rewriteDefaultSampling(code: string): { code: string; inserts: Insert[] } {
  if (!code.includes("interpolate")) return { code, inserts: [] };
  const at: Array<[number, string]> = [];
  for (const m of code.matchAll(/(@\s*interpolate\s*\(\s*(?:perspective|linear)\s*)(,\s*)?\)/g)) {
    at.push([m.index! + m[1]!.length + (m[2]?.length ?? 0), m[2] ? "center" : ",center"]);
  }
  return at.length ? insertAll(code, at) : { code, inserts: [] };
}

/**
 * wgpu-native 29 has no external textures on Vulkan (naga needs its TEXTURE_EXTERNAL capability), and wgpu-ts
 * binds only GPUTextureViews (2d, one mip level: binding.ts) to externalTexture entries, which natively are 2d
 * float texture entries. So `texture_external` is spelled `texture_2d<f32>` for naga (padded to the same
 * length) and `textureLoad(t, coords)` on such a variable gets the mip level of the 2d overload
 * (`textureLoad(t, coords, 0)`): the same texels. textureDimensions and textureSampleBaseClampToEdge take
 * texture_2d<f32> as they are.
 */
export function rewriteExternalTextures(code: string): { code: string; inserts: Insert[] } {
  if (!code.includes("texture_external")) return { code, inserts: [] };
  const names = new Set<string>();
  for (const m of code.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*:\s*texture_external\b/g)) names.add(m[1]!);
  const typed = code.replace(/\btexture_external\b/g, "texture_2d<f32> ");
  const at: Array<[number, string]> = [];
  for (const m of typed.matchAll(/\btextureLoad\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,/g)) {
    if (!names.has(m[1]!)) continue;
    // the call's closing parenthesis
    let depth = 1, i = m.index! + m[0].indexOf("(") + 1, args = 1;
    for (; i < typed.length && depth > 0; i++) {
      const c = typed[i];
      if (c === "(" || c === "[") depth++;
      else if (c === ")" || c === "]") depth--;
      else if (c === "," && depth === 1) args++;
    }
    if (depth === 0 && args === 2) at.push([i - 1, ", 0"]);
  }
  return at.length ? insertAll(typed, at) : { code: typed, inserts: [] };
}

/** A 1-based line/column of rewritten code as a column of the user's code, given the rewrites' inserts (last rewrite first). */
export function shiftColumn(stages: ReadonlyArray<ReadonlyArray<Insert>>, line: number, column: number): number {
  let col = column;
  for (let k = stages.length - 1; k >= 0; k--) {
    let shift = 0;
    for (const [l, c, len] of stages[k]!) if (l === line && c < col) shift += Math.min(len, col - c);
    col -= shift;
  }
  return col;
}
