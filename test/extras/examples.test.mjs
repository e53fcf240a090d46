// The README's backend-extras examples (examples/extras/*.mjs) run and print what they promise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
function run(file, ...args) {
  const r = spawnSync(process.execPath, [join(root, 'examples/extras', file), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return r.stdout;
}
function cli(...args) {
  return spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
}
const T = { timeout: 60_000 };

test('push-constants.mjs', T, () => assert.match(run('push-constants.mjs'), /push-constants: true[^]*Float32Array\(4\) \[ 10\.5, 20\.5, 30\.5, 40\.5 \]/));
test('multi-draw.mjs', T, () => assert.match(run('multi-draw.mjs'), /fragments per draw: Uint32Array\(4\) \[ 4, 4, 4, 0 \]/));
test('statistics.mjs', T, () => assert.match(run('statistics.mjs'), /compute-shader-invocations: 4096n\ntimestamps increase: true/));
test('instance.mjs', T, () => assert.match(run('instance.mjs'), /via vulkan\ntoo late: setInstanceExtras: the wgpu-native instance already exists/));
test('tracing.mjs, then wgpu-ts trace and replay --check', T, () => {
  const dir = mkdtempSync(join(tmpdir(), 'wgpu-ts-ex-'));
  assert.match(run('tracing.mjs', dir), /Uint32Array\(4\) \[ 1, 2, 3, 4 \]/);
  assert.match(cli('trace', dir).stdout, /uploads 1 \(16 B\), readbacks 1 \(16 B\)/);
  const r = cli('replay', dir, '--check');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /every readback matches the trace/);
});
test('multi-gpu.mjs: one device per adapter, the split matmul is exact', T, () => {
  const out = run('multi-gpu.mjs', '128', '1');
  assert.match(out, /GPUs: [1-9]/);
  assert.match(out, /speedup \d+\.\d\dx/);
  assert.match(out, /max abs error: 0\n/);
});
