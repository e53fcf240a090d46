#!/usr/bin/env node
// One fuzz worker process. Runs sequences and prints one line per event on stdout (pipes are synchronous
// on POSIX in Node, so every line is out before the next call could abort the process):
//   SEQ <seed>              a sequence starts
//   OP <i> <name>           (--trace) op i starts
//   END <seed> <json>       it finished: {"failures": [...], "lost": bool, "ms": n, ...}
//   HANG <seed>             the watchdog fired (the process then exits with code 3)
//   DONE                    every sequence ran
// Usage: node --expose-gc test/fuzz/child.mjs --seeds 1,2,3 | --ops <file.json>  [--trace] [--fresh-device]
import { readFileSync } from "node:fs";
import { generate, execute } from "./sequence.mjs";

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const trace = args.includes("--trace");
const freshDevice = args.includes("--fresh-device");
const seqTimeoutMs = Number(opt("--seq-timeout") ?? 60_000);

const out = (line) => process.stdout.write(line + "\n");

const backend = await import("wgpu-ts/backends/wgpu-native");
const { installGlobals } = await import("wgpu-ts");
installGlobals();
const gpu = backend.gpu;

async function newDevice() {
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error("no adapter");
  return adapter.requestDevice();
}

// Objects of another device, for the "object from another device" cases.
const other = await newDevice();
const foreignModule = other.createShaderModule({ code: "@group(0) @binding(0) var<storage, read_write> d: array<u32>;\n@compute @workgroup_size(1) fn main() { d[0] = 1u; }" });
const foreignPipe = other.createComputePipeline({ layout: "auto", compute: { module: foreignModule } });
const foreignBuffer = other.createBuffer({ size: 256, usage: 0x18c | 0x40 });
const foreignBgl = other.createBindGroupLayout({ entries: [{ binding: 0, visibility: 4, buffer: { type: "storage" } }] });
const foreign = {
  buffer: foreignBuffer,
  module: foreignModule,
  pipe: foreignPipe,
  bgl: foreignPipe.getBindGroupLayout(0),
  bg: other.createBindGroup({ layout: foreignPipe.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: foreignBuffer } }] }),
  pl: other.createPipelineLayout({ bindGroupLayouts: [foreignBgl] }),
  get enc() { return other.createCommandEncoder(); },
  get pass() { return other.createCommandEncoder().beginComputePass(); },
  get cb() { return other.createCommandEncoder().finish(); },
  range: undefined,
  promise: undefined,
};

const env = {
  gpu,
  foreign,
  gc: globalThis.gc,
  trace: trace ? (i, name) => out(`OP ${i} ${name}`) : undefined,
  collectMessages: args.includes("--messages"),
};

let sequences;
if (opt("--ops")) {
  const rec = JSON.parse(readFileSync(opt("--ops"), "utf8"));
  sequences = [{ seed: rec.seed ?? "ops", ops: rec.ops }];
} else {
  const seeds = String(opt("--seeds") ?? "0").split(",").filter(Boolean).map(Number);
  sequences = seeds.map((seed) => ({ seed, ops: null }));
}

let device = null;
for (const s of sequences) {
  if (!device || freshDevice) {
    if (device && !device._destroyed) device.destroy();
    device = await newDevice();
  }
  out(`SEQ ${s.seed}`);
  const watchdog = setTimeout(() => { out(`HANG ${s.seed}`); process.exit(3); }, seqTimeoutMs);
  const t0 = performance.now();
  const ops = s.ops ?? generate(s.seed);
  let result;
  try {
    result = await execute(ops, device, env);
  } catch (e) {
    result = { failures: [`executor threw: ${e?.stack ?? e}`], lost: true };
  }
  clearTimeout(watchdog);
  out(`END ${s.seed} ${JSON.stringify({ ...result, ops: ops.length, ms: Math.round(performance.now() - t0) })}`);
  if (result.lost) device = null;
}
out("DONE");
