// Runs one spec-file job in child processes (child.mjs) with crash isolation: when a child aborts or a case runs
// past the per-case timeout, that case alone is recorded (abort / timeout) and a new child resumes after it. A
// per-file time cap stops the file; the cases it did not reach are recorded as "notrun" (cap).
// Resolves to { file, query, cases: [{ name, status, ms?, log? , note? }], wallMs, capped, error? } where status is
// pass | warn | fail | skip | abort | timeout | notrun. Never rejects.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const childPath = fileURLToPath(new URL('child.mjs', import.meta.url));

// Abort exit messages can be long (a Rust panic and its backtrace): keep the first lines.
const tail = (s, n = 3000) => (s.length > n ? s.slice(0, n) + '…' : s);

/**
 * @param job { file, query }
 * @param opts { buildDir, backend, caseTimeoutMs, fileCapMs, omit: [{ pattern, note }] (cases not to run), nice }
 */
export async function runFile(job, opts) {
  const t0 = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'wgpu-ts-cts-'));
  const omitFile = join(tmp, 'omit.json');
  writeFileSync(omitFile, JSON.stringify(opts.omit ?? []));
  let names = null; // from the first child's "list"
  const results = []; // by case index
  let next = 0;
  let capped = false;
  let error;
  let restarts = 0;
  try {
    while (names === null || next < names.length) {
      const remaining = opts.fileCapMs - (Date.now() - t0);
      if (remaining <= 0) { capped = true; break; }
      const r = await runChild(job.query, next, omitFile, opts, remaining);
      if (r.names) names ??= r.names;
      for (const [i, rec] of r.results) results[i] = rec;
      if (names === null) {
        // The child died before it could list the cases (the spec file failed to load, or setup aborted).
        error = `child exited (${r.exit}) before listing the cases${r.stderr ? `: ${tail(r.stderr)}` : ''}`;
        break;
      }
      if (r.done) break;
      if (r.capHit) { capped = true; break; }
      if (r.inFlight === undefined) {
        // Died (or timed out) between cases (e.g. at the end, while releasing devices): resume after the last finished case.
        const last = results.reduce((m, x, i) => (x ? i : m), next - 1);
        if (last + 1 === next && ++restarts > 2) { error = `child keeps exiting (${r.exit}) with no case in flight${r.stderr ? `: ${tail(r.stderr)}` : ''}`; break; }
        next = last + 1;
        continue;
      }
      const reason = r.timedOut ? 'timeout' : 'abort';
      results[r.inFlight] = { status: reason, ms: r.inFlightMs, log: reason === 'abort' ? `process exited (${r.exit}): ${tail(r.stderr)}` : `no result after ${opts.caseTimeoutMs} ms` };
      next = r.inFlight + 1;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const cases = (names ?? []).map((name, i) => {
    const rec = results[i];
    if (rec) return { name, ...rec };
    return { name, status: 'notrun', note: capped ? `file time cap (${opts.fileCapMs / 1000} s)` : 'not reached' };
  });
  return { file: job.file, query: job.query, cases, wallMs: Date.now() - t0, capped, ...(error ? { error } : {}) };
}

function runChild(query, first, omitFile, opts, remainingMs) {
  return new Promise((resolve) => {
    const args = [childPath, opts.buildDir, opts.backend, query, String(first), omitFile];
    // nice: the runner is meant for shared machines; the GPU work (lavapipe) is CPU work. Niceness 10 in all (not
    // 10 more than a runner started with `nice` already has: at 19 the children barely run on a busy machine).
    const by = opts.nice ? 10 - getPriority() : 0;
    const [cmd, argv] = by > 0 ? ['nice', ['-n', String(by), process.execPath, ...args]] : [process.execPath, args];
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], env: process.env });
    const out = { names: null, results: new Map(), done: false, inFlight: undefined, inFlightMs: 0, stderr: '', exit: '', timedOut: false, capHit: false };
    let started = 0;
    let buf = '';
    let timer;
    const capTimer = setTimeout(() => { out.timedOut = out.capHit = true; child.kill('SIGKILL'); }, remainingMs);
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { out.timedOut = true; child.kill('SIGKILL'); }, opts.caseTimeoutMs);
    };
    arm(); // loading the file and creating the adapter counts as the first case's time
    child.stderr.on('data', (d) => { if (out.stderr.length < 20000) out.stderr += d; });
    child.stdio[3].on('data', (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const ev = JSON.parse(line);
        if (ev.ev === 'list') out.names = ev.cases;
        else if (ev.ev === 'start') { out.inFlight = ev.i; started = Date.now(); arm(); }
        else if (ev.ev === 'end') {
          out.results.set(ev.i, { status: ev.status, ms: ev.ms, ...(ev.log && ev.status !== 'pass' ? { log: ev.log } : {}) });
          out.inFlight = undefined;
        } else if (ev.ev === 'omit') out.results.set(ev.i, { status: 'notrun', note: ev.note });
        else if (ev.ev === 'done') out.done = true;
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(capTimer);
      out.exit = signal ? `signal ${signal}` : `code ${code}`;
      if (out.inFlight !== undefined) out.inFlightMs = Date.now() - started;
      resolve(out);
    });
  });
}

/** The case names of a job (the child lists them and exits). */
export async function listCases(job, opts) {
  const r = await runChild(job.query, -1, '', { ...opts, caseTimeoutMs: 120000 }, 120000);
  if (!r.names) throw new Error(`listing ${job.query} failed (${r.exit}): ${tail(r.stderr)}`);
  return r.names;
}
