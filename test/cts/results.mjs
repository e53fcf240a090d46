// Result files of a CTS run: one JSON per spec file (every case with its status, time and first log lines) and a
// summary (per file: counts by status). Pure data handling, shared by run.mjs, the README table and the diff.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const STATUSES = ['pass', 'warn', 'fail', 'skip', 'abort', 'timeout', 'notrun'];

/** File name of a spec file's results: `webgpu:api,operation,buffers,map` -> `webgpu_api,operation,buffers,map.json`. */
export const resultFileName = (file) => `${file.replace(/:/g, '_')}.json`;

export function countStatuses(cases) {
  const n = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const c of cases) n[c.status]++;
  return n;
}

export function writeFileResult(dir, result) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, resultFileName(result.file)), JSON.stringify(result, null, 1) + '\n');
}

/** Every spec-file result in a results folder (written by run.mjs), sorted by file. */
export function readFileResults(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'summary.json')
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
    .filter((r) => r.file && Array.isArray(r.cases))
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** Markdown table: one row per spec file, counts by status (the columns that are zero everywhere left out). */
export function summaryTable(fileResults) {
  const rows = fileResults.map((r) => ({ file: r.file, n: countStatuses(r.cases), s: r.wallMs / 1000, capped: r.capped, error: r.error }));
  const total = countStatuses(fileResults.flatMap((r) => r.cases));
  const cols = STATUSES.filter((s) => total[s] > 0 || s === 'pass' || s === 'fail');
  const lines = [
    `| spec file | cases | ${cols.join(' | ')} | s |`,
    `|---|---:|${cols.map(() => '---:|').join('')}---:|`,
    ...rows.map((r) => `| ${r.file}${r.capped ? ' (capped)' : ''}${r.error ? ' (error)' : ''} | ${Object.values(r.n).reduce((a, b) => a + b, 0)} | ${cols.map((c) => r.n[c]).join(' | ')} | ${r.s.toFixed(0)} |`),
    `| **total** | ${Object.values(total).reduce((a, b) => a + b, 0)} | ${cols.map((c) => total[c]).join(' | ')} | ${rows.reduce((a, r) => a + r.s, 0).toFixed(0)} |`,
  ];
  return lines.join('\n');
}

/** The line of a case's log that says what went wrong (for summaries and the diff). */
export const firstErrorLine = (c) => {
  if (c.status === 'notrun') return `not run: ${c.note ?? ''}`;
  const lines = (c.log ?? '').split('\n').map((l) => l.trim()).filter((l) => l && !/INFO: subcase ran/.test(l) && !/elided/.test(l));
  const i = Math.max(0, lines.findIndex((l) => /EXPECTATION FAILED|VALIDATION FAILED|EXCEPTION|Error|panic|FAIL/i.test(l)));
  let line = lines[i] ?? '';
  // An expect() without a message: name the spec file line that made it.
  if (/(FAILED|EXCEPTION)$/.test(line)) {
    const at = lines.slice(i + 1).find((l) => /\.spec\.js:\d+/.test(l));
    if (at) line += ` at ${at.match(/([\w-]+\.spec\.js:\d+)/)[1]}`;
  }
  return line.slice(0, 300);
};
