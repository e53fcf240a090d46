// `npm run test:cts -- --update-expectations [QUERY...]`: rewrites the expectations file from a run.
// - Cases that failed, aborted or timed out get entries: a whole test (`file:test:*`) or file (`file:*`) when every
//   one of its cases did so for the same reason, else one line per case; the outcome is what was seen.
// - A case the CTS skipped keeps an entry only when its old entry expected that (`unsupported`): it stays, as
//   `unsupported`, while the case is still skipped; a CTS skip without such an entry needs none (the judging rule).
// - A new entry keeps the reason of the old entry that covered the case; a case no old entry covered gets
//   "TODO", which a normal run refuses until someone writes the cause.
// - Entries whose cases now pass disappear; entries this run could not check stay as they are: those of cases not
//   run (expected crashes, the file time cap), of spec files outside the queries, of files that stopped on an error.
import { writeFileSync } from 'node:fs';
import { couldMatchFile, isTodo, makeExpectations, outcomeOf } from './expectations.mjs';

const BAD = new Set(['fail', 'abort', 'timeout']);
const testOf = (name) => name.split(':').slice(0, 3).join(':');

/** The reason a case of this run needs an entry for, under its old entry `e` (or none): null if it needs none. */
function reasonFor(c, e) {
  if (BAD.has(c.status)) return e?.reason ?? 'TODO';
  if (c.status === 'skip' && e?.outcomes.has('unsupported')) return e.reason;
  return null;
}

const DEFAULT_HEADER = [
  '# WebGPU CTS expectations for wgpu-ts on wgpu-native (format and rules: test/cts/expectations.mjs, docs/cts.md).',
  '# Regenerate with `npm run test:cts -- --update-expectations [QUERY...]`; new entries get TODO reasons, which a run',
  '# refuses until replaced by the cause.',
];

/** Computes the new groups ([{ reason, entries }]) from the old expectations and a run's file results. */
export function updatedGroups(old, fileResults) {
  const keep = new Set(); // old entries kept verbatim
  const matched = new Set(); // old entries that some case of this run fell under
  const fresh = new Map(); // reason -> Map(pattern -> Set(outcomes))
  const add = (reason, pattern, outcomes) => {
    if (!fresh.has(reason)) fresh.set(reason, new Map());
    const m = fresh.get(reason);
    if (!m.has(pattern)) m.set(pattern, new Set());
    for (const x of outcomes) m.get(pattern).add(outcomeOf(x));
  };
  for (const r of fileResults) {
    const byTest = new Map();
    for (const c of r.cases) {
      const e = old.lookup(c.name);
      if (e) matched.add(e);
      if (c.status === 'notrun' && e) keep.add(e); // not checked by this run
      if (!byTest.has(testOf(c.name))) byTest.set(testOf(c.name), []);
      byTest.get(testOf(c.name)).push({ ...c, reason: reasonFor(c, e) });
    }
    // A whole file with one reason: one pattern.
    const all = [...byTest.values()].flat();
    const reasons = new Set(all.map((c) => c.reason));
    if (!r.error && !r.capped && all.length && reasons.size === 1 && !reasons.has(null)) {
      add([...reasons][0], `${r.file}:*`, all.map((c) => c.status));
      continue;
    }
    for (const [test, cases] of byTest) {
      const testReasons = new Set(cases.map((c) => c.reason));
      if (!r.capped && testReasons.size === 1 && !testReasons.has(null)) {
        add(cases[0].reason, `${test}:*`, cases.map((c) => c.status));
      } else {
        for (const c of cases) if (c.reason) add(c.reason, c.name, [c.status]);
      }
    }
  }
  // Old entries no case of this run fell under: kept when the run did not cover their file completely.
  const complete = fileResults.filter((r) => !r.error && !r.capped).map((r) => r.file);
  for (const e of old.entries) {
    if (!matched.has(e) && !complete.some((f) => couldMatchFile(e.pattern, f) && e.pattern.startsWith(`${f}:`))) keep.add(e);
  }
  // Reasons in the old file's order first, then new ones (TODO last); patterns sorted.
  const order = [...new Set([...old.groups.map((g) => g.reason), ...[...fresh.keys()].filter((x) => !isTodo(x)).sort(), ...[...fresh.keys()].filter(isTodo)])];
  const groups = [];
  for (const reason of order) {
    const lines = new Map();
    for (const e of old.entries) if (keep.has(e) && e.reason === reason) lines.set(e.pattern, new Set(e.outcomes));
    for (const [pattern, outcomes] of fresh.get(reason) ?? []) if (!lines.has(pattern)) lines.set(pattern, outcomes);
    if (!lines.size) continue;
    groups.push({
      reason,
      entries: [...lines].sort(([a], [b]) => a.localeCompare(b)).map(([pattern, outcomes]) => ({ pattern, outcomes: new Set([...outcomes].sort()), reason })),
    });
  }
  return groups;
}

export function formatExpectations(header, groups) {
  const out = [...(header.some((l) => l.trim()) ? header : DEFAULT_HEADER)];
  while (out.length && !out.at(-1).trim()) out.pop();
  for (const g of groups) {
    out.push('', `reason: ${g.reason}`);
    for (const e of g.entries) out.push(`${[...e.outcomes].join('|')} ${e.pattern}`);
  }
  return out.join('\n') + '\n';
}

export function updateExpectations(path, old, fileResults) {
  const groups = updatedGroups(old, fileResults);
  writeFileSync(path, formatExpectations(old.header, groups));
  const before = old.entries.length;
  const after = groups.reduce((n, g) => n + g.entries.length, 0);
  const todo = groups.filter((g) => isTodo(g.reason)).reduce((n, g) => n + g.entries.length, 0);
  return {
    groups, expectations: makeExpectations(groups),
    summary: `${before} entries before, ${after} now${todo ? `; ${todo} entries have TODO reasons: write their causes (a run refuses TODO)` : ''}`,
  };
}
