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
  if (!code.includes("subgroups")) return code;
  return code.replace(/\benable\b([^;]*);/g, (directive: string, list: string) => {
    const items = list.split(",");
    const kept = items.filter((item) => item.trim() !== "subgroups");
    if (kept.length === items.length) return directive;
    if (kept.every((item) => item.trim() === "")) return " ".repeat(directive.length);
    const rebuilt = `enable${kept.filter((item) => item.trim() !== "").join(",")};`;
    return rebuilt.slice(0, -1) + " ".repeat(directive.length - rebuilt.length) + ";";
  });
}

/**
 * Upstream (naga 29): `@interpolate(perspective)` and `@interpolate(linear)` without a sampling keep no
 * sampling, while a variable without @interpolate gets (perspective, center); wgpu-core then compares
 * them as different, and refuses a vertex output and a fragment input that the spec says match (WGSL:
 * the default sampling of perspective and linear is center). The rewrite spells the default out
 * (`@interpolate(linear, center)`), which leaves every rule the same (center on an integer variable is
 * still an error). It adds characters: the returned inserts ([offset in the rewritten code, length])
 * let compilation messages point at the user's text (shiftColumn).
 */
export function rewriteDefaultSampling(code: string): { code: string; inserts: Array<[number, number]> } {
  const inserts: Array<[number, number]> = [];
  if (!code.includes("interpolate")) return { code, inserts };
  let added = 0;
  const out = code.replace(/(@\s*interpolate\s*\(\s*(?:perspective|linear)\s*)(,\s*)?\)/g, (whole: string, head: string, comma: string | undefined, at: number) => {
    const insert = comma ? "center" : ",center";
    inserts.push([at + added + head.length + (comma?.length ?? 0), insert.length]);
    added += insert.length;
    return head + (comma ?? "") + insert + ")";
  });
  return { code: out, inserts };
}

/** A 1-based line/column of the rewritten code as a column of the user's code (see rewriteDefaultSampling). */
export function shiftColumn(rewritten: string, inserts: ReadonlyArray<[number, number]>, line: number, column: number): number {
  if (!inserts.length) return column;
  let start = 0;
  for (let l = 1; l < line; l++) { const nl = rewritten.indexOf("\n", start); if (nl < 0) break; start = nl + 1; }
  // naga counts Unicode scalar values; inserts are ASCII, so walk the line in code points.
  let offset = start;
  for (let c = 1; c < column && offset < rewritten.length; c++) offset += rewritten.codePointAt(offset)! > 0xffff ? 2 : 1;
  let shift = 0;
  for (const [at, len] of inserts) if (at >= start && at < offset) shift += Math.min(len, offset - at);
  return column - shift;
}
