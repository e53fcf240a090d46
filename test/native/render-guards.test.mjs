// Inputs that make wgpu-native 29.0.1.1 panic (abort the process) unless wgpu-ts guards them: each
// one runs in a child process, which must finish (DONE) with validation errors instead of a crash.
// The list is docs/architecture.md's guard table, texture/render part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const child = new URL('../fixtures/render-guards-child.mjs', import.meta.url).pathname;

test('guarded inputs (texture usage bits, view counts, pipeline depth/write-mask rules, bundle finish, query set destroy) never crash the process', () => {
  const r = spawnSync(process.execPath, ['--expose-gc', child], { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `child exited with ${r.status} ${r.signal}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  assert.match(r.stdout, /^DONE$/m);
  const errors = Number(/^ERRORS (\d+)$/m.exec(r.stdout)?.[1]);
  assert.ok(errors >= 15, `expected the guarded inputs to report validation errors, got ${errors}\n${r.stdout}`);
  assert.doesNotMatch(r.stdout, /threw/, 'no guarded input may throw');
});
