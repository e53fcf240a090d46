#!/usr/bin/env node
// Compares two result folders of run.mjs case by case: the cases that pass on the reference (A, e.g. dawn.node)
// and do not pass on B (e.g. wgpu-native), grouped by test with their statuses and first error lines (markdown on
// stdout), then the other direction in short. For whoever fixes the failures.
//   node test/cts/diff.mjs A_DIR B_DIR [--title TEXT] > diff.md
import { firstErrorLine, readFileResults } from './results.mjs';

const [aDir, bDir] = process.argv.slice(2).filter((x) => !x.startsWith('--'));
const ti = process.argv.indexOf('--title');
const title = ti > 0 ? process.argv[ti + 1] : `CTS: passing on ${aDir}, not on ${bDir}`;
if (!aDir || !bDir) {
  console.error('usage: node test/cts/diff.mjs A_DIR B_DIR [--title TEXT]');
  process.exit(2);
}
const index = (dir) => new Map(readFileResults(dir).flatMap((r) => r.cases.map((c) => [c.name, c])));
const A = index(aDir);
const B = index(bDir);
const passes = (c) => c && (c.status === 'pass' || c.status === 'warn');
const testOf = (name) => name.split(':').slice(0, 3).join(':');
const paramsOf = (name) => name.split(':').slice(3).join(':');
function grouped(pred) {
  const tests = new Map();
  for (const [name, a] of A) {
    const b = B.get(name);
    if (!pred(a, b)) continue;
    const t = testOf(name);
    if (!tests.has(t)) tests.set(t, []);
    tests.get(t).push({ name, b: b ?? { status: 'missing' } });
  }
  return tests;
}

const out = [`# ${title}`, ''];
const worse = grouped((a, b) => passes(a) && !passes(b));
const total = [...worse.values()].reduce((n, x) => n + x.length, 0);
const ranB = [...A.keys()].filter((n) => B.has(n)).length;
out.push(`${A.size} cases in A, ${B.size} in B, ${ranB} in both. ${total} cases in ${worse.size} tests pass on A and not on B`,
  '(B status counts per test; "notrun" = not reached: an earlier abort or the time cap, or not run by an expectation).', '');
for (const [t, cases] of [...worse].sort((x, y) => y[1].length - x[1].length || x[0].localeCompare(y[0]))) {
  const counts = new Map();
  for (const c of cases) counts.set(c.b.status, (counts.get(c.b.status) ?? 0) + 1);
  const errors = new Map();
  for (const c of cases) {
    const e = firstErrorLine(c.b);
    if (!errors.has(e)) errors.set(e, { n: 0, example: paramsOf(c.name) });
    errors.get(e).n++;
  }
  out.push(`## ${t} — ${cases.length} (${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')})`, '');
  for (const [e, { n, example }] of [...errors].sort((x, y) => y[1].n - x[1].n).slice(0, 4)) {
    out.push(`- ${n}× \`${e.replace(/`/g, "'") || '(no log)'}\`  e.g. \`${example.replace(/`/g, "'").slice(0, 200)}\``);
  }
  if (errors.size > 4) out.push(`- … ${errors.size - 4} other first lines`);
  out.push('');
}
const better = grouped((a, b) => b && !passes(a) && passes(b));
out.push(`# The other way: ${[...better.values()].reduce((n, x) => n + x.length, 0)} cases pass on B and not on A`, '');
for (const [t, cases] of better) out.push(`- ${t}: ${cases.length}`);
console.log(out.join('\n'));
