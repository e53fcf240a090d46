// A machine without any Vulkan/GL driver (a bare server), imitated by pointing the Vulkan loader at no driver and
// restricting wgpu-native to Vulkan: requestAdapter() still answers null as the spec says, and stderr says once which
// driver package to install (instead of the script failing later on a null adapter with nothing to go on).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

test('no driver: requestAdapter() is null and one message names the driver package', () => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import { gpu } from 'wgpu-ts/backends/wgpu-native';
    const a = await gpu.requestAdapter();
    const b = await gpu.requestAdapter({ powerPreference: 'low-power' });
    console.log('adapters', a, b);`], {
    encoding: 'utf8', timeout: 60_000,
    env: { ...process.env, VK_ICD_FILENAMES: '/nonexistent/icd.json', VK_DRIVER_FILES: '/nonexistent/icd.json', WGPU_BACKEND_TYPE: 'vulkan' },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^adapters null null$/m);
  const hints = r.stderr.split('\n').filter((l) => l.includes('found no GPU adapter'));
  assert.equal(hints.length, 1, r.stderr);
  assert.match(hints[0], /apt-get install mesa-vulkan-drivers libvulkan1/);
  assert.match(hints[0], /Mesa >= 25/);
});

test('with a driver there is no such message', () => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import { gpu } from 'wgpu-ts/backends/wgpu-native';
    console.log('adapter', (await gpu.requestAdapter()) !== null);`], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^adapter true$/m);
  assert.doesNotMatch(r.stderr, /found no GPU adapter/);
});
