// Fuzzer operation for the WGSL rewrite that zeroes workgroup memory (guards/workgroup-zero.ts; merged into the
// op table by sequence.mjs):
//   workgroupZero: a compute shader with random workgroup variables (scalars, vectors, matrices, atomics, arrays
//     and structs nested up to three deep, an override-sized array), used directly or through a helper
//     function, with or without its own @builtin(local_invocation_index) (a parameter or a struct member), at
//     a random workgroup size. Every invocation checks that each variable reads zero, waits at a barrier, then
//     stores non-zero values, over 16 workgroups (lavapipe runs the workgroups of a dispatch one after the other
//     in the same shared memory). The module and pipeline must be valid and no invocation may see a non-zero
//     value: a rewrite that breaks valid shaders, misses a variable or a type, or zeroes too late shows here.

const SCALARS = [["u32", "0u", "1u"], ["i32", "0i", "-2i"], ["f32", "0.0", "3.5"], ["bool", "false", "true"]];
const ATOMICS = ["u32", "i32"];

/** A random type tree (plain JSON). */
function genType(rng, depth) {
  const k = depth >= 3 ? rng.weighted([[3, "scalar"], [2, "vec"], [1, "mat"], [2, "atomic"]])
    : rng.weighted([[3, "scalar"], [2, "vec"], [1, "mat"], [2, "atomic"], [2, "array"], [2, "struct"]]);
  switch (k) {
    case "scalar": return { k, s: rng.int(SCALARS.length) };
    case "vec": return { k, n: rng.range(2, 4), s: rng.int(3) };
    case "mat": return { k, c: rng.range(2, 4), r: rng.range(2, 4) };
    case "atomic": return { k, s: rng.int(2) };
    case "array": return { k, n: rng.pick([1, 2, 3, 7, 67]), e: genType(rng, depth + 1) };
    default: return { k, m: Array.from({ length: rng.range(1, 3) }, () => genType(rng, depth + 1)) };
  }
}

/** An upper bound of a type's workgroup storage (every leaf counted as a 64-byte mat4x4). */
const bound = (t) => (t.k === "array" ? t.n * bound(t.e) : t.k === "struct" ? t.m.reduce((a, m) => a + bound(m), 0) : 64);

/** Variables that certainly fit the default maxComputeWorkgroupStorageSize (16384) with the override-sized array. */
function genVars(rng) {
  const vars = [];
  let total = 0;
  for (let n = rng.range(1, 3), tries = 0; vars.length < n && tries < 20; tries++) {
    const t = genType(rng, 0);
    if (total + bound(t) + 16 * 5 <= 12288) { vars.push(t); total += bound(t) + 16; }
  }
  return vars.length ? vars : [{ k: "atomic", s: 0 }];
}

export const WORKGROUP_GEN = {
  workgroupZero: [1.5, (rng) => [{
    vars: genVars(rng),
    overrideSized: rng.chance(0.4) ? rng.pick([1, 5, 64]) : 0,
    helper: rng.chance(0.4),
    index: rng.pick(["none", "param", "struct"]),
    size: rng.pick([[1, 1, 1], [4, 1, 1], [1, 8, 1], [3, 3, 2], [64, 1, 1]]),
  }]],
};

/** WGSL for a spec: declarations, and per variable a check (flag() on non-zero) and a dirtying store. */
export function workgroupZeroWgsl(spec) {
  const structs = [];
  let loop = 0;
  const typeName = (t) => {
    switch (t.k) {
      case "scalar": return SCALARS[t.s][0];
      case "vec": return `vec${t.n}<${SCALARS[t.s][0]}>`;
      case "mat": return `mat${t.c}x${t.r}<f32>`;
      case "atomic": return `atomic<${ATOMICS[t.s]}>`;
      case "array": return `array<${typeName(t.e)}, ${t.n}>`;
      default: {
        const name = `S${structs.length}`;
        structs.push(null);
        const members = t.m.map((m, i) => `m${i} : ${typeName(m)}`).join(", ");
        structs[Number(name.slice(1))] = `struct ${name} { ${members} }`;
        return name;
      }
    }
  };
  // check: flag a non-zero read; dirty: store a non-zero value (every invocation stores the same, no races matter)
  const walk = (t, place, count = null) => {
    switch (t.k) {
      case "scalar": return { check: `if (${place} != ${SCALARS[t.s][1]}) { flag(); }`, dirty: `${place} = ${SCALARS[t.s][2]};` };
      case "vec": return { check: `if (any(${place} != vec${t.n}<${SCALARS[t.s][0]}>())) { flag(); }`, dirty: `${place} = vec${t.n}<${SCALARS[t.s][0]}>(${SCALARS[t.s][2]});` };
      case "mat": return { check: `for (var c = 0; c < ${t.c}; c++) { if (any(${place}[c] != vec${t.r}f())) { flag(); } }`, dirty: `${place} = mat${t.c}x${t.r}<f32>(${Array(t.c * t.r).fill("1.0").join(", ")});` };
      case "atomic": return { check: `if (atomicLoad(&${place}) != 0) { flag(); }`, dirty: `atomicStore(&${place}, 5);` };
      case "array": {
        const i = `i${loop++}`;
        const inner = walk(t.e, `${place}[${i}]`);
        const n = count ?? `${t.n}u`;
        return { check: `for (var ${i} = 0u; ${i} < ${n}; ${i}++) { ${inner.check} }`, dirty: `for (var ${i} = 0u; ${i} < ${n}; ${i}++) { ${inner.dirty} }` };
      }
      default: {
        const parts = t.m.map((m, j) => walk(m, `${place}.m${j}`));
        return { check: parts.map((p) => p.check).join(" "), dirty: parts.map((p) => p.dirty).join(" ") };
      }
    }
  };
  const decls = [];
  const checks = [];
  const dirties = [];
  spec.vars.forEach((t, v) => {
    decls.push(`var<workgroup> w${v} : ${typeName(t)};`);
    const w = walk(t, `w${v}`);
    checks.push(w.check);
    dirties.push(w.dirty);
  });
  if (spec.overrideSized) {
    decls.push("override COUNT : u32 = 3;", "var<workgroup> big : array<atomic<u32>, COUNT * 2>;");
    checks.push("for (var j = 0u; j < COUNT * 2; j++) { if (atomicLoad(&big[j]) != 0u) { flag(); } }");
    dirties.push("for (var j = 0u; j < COUNT * 2; j++) { atomicStore(&big[j], 7u); }");
  }
  const params = spec.index === "param" ? "@builtin(local_invocation_index) lii : u32" : spec.index === "struct" ? "inputs : Inputs" : "";
  const body = spec.helper
    ? { fns: `fn check() { ${checks.join(" ")} }\nfn dirty() { ${dirties.join(" ")} }`, main: "check(); workgroupBarrier(); dirty();" }
    : { fns: "", main: `${checks.join(" ")} workgroupBarrier(); ${dirties.join(" ")}` };
  return `@group(0) @binding(0) var<storage, read_write> failed : atomic<u32>;
fn flag() { atomicStore(&failed, 1u); }
struct Inputs { @builtin(local_invocation_index) lii : u32, @builtin(workgroup_id) wg : vec3u }
${structs.join("\n")}
${decls.join("\n")}
${body.fns}
@compute @workgroup_size(${spec.size.join(", ")}) fn main(${params}) { ${body.main} }
`;
}

/** Handlers; `lost()` says whether the sequence destroyed the device (then nothing reports errors). */
export function workgroupHandlers({ device, fail, lost, withTimeout }) {
  return {
    async workgroupZero(spec) {
      if (lost()) return;
      const code = workgroupZeroWgsl(spec);
      device.pushErrorScope("validation");
      const module = device.createShaderModule({ code });
      const constants = spec.overrideSized ? { COUNT: spec.overrideSized } : undefined;
      const pipeline = device.createComputePipeline({ layout: "auto", compute: { module, constants } });
      const out = device.createBuffer({ size: 4, usage: 0x80 | 0x4 }); // STORAGE | COPY_SRC
      const read = device.createBuffer({ size: 4, usage: 0x1 | 0x8 }); // MAP_READ | COPY_DST
      const e = device.createCommandEncoder();
      const p = e.beginComputePass();
      p.setPipeline(pipeline);
      p.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: out } }] }));
      p.dispatchWorkgroups(16);
      p.end();
      e.copyBufferToBuffer(out, 0, read, 0, 4);
      device.queue.submit([e.finish()]);
      const error = await device.popErrorScope();
      if (lost()) return;
      if (error) return fail(`workgroupZero: a valid shader was refused: ${error.message.split("\n")[0]}\n${code}`);
      await withTimeout(read.mapAsync(1), 15_000, "workgroupZero mapAsync");
      const failed = new Uint32Array(read.getMappedRange())[0];
      read.unmap();
      out.destroy();
      read.destroy();
      if (failed !== 0) fail(`workgroupZero: an invocation read a non-zero workgroup variable before storing to it\n${code}`);
    },
  };
}
