#!/usr/bin/env node
// Per spec file, two runs of the same implementation side by side (e.g. an old commit and today's) with the
// dawn.node reference: the before/after table of a conformance change. Counts per status; "dawn-only" = cases
// that pass on dawn.node and not in that run (needs a dawn results folder; without one, dawn's pass count from
// test/cts/reference-dawn.json is shown instead).
//   node test/cts/compare.mjs BEFORE_DIR AFTER_DIR [--dawn DAWN_DIR] [--changed] > table.md
// --changed: only the spec files whose counts differ between the two runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countStatuses, readFileResults } from './results.mjs';
import { ctsToolDir } from './paths.mjs';

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const dirs = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--dawn');
if (dirs.length !== 2) {
  console.error('usage: node test/cts/compare.mjs BEFORE_DIR AFTER_DIR [--dawn DAWN_DIR] [--changed]');
  process.exit(2);
}
const passes = (c) => c.status === 'pass' || c.status === 'warn';
const byFile = (dir) => new Map(readFileResults(dir).map((r) => [r.file, r]));
const [before, after] = dirs.map(byFile);
const dawn = opt('--dawn') ? byFile(opt('--dawn')) : null;
const reference = JSON.parse(readFileSync(join(ctsToolDir, 'reference-dawn.json'), 'utf8')).files;

/** pass / fail / abort+timeout / not run (skips left out: they follow the adapter, not the implementation). */
function cell(r) {
  if (!r) return '-';
  const n = countStatuses(r.cases);
  return `${n.pass + n.warn} / ${n.fail} / ${n.abort + n.timeout} / ${n.notrun}`;
}
function dawnOnly(file, r) {
  const d = dawn?.get(file);
  if (!d || !r) return '';
  const ok = new Set(r.cases.filter(passes).map((c) => c.name));
  return String(d.cases.filter((c) => passes(c) && !ok.has(c.name)).length);
}

const files = [...new Set([...before.keys(), ...after.keys()])].sort();
const out = [
  `| spec file | before: pass / fail / abort+timeout / not run | after | dawn.node pass | ${dawn ? 'dawn-only before | dawn-only after |' : ''}`,
  `|---|---|---|---:|${dawn ? '---:|---:|' : ''}`,
];
const total = { b: [], a: [] };
for (const f of files) {
  const b = before.get(f), a = after.get(f);
  if (b) total.b.push(...b.cases);
  if (a) total.a.push(...a.cases);
  if (args.includes('--changed') && cell(b) === cell(a)) continue;
  const dp = dawn?.get(f) ? countStatuses(dawn.get(f).cases) : reference[f];
  out.push(`| ${f.replace(/^webgpu:/, '')} | ${cell(b)} | ${cell(a)} | ${dp ? dp.pass + dp.warn : '-'} | ${dawn ? `${dawnOnly(f, b)} | ${dawnOnly(f, a)} |` : ''}`);
}
const sum = (cases) => cell({ cases });
out.push(`| **all ${files.length} files** | ${sum(total.b)} | ${sum(total.a)} | | ${dawn ? ' | |' : ''}`);
console.log(out.join('\n'));
