// Fuzzer operation for indices that are let-bound constants (guards/let-index.ts; merged into the op table by
// sequence.mjs):
//   letIndex: a compute shader that reads or writes one element of a container (a vector, a matrix or a
//     fixed-size array in a struct between two canary arrays, in private, function or workgroup memory; or a
//     runtime-sized storage array bound in the middle of a buffer of sentinels) at an index declared by `let`
//     or `const` (in bounds, just out, far out, signed or unsigned, in parentheses or not, used directly or
//     through a second let, named like the builtins robust access may use, shadowing a module-scope const of
//     the same name or not). WGSL: a let-declared identifier is a
//     runtime value, so the module is valid and the access stays in bounds (a read gives a value of the
//     container, here all zero; a write touches no canary or sentinel); a `const` index out of bounds of a
//     fixed-size container, or negative for a runtime-sized array, is a shader-creation error. A guard that misses a form, rewrites a const index
//     (accepting an invalid module) or breaks a valid one shows here.

const NAMES = ["idx", "min", "arrayLength", "i"];

/** The container: its WGSL type, the element count, what one element compares and stores as. */
function container(spec) {
  switch (spec.kind) {
    case "vec": return { type: `vec${spec.n}<u32>`, n: spec.n, zero: "0u", one: "1u", vector: false };
    case "mat": return { type: `mat${spec.n}x${spec.rows}<f32>`, n: spec.n, zero: `vec${spec.rows}f()`, one: `vec${spec.rows}f(1.0)`, vector: true };
    default: return { type: `array<u32, ${spec.n}>`, n: spec.n, zero: "0u", one: "1u", vector: false };
  }
}

/** The index's WGSL value text and whether it is within [0, n). */
function indexValue(spec) {
  const n = spec.kind === "runtime" ? spec.n : container(spec).n;
  const signed = [0, n - 1, -1, n, -1000000, 1000000, -2147483648, 2147483647];
  // Left out: a const 4294967295u into a runtime-sized array, which WGSL accepts and naga 29 refuses ("Accessing
  // index 4294967295 is out of [..] bounds": u32::MAX only; no guard, and no let is involved).
  const unsigned = [0, n - 1, n, 1000000, 4294967295, 2147483647]
    .filter((v) => !(spec.kind === "runtime" && spec.decl === "const" && !spec.chained && v === 4294967295));
  const v = spec.signed ? signed[spec.value % signed.length] : unsigned[spec.value % unsigned.length];
  return { text: spec.signed ? `${v}` : `${v}u`, negative: v < 0, inBounds: v >= 0 && v < n };
}

export const INDEX_GEN = {
  letIndex: [1, (rng) => {
    const kind = rng.pick(["vec", "mat", "array", "runtime"]);
    return [{
      kind,
      n: kind === "vec" || kind === "mat" ? rng.range(2, 4) : rng.pick([1, 3, 5]),
      rows: rng.range(2, 4),
      space: rng.pick(["private", "function", "workgroup"]),
      decl: rng.chance(0.7) ? "let" : "const",
      chained: rng.chance(0.25),
      signed: rng.chance(0.5),
      value: rng.int(8),
      parens: rng.pick(["", "", "()", "( ( ) )"]),
      name: rng.pick(NAMES),
      shadowed: rng.chance(0.25),
      write: rng.chance(0.5),
    }];
  }],
};

/** WGSL for a spec; `valid`: whether WGSL accepts the module. */
export function letIndexWgsl(spec) {
  const { text, negative, inBounds } = indexValue(spec);
  const use = spec.chained ? `${spec.name}2` : spec.name;
  const [open, close] = spec.parens === "()" ? ["(", ")"] : spec.parens ? ["( (", ") )"] : ["", ""];
  const index = `${open}${use}${close}`;
  const decl = `${spec.decl} ${spec.name} = ${text};${spec.chained ? ` let ${use} = ${spec.name};` : ""}`;
  // A const index is checked against a fixed size, and against 0 only for a runtime-sized array.
  const valid = spec.decl === "let" || spec.chained || (spec.kind === "runtime" ? !negative : inBounds);
  const shadowed = spec.shadowed ? `const ${spec.name} = 0u;\n` : "";
  if (spec.kind === "runtime") {
    const access = spec.write ? `rt[${index}] = 1u;` : `if (rt[${index}] != 0u) { out[0] = 1u; }`;
    return { valid, code: `${shadowed}@group(0) @binding(0) var<storage, read_write> out : array<u32, 2>;
@group(0) @binding(1) var<storage, read_write> rt : array<u32>;
@compute @workgroup_size(1) fn main() { _ = out[0]; ${decl} ${access} }
` };
  }
  const c = container(spec);
  const element = `s.data[${index}]`;
  const access = spec.write ? `${element} = ${c.one};`
    : `if (${c.vector ? `any(${element} != ${c.zero})` : `${element} != ${c.zero}`}) { out[0] = 1u; }`;
  return { valid, code: `${shadowed}@group(0) @binding(0) var<storage, read_write> out : array<u32, 2>;
struct S { start : array<u32, 4>, data : ${c.type}, end : array<u32, 4> }
${spec.space === "function" ? "" : `var<${spec.space}> s : S;`}
@compute @workgroup_size(1) fn main() {
  ${spec.space === "function" ? "var s : S;" : ""}
  for (var k = 0u; k < 4u; k++) { s.start[k] = 0xFFFFFFFFu; s.end[k] = 0xFFFFFFFFu; }
  s.data = ${c.type}();
  { ${decl} ${access} }
  for (var k = 0u; k < 4u; k++) { if (s.start[k] != 0xFFFFFFFFu || s.end[k] != 0xFFFFFFFFu) { out[1] = 1u; } }
}
` };
}

/** Handlers; `lost()` says whether the sequence destroyed the device (then nothing reports errors). */
export function indexHandlers({ device, fail, lost, withTimeout }) {
  return {
    async letIndex(spec) {
      if (lost()) return;
      const { code, valid } = letIndexWgsl(spec);
      device.pushErrorScope("validation");
      const module = device.createShaderModule({ code });
      const moduleError = await device.popErrorScope();
      if (lost()) return;
      if (!valid) {
        if (!moduleError) fail(`letIndex: a const index out of bounds was accepted (WGSL: shader-creation error)\n${code}`);
        return;
      }
      if (moduleError) return fail(`letIndex: a valid shader was refused: ${moduleError.message.split("\n").find((l) => l.includes("Accessing")) ?? moduleError.message.split("\n")[0]}\n${code}`);
      device.pushErrorScope("validation");
      const pipeline = device.createComputePipeline({ layout: "auto", compute: { module } });
      const out = device.createBuffer({ size: 8, usage: 0x80 | 0x4 }); // STORAGE | COPY_SRC
      // runtime-sized: the binding is bytes [256, 256 + 4n) of a buffer of sentinels (42), zero inside
      const words = new Uint32Array(128).fill(42);
      words.fill(0, 64, 64 + spec.n);
      const rt = spec.kind === "runtime" ? device.createBuffer({ size: 512, usage: 0x80 | 0x4 | 0x8 }) : null; // STORAGE | COPY_SRC | COPY_DST
      if (rt) device.queue.writeBuffer(rt, 0, words);
      const entries = [{ binding: 0, resource: { buffer: out } }];
      if (rt) entries.push({ binding: 1, resource: { buffer: rt, offset: 256, size: 4 * spec.n } });
      const read = device.createBuffer({ size: 8 + 512, usage: 0x1 | 0x8 }); // MAP_READ | COPY_DST
      const e = device.createCommandEncoder();
      const p = e.beginComputePass();
      p.setPipeline(pipeline);
      p.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries }));
      p.dispatchWorkgroups(1);
      p.end();
      e.copyBufferToBuffer(out, 0, read, 0, 8);
      if (rt) e.copyBufferToBuffer(rt, 0, read, 8, 512);
      device.queue.submit([e.finish()]);
      const error = await device.popErrorScope();
      if (lost()) return;
      if (error) return fail(`letIndex: the pipeline or dispatch of a valid shader failed: ${error.message.split("\n")[0]}\n${code}`);
      await withTimeout(read.mapAsync(1), 15_000, "letIndex mapAsync");
      const got = new Uint32Array(read.getMappedRange().slice(0));
      read.unmap();
      for (const b of [out, read, rt]) b?.destroy();
      if (got[0] !== 0) fail(`letIndex: a read at a let-bound index gave a value that is not in the container\n${code}`);
      if (got[1] !== 0) fail(`letIndex: a write at a let-bound index changed a canary outside the container\n${code}`);
      if (rt) {
        const outside = [...got.subarray(2, 2 + 64), ...got.subarray(2 + 64 + spec.n)];
        if (outside.some((w) => w !== 42)) fail(`letIndex: a write at a let-bound index changed the buffer outside its binding\n${code}`);
      }
    },
  };
}
