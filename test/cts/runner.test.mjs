// The CTS runner's judging logic on a small fake result set (no GPU, no CTS build): expectation parsing and
// matching, the rule that an expected failure which passes fails the run, TODO reasons refused, and the
// regeneration keeping reasons of entries that still fail and dropping those that pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExpectations, judge, couldMatchFile, globToRegExp, checkReason } from './expectations.mjs';
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
