// setInstanceExtras: native APIs and flags of the wgpu-native instance, before it exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { native, T } from './helpers.mjs';

function run(...args) {
  const r = spawnSync(process.execPath, [new URL('./fixtures/instance.mjs', import.meta.url).pathname, ...args.map((a) => JSON.stringify(a))], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

test('backends and flags by name: Vulkan with validation finds the adapter; a later call throws', T, () => {
  const r = run(['vulkan'], ['validation', 'debug']);
  assert.equal(r.adapter, 'vulkan');
  assert.match(r.late, /already exists .* before the first requestAdapter\(\)/);
});

test('an instance restricted to an API this machine lacks finds no adapter', T, () => {
  assert.equal(run(['metal'], 0).adapter, null);
  assert.equal(run(0x1, 0).adapter, 'vulkan'); // bit masks work too
});

test('unknown names are TypeErrors', () => {
  assert.throws(() => native.setInstanceExtras({ backends: ['vulkan', 'glide'] }), /backends\[1\]: "glide" is not a valid value/);
  assert.throws(() => native.setInstanceExtras({ flags: ['turbo'] }), TypeError);
  assert.throws(() => native.setInstanceExtras({ dxcMaxShaderModel: 5.1 }), /6\.0 \.\.\. 6\.7/);
});

test('enumerateAdapters: every adapter, or one native API\'s; each gives a device', { timeout: 30_000 }, async () => {
  const { enumerateAdapters } = await import('wgpu-ts/backends/wgpu-native');
  const all = await enumerateAdapters();
  assert.ok(all.length >= 1);
  const vk = await enumerateAdapters({ backends: ['vulkan'] });
  assert.ok(vk.length >= 1 && vk.length <= all.length);
  for (const a of vk) assert.equal(a.info.backendType, 'vulkan');
  const d = await vk[0].requestDevice();
  assert.ok(d.queue);
  d.destroy();
  await assert.rejects(enumerateAdapters({ backends: ['nope'] }), /enumerateAdapters\(options\)\.backends\[0\]/);
});
