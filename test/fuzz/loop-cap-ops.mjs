// Fuzzer operation for capped loop bounds (guards/loop-caps.ts; merged into the op table by sequence.mjs), and the
// loop generator of test/native/loop-caps.test.mjs:
//   loopCap: a compute shader with 1-4 counted loops of random shape (i32/u32; <, <=, >, >=, either operand order;
//     a power-of-two step written as i += s, i = i + s, i = s + i, i -= s, i = i - s, i++ or i--; the bound from a
//     uniform, directly or through a let; an invariant extra conjunct; a comment or parentheses in the condition;
//     a `continue` in the body), with start and bound values, near 0, near the ends of the type or anywhere, for
//     which the loop as written ends within a few thousand iterations (checked by simulating it). Each loop counts
//     its iterations and hashes the values of its variable. The module created with the default checks must have
//     its loops capped where the rule applies (no forced loop bounding), and it must compute what the module
//     compiled as written with every check (createShaderModuleTrusted(device, d, {})) computes, and what the
//     simulation computes.
import * as native from "wgpu-ts/backends/wgpu-native";

const U32 = 2 ** 32;
const RANGE = { u32: [0, U32 - 1], i32: [-(2 ** 31), 2 ** 31 - 1] };
const wrap = (type, v) => {
  const u = ((v % U32) + U32) % U32;
  return type === "u32" ? u : u >= 2 ** 31 ? u - U32 : u;
};
const MIRROR = { "<": ">", ">": "<", "<=": ">=", ">=": "<=" };
const BUDGET = 3000;

/** The loop as WGSL executes it: { n: iterations, x: hash } or null where it runs past BUDGET iterations. */
export function simulate(l) {
  const up = l.op[0] === "<";
  const test = (i) => (l.op === "<" ? i < l.end : l.op === "<=" ? i <= l.end : l.op === ">" ? i > l.end : i >= l.end);
  let i = l.start, n = 0, x = 0;
  while (test(i)) {
    n = (n + 1) >>> 0;
    if (n > BUDGET) return null;
    if (!(l.cont && (n & 3) === 1)) x = (x ^ ((Math.imul(i >>> 0, 2654435761 | 0) + n) >>> 0)) >>> 0;
    i = wrap(l.type, up ? i + l.step : i - l.step);
  }
  return { n, x };
}

/** Whether guards/loop-caps.ts caps this loop (the prover proves the others as written). */
export const capped = (l) => l.step > 1 || l.op.length === 2;

export function loopCapWgsl(loops) {
  const body = loops.map((l, k) => {
    const t = l.type;
    const lit = (v) => (t === "u32" ? `${v}u` : l.abstractStep ? `${v}` : `${v}i`);
    const start = t === "u32" ? `p[${k}].x` : `i32(p[${k}].x)`;
    const e = l.viaLet ? `e${k}` : t === "u32" ? `p[${k}].y` : `i32(p[${k}].y)`;
    const let_ = l.viaLet ? `let e${k} = ${t === "u32" ? `p[${k}].y` : `i32(p[${k}].y)`}; ` : "";
    const i = `i${k}`;
    const bound = l.comment ? `/* the bound */ ${e}` : e;
    let cmp = l.variableLeft ? `${i} ${l.op} ${bound}` : `${bound} ${MIRROR[l.op]} ${i}`;
    if (l.paren) cmp = `(${cmp})`;
    const extra = `p[${k}].z != 7u`;
    const cond = l.extra === "before" ? `${extra} && ${cmp}` : l.extra === "after" ? `${cmp} && (${extra})` : cmp;
    const up = l.op[0] === "<";
    const s = lit(l.step);
    const update = l.step === 1 && l.form === "incr" ? `${i}${up ? "++" : "--"}`
      : l.form === "assign" ? `${i} = ${i} ${up ? "+" : "-"} ${s}` : l.form === "swap" && up ? `${i} = ${s} + ${i}` : `${i} ${up ? "+=" : "-="} ${s}`;
    const cont = l.cont ? `if ((n${k} & 3u) == 1u) { continue; } ` : "";
    return `  var n${k} = 0u; var x${k} = 0u; ${let_}\n  for (var ${i}${l.typed ? `: ${t}` : ""} = ${start}; ${cond}; ${update}) {\n` +
      `    n${k}++; ${cont}x${k} = x${k} ^ (u32(${i}) * 2654435761u + n${k});\n  }\n  o[${2 * k}] = n${k}; o[${2 * k + 1}] = x${k};`;
  });
  return `@group(0) @binding(0) var<storage, read_write> o: array<u32>;
@group(0) @binding(1) var<uniform> p: array<vec4u, 4>;
@compute @workgroup_size(1) fn main() {
${body.join("\n")}
}
`;
}

/** The uniform words of the loops' start and bound values. */
export const loopCapUniforms = (loops) => {
  const u = new Uint32Array(16);
  loops.forEach((l, k) => { u[4 * k] = l.start >>> 0; u[4 * k + 1] = l.end >>> 0; });
  return u;
};

/** A random loop whose written form ends within BUDGET iterations. */
export function genLoop(rng) {
  const type = rng.pick(["u32", "i32"]);
  const op = rng.pick(["<", "<=", ">", ">="]);
  const step = rng.pick([1, 2, 4, 16, 64, 256, 2 ** 20]);
  const [min, max] = RANGE[type];
  const up = op[0] === "<";
  const l = {
    type, op, step, variableLeft: rng.chance(0.6), viaLet: rng.chance(0.3), comment: rng.chance(0.2), paren: rng.chance(0.2),
    extra: rng.pick([null, null, "before", "after"]), form: rng.pick(["compound", "assign", "swap", "incr"]), cont: rng.chance(0.3),
    typed: rng.chance(0.5), abstractStep: false, start: 0, end: 0,
  };
  // the loop variable's type must follow from its declaration: an untyped i32 start (i32(...)) does
  l.abstractStep = type === "i32" && l.typed && rng.chance(0.5);
  for (let tries = 0; tries < 50; tries++) {
    const place = rng.pick(["zero", "low", "top", "bottom", "any"]);
    const base = place === "zero" ? 0 : place === "low" ? rng.range(0, 5000) : place === "top" ? max - rng.int(3 * step + 3)
      : place === "bottom" ? min + rng.int(3 * step + 3) : min + Math.floor(rng.f() * (max - min));
    l.end = Math.max(min, Math.min(max, base));
    const trips = rng.int(Math.min(40, Math.floor(BUDGET / 2)));
    const offset = rng.int(step);
    l.start = up ? l.end - trips * step - offset : l.end + trips * step + offset;
    if (rng.chance(0.1)) l.start = up ? l.end + rng.int(9) : l.end - rng.int(9);
    l.start = Math.max(min, Math.min(max, l.start));
    if (simulate(l)) return l;
  }
  l.start = l.end = 0;
  if (op.length === 2) l.start = up ? 1 : -1;
  if (type === "u32" && l.start < 0) { l.start = 0; l.end = 1; }
  return simulate(l) ? l : { ...l, op: up ? "<" : ">", start: 0, end: 0 };
}

export const LOOP_CAP_GEN = {
  loopCap: [1.0, (rng) => [Array.from({ length: rng.range(1, 4) }, () => genLoop(rng))]],
};

/** Runs a module's main once with the loops' uniforms; the 8 result words. */
export async function runLoopCap(device, module, loops) {
  const o = device.createBuffer({ size: 32, usage: 0x80 | 0x4 }); // STORAGE | COPY_SRC
  const u = device.createBuffer({ size: 64, usage: 0x40 | 0x8 }); // UNIFORM | COPY_DST
  const read = device.createBuffer({ size: 32, usage: 0x1 | 0x8 }); // MAP_READ | COPY_DST
  device.queue.writeBuffer(u, 0, loopCapUniforms(loops));
  const pipeline = device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" } });
  const e = device.createCommandEncoder();
  const p = e.beginComputePass();
  p.setPipeline(pipeline);
  p.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: o } }, { binding: 1, resource: { buffer: u } }] }));
  p.dispatchWorkgroups(1);
  p.end();
  e.copyBufferToBuffer(o, 0, read, 0, 32);
  device.queue.submit([e.finish()]);
  await read.mapAsync(1);
  const words = Array.from(new Uint32Array(read.getMappedRange())).slice(0, 2 * loops.length);
  read.unmap();
  o.destroy(); u.destroy(); read.destroy();
  return words;
}

export function loopCapHandlers({ device, fail, lost, withTimeout }) {
  return {
    async loopCap(loops) {
      if (lost()) return;
      const code = loopCapWgsl(loops);
      const expected = loops.flatMap((l) => { const r = simulate(l); return [r.n, r.x]; });
      device.pushErrorScope("validation");
      const module = device.createShaderModule({ code });
      const written = native.createShaderModuleTrusted(device, { code }, {});
      const checks = native.getShaderModuleRuntimeChecks(module);
      const results = await withTimeout(Promise.all([runLoopCap(device, module, loops), runLoopCap(device, written, loops)]), 15_000, "loopCap mapAsync");
      const error = await device.popErrorScope();
      if (lost()) return;
      if (error) return fail(`loopCap: a valid shader was refused: ${error.message.split("\n")[0]}\n${code}`);
      const caps = loops.filter(capped).length;
      if (checks.forceLoopBounding || checks.loopBoundsCapped.length !== caps) {
        return fail(`loopCap: expected ${caps} capped loops and no forced loop bounding, got ${JSON.stringify(checks)}\n${code}`);
      }
      const [a, b] = results;
      if (JSON.stringify(a) !== JSON.stringify(expected) || JSON.stringify(b) !== JSON.stringify(expected)) {
        fail(`loopCap: results differ: default ${JSON.stringify(a)}, as written ${JSON.stringify(b)}, simulated ${JSON.stringify(expected)}\n` +
          `${JSON.stringify(loops)}\n${code}`);
      }
    },
  };
}
