// Parent side of the fuzzer: runs seeds in batches in child processes (child.mjs), catches crashes (a
// signal, an abort, any exit without DONE), isolates the crashing sequence, minimizes it and records it.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync, mkdtempSync, rmSync, readFileSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { join } from "node:path";
import { generate } from "./sequence.mjs";

const CHILD = new URL("./child.mjs", import.meta.url).pathname;
const ROOT = new URL("../..", import.meta.url).pathname;

/** Runs child.mjs with args; resolves { code, signal, stdout, stderr, timedOut, ms }. */
export const MAX_CHILD_RSS = Number(process.env.WGPU_TS_FUZZ_MAX_RSS_MB ?? 3072) * 2 ** 20;

export function runChild(args, { timeoutMs = 300_000, env = {}, maxRssBytes = MAX_CHILD_RSS } = {}) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", CHILD, ...args], {
      cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "", stderr = "", timedOut = false;
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; if (stderr.length > 200_000) stderr = stderr.slice(-100_000); });
    const timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL"); }, timeoutMs);
    // A child that grows past the memory bound is killed (and reported) before it takes the machine down.
    const memWatch = setInterval(() => {
      try {
        const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
        if (rss > maxRssBytes) { stderr += `\nFUZZ: child RSS ${(rss / 2 ** 20).toFixed(0)} MiB exceeded the ${(maxRssBytes / 2 ** 20).toFixed(0)} MiB bound\n`; child.kill("SIGKILL"); }
      } catch { /* exited, or no /proc */ }
    }, 250);
    child.on("close", () => clearInterval(memWatch));
    child.on("error", (e) => { clearTimeout(timer); reject(e); });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

/** Parses a child's output: per-seed results, the seed it died in (if any), the last op started. */
export function parseOutput(stdout) {
  const results = new Map();
  let current = null, lastOp = null, hang = null, done = false;
  for (const line of stdout.split("\n")) {
    if (line.startsWith("SEQ ")) { current = line.slice(4); lastOp = null; }
    else if (line.startsWith("OP ")) { const [, i, name] = line.split(" "); lastOp = { index: Number(i), name }; }
    else if (line.startsWith("END ")) {
      const sp = line.indexOf(" ", 4);
      results.set(line.slice(4, sp), JSON.parse(line.slice(sp + 1)));
      current = null;
    } else if (line.startsWith("HANG ")) hang = line.slice(5);
    else if (line === "DONE") done = true;
  }
  return { results, diedIn: current, lastOp, hang, done };
}

/** The stable part of a crash: the signal/exit code and the first panic line of wgpu-native, if any. */
export function crashSignature(r) {
  const panic = /panicked at ([^\n]*)\n([^\n]*)/.exec(r.stderr);
  const how = r.signal ? `signal ${r.signal}` : `exit code ${r.code}`;
  if (panic) return `${how}: panic at ${panic[1].replace(/:\d+:\d+:?$/, "")}: ${panic[2].slice(0, 160)}`;
  if (/FUZZ: child RSS/.test(r.stderr)) return `${how}: memory bound exceeded`;
  if (r.timedOut) return `${how}: the batch ran past its time limit`;
  const fatal = /(FATAL ERROR[^\n]*|Segmentation fault|Aborted|Error: [^\n]*|TypeError: [^\n]*)/.exec(r.stderr);
  return fatal ? `${how}: ${fatal[1].slice(0, 160)}` : how;
}

export function isCrash(r) {
  return r.signal !== null || (r.code !== 0 && r.code !== 3) || r.timedOut;
}

function tail(s, n = 25) { return s.split("\n").filter((l) => l && !/^Warning: /.test(l)).slice(-n).join("\n"); }

/** Runs one explicit op list in a fresh process (trace on). */
export async function runOps(ops, seed, tmp) {
  const file = join(tmp, `ops-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ seed, ops }));
  try {
    return await runChild(["--ops", file, "--trace"], { timeoutMs: 120_000 });
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * Delta-debugging style minimization of a crashing op list: keeps the ops up to the crashing one, then
 * removes chunks (halves, quarters, ... single ops) while the same crash signature reproduces.
 */
export async function minimize(ops, seed, signature, { log = () => {}, maxTrials = 200, tmp } = {}) {
  let trials = 0;
  const crashesSame = async (cand) => {
    trials++;
    const r = await runOps(cand, seed, tmp);
    return isCrash(r) && crashSignature(r) === signature ? r : null;
  };
  let cur = ops;
  let chunk = Math.max(1, Math.floor(cur.length / 2));
  while (chunk >= 1 && trials < maxTrials) {
    let removed = false;
    for (let start = cur.length - chunk; start >= 0 && trials < maxTrials; start -= chunk) {
      const cand = cur.slice(0, start).concat(cur.slice(start + chunk));
      if (cand.length === 0) continue;
      const r = await crashesSame(cand);
      if (r) {
        // Keep only up to the crashing op of the smaller candidate.
        const { lastOp } = parseOutput(r.stdout);
        cur = lastOp ? cand.slice(0, lastOp.index + 1) : cand;
        removed = true;
        log(`  minimize: ${cur.length} ops (trial ${trials})`);
        start = Math.min(start, cur.length);
      }
    }
    if (!removed) chunk = Math.floor(chunk / 2);
    else chunk = Math.min(chunk, Math.max(1, Math.floor(cur.length / 2)));
  }
  return { ops: cur, trials };
}

/**
 * Investigates a crash that happened while a batch child was running `seed` (after `before`, the seeds
 * that ran earlier in the same process): reproduces it alone, finds the op, minimizes the sequence.
 */
export async function investigate(seed, before, firstRun, { log = () => {}, minimizeCrashes = true, outDir } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), "wgpu-ts-fuzz-"));
  try {
    const record = {
      seed, signature: crashSignature(firstRun), stderr: tail(firstRun.stderr), reproducedAlone: false,
      crashingOp: null, ops: null, minimized: null, seedsBefore: before.length,
    };
    const ops = generate(Number(seed));
    const alone = await runOps(ops, seed, tmp);
    if (isCrash(alone)) {
      record.reproducedAlone = true;
      record.signature = crashSignature(alone);
      record.stderr = tail(alone.stderr);
      const { lastOp } = parseOutput(alone.stdout);
      record.crashingOp = lastOp;
      const upTo = lastOp ? ops.slice(0, lastOp.index + 1) : ops;
      record.ops = upTo;
      if (minimizeCrashes) {
        log(`  seed ${seed}: crash reproduced alone at op ${lastOp?.index} ${lastOp?.name}; minimizing ${upTo.length} ops`);
        const m = await minimize(upTo, seed, record.signature, { log, tmp });
        record.minimized = m.ops;
        record.minimizeTrials = m.trials;
      }
    } else {
      // State from earlier sequences of the batch matters: bisect the shortest suffix of them that crashes.
      log(`  seed ${seed}: no crash alone; bisecting the ${before.length} earlier seeds of its batch`);
      let lo = 0, hi = before.length; // suffix start: before.slice(k) + seed
      let found = null;
      while (lo < hi) {
        const mid = Math.floor((lo + hi + 1) / 2);
        const r = await runChild(["--seeds", [...before.slice(mid), seed].join(",")]);
        if (isCrash(r)) { lo = mid; found = before.slice(mid); } else hi = mid - 1;
      }
      const r = await runChild(["--seeds", [...before.slice(lo), seed].join(",")]);
      record.bisectedSeeds = isCrash(r) ? [...before.slice(lo), seed] : null;
      record.stateDependent = true;
      void found;
    }
    if (outDir) {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, `crash-seed-${seed}.json`), JSON.stringify(record, null, 1));
    }
    return record;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Runs seeds [from, to) in batches over `jobs` concurrent child processes.
 * Returns { sequences, crashes: [record], failures: [{seed, failures}], hangs: [seed], ms, ops, ... }.
 */
export async function fuzz({ from = 0, to = 100, jobs = Math.max(1, cpus().length), batch = 50, log = () => {}, minimizeCrashes = true, outDir = null } = {}) {
  const t0 = Date.now();
  const queue = [];
  for (let s = from; s < to; s += batch) queue.push(Array.from({ length: Math.min(batch, to - s) }, (_, i) => s + i));
  const summary = { from, to, sequences: 0, ops: 0, gpuErrors: 0, exceptions: 0, lostDevices: 0, crashes: [], failures: [], hangs: [], teardownCrashes: [], children: 0 };
  const crashed = [];
  let done = 0;
  const total = to - from;
  let lastLog = 0;

  async function runBatch(seeds) {
    let rest = seeds;
    while (rest.length) {
      summary.children++;
      const r = await runChild(["--seeds", rest.join(",")], { timeoutMs: 60_000 + rest.length * 20_000 });
      const { results, diedIn, hang, done: finished } = parseOutput(r.stdout);
      for (const [seed, res] of results) {
        summary.sequences++;
        done++;
        summary.ops += res.ops ?? 0;
        summary.gpuErrors += res.errors ?? 0;
        summary.exceptions += res.exceptions ?? 0;
        if (res.lost) summary.lostDevices++;
        if (res.failures?.length) summary.failures.push({ seed: Number(seed), failures: res.failures });
      }
      if (finished && !isCrash(r)) return;
      if (finished && isCrash(r)) { summary.teardownCrashes.push({ seeds: rest, signature: crashSignature(r), stderr: tail(r.stderr) }); return; }
      const culprit = hang ?? diedIn;
      if (culprit === null) {
        summary.teardownCrashes.push({ seeds: rest, signature: crashSignature(r), stderr: tail(r.stderr), note: "died outside any sequence" });
        return;
      }
      done++;
      summary.sequences++;
      const idx = rest.indexOf(Number(culprit));
      if (hang !== null) summary.hangs.push(Number(culprit));
      else crashed.push({ seed: Number(culprit), before: rest.slice(0, idx), run: r });
      log(`${hang !== null ? "HANG" : "CRASH"} in seed ${culprit}: ${crashSignature(r)}`);
      rest = rest.slice(idx + 1);
    }
  }

  const workers = Array.from({ length: jobs }, async () => {
    while (queue.length) {
      await runBatch(queue.shift());
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        log(`  ${done}/${total} sequences, ${summary.crashes.length + crashed.length} crashes, ${summary.failures.length} with failures, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      }
    }
  });
  await Promise.all(workers);
  for (const c of crashed) summary.crashes.push(await investigate(c.seed, c.before, c.run, { log, minimizeCrashes, outDir }));
  summary.ms = Date.now() - t0;
  return summary;
}

/** "0..20000" or "5" or "1,2,3" -> { from, to } or a list. */
export function parseSeeds(s) {
  const m = /^(\d+)\.\.(\d+)$/.exec(s);
  if (m) return { from: Number(m[1]), to: Number(m[2]) };
  if (/^\d+$/.test(s)) return { from: Number(s), to: Number(s) + 1 };
  throw new Error(`--seeds: expected A..B or N, got ${s}`);
}
