// Where the native backend takes its library and helper from in a clone, as libraryInfo() reports it (the platform
// package's case is test/package/release.mjs: `npm run test:release`, installed from the release/ tarballs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve('.');
function info(env) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
    const m = await import('wgpu-ts/backends/wgpu-native');
    try { m.ensureLoaded(); console.log(JSON.stringify(m.libraryInfo())); } catch (e) { console.log(JSON.stringify({ error: e.message })); }`],
  { encoding: 'utf8', timeout: 60_000, env: { ...process.env, WGPU_LIB_PATH: '', WGPU_TS_NO_NATIVE_HELPER: '', ...env } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

test('a clone: the library from vendor/ (npm run setup), the helper from native/build/', () => {
  const i = info({});
  assert.equal(i.source, 'checkout vendor/');
  assert.equal(i.path, `${root}/vendor/wgpu-native/libwgpu_native-release.so`);
  assert.equal(i.helper, `active (${root}/native/build/wgpu_ts_native.node)`);
  assert.equal(i.zeroCopyMapping, true);
});

test('WGPU_LIB_PATH wins and is reported as the source', () => {
  const i = info({ WGPU_LIB_PATH: `${root}/vendor/wgpu-native/libwgpu_native-release.so` });
  assert.equal(i.source, 'WGPU_LIB_PATH');
});

test('WGPU_LIB_PATH naming no file: an error naming it and the fix', () => {
  const i = info({ WGPU_LIB_PATH: '/nonexistent/libwgpu_native.so' });
  assert.match(i.error, /WGPU_LIB_PATH=\/nonexistent\/libwgpu_native.so does not exist/);
});

test('a missing helper is stated, with what it costs', () => {
  const i = info({ WGPU_TS_NO_NATIVE_HELPER: '1' });
  assert.match(i.helper, /^not available: disabled by WGPU_TS_NO_NATIVE_HELPER=1; mapped ranges are copied and passes are replayed through koffi/);
  assert.equal(i.zeroCopyMapping, false);
});
