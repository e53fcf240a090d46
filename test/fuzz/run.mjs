#!/usr/bin/env node
// The fuzzer's command line.
//   node test/fuzz/run.mjs --seeds 0..20000 --jobs 2            the long run (README: Testing)
//   node test/fuzz/run.mjs --seeds 1234                          one seed
//   node test/fuzz/run.mjs --replay test/fuzz/regressions/x.json one recorded sequence, traced
//   node test/fuzz/run.mjs --print 1234                          the op list of a seed (JSON)
// Options: --batch N (sequences per child process, default 50), --out DIR (crash records, default test/fuzz/out,
// git-ignored), --no-minimize, --json FILE (write the summary).
// Exit code: 0 when no sequence crashed, hung or broke an invariant; 1 otherwise.
import { writeFileSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { fuzz, parseSeeds, runChild } from "./lib.mjs";
import { generate } from "./sequence.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };

if (opt("--print")) {
  console.log(JSON.stringify(generate(Number(opt("--print"))), null, 1));
  process.exit(0);
}
if (opt("--replay")) {
  const r = await runChild(["--ops", opt("--replay"), "--trace"]);
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  console.log(`exit code ${r.code}, signal ${r.signal}`);
  process.exit(r.code === 0 ? 0 : 1);
}

const { from, to } = parseSeeds(opt("--seeds", "0..200"));
const jobs = Number(opt("--jobs", String(cpus().length)));
const batch = Number(opt("--batch", "50"));
const outDir = opt("--out", new URL("./out", import.meta.url).pathname);
const log = (m) => console.log(m);
log(`fuzz: seeds ${from}..${to} (${to - from} sequences), ${jobs} jobs, ${batch} per process, node ${process.version}, ${cpus()[0]?.model ?? "?"} x${cpus().length}`);
const s = await fuzz({ from, to, jobs, batch, log, minimizeCrashes: !args.includes("--no-minimize"), outDir });
const sec = (s.ms / 1000).toFixed(1);
log(`\n${s.sequences} sequences (${s.ops} ops, ${s.gpuErrors} GPU errors, ${s.exceptions} exceptions, ${s.lostDevices} devices destroyed) in ${sec} s, ${s.children} processes`);
log(`crashes: ${s.crashes.length}, hangs: ${s.hangs.length}, teardown crashes: ${s.teardownCrashes.length}, sequences with invariant failures: ${s.failures.length}`);
for (const c of s.crashes) {
  log(`\nCRASH seed ${c.seed}: ${c.signature}`);
  if (c.crashingOp) log(`  at op ${c.crashingOp.index} ${c.crashingOp.name}; minimized to ${c.minimized?.length ?? "?"} ops:`);
  if (c.minimized) for (const op of c.minimized) log(`    ${JSON.stringify(op).slice(0, 300)}`);
  if (c.stateDependent) log(`  only after earlier sequences: ${JSON.stringify(c.bisectedSeeds)}`);
  log(c.stderr.split("\n").map((l) => "  | " + l).join("\n"));
}
for (const h of s.hangs) log(`HANG seed ${h}`);
for (const t of s.teardownCrashes) log(`TEARDOWN CRASH after seeds ${t.seeds[0]}..${t.seeds[t.seeds.length - 1]}: ${t.signature}\n${t.stderr}`);
for (const f of s.failures.slice(0, 50)) log(`FAIL seed ${f.seed}:\n  ${f.failures.join("\n  ")}`);
if (opt("--json")) writeFileSync(opt("--json"), JSON.stringify(s, null, 1));
const bad = s.crashes.length + s.hangs.length + s.teardownCrashes.length + s.failures.length;
process.exit(bad ? 1 : 0);
void readFileSync;
