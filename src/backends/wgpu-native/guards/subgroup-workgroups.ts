// Upstream (naga 29): a compute entry point that takes @builtin(subgroup_invocation_id), @builtin(subgroup_id) or
// @builtin(num_subgroups) must have a one-dimensional @workgroup_size ([N, 1, 1]); naga refuses the module otherwise
// ("Workgroup size is multi dimensional"; repro:
// test/cts/repros/wgpu_native_subgroup_invocation_id_multidimensional.py), while WebGPU allows any workgroup size.
//
// For such an entry point with a literal @workgroup_size(X, Y, Z) and only @builtin parameters, the rewrite makes
// the user's function an ordinary one (`_wgts_flat_NAME`, its @compute, @workgroup_size and @builtin attributes
// blanked) and adds an entry point of the same name with @workgroup_size(X * Y * Z) that calls it, computing each
// built-in from the flat local_invocation_index as WebGPU defines them (index = x + y * X + z * X * Y, global id =
// workgroup_id * (X, Y, Z) + local id) and passing the others through. WebGPU leaves the mapping of invocations to
// subgroups to the implementation, so subgroups of the flat workgroup are as valid as any. The pipeline's own checks
// (guards/shader-interface.ts) read the user's code, with its workgroup size. Where X * Y * Z is over the device's
// maxComputeWorkgroupSizeX, or the size is not literal (override-expressions), or a parameter is a struct, nothing
// is rewritten and naga's refusal stays.
//
// The new entry point goes after the user's last line; the only insertion into the user's lines is the prefix of
// the function's name, recorded as an Insert, so message positions stay those of the user's code.
import { blankComments, insertAll, type Insert } from "./shader-source.js";

const SUBGROUP_BUILTIN = /@\s*builtin\s*\(\s*(?:subgroup_invocation_id|subgroup_id|num_subgroups)\s*\)/u;
const PREFIX = "_wgts_flat_";

/** The offset of the bracket closing the one at `open`, or -1. */
function closing(plain: string, open: number): number {
  let depth = 0;
  for (let i = open; i < plain.length; i++) {
    const c = plain[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") { if (--depth === 0) return i; }
  }
  return -1;
}

/** Top-level comma-separated pieces of plain[from, to) as [start, end) ranges. */
function pieces(plain: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0, start = from;
  for (let i = from; i < to; i++) {
    const c = plain[i];
    if (c === "(" || c === "[" || c === "<") depth++;
    else if (c === ")" || c === "]" || c === ">") depth--;
    else if (c === "," && depth === 0) { out.push([start, i]); start = i + 1; }
  }
  out.push([start, to]);
  return out.filter(([s, e]) => plain.slice(s, e).trim() !== "");
}

const INTEGER = /^\s*([0-9]+)[iu]?\s*$/u;

export function rewriteSubgroupWorkgroups(code: string, maxWorkgroupSizeX: number): { code: string; inserts: Insert[] } {
  const unchanged = { code, inserts: [] as Insert[] };
  if (!SUBGROUP_BUILTIN.test(code)) return unchanged;
  const plain = blankComments(code);
  const blanks: Array<[number, number]> = [];
  const at: Array<[number, string]> = [];
  const wrappers: string[] = [];
  for (const fn of plain.matchAll(/\bfn\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/gu)) {
    const name = fn[1]!;
    const open = fn.index! + fn[0].length - 1;
    const close = closing(plain, open);
    if (close < 0 || !SUBGROUP_BUILTIN.test(plain.slice(open, close))) continue;
    // The attributes before `fn`: back to the end of the previous declaration.
    const before = plain.slice(0, fn.index!);
    const attrStart = Math.max(before.lastIndexOf(";"), before.lastIndexOf("}")) + 1;
    const attrs = plain.slice(attrStart, fn.index!);
    const compute = /@\s*compute\b/u.exec(attrs);
    const size = /@\s*workgroup_size\s*\(([^()]*)\)/u.exec(attrs);
    if (!compute || !size) continue;
    const dims = size[1]!.split(",").filter((d) => d.trim() !== "").map((d) => INTEGER.exec(d));
    if (!dims.length || dims.length > 3 || dims.some((d) => d === null)) continue;
    const [x, y = 1, z = 1] = dims.map((d) => Number(d![1]));
    if ((y === 1 && z === 1) || x * y * z > maxWorkgroupSizeX || x * y * z === 0) continue;
    // Every parameter `@builtin(b) name: type`.
    const params: Array<{ builtin: string; attr: [number, number] }> = [];
    let ok = true;
    for (const [s, e] of pieces(plain, open + 1, close)) {
      const m = /^(\s*)(@\s*builtin\s*\(\s*([a-z_]+)\s*\))\s*[A-Za-z_][A-Za-z0-9_]*\s*:/u.exec(plain.slice(s, e));
      if (!m) { ok = false; break; }
      params.push({ builtin: m[3]!, attr: [s + m[1]!.length, s + m[1]!.length + m[2]!.length] });
    }
    if (!ok) continue;
    const value: Record<string, string> = {
      local_invocation_index: "_wgts_li",
      local_invocation_id: "_wgts_lid",
      global_invocation_id: `_wgts_wid * vec3u(${x}u, ${y}u, ${z}u) + _wgts_lid`,
      workgroup_id: "_wgts_wid",
      num_workgroups: "_wgts_nwg",
      subgroup_invocation_id: "_wgts_sii",
      subgroup_size: "_wgts_ss",
      subgroup_id: "_wgts_sid",
      num_subgroups: "_wgts_ns",
    };
    if (params.some((p) => !(p.builtin in value))) continue;
    const used = new Set(params.map((p) => p.builtin));
    const inputs = ["@builtin(local_invocation_index) _wgts_li: u32", "@builtin(workgroup_id) _wgts_wid: vec3u"];
    if (used.has("num_workgroups")) inputs.push("@builtin(num_workgroups) _wgts_nwg: vec3u");
    if (used.has("subgroup_invocation_id")) inputs.push("@builtin(subgroup_invocation_id) _wgts_sii: u32");
    if (used.has("subgroup_size")) inputs.push("@builtin(subgroup_size) _wgts_ss: u32");
    if (used.has("subgroup_id")) inputs.push("@builtin(subgroup_id) _wgts_sid: u32");
    if (used.has("num_subgroups")) inputs.push("@builtin(num_subgroups) _wgts_ns: u32");
    const other = attrs.replace(compute[0], "").replace(size[0], "").trim();
    if (other !== "") continue; // another attribute (e.g. @diagnostic) on the entry point: not moved
    blanks.push([attrStart + compute.index, attrStart + compute.index + compute[0].length]);
    blanks.push([attrStart + size.index, attrStart + size.index + size[0].length]);
    for (const p of params) blanks.push(p.attr);
    at.push([fn.index! + fn[0].indexOf(name), PREFIX]);
    wrappers.push(`@compute @workgroup_size(${x * y * z}) fn ${name}(${inputs.join(", ")}) {` +
      ` let _wgts_lid = vec3u(_wgts_li % ${x}u, (_wgts_li / ${x}u) % ${y}u, _wgts_li / ${x * y}u);` +
      ` ${PREFIX}${name}(${params.map((p) => value[p.builtin]).join(", ")}); }`);
  }
  if (!wrappers.length) return unchanged;
  let blanked = code;
  for (const [s, e] of blanks) blanked = blanked.slice(0, s) + " ".repeat(e - s) + blanked.slice(e);
  const out = insertAll(blanked, at);
  return { code: `${out.code}\n${wrappers.join("\n")}\n`, inserts: out.inserts };
}
