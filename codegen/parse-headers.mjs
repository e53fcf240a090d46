// Parses the C headers of wgpu-native (webgpu.h + wgpu.h) into a plain description:
// constants, enums, flag sets, opaque handles, callback prototypes, structs and functions.
// The headers are machine-generated and regular, so a line-oriented parser is enough.

function stripComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
}

const ATTRS = /\bWGPU_(NULLABLE|FUNCTION_ATTRIBUTE|STRUCTURE_ATTRIBUTE|ENUM_ATTRIBUTE|OBJECT_ATTRIBUTE|EXPORT)\b/g;

/** "WGPUX const * name" -> { type: "const WGPUX *", name } with qualifiers normalised for koffi. */
export function parseDecl(text) {
  const nullable = /\bWGPU_NULLABLE\b/.test(text);
  let t = text.replace(ATTRS, " ").replace(/\bstruct\s+/g, "").replace(/\s+/g, " ").trim();
  const m = /^(.*?)([A-Za-z_]\w*)(\s*\[(\d+)\])?$/.exec(t);
  if (!m) throw new Error(`cannot parse declaration: ${text}`);
  let type = m[1].trim();
  const isConst = /\bconst\b/.test(type);
  const stars = (type.match(/\*/g) || []).length;
  const base = type.replace(/\bconst\b/g, "").replace(/\*/g, "").trim();
  type = (isConst ? "const " : "") + base + (stars ? " " + "*".repeat(stars) : "");
  return { type, base, pointer: stars, isConst, name: m[2], nullable, array: m[4] ? Number(m[4]) : 0 };
}

function splitParams(s) {
  s = s.trim();
  if (s === "" || s === "void") return [];
  return s.split(",").map((p) => parseDecl(p));
}

export function parseHeaders(sources) {
  const out = { constants: [], enums: [], flags: [], handles: [], callbacks: [], structs: [], functions: [], scalars: [] };
  const flagByName = new Map();
  for (const [file, raw] of sources) {
    const src = stripComments(raw);
    for (const m of src.matchAll(/^#define\s+(WGPU_[A-Z0-9_]+)\s+\(?([^\n]*?)\)?\s*$/gm)) {
      const v = m[2].replace(/UINT32_C\(|UINT64_C\(|SIZE_MAX|UINT32_MAX|UINT64_MAX|\)/g, (x) => ({ SIZE_MAX: "SIZE_MAX", UINT32_MAX: "UINT32_MAX", UINT64_MAX: "UINT64_MAX" })[x] ?? "");
      if (/^(0x[0-9A-Fa-f]+|\d+|SIZE_MAX|UINT32_MAX|UINT64_MAX|NAN)$/.test(v.trim())) out.constants.push({ name: m[1], value: v.trim(), file });
    }
    for (const m of src.matchAll(/typedef\s+enum\s+(\w+)\s*\{([\s\S]*?)\}\s*(\w+)/g)) {
      const values = [];
      for (const e of m[2].matchAll(/(\w+)\s*=\s*(0x[0-9A-Fa-f]+|\d+)/g)) {
        if (/_Force32$/.test(e[1])) continue;
        values.push({ name: e[1], value: Number(e[2]) });
      }
      out.enums.push({ name: m[3], values, file });
    }
    for (const m of src.matchAll(/typedef\s+(WGPUFlags|uint64_t|uint32_t|int32_t)\s+(\w+)\s*;/g)) {
      if (m[1] === "WGPUFlags") { const f = { name: m[2], values: [], file }; out.flags.push(f); flagByName.set(m[2], f); }
      else out.scalars.push({ name: m[2], type: m[1] });
    }
    for (const m of src.matchAll(/static\s+const\s+(\w+)\s+(\w+)\s*=\s*([^;]+);/g)) {
      const f = flagByName.get(m[1]);
      if (!f || /_Force32$/.test(m[2])) continue;
      // Values are literals or shift/or expressions of literals, e.g. (1 << 0) | (1 << 2).
      if (!/^[\s\dxXa-fA-F<|()]+$/.test(m[3])) throw new Error(`unsupported flag value ${m[2]} = ${m[3]}`);
      f.values.push({ name: m[2], value: Number(new Function(`return (${m[3]});`)()) });
    }
    for (const m of src.matchAll(/typedef\s+struct\s+\w+Impl\s*\*\s*(\w+)/g)) out.handles.push({ name: m[1] });
    for (const m of src.matchAll(/typedef\s+([\w\s\*]+?)\s*\(\s*\*\s*(\w+)\s*\)\s*\(([^)]*)\)/g)) {
      if (/^WGPUProc[A-Z]/.test(m[2])) continue; // function-pointer aliases of the API itself
      out.callbacks.push({ name: m[2], ret: parseDecl(m[1] + " _").type, params: splitParams(m[3]) });
    }
    for (const m of src.matchAll(/typedef\s+struct\s+(\w+)\s*\{/g)) {
      // Brace-matched body, so that nested anonymous unions stay inside their struct.
      let depth = 1, i = m.index + m[0].length;
      for (; depth > 0; i++) depth += src[i] === "{" ? 1 : src[i] === "}" ? -1 : 0;
      const body = src.slice(m.index + m[0].length, i - 1);
      const name = /^\s*(\w+)/.exec(src.slice(i))[1];
      const unions = [];
      const flat = body.replace(/union\s*\{([^}]*)\}\s*(\w+)\s*;/g, (_, members, uname) => {
        unions.push({ name: uname, members: members.split(";").map((f) => f.trim()).filter(Boolean).map(parseDecl) });
        return `__union${unions.length - 1} ${uname};`;
      });
      const fields = flat.split(";").map((f) => f.trim()).filter(Boolean).map((f) => {
        const d = parseDecl(f);
        const u = /^__union(\d+)$/.exec(d.base);
        return u ? { ...d, union: unions[Number(u[1])].members, base: "", type: "" } : d;
      });
      out.structs.push({ name, fields, file });
    }
    for (const m of src.matchAll(/^\s*(?:WGPU_EXPORT\s+)?((?:WGPU_NULLABLE\s+)?[\w ]+?\s*\**)\s*\b(wgpu[A-Z]\w*)\s*\(([^)]*)\)\s*(?:WGPU_FUNCTION_ATTRIBUTE)?\s*;/gm)) {
      out.functions.push({ name: m[2], ret: parseDecl(m[1] + " _"), params: splitParams(m[3]), file });
    }
  }
  return out;
}

/** IDL enums ("enum GPUTextureFormat { "r8unorm", ... }") and the limit attribute names. */
export function parseIdl(src) {
  src = stripComments(src);
  const enums = new Map();
  for (const m of src.matchAll(/enum\s+(\w+)\s*\{([\s\S]*?)\}/g)) {
    enums.set(m[1], [...m[2].matchAll(/"([^"]+)"/g)].map((x) => x[1]));
  }
  const limitsBlock = /interface GPUSupportedLimits\s*\{([\s\S]*?)\}/.exec(src)[1];
  const limits = [...limitsBlock.matchAll(/attribute\s+[\w ]+?\s(\w+);/g)].map((x) => x[1]);
  return { enums, limits };
}
