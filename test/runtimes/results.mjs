// Machine-readable results of the conformance suite, one file per target in test/runtimes/results/ (git-ignored):
// written by every run of the suite (npm test's conformance files, test:dawn, test:browser, test:deno) and read by
// test/runtimes/readme-table.mjs, which regenerates the README's table from them. A file holds one record per test
// ({ file, group, name, status: pass|todo|skip|fail }), the counts per test group (top-level describe block) and
// the facts of the run (suite sources hash, commit, versions, wall time, whether the run was filtered).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const resultsDir = fileURLToPath(new URL('results/', import.meta.url));

/** The targets in README order: key, file name, label. */
export const TARGETS = [
  { target: 'wgpu-native', file: 'wgpu-native.json', label: 'wgpu-native, Node', command: 'npm test' },
  { target: 'js-webgpu/dawn.node', file: 'js-webgpu-dawn.node.json', label: 'js-webgpu over dawn.node, Node', command: 'npm run test:dawn' },
  { target: 'js-webgpu/chromium', file: 'js-webgpu-chromium.json', label: 'js-webgpu, Chromium', command: 'npm run test:browser' },
  { target: 'js-webgpu/deno', file: 'js-webgpu-deno.json', label: 'js-webgpu, Deno', command: 'npm run test:deno' },
  { target: 'wgpu-native/deno', file: 'wgpu-native-deno.json', label: 'wgpu-native, Deno', command: 'npm run test:deno:wgpu-native' },
  { target: 'wgpu-native/bun', file: 'wgpu-native-bun.json', label: 'wgpu-native, Bun', command: 'npm run test:bun' },
];

export function resultsPath(target) {
  const t = TARGETS.find((x) => x.target === target);
  if (!t) throw new Error(`unknown target ${target}`);
  return `${resultsDir}${t.file}`;
}

/** sha256 of the suite's sources (test/harness.mjs and test/conformance/*): runs of different sources do not mix. */
export function suiteHash() {
  const hash = createHash('sha256');
  const dir = `${root}test/conformance/`;
  for (const f of ['test/harness.mjs', ...readdirSync(dir).sort().map((f) => `test/conformance/${f}`)]) {
    hash.update(`${f}\0`).update(readFileSync(`${root}${f}`)).update('\0');
  }
  return hash.digest('hex');
}

function gitHead() {
  const r = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

const STATUSES = { pass: 'passed', todo: 'todo', skip: 'skipped', fail: 'failed' };

/** Counts per test group (its file where the run knows it), in the order the groups first appear, and the totals. */
export function summarize(records) {
  const groups = new Map();
  const totals = { tests: 0, passed: 0, todo: 0, skipped: 0, failed: 0 };
  for (const r of records) {
    if (!groups.has(r.group)) groups.set(r.group, { file: null, group: r.group, tests: 0, passed: 0, todo: 0, skipped: 0, failed: 0 });
    const g = groups.get(r.group);
    g.file ??= r.file ?? null;
    const field = STATUSES[r.status];
    if (!field) throw new Error(`unknown status ${r.status} of ${r.name}`);
    g.tests++;
    g[field]++;
    totals.tests++;
    totals[field]++;
  }
  return { totals, groups: [...groups.values()] };
}

/**
 * Writes the results of one run. records: [{ file, group, name, status }]; facts: { implementation, wallSeconds,
 * partial (the run was filtered, e.g. --test-name-pattern: not usable for the README), ... }. Returns the summary.
 */
export function writeResults(target, records, facts = {}) {
  const { totals, groups } = summarize(records);
  const result = {
    target, date: new Date().toISOString(), commit: gitHead(), suiteHash: suiteHash(), partial: false,
    ...facts, totals, groups, records,
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(resultsPath(target), `${JSON.stringify(result, null, 1)}\n`);
  return result;
}

export function readResults(target) {
  return JSON.parse(readFileSync(resultsPath(target), 'utf8'));
}

/** The per-group lines a runner prints at its end (what the README table is made of). */
export function printGroups(result, log = console.log) {
  const t = result.totals;
  log(`# results per test group (${result.target}; written to test/runtimes/results/${resultsPath(result.target).split('/').pop()}):`);
  for (const g of result.groups) {
    log(`#   ${g.group} | ${g.tests} tests: ${g.passed} passed, ${g.todo} todo, ${g.skipped} skipped, ${g.failed} failed`);
  }
  log(`# ${result.target} total: ${t.tests} tests: ${t.passed} passed, ${t.todo} todo (expected deviations), ${t.skipped} skipped (not applicable), ${t.failed} failed`);
}
