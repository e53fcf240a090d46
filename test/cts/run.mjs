#!/usr/bin/env node
// The WebGPU CTS on wgpu-ts: `npm run test:cts [-- OPTIONS] [QUERY...]` (docs/cts.md has the details).
//   node test/cts/run.mjs [--backend wgpu-native|dawn|js-webgpu] [--jobs N] [QUERY...]
// Builds the CTS (build.mjs, cached), splits the queries into spec files (listing.mjs), runs each file in child
// processes with crash isolation (file-runner.mjs), writes the results per file as JSON and a summary, and judges
// them against the expectations file (expectations.mjs): an unexpected failure, or an expected failure or expected
// skip that now passes, fails the run. Without a query it runs the CI set (suites.mjs).
// Options:
//   --backend B             wgpu-native (default; wgpu-ts's native backend), dawn (dawn.node, the reference),
//                           js-webgpu (wgpu-ts's js-webgpu backend over dawn.node)
//   --jobs N                spec files run in parallel (default 2)
//   --case-timeout S        seconds a case may take before its child is killed (default 60)
//   --file-cap S            seconds a spec file may take; the cases after are "notrun" (default 300)
//   --out DIR               results folder (default test/cts/out/results/<backend>)
//   --expectations FILE     expectations file (default for wgpu-native: test/cts/expectations.txt; for the other
//                           backends none); --no-expectations: none (every fail, abort, timeout is a failure)
//   --run-expected-crashes  also run the cases expected to abort or time out (by default they are not run)
//   --update-expectations   rewrite the expectations file from this run (update-expectations.mjs)
//   --list                  print the cases of the queries and exit
//   --from-results DIR      run nothing: judge (or --update-expectations from) the results saved in DIR by an
//                           earlier run, e.g. to regenerate the expectations from a long run without redoing it
//   --no-nice               do not lower the children's priority
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { buildCts } from './build.mjs';
import { specJobs } from './listing.mjs';
import { runFile } from './file-runner.mjs';
import { countStatuses, readFileResults, summaryTable, writeFileResult } from './results.mjs';
import { ctsVersion, defaultResultsDir, expectationsPath, projectRoot } from './paths.mjs';
import { BACKENDS } from './backends.mjs';
import { CI_QUERIES, CI_EXCLUDED } from './suites.mjs';

function parseArgs(argv) {
  const o = { backend: 'wgpu-native', jobs: 2, caseTimeout: 60, fileCap: 300, out: null, expectations: undefined,
    runCrashes: false, update: false, list: false, nice: true, fromResults: null, queries: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    const num = () => { const n = Number(val()); if (!(n > 0)) usage(`${a} needs a positive number`); return n; };
    if (a === '--backend') o.backend = val();
    else if (a === '--jobs') o.jobs = Math.floor(num());
    else if (a === '--case-timeout') o.caseTimeout = num();
    else if (a === '--file-cap') o.fileCap = num();
    else if (a === '--out') o.out = val();
    else if (a === '--expectations') o.expectations = val();
    else if (a === '--no-expectations') o.expectations = null;
    else if (a === '--run-expected-crashes') o.runCrashes = true;
    else if (a === '--update-expectations') o.update = true;
    else if (a === '--list') o.list = true;
    else if (a === '--from-results') o.fromResults = val();
    else if (a === '--no-nice') o.nice = false;
    else if (a === '--help' || a === '-h') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else o.queries.push(a);
  }
  if (!BACKENDS[o.backend]) usage(`unknown backend ${o.backend} (${Object.keys(BACKENDS).join(', ')})`);
  // The project's expectations describe wgpu-native; the dawn.node backends are references, judged by none.
  if (o.expectations === undefined) o.expectations = o.backend === 'wgpu-native' ? expectationsPath : null;
  if (o.update && !o.expectations) usage('--update-expectations needs an expectations file');
  return o;
}

function usage(message) {
  if (message) console.error(`cts: ${message}`);
  console.error('usage: node test/cts/run.mjs [--backend wgpu-native|dawn|js-webgpu] [--jobs N] [--case-timeout S] [--file-cap S] [--out DIR] [--expectations FILE | --no-expectations] [--run-expected-crashes] [--update-expectations] [--list] [QUERY...]\n(see the comment at the top of test/cts/run.mjs)');
  process.exit(message ? 2 : 0);
}

const o = parseArgs(process.argv.slice(2));
const queries = o.queries.length ? o.queries : CI_QUERIES;
const { dir: buildDir } = await buildCts();
// Without queries: the CI set, i.e. the CI queries less the spec files too slow for CI (suites.mjs).
const jobs = (await specJobs(buildDir, queries)).filter((j) => o.queries.length || !CI_EXCLUDED[j.file]);
const excluded = o.queries.length ? [] : Object.keys(CI_EXCLUDED);

let expectations = null;
if (o.expectations && !o.list) {
  const { loadExpectations } = await import('./expectations.mjs');
  try {
    expectations = loadExpectations(o.expectations, { allowTodo: o.update });
  } catch (e) {
    console.error(`cts: ${e.message}`);
    console.log('cts: 0 passed, 1 failed, 0 skipped');
    process.exit(2);
  }
}

if (o.list) {
  const { listCases } = await import('./file-runner.mjs');
  for (const job of jobs) for (const name of await listCases(job, { buildDir, backend: o.backend })) console.log(name);
  process.exit(0);
}

const outDir = o.fromResults ?? o.out ?? defaultResultsDir(o.backend);
if (!o.fromResults) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
}
const backendInfo = await BACKENDS[o.backend].describe().catch((e) => `${o.backend} (${e.message})`);
console.log(`cts: ${queries.join(' ')} on ${backendInfo}: ${jobs.length} spec files, ${o.jobs} jobs, CTS ${ctsVersion()}`);
if (excluded.length) console.log(`cts: the CI set leaves out ${excluded.length} slow spec files (test/cts/suites.mjs; run them by query): ${excluded.join(', ')}`);

const t0 = Date.now();
const fileResults = [];
let nextJob = 0;
async function worker() {
  while (nextJob < jobs.length) {
    const job = jobs[nextJob++];
    // Cases expected to abort or hang are not run (each costs a process or a timeout) unless asked for.
    const omit = expectations ? expectations.notToRun(job.file, { runCrashes: o.runCrashes }) : [];
    const r = await runFile(job, { buildDir, backend: o.backend, caseTimeoutMs: o.caseTimeout * 1000, fileCapMs: o.fileCap * 1000, omit, nice: o.nice });
    r.backend = o.backend;
    writeFileResult(outDir, r);
    fileResults.push(r);
    const n = countStatuses(r.cases);
    const shown = Object.entries(n).filter(([, v]) => v).map(([k, v]) => `${v} ${k}`).join(', ') || 'no cases';
    console.log(`[${fileResults.length}/${jobs.length}] ${r.query}: ${shown} (${(r.wallMs / 1000).toFixed(1)} s)${r.capped ? ' CAPPED' : ''}${r.error ? ` ERROR ${r.error.split('\n')[0]}` : ''}`);
  }
}
if (o.fromResults) {
  const wanted = new Set(jobs.map((j) => j.file));
  fileResults.push(...readFileResults(o.fromResults).filter((r) => wanted.has(r.file)));
  console.log(`cts: ${fileResults.length} spec files read from ${o.fromResults} (nothing run)`);
} else {
  await Promise.all(Array.from({ length: Math.min(o.jobs, jobs.length) }, worker));
}
fileResults.sort((a, b) => a.file.localeCompare(b.file));
const wallSeconds = (Date.now() - t0) / 1000;

const table = summaryTable(fileResults);
// A judged saved run keeps its own summary.
if (!o.fromResults) {
  const meta = { backend: o.backend, implementation: backendInfo, cts: ctsVersion(), queries, excluded, jobs: o.jobs, caseTimeoutS: o.caseTimeout, fileCapS: o.fileCap, wallSeconds, date: new Date().toISOString(), node: process.version };
  writeFileSync(`${outDir}/summary.md`, `# CTS results: ${backendInfo}\n\n${queries.join(' ')}; CTS ${meta.cts}; ${wallSeconds.toFixed(0)} s wall, ${o.jobs} jobs, ${meta.date}\n\n${table}\n`);
  writeFileSync(`${outDir}/summary.json`, JSON.stringify({ ...meta, files: fileResults.map((r) => ({ file: r.file, query: r.query, wallMs: r.wallMs, capped: r.capped, error: r.error, counts: countStatuses(r.cases) })) }, null, 1) + '\n');
}
console.log(`\n${table}\n`);
console.log(`cts: results in ${relative(process.cwd(), outDir) || outDir} (summary.md, one JSON per spec file); ${wallSeconds.toFixed(0)} s`);

const all = fileResults.flatMap((r) => r.cases);
const errors = fileResults.filter((r) => r.error);
for (const r of errors) console.log(`cts: ERROR in ${r.file}: ${r.error}`);
const capped = fileResults.filter((r) => r.capped);
if (capped.length) console.log(`cts: ${capped.length} spec files stopped at the ${o.fileCap} s cap: ${capped.map((r) => r.file).join(', ')}`);

if (!expectations) {
  const n = countStatuses(all);
  const bad = n.fail + n.abort + n.timeout + errors.length;
  console.log(`cts: no expectations: every fail, abort and timeout counts as a failure`);
  console.log(`cts: ${n.pass + n.warn} passed, ${bad} failed, ${n.skip} skipped`);
  process.exit(bad ? 1 : 0);
}

const { judge, formatVerdict } = await import('./expectations.mjs');
const verdict = judge(all, expectations);
// The saved summary gets the verdict too (expected failures and expected skips apart), so a results folder says how
// it was judged.
if (!o.fromResults) {
  const judged = { expectations: relative(projectRoot, o.expectations), pass: verdict.counts.pass, skip: verdict.counts.skip, expectedFailures: verdict.counts.expected,
    expectedSkips: verdict.counts.expectedSkip, notRun: verdict.counts.notrun, unexpected: verdict.unexpected.length };
  appendFileSync(`${outDir}/summary.md`, `\nJudged by ${judged.expectations}: ${judged.pass} pass, ${judged.skip} skipped by the CTS without an entry, ${judged.expectedFailures} expected failures, ${judged.expectedSkips} expected skips (unsupported), ${judged.notRun} not run, ${judged.unexpected} unexpected.\n`);
  const summaryJson = `${outDir}/summary.json`;
  writeFileSync(summaryJson, JSON.stringify({ ...JSON.parse(readFileSync(summaryJson, 'utf8')), verdict: judged }, null, 1) + '\n');
}
if (o.update) {
  const { updateExpectations } = await import('./update-expectations.mjs');
  const written = updateExpectations(o.expectations, expectations, fileResults, { queries });
  console.log(`cts: ${relative(projectRoot, o.expectations)}: ${written.summary}`);
}
// With --update-expectations the verdict below is that of the old file (what the update changed).
for (const line of formatVerdict(verdict)) console.log(line);
// The closing line CI reads (the convention of test/runtimes/): unexpected results and spec files that stopped on an
// error are the failures; skipped is every case the CTS skipped as it should (without an entry, or under an
// `unsupported` one); the line above has expected failures and expected skips apart.
const failed = verdict.unexpected.length + errors.length;
console.log(`cts: ${verdict.counts.pass} passed, ${failed} failed, ${verdict.counts.skip + verdict.counts.expectedSkip} skipped (${verdict.counts.expectedSkip} expected skips)`);
process.exit(failed && !o.update ? 1 : 0);
