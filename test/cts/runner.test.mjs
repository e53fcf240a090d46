// The CTS runner's judging logic on a small fake result set (no GPU, no CTS build): expectation parsing and
// matching, the rule that an expected failure which passes fails the run, expected skips (`unsupported`), TODO
// reasons refused, and the regeneration keeping reasons of entries that still fail (or are still skipped) and
// dropping those that pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExpectations, judge, couldMatchFile, globToRegExp, checkReason, formatVerdict } from './expectations.mjs';
import { updatedGroups, formatExpectations } from './update-expectations.mjs';

const F = 'webgpu:api,operation,fake';
const TEXT = `# header
reason: unimplemented in wgpu-ts: thing A
fail ${F}:a:*
abort ${F}:crash:x=1

reason: unimplemented in wgpu-ts: thing B
fail ${F}:a:x=2
skip ${F}:slow:*
`;
const exp = () => parseExpectations(TEXT);

test('patterns: * matches any characters, the most specific entry wins', () => {
  const e = exp();
  assert.ok(globToRegExp(`${F}:a:*`).test(`${F}:a:x=1;y="s"`));
  assert.ok(!globToRegExp(`${F}:a:*`).test(`${F}:ab:x=1`));
  assert.equal(e.lookup(`${F}:a:x=1`).reason, 'unimplemented in wgpu-ts: thing A');
  assert.equal(e.lookup(`${F}:a:x=2`).reason, 'unimplemented in wgpu-ts: thing B');
  assert.equal(e.lookup(`${F}:b:x=1`), undefined);
  assert.ok(couldMatchFile('webgpu:api,*', F));
  assert.ok(couldMatchFile(`${F}:a:*`, F));
  assert.ok(!couldMatchFile(`${F}x:a:*`, F));
});

test('judge: expected outcomes pass the run; unexpected failures and new passes fail it', () => {
  const v = judge([
    { name: `${F}:a:x=1`, status: 'fail' }, // expected
    { name: `${F}:a:x=2`, status: 'fail' }, // expected (more specific entry)
    { name: `${F}:a:x=3`, status: 'pass' }, // expected to fail, passes: unexpected
    { name: `${F}:crash:x=1`, status: 'fail' }, // expected abort, failed: unexpected
    { name: `${F}:b:x=1`, status: 'fail' }, // no entry: unexpected
    { name: `${F}:b:x=2`, status: 'skip' }, // a CTS skip with no entry is fine
    { name: `${F}:b:x=3`, status: 'warn' }, // a warning counts as a pass
    { name: `${F}:slow:x=1`, status: 'notrun', note: 'expected skip, not run: unimplemented in wgpu-ts: thing B' },
  ], exp());
  assert.deepEqual(v.unexpected.map((u) => [u.name.split(':').slice(2).join(':'), u.status]),
    [['a:x=3', 'pass'], ['crash:x=1', 'fail'], ['b:x=1', 'fail']]);
  assert.equal(v.counts.expected, 2);
  assert.equal(v.counts.pass, 2);
  assert.equal(v.counts.skip, 1);
  assert.equal(v.counts.notrun, 1);
  // All as expected: nothing unexpected.
  const ok = judge([{ name: `${F}:a:x=1`, status: 'fail' }, { name: `${F}:b:x=1`, status: 'pass' }], exp());
  assert.equal(ok.unexpected.length, 0);
});

test('cases expected to abort or to be skipped are not run unless asked', () => {
  const e = exp();
  assert.deepEqual(e.notToRun(F).map((x) => x.pattern).sort(), [`${F}:crash:x=1`, `${F}:slow:*`]);
  assert.deepEqual(e.notToRun(F, { runCrashes: true }).map((x) => x.pattern), [`${F}:slow:*`]);
  assert.deepEqual(e.notToRun('webgpu:api,other'), []);
});

test('reasons: TODO and free text are refused; upstream reasons need an existing repro', () => {
  assert.throws(() => parseExpectations(`reason: TODO\nfail ${F}:a:*\n`), /TODO/);
  assert.doesNotThrow(() => parseExpectations(`reason: TODO\nfail ${F}:a:*\n`, { allowTodo: true }));
  assert.throws(() => parseExpectations(`reason: it is broken\nfail ${F}:a:*\n`), /reason must start/);
  assert.throws(() => parseExpectations(`reason: unimplemented in wgpu-ts: x\nfial ${F}:a:*\n`), /unknown outcome fial/);
  assert.throws(() => parseExpectations(`fail ${F}:a:*\n`), /before any "reason:"/);
  assert.throws(() => parseExpectations(`reason: environment: x\nfail ${F}:a:*\nabort ${F}:a:*\n`), /also at line 2/);
  const root = mkdtempSync(join(tmpdir(), 'cts-test-'));
  try {
    const reason = 'upstream: wgpu-native panics (repro: test/cts/repros/x.c)';
    assert.match(checkReason(reason, { root }), /does not exist/);
    mkdirSync(join(root, 'test/cts/repros'), { recursive: true });
    writeFileSync(join(root, 'test/cts/repros/x.c'), '');
    assert.equal(checkReason(reason, { root }), null);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('update: keeps reasons of entries still failing, drops passing ones, TODO for new failures', () => {
  const old = parseExpectations(TEXT);
  const fileResults = [{
    file: F, capped: false, cases: [
      { name: `${F}:a:x=1`, status: 'fail' },
      { name: `${F}:a:x=2`, status: 'pass' }, // entry "thing B" for a:x=2 now passes: gone
      { name: `${F}:a:x=3`, status: 'pass' },
      { name: `${F}:crash:x=1`, status: 'notrun', note: 'expected abort, not run' }, // unchecked: kept
      { name: `${F}:new:x=1`, status: 'fail' }, // all cases of test "new" fail, no entry: TODO pattern
      { name: `${F}:new:x=2`, status: 'timeout' },
      { name: `${F}:slow:x=1`, status: 'notrun', note: 'expected skip' },
    ],
  }, {
    file: 'webgpu:api,operation,fake2', capped: false, cases: [{ name: 'webgpu:api,operation,fake2:t:', status: 'abort' }],
  }];
  const groups = updatedGroups(old, fileResults);
  const text = formatExpectations(old.header, groups);
  assert.equal(text, `# header

reason: unimplemented in wgpu-ts: thing A
fail ${F}:a:x=1
abort ${F}:crash:x=1

reason: unimplemented in wgpu-ts: thing B
skip ${F}:slow:*

reason: TODO
fail|timeout ${F}:new:*
abort webgpu:api,operation,fake2:*
`);
  // The new file parses (with TODO allowed) and judges this run as all expected.
  const v = judge(fileResults.flatMap((r) => r.cases), parseExpectations(text, { allowTodo: true }));
  assert.equal(v.unexpected.length, 0);
});

const SKIPS = `reason: upstream: the adapter lacks feature X (repro: test/cts/repros/README.md)
unsupported ${F}:needs_x:*
unsupported|fail ${F}:maybe:*

reason: unimplemented in wgpu-ts: thing A
fail ${F}:a:*
`;

test('unsupported: a CTS skip under the entry is expected; a pass or a failure under it is unexpected', () => {
  const e = parseExpectations(SKIPS);
  const v = judge([
    { name: `${F}:needs_x:x=1`, status: 'skip' }, // skipped as expected
    { name: `${F}:needs_x:x=2`, status: 'skip' },
    { name: `${F}:needs_x:x=3`, status: 'pass' }, // the adapter has X now: the entry must go
    { name: `${F}:needs_x:x=4`, status: 'fail' }, // runs and fails: the entry must change
    { name: `${F}:maybe:x=1`, status: 'fail' }, // either outcome listed
    { name: `${F}:maybe:x=2`, status: 'skip' },
    { name: `${F}:a:x=1`, status: 'skip' }, // expected to fail, skipped: unexpected (a skip is not a fail)
  ], e);
  assert.deepEqual(v.unexpected.map((u) => [u.name.split(':').slice(2).join(':'), u.status, u.expected]),
    [['needs_x:x=3', 'pass', 'unsupported'], ['needs_x:x=4', 'fail', 'unsupported'], ['a:x=1', 'skip', 'fail']]);
  assert.equal(v.counts.expectedSkip, 3);
  assert.equal(v.counts.expected, 1, 'expected skips are not counted as expected failures');
  assert.deepEqual([...v.expected], [['fail', 1]]);
  const lines = formatVerdict(v);
  assert.match(lines.join('\n'), /PASS \(expected unsupported, entry .*needs_x:\*\) .*needs_x:x=3/);
  assert.match(lines.at(-1), /, 3 expected skips \(unsupported\); 3 unexpected$/);
  // A case without an entry: the rule is unchanged, a CTS skip (or a pass) needs none, a failure is unexpected.
  const none = judge([{ name: `${F}:b:x=1`, status: 'skip' }, { name: `${F}:b:x=2`, status: 'pass' }, { name: `${F}:b:x=3`, status: 'fail' }], e);
  assert.deepEqual(none.counts, { pass: 1, skip: 1, expected: 0, expectedSkip: 0, unexpected: 1, notrun: 0 });
  // An entry that says "never run" (skip) is not an expected CTS skip.
  const never = judge([{ name: `${F}:slow:x=1`, status: 'skip' }], exp());
  assert.equal(never.unexpected.length, 1);
  // Expected skips are run (only a run shows the case is still skipped).
  assert.deepEqual(e.notToRun(F), []);
  assert.deepEqual(e.notToRun(F, { runCrashes: true }), []);
});

test('update: unsupported entries stay while their cases are still skipped and go when they pass', () => {
  const old = parseExpectations(SKIPS);
  const fileResults = [{
    file: F, capped: false, cases: [
      { name: `${F}:needs_x:x=1`, status: 'skip' },
      { name: `${F}:needs_x:x=2`, status: 'skip' }, // test still all skipped: the pattern stays
      { name: `${F}:maybe:x=1`, status: 'skip' },
      { name: `${F}:maybe:x=2`, status: 'pass' }, // passes now: only the case still skipped keeps a line
      { name: `${F}:a:x=1`, status: 'fail' },
      { name: `${F}:other:x=1`, status: 'skip' }, // a CTS skip without an entry gets none
    ],
  }, {
    file: `${F}2`, capped: false, cases: [{ name: `${F}2:t:x=1`, status: 'skip' }, { name: `${F}2:t:x=2`, status: 'pass' }],
  }];
  const text = formatExpectations(old.header, updatedGroups(old, fileResults));
  assert.equal(text, `${['# WebGPU CTS expectations for wgpu-ts on wgpu-native (format and rules: test/cts/expectations.mjs, docs/cts.md).',
    '# Regenerate with `npm run test:cts -- --update-expectations [QUERY...]`; new entries get TODO reasons, which a run',
    '# refuses until replaced by the cause.'].join('\n')}

reason: upstream: the adapter lacks feature X (repro: test/cts/repros/README.md)
unsupported ${F}:maybe:x=1
unsupported ${F}:needs_x:*

reason: unimplemented in wgpu-ts: thing A
fail ${F}:a:*
`);
  assert.equal(judge(fileResults.flatMap((r) => r.cases), parseExpectations(text)).unexpected.length, 0);
  // A whole file still skipped keeps one pattern; an expected skip that now fails keeps its reason as a failure.
  const file = updatedGroups(parseExpectations(`reason: environment: x\nunsupported ${F}:*\n`), [{ file: F, capped: false, cases: [
    { name: `${F}:a:x=1`, status: 'skip' }, { name: `${F}:b:x=1`, status: 'fail' }] }]);
  assert.deepEqual(file.map((g) => [g.reason, g.entries.map((x) => `${[...x.outcomes].join('|')} ${x.pattern}`)]),
    [['environment: x', [`fail|unsupported ${F}:*`]]]);
});

test('reasons: a CTS defect names a file and line of the CTS checkout', () => {
  const cts = mkdtempSync(join(tmpdir(), 'cts-src-'));
  try {
    mkdirSync(join(cts, 'src/webgpu'), { recursive: true });
    writeFileSync(join(cts, 'src/webgpu/x.spec.ts'), 'a\nb\nc\n');
    const reason = (at) => `cts: the test checks the wrong limit (${at} of the CTS)`;
    assert.equal(checkReason(reason('src/webgpu/x.spec.ts:3'), { cts }), null);
    assert.match(checkReason(reason('src/webgpu/y.spec.ts:3'), { cts }), /does not exist/);
    assert.match(checkReason(reason('src/webgpu/x.spec.ts:99'), { cts }), /has no line 99/);
    assert.match(checkReason(reason('../x.spec.ts:1'), { cts }), /does not exist/);
    assert.match(checkReason('cts: the test checks the wrong limit', { cts }), /reason must start/);
    assert.throws(() => parseExpectations(`${reason('src/webgpu/y.spec.ts:1').replace(/^/, 'reason: ')}\nunsupported ${F}:a:*\n`, { cts }), /y\.spec\.ts does not exist/);
  } finally {
    rmSync(cts, { recursive: true, force: true });
  }
});
