// WGSL for the fuzzer: a corpus of valid compute shaders (so pipelines, bind groups and dispatches are
// often valid and real work reaches the GPU) and mutations that break them in the ways that hurt
// compilers: truncation, wrong types, huge arrays, deep nesting, recursion, odd characters.
// A shader is described by a JSON spec ({base, mut, arg}) and built by buildWgsl(), so a recorded
// sequence stays small and a minimized case shows which mutation mattered.

export const CORPUS = [
  // 0: the harness probe: one read_write storage array
  `@group(0) @binding(0) var<storage, read_write> data: array<u32>;
@compute @workgroup_size(4)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < arrayLength(&data)) { data[id.x] = data[id.x] * 3u + id.x + 1u; }
}`,
  // 1: read-only source, read_write destination, an override constant
  `override factor: f32 = 2.0;
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < arrayLength(&dst) && id.x < arrayLength(&src)) { dst[id.x] = src[id.x] * factor; }
}`,
  // 2: uniform + storage
  `struct Params { n: u32, k: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(8)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < min(params.n, arrayLength(&out))) { out[id.x] = params.k + id.x; }
}`,
  // 3: no bindings at all
  `@compute @workgroup_size(1) fn main() {}`,
  // 4: two bind groups, sparse binding numbers
  `@group(0) @binding(0) var<storage, read_write> a: array<u32>;
@group(1) @binding(3) var<storage, read> b: array<u32>;
@compute @workgroup_size(4)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < arrayLength(&a) && id.x < arrayLength(&b)) { a[id.x] = b[id.x] + 1u; }
}`,
  // 5: atomics
  `@group(0) @binding(0) var<storage, read_write> counter: atomic<u32>;
@compute @workgroup_size(16)
fn main() { atomicAdd(&counter, 1u); }`,
  // 6: workgroup memory and a barrier
  `var<workgroup> tile: array<u32, 64>;
@group(0) @binding(0) var<storage, read_write> data: array<u32>;
@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) li: u32, @builtin(global_invocation_id) id: vec3u) {
  tile[li] = li;
  workgroupBarrier();
  if (id.x < arrayLength(&data)) { data[id.x] = tile[63u - li]; }
}`,
  // 7: two entry points
  `@group(0) @binding(0) var<storage, read_write> data: array<u32>;
@compute @workgroup_size(1) fn a() { data[0] = 1u; }
@compute @workgroup_size(2) fn b() { data[1] = 2u; }`,
  // 8: a bounded loop over a dynamic-offset friendly uniform
  `@group(0) @binding(0) var<uniform> n: vec4u;
@group(0) @binding(1) var<storage, read_write> acc: array<u32>;
@compute @workgroup_size(4)
fn main(@builtin(global_invocation_id) id: vec3u) {
  var s = 0u;
  for (var i = 0u; i < min(n.x, 64u); i++) { s += i * id.x; }
  if (id.x < arrayLength(&acc)) { acc[id.x] = s; }
}`,
  // 9: overridable workgroup size
  `override wg: u32 = 4;
@group(0) @binding(0) var<storage, read_write> data: array<u32>;
@compute @workgroup_size(wg)
fn main(@builtin(global_invocation_id) id: vec3u) { if (id.x < arrayLength(&data)) { data[id.x] = wg; } }`,
  // 10: a sampled texture and a sampler (bindable once textures exist)
  `@group(0) @binding(0) var t: texture_2d<f32>;
@group(0) @binding(1) var s: sampler;
@group(0) @binding(2) var<storage, read_write> out: array<vec4f>;
@compute @workgroup_size(1)
fn main() { out[0] = textureSampleLevel(t, s, vec2f(0.5), 0.0) + textureLoad(t, vec2i(0), 0); }`,
  // 11: a storage texture
  `@group(0) @binding(0) var img: texture_storage_2d<rgba8unorm, write>;
@compute @workgroup_size(1)
fn main(@builtin(global_invocation_id) id: vec3u) { textureStore(img, vec2i(id.xy), vec4f(1.0)); }`,
];

export const ENTRY_POINTS = ["main", "a", "b", "nope", "", "main\u0000", "m\u00e4in", "x".repeat(300)];

const MUTATIONS = [
  "truncate", "swapType", "hugeArray", "deepParens", "deepBlocks", "deepCalls", "recursion", "manyFunctions", "longIdent",
  "nul", "loneSurrogate", "randomBytes", "workgroupSize", "constOverflow", "badAttr", "dupBinding", "emptyish", "unicode",
  "hugeLiteral", "manyBindings", "deepTypes", "deepArrayTypes", "longLine", "nestedLoops", "ptrParams", "enableF16",
  "swizzleAssign",
];
export { MUTATIONS };

/** Draws a shader spec: a corpus entry, sometimes mutated. */
export function genShaderSpec(rng) {
  const base = rng.int(CORPUS.length);
  if (!rng.chance(0.45)) return { base };
  const mut = rng.pick(MUTATIONS);
  return { base, mut, arg: rng.u32() };
}

function depth(arg) {
  return [2, 10, 64, 100, 200, 256, 500, 1000, 5000, 20000, 100000][arg % 11];
}

/** Builds the WGSL text of a spec (deterministic). */
export function buildWgsl(spec) {
  const src = CORPUS[spec.base % CORPUS.length];
  const a = spec.arg >>> 0;
  switch (spec.mut) {
    case undefined: return src;
    case "truncate": return src.slice(0, a % (src.length + 1));
    case "swapType": {
      const types = ["u32", "f32", "i32", "f16", "bool", "vec3u", "mat4x4f", "array<u32>", "atomic<u32>", "sampler", "texture_2d<f32>", "ptr<function, u32>"];
      const from = types[a % 4];
      const to = types[(a >>> 4) % types.length];
      let n = 0;
      const k = (a >>> 8) % 3;
      return src.replace(new RegExp(`\\b${from.replace(/[<>]/g, "\\$&")}\\b`, "g"), (m) => (n++ === k ? to : m));
    }
    case "hugeArray": {
      const sizes = ["100000000", "4294967295", "4294967296", "2147483648", "0", "-1", "1000000", "16384", "4097"];
      const space = ["workgroup", "private", "function"][(a >>> 8) % 3];
      const n = sizes[a % sizes.length];
      if (space === "function") return src.replace(/\{/, `{\n  var huge: array<f32, ${n}>;\n  huge[0] = 1.0;\n`);
      return `var<${space}> huge: array<f32, ${n}>;\n` + src.replace(/\{/, "{\n  huge[0] = 1.0;\n");
    }
    case "deepParens": {
      const d = depth(a);
      return `@compute @workgroup_size(1) fn main() { let x = ${"(".repeat(d)}1${")".repeat(d)}; }`;
    }
    case "deepBlocks": {
      const d = depth(a);
      return `@compute @workgroup_size(1) fn main() { ${"{".repeat(d)}${"}".repeat(d)} }`;
    }
    case "deepCalls": {
      const d = Math.min(depth(a), 20000);
      let s = "fn f0() -> u32 { return 1u; }\n";
      for (let i = 1; i < d; i++) s += `fn f${i}() -> u32 { return f${i - 1}() + 1u; }\n`;
      return s + `@compute @workgroup_size(1) fn main() { _ = f${d - 1}(); }`;
    }
    case "recursion":
      return a % 2
        ? `fn f(n: u32) -> u32 { return f(n - 1u); }\n@compute @workgroup_size(1) fn main() { _ = f(3u); }`
        : `fn f(n: u32) -> u32 { return g(n); }\nfn g(n: u32) -> u32 { return f(n); }\n@compute @workgroup_size(1) fn main() { _ = f(3u); }`;
    case "manyFunctions": {
      const n = [10, 1000, 10000][a % 3];
      let s = "";
      for (let i = 0; i < n; i++) s += `fn g${i}() {}\n`;
      return s + src;
    }
    case "longIdent": {
      const n = [256, 4096, 1 << 16, 1 << 20][a % 4];
      return src.replace(/\bmain\b/, "m" + "a".repeat(n));
    }
    case "nul": return src.slice(0, a % src.length) + "\u0000" + src.slice(a % src.length);
    case "loneSurrogate": return src.slice(0, a % src.length) + "\ud800" + src.slice(a % src.length);
    case "randomBytes": {
      let s = "";
      let x = a;
      const n = 1 + (a % 200);
      for (let i = 0; i < n; i++) { x = (Math.imul(x, 1103515245) + 12345) >>> 0; s += String.fromCharCode(x >>> 24 & 0x7f || 32); }
      return a & 1 ? src + s : s;
    }
    case "workgroupSize": {
      const v = ["0", "1024", "1024, 1024, 64", "4294967295", "4294967296", "-1", "256, 256", "65", "1, 1, 65", "wg + 1u", "1.5", "2, 0"][a % 12];
      return src.replace(/@workgroup_size\([^)]*\)/, `@workgroup_size(${v})`);
    }
    case "constOverflow": {
      const e = ["2147483647 + 1", "1u << 40u", "1 / 0", "-2147483648 / -1", "1 % 0", "0x7fffffffi * 2i", "1e40f", "u32(-1)", "array<u32, 2>(1u, 2u)[5]", "bitcast<u32>(1.0) >> 33u"][a % 10];
      return `const c = ${e};\n` + src;
    }
    case "badAttr": {
      const at = ["@group(4294967295) @binding(0)", "@group(0) @binding(4294967295)", "@group(100) @binding(0)", "@binding(0)", "@group(0)", "@group(0) @binding(0) @binding(1)", "@group(-1) @binding(0)"][a % 7];
      return src.replace(/@group\(\d+\) @binding\(\d+\)/, at);
    }
    case "dupBinding":
      return `@group(0) @binding(0) var<storage, read_write> dup: array<u32>;\n` + src.replace(/\{/, "{\n  dup[0] = 1u;\n");
    case "emptyish": return ["", " ", "\n\n", "//", "/*", "@compute", "fn", ";;;;"][a % 8];
    case "unicode": return `// ${"\u{1F600}".repeat(1 + (a % 100))} ünïcödé\n` + src.replace(/\bmain\b/, "mäin");
    case "hugeLiteral": return `const c = ${"9".repeat(1 + (a % 5000))};\n` + src;
    case "manyBindings": {
      const n = [17, 100, 1001, 5000][a % 4];
      let s = "";
      for (let i = 0; i < n; i++) s += `@group(0) @binding(${i}) var<storage, read_write> v${i}: array<u32>;\n`;
      let body = "";
      for (let i = 0; i < n; i++) body += `v${i}[0] = 1u; `;
      return s + `@compute @workgroup_size(1) fn main() { ${body} }`;
    }
    case "deepTypes": {
      const d = Math.min(depth(a), 5000);
      return `@compute @workgroup_size(1) fn main() { var x: ${"vec4<".repeat(d)}f32${">".repeat(d)}; }`;
    }
    case "deepArrayTypes": {
      const d = Math.min(depth(a), 5000);
      let s = "struct S0 { x: u32 }\n";
      for (let i = 1; i < d; i++) s += `struct S${i} { x: array<S${i - 1}, 2> }\n`;
      return s + `@compute @workgroup_size(1) fn main() { var v: S${d - 1}; }`;
    }
    case "longLine": return src.replace(/\{/, `{ let s = 0u${" + 1u".repeat(1 + (a % 20000))};`);
    case "nestedLoops": {
      const d = Math.min(depth(a), 2000);
      return `@compute @workgroup_size(1) fn main() { ${"loop { break; ".repeat(d)}${"}".repeat(d)} }`;
    }
    case "ptrParams":
      return `fn f(p: ptr<storage, array<u32>, read_write>) { (*p)[0] = 1u; }\n@group(0) @binding(0) var<storage, read_write> d: array<u32>;\n@compute @workgroup_size(1) fn main() { f(&d); }`;
    case "enableF16": return `enable f16;\n` + src.replace(/\bf32\b/g, "f16");
    case "swizzleAssign": {
      // Assignments to swizzles (guards/swizzle-assignment.ts spells them out for naga): valid ones in several
      // shapes, and ones WGSL refuses (repeated or mixed components, a let, a swizzle beyond the vector, bad types).
      const stmts = ["v.zx = vec2u(8, 9);", "v.xy += v.zw;", "v.wzyx.xy *= vec2(2);", "p.yw = vec2u(1);", "(*p).bgr.rg -= vec2u(1u, 2u);",
        "arr[v.x % 2u].xy = vec2u(v.y);", "v.x\n  .y = 1u;", "v.xx = vec2u(1);", "v.xg = vec2u(1);", "k.xy = vec2u(1);", "v.xy = 1.5;",
        "v.xyzww = vec4u();", "arr[f()].zy ^= vec2u(3);", "v.xy = v.yx = vec2u();", "for (v.xy = vec2u(); v.x < 2u; v.x++) {}", "v.rg /* c */ = vec2u(4);"];
      const n = 1 + (a % 4);
      let body = "var v = vec4u(1, 2, 3, 4); let p = &v; let k = v; var arr: array<vec4u, 2>;";
      for (let i = 0; i < n; i++) body += " " + stmts[(a >>> (4 + 4 * i)) % stmts.length];
      return `var<private> g: u32;\nfn f() -> u32 { g++; return g % 2u; }\n` + src.replace(/\{/, `{\n  ${body}\n`);
    }
    default: return src;
  }
}
