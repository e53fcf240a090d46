// The CTS expectations file (test/cts/expectations.txt): which cases are known not to pass on wgpu-native, and why.
// Format (one group per reason; blank lines and lines starting with # are ignored):
//   reason: unimplemented in wgpu-ts: <what is missing>
//   fail webgpu:api,operation,rendering,3d_texture_slices:*
//   abort|fail webgpu:api,operation,command_buffer,image_copy:offsets_and_sizes:*
// Outcomes, joined with |: fail, abort (the process died), timeout (the case hung), skip (never run), unsupported
// (the case is run and the CTS skips it on wgpu-native because the adapter, or the CTS's own check, finds something
// it needs missing: an expected skip). A pattern is a CTS case name where * matches any characters; a case takes the
// entry of its most specific pattern.
// Reasons must be one of:
//   unimplemented in wgpu-ts: <what>                    fixable in this project
//   upstream: <what> (repro: test/cts/repros/<file>)    a limit of wgpu-native 29.0.1.1, shown by that repro on the
//                                                       library outside wgpu-ts (the file must exist)
//   environment: <what>                                 lavapipe/Node, failing on dawn.node as well
//   cts: <what> (<path>:<line> of the CTS)              a defect of the CTS itself at that line (the path is relative
//                                                       to the CTS checkout, paths.mjs ctsDir(); the file must exist
//                                                       and have that line)
// "TODO" (what --update-expectations writes for new failures) is refused by a normal run, so every entry that lands
// says why.
// The judging rule (judge()): a case with no entry must pass or be skipped by the CTS; a case with an entry must
// show one of its outcomes (a CTS skip is the outcome `unsupported`); an expected failure or expected skip that
// passes is an unexpected result too, so the file stays true.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ctsDir, projectRoot } from './paths.mjs';
import { firstErrorLine } from './results.mjs';

export const OUTCOMES = ['fail', 'abort', 'timeout', 'skip', 'unsupported'];
// Outcomes whose cases are not run by default: each costs a process restart or a full case timeout. (`unsupported`
// cases are run: a CTS skip costs next to nothing, and only a run shows that the case is still skipped.)
const CRASH_OUTCOMES = new Set(['abort', 'timeout', 'skip']);
const REASON_KINDS = [
  /^unimplemented in wgpu-ts: \S/,
  /^upstream: \S.*\(repro: (test\/cts\/repros\/[^)\s]+)\)$/,
  /^environment: \S/,
  /^cts: \S.*\(([^()\s:]+):(\d+) of the CTS\)$/,
];

/** The outcome a case's run status stands for in the expectations: a CTS skip is `unsupported`, a warning a pass. */
export const outcomeOf = (status) => (status === 'warn' ? 'pass' : status === 'skip' ? 'unsupported' : status);

export const isTodo = (reason) => /^TODO\b/.test(reason);

/** Checks a reason; returns an error message or null. */
export function checkReason(reason, { allowTodo = false, root = projectRoot, cts = ctsDir() } = {}) {
  if (isTodo(reason)) return allowTodo ? null : 'reason is TODO: replace it with the cause (see the top of test/cts/expectations.mjs)';
  const kind = REASON_KINDS.findIndex((re) => re.test(reason));
  if (kind < 0) return 'reason must start with "unimplemented in wgpu-ts: ", "upstream: … (repro: test/cts/repros/…)", "environment: " or "cts: … (<path>:<line> of the CTS)"';
  if (kind === 1) {
    const repro = reason.match(REASON_KINDS[1])[1];
    if (!existsSync(join(root, repro))) return `repro ${repro} does not exist`;
  }
  if (kind === 3) {
    // The defect must be at a line that exists in the CTS checkout the runner uses (a CTS update that moves or
    // deletes it makes the entry fail to parse, so whoever updates the CTS re-reads it).
    const [, file, line] = reason.match(REASON_KINDS[3]);
    const path = join(cts, file);
    if (file.split('/').includes('..') || !existsSync(path)) return `CTS file ${file} does not exist in ${cts}`;
    const lines = readFileSync(path, 'utf8').split('\n').length;
    if (Number(line) < 1 || Number(line) > lines) return `CTS file ${file} has no line ${line} (${lines} lines)`;
  }
  return null;
}

export function globToRegExp(pattern) {
  return new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Orders entries so that the first match is the most specific: longer text before the first *, then longer. */
const specificity = (p) => [p.includes('*') ? p.indexOf('*') : Infinity, p.length];
function compareSpecificity(a, b) {
  const [a1, a2] = specificity(a.pattern);
  const [b1, b2] = specificity(b.pattern);
  return b1 - a1 || b2 - a2;
}

/** Parses the text of an expectations file. Throws with line numbers for every problem at once. */
export function parseExpectations(text, { allowTodo = false, root = projectRoot, cts = ctsDir(), source = 'expectations' } = {}) {
  const errors = [];
  const groups = []; // { reason, entries: [{ outcomes, pattern, line }] } in file order
  const header = [];
  const seen = new Map();
  let group = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const at = `${source}:${i + 1}`;
    if (!line || line.startsWith('#')) {
      if (!groups.length) header.push(raw);
      return;
    }
    if (line.startsWith('reason:')) {
      const reason = line.slice('reason:'.length).trim();
      const problem = checkReason(reason, { allowTodo, root, cts });
      if (problem) errors.push(`${at}: ${problem}`);
      group = { reason, entries: [] };
      groups.push(group);
      return;
    }
    const m = line.match(/^(\S+)\s+(\S+)$/);
    if (!m) return errors.push(`${at}: expected "<outcomes> <pattern>" or "reason: …", got "${line}"`);
    const outcomes = m[1].split('|');
    const bad = outcomes.filter((x) => !OUTCOMES.includes(x));
    if (bad.length) return errors.push(`${at}: unknown outcome ${bad.join(', ')} (${OUTCOMES.join(', ')})`);
    if (!group) return errors.push(`${at}: an entry before any "reason:" line`);
    if (!/^[a-z]+:/.test(m[2])) return errors.push(`${at}: pattern "${m[2]}" is not a CTS query (suite:...)`);
    if (seen.has(m[2])) return errors.push(`${at}: pattern also at line ${seen.get(m[2])}`);
    seen.set(m[2], i + 1);
    group.entries.push({ outcomes: new Set(outcomes), pattern: m[2], line: i + 1, reason: group.reason, re: globToRegExp(m[2]) });
  });
  for (const g of groups) if (!g.entries.length) errors.push(`${source}: reason "${g.reason}" has no entries`);
  if (errors.length) throw new Error(`invalid CTS expectations:\n  ${errors.join('\n  ')}`);
  return makeExpectations(groups, header);
}

export function makeExpectations(groups, header = []) {
  const entries = groups.flatMap((g) => g.entries).sort(compareSpecificity);
  // Entries whose pattern names a whole spec file are indexed by it, so a lookup tries only that file's entries
  // and the few broader ones (a run judges ~50,000 cases against thousands of entries).
  const byFile = new Map();
  const broad = [];
  for (const e of entries) {
    const literal = e.pattern.split('*')[0];
    const parts = literal.split(':');
    if (parts.length >= 3) {
      const file = parts.slice(0, 2).join(':');
      if (!byFile.has(file)) byFile.set(file, []);
      byFile.get(file).push(e);
    } else broad.push(e);
  }
  const rank = new Map(entries.map((e, i) => [e, i]));
  const lookup = (name) => {
    const file = name.split(':').slice(0, 2).join(':');
    const a = (byFile.get(file) ?? []).find((e) => e.re.test(name));
    const b = broad.find((e) => e.re.test(name));
    return a && b ? (rank.get(a) < rank.get(b) ? a : b) : a ?? b;
  };
  return {
    groups, header, entries, lookup,
    /** Entries of one spec file whose cases are not to be run (abort/timeout/skip only), as { pattern, note }. */
    notToRun(file, { runCrashes = false } = {}) {
      return entries
        .filter((e) => runCrashes ? e.outcomes.size === 1 && e.outcomes.has('skip') : [...e.outcomes].every((x) => CRASH_OUTCOMES.has(x)))
        .filter((e) => couldMatchFile(e.pattern, file))
        .map((e) => ({ pattern: e.pattern, note: `expected ${[...e.outcomes].join('|')}, not run: ${e.reason}` }));
    },
  };
}

/** Whether a pattern can match a case of spec file `file` (e.g. "webgpu:api,operation,buffers,map"). */
export function couldMatchFile(pattern, file) {
  const star = pattern.indexOf('*');
  const literal = star < 0 ? pattern : pattern.slice(0, star);
  const withColon = `${file}:`;
  return literal.length >= withColon.length ? literal.startsWith(withColon) : withColon.startsWith(literal);
}

export function loadExpectations(path, opts = {}) {
  return parseExpectations(readFileSync(path, 'utf8'), { ...opts, source: path.replace(projectRoot, '') });
}

const actualOutcome = (status) => (status === 'warn' ? 'pass' : status);

/**
 * Judges a run's cases ({ name, status, note? }) against the expectations.
 * Returns { counts, expected: Map<outcome, n>, unexpected: [{ name, status, expected, reason, log }], notRun, unused }.
 *   counts: pass, skip (CTS skips without an entry), expected (expected fail/abort/timeout), expectedSkip (CTS
 *   skips under an `unsupported` entry), unexpected, notrun.
 *   unexpected: fail/abort/timeout with no entry; an outcome the entry does not list (a pass, or a CTS skip under
 *   an entry without `unsupported`, included).
 *   notRun: cases not run, by why (expected crash not run, file time cap).
 */
export function judge(cases, expectations) {
  const counts = { pass: 0, skip: 0, expected: 0, expectedSkip: 0, unexpected: 0, notrun: 0 };
  const expected = new Map();
  const unexpected = [];
  const notRun = new Map();
  const used = new Set();
  for (const c of cases) {
    const status = actualOutcome(c.status);
    const e = expectations.lookup(c.name);
    if (e) used.add(e);
    if (status === 'notrun') {
      counts.notrun++;
      const why = c.note ?? 'not run';
      notRun.set(why, (notRun.get(why) ?? 0) + 1);
      continue;
    }
    if (!e) {
      if (status === 'pass' || status === 'skip') counts[status]++;
      else { counts.unexpected++; unexpected.push({ name: c.name, status, expected: null, reason: null, log: c.log }); }
      continue;
    }
    const outcome = outcomeOf(status);
    if (e.outcomes.has(outcome)) {
      if (outcome === 'unsupported') counts.expectedSkip++;
      else {
        counts.expected++;
        expected.set(outcome, (expected.get(outcome) ?? 0) + 1);
      }
      continue;
    }
    if (status === 'pass') counts.pass++;
    else if (status === 'skip') counts.skip++;
    counts.unexpected++;
    unexpected.push({ name: c.name, status, expected: [...e.outcomes].join('|'), pattern: e.pattern, reason: e.reason, log: c.log });
  }
  return { counts, expected, unexpected, notRun, used };
}

/** The verdict as text lines for the end of a run (the caller prints the final "N passed, N failed"). */
export function formatVerdict(v, { maxListed = 50 } = {}) {
  const lines = [];
  const newPasses = v.unexpected.filter((u) => u.status === 'pass');
  const others = v.unexpected.filter((u) => u.status !== 'pass');
  if (newPasses.length) {
    lines.push(`cts: ${newPasses.length} cases expected not to pass (or to be skipped) now PASS: remove their entries (npm run test:cts -- --update-expectations QUERY):`);
    for (const u of newPasses.slice(0, maxListed)) lines.push(`  PASS (expected ${u.expected}, entry ${u.pattern}) ${u.name}`);
  }
  if (others.length) {
    lines.push(`cts: ${others.length} unexpected results:`);
    for (const u of others.slice(0, maxListed)) lines.push(`  ${u.status.toUpperCase()}${u.expected ? ` (expected ${u.expected})` : ''} ${u.name}${u.log ? `\n      ${firstErrorLine(u).slice(0, 200)}` : ''}`);
  }
  if (v.unexpected.length > maxListed * 2) lines.push(`  … (all of them in the per-file JSON results)`);
  const exp = [...v.expected].map(([k, n]) => `${n} expected ${k}`).join(', ');
  const nr = [...v.notRun].map(([why, n]) => `${n} not run (${why.replace(/: .*/, '')})`);
  const skips = `${v.counts.expectedSkip} expected skips (unsupported)`;
  lines.push(`cts: ${v.counts.pass} pass, ${v.counts.skip} skip, ${exp || '0 expected failures'}, ${skips}${nr.length ? `, ${nr.join(', ')}` : ''}; ${v.unexpected.length} unexpected`);
  return lines;
}
