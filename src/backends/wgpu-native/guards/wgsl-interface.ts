// Guard: the inter-stage variables that clip distances take.
//
// The spec's "validating inter-stage interfaces" deducts ceil(N / 4) from maxInterStageShaderVariables, both for
// the number of user-defined vertex outputs and for their largest @location, when the vertex stage writes
// @builtin(clip_distances) as array<f32, N>. wgpu-core 29 deducts only the point-list slot (its
// MaxVertexShaderOutputDeduction has no clip distances case), so it accepts pipelines that use every slot and clip
// distances too (repro: test/cts/repros/wgpu_native_clip_distances_not_counted.py). wgpu-ts reads what it needs from the WGSL source: the vertex entry points' output structs, their
// @location members and the size of their clip_distances array. The scan is deliberately narrow: whatever it cannot
// read for certain (a size or location that is not an integer literal or a literal `const`, a member it cannot
// split) leaves that entry point unchecked, so it never refuses a pipeline wgpu-native would accept for a reason
// it only guessed at.

/** What the scan knows of one vertex entry point's outputs (only entry points that write clip distances). */
export interface VertexClipOutputs {
  /** N of array<f32, N> */
  readonly clipDistances: number;
  /** the @location of every user-defined output; null: one of them is not a literal */
  readonly locations: readonly number[] | null;
  /** the number of user-defined outputs */
  readonly outputCount: number;
}

function stripComments(code: string): string {
  let out = "";
  let i = 0;
  const n = code.length;
  while (i < n) {
    if (code[i] === "/" && code[i + 1] === "/") { while (i < n && code[i] !== "\n") i++; continue; }
    if (code[i] === "/" && code[i + 1] === "*") {
      let depth = 1; i += 2;
      while (i < n && depth > 0) {
        if (code[i] === "/" && code[i + 1] === "*") { depth++; i += 2; } else if (code[i] === "*" && code[i + 1] === "/") { depth--; i += 2; } else i++;
      }
      out += " ";
      continue;
    }
    out += code[i++];
  }
  return out;
}

/** Splits at top-level commas (outside (), <>, []). */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "(" || c === "<" || c === "[") depth++;
    else if (c === ")" || c === ">" || c === "]") depth--;
    else if (c === "," && depth === 0) { parts.push(s.slice(start, i)); start = i + 1; }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

const MEMBER = /^((?:@[A-Za-z_]\w*\s*(?:\([^()]*\))?\s*)*)([A-Za-z_]\w*)\s*:\s*([\s\S]+)$/;
const ATTRIBUTE = /@([A-Za-z_]\w*)\s*(?:\(([^()]*)\))?/g;
const INT_LITERAL = /^(?:0[xX][0-9a-fA-F]+|0|[1-9][0-9]*)[iu]?$/;

function intLiteral(s: string, consts: ReadonlyMap<string, string>): number | null {
  let t = s.trim();
  if (consts.has(t)) t = consts.get(t)!.trim();
  if (!INT_LITERAL.test(t)) return null;
  return Number.parseInt(t.replace(/[iu]$/, ""), t.startsWith("0x") || t.startsWith("0X") ? 16 : 10);
}

interface StructInfo { locations: Array<string>; clipSize: string | null; readable: boolean }

/**
 * The vertex entry points of `code` by name, each with its clip distance outputs when it writes
 * @builtin(clip_distances) in a way the scan reads for certain (else null). null when the source does not mention
 * clip_distances (the common case costs one indexOf).
 */
export function vertexClipOutputs(code: string): Map<string, VertexClipOutputs | null> | null {
  if (!code.includes("clip_distances")) return null;
  const result = new Map<string, VertexClipOutputs | null>();
  const src = stripComments(code);

  const consts = new Map<string, string>();
  for (const m of src.matchAll(/\bconst\s+([A-Za-z_]\w*)\s*(?::\s*[A-Za-z_]\w*\s*)?=\s*([^;]+);/g)) consts.set(m[1]!, m[2]!);
  const aliases = new Map<string, string>();
  for (const m of src.matchAll(/\balias\s+([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\s*;/g)) aliases.set(m[1]!, m[2]!);

  const structs = new Map<string, StructInfo>();
  for (const m of src.matchAll(/\bstruct\s+([A-Za-z_]\w*)\s*\{([^{}]*)\}/g)) {
    const info: StructInfo = { locations: [], clipSize: null, readable: true };
    for (const member of splitTopLevel(m[2]!)) {
      const mm = MEMBER.exec(member);
      if (!mm) { info.readable = false; continue; }
      for (const a of mm[1]!.matchAll(ATTRIBUTE)) {
        if (a[1] === "location") info.locations.push(a[2] ?? "");
        else if (a[1] === "builtin" && a[2]?.trim() === "clip_distances") {
          const t = /^array\s*<\s*f32\s*,\s*([^<>,]+?)\s*,?\s*>$/.exec(mm[3]!.trim());
          if (t) info.clipSize = t[1]!; else info.readable = false;
        }
      }
    }
    structs.set(m[1]!, info);
  }

  // @vertex fn NAME(...) -> [attributes] TYPE {
  for (const m of src.matchAll(/@vertex\b[^{};]*?\bfn\s+([A-Za-z_]\w*)\s*\(/g)) {
    // the parameter list, to its closing parenthesis
    let i = m.index! + m[0].length, depth = 1;
    while (i < src.length && depth > 0) { if (src[i] === "(") depth++; else if (src[i] === ")") depth--; i++; }
    result.set(m[1]!, null);
    const ret = /^\s*->\s*((?:@[A-Za-z_]\w*\s*(?:\([^()]*\))?\s*)*)([A-Za-z_]\w*)\s*\{/.exec(src.slice(i, i + 512));
    if (!ret) continue;
    let type = ret[2]!;
    for (let hops = 0; aliases.has(type) && hops < 16; hops++) type = aliases.get(type)!;
    const s = structs.get(type);
    if (!s || !s.readable || s.clipSize === null) continue;
    const clipDistances = intLiteral(s.clipSize, consts);
    if (clipDistances === null) continue;
    const locations = s.locations.map((l) => intLiteral(l, consts));
    result.set(m[1]!, {
      clipDistances,
      locations: locations.every((l) => l !== null) ? locations as number[] : null,
      outputCount: s.locations.length,
    });
  }
  return result;
}

/**
 * The spec's vertex-output rules for a stage that writes clip distances, or null when they hold:
 * at most maxInterStageShaderVariables - (point-list ? 1 : 0) - ceil(N / 4) user-defined outputs, and
 * every @location at most maxInterStageShaderVariables - 1 - ceil(N / 4).
 */
export function clipDistancesProblem(out: VertexClipOutputs, maxInterStageShaderVariables: number, pointList: boolean): string | null {
  const slots = Math.ceil(out.clipDistances / 4);
  const maxOutputs = maxInterStageShaderVariables - (pointList ? 1 : 0) - slots;
  if (out.outputCount > maxOutputs) {
    return `the vertex stage has ${out.outputCount} user-defined outputs, more than maxInterStageShaderVariables (${maxInterStageShaderVariables})` +
      `${pointList ? " - 1 (point-list)" : ""} - ${slots} (clip_distances: array<f32, ${out.clipDistances}>) = ${maxOutputs}`;
  }
  const maxLocation = maxInterStageShaderVariables - 1 - slots;
  const bad = out.locations?.find((l) => l > maxLocation);
  if (bad !== undefined) {
    return `the vertex output @location(${bad}) is above maxInterStageShaderVariables (${maxInterStageShaderVariables}) - 1 - ${slots} ` +
      `(clip_distances: array<f32, ${out.clipDistances}>) = ${maxLocation}`;
  }
  return null;
}
