#!/usr/bin/env node
// The full soak run (README: Testing): every object type, create-use-drop and create-destroy, each type in
// its own child process (clean RSS baseline), then the leak-check meta-test and the in-flight check.
//   node test/soak/run.mjs                       100,000 cycles per type and mode
//   node test/soak/run.mjs --cycles 20000 --types buffer,texture
//   --pipeline-cycles N   cycles for compute/render pipelines (default 20,000: see below)
// Exit code 0 when every row has no problem.
import { spawnSync } from "node:child_process";
import { objectTypes, KNOWN_LEAKS } from "./soak.mjs";

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const cycles = Number(opt("--cycles", "100000"));
const all = Object.keys(objectTypes(new Proxy({}, { get: () => () => ({}) })));
const types = opt("--types") ? opt("--types").split(",") : all.filter((t) => !(t in KNOWN_LEAKS));
const here = (f) => new URL(f, import.meta.url).pathname;
const t0 = Date.now();
let bad = 0;
console.log(`soak: ${cycles} cycles per type and mode, node ${process.version}`);
console.log("type/mode".padEnd(28) + "cycles".padStart(8) + "time".padStart(9) + "RSS base".padStart(11) + "peak".padStart(11) + "end".padStart(11) + "bound".padStart(11) + "  native count (before -> after)  problems");
// Pipelines leave memory behind in the driver (lavapipe: ~33 KB per compute, ~75 KB per render pipeline;
// 100,000 render pipelines took RSS to 7.6 GB), so they run at most --pipeline-cycles (default 20,000).
const pipelineCycles = Number(opt("--pipeline-cycles", "20000"));
for (const type of types) {
  const n = /Pipeline$/.test(type) ? Math.min(cycles, pipelineCycles) : cycles;
  const r = spawnSync(process.execPath, ["--expose-gc", here("./child.mjs"), "--cycles", String(n), "--types", type], { encoding: "utf8", maxBuffer: 64 << 20 });
  const rows = r.stdout.split("\n").filter((l) => l.startsWith("RESULT ")).map((l) => JSON.parse(l.slice(7)));
  if (r.status !== 0 || !r.stdout.includes("DONE")) { bad++; console.log(`${type}: child failed (exit ${r.status}, signal ${r.signal})\n${r.stderr.slice(-2000)}`); }
  for (const x of rows) {
    if (x.problems.length) bad++;
    console.log(`${x.type}/${x.mode}`.padEnd(28) + String(x.cycles).padStart(8) + `${(x.ms / 1000).toFixed(1)} s`.padStart(9) + x.rssBase.padStart(11) + x.rssPeak.padStart(11) + x.rssEnd.padStart(11) + x.rssBound.padStart(11) +
      `  ${x.nativeBefore ?? 0} -> ${x.native ?? 0}`.padEnd(33) + (x.problems.join("; ") || "ok"));
  }
}
for (const [script, extra] of [["./meta.mjs", []], ["./inflight.mjs", ["--iterations", String(Math.min(cycles, 20000))]]]) {
  const r = spawnSync(process.execPath, ["--expose-gc", here(script), ...extra], { encoding: "utf8" });
  for (const l of r.stdout.split("\n").filter((x) => x.startsWith("RESULT "))) console.log(`${script}: ${l.slice(7)}`);
  if (r.status !== 0) { bad++; console.log(`${script} failed: ${r.stderr.slice(-1000)}`); }
}
console.log(`\n${bad ? `${bad} problem(s)` : "no leaks"}; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
process.exit(bad ? 1 : 0);
