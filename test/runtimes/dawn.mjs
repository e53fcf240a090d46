#!/usr/bin/env node
// `npm run test:dawn`: the conformance suite on the js-webgpu backend over dawn.node (npm `webgpu`) in Node,
// with node:test, exactly as `npm test` runs it on wgpu-native. Prints the recorded deviations first.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suiteFiles } from './suite-files.mjs';

process.env.WGPU_TS_TEST_BACKEND = 'js-webgpu';
const { describeExclusions } = await import('../harness.mjs');
for (const line of describeExclusions()) console.log(`# ${line}`);
const root = fileURLToPath(new URL('../../', import.meta.url));
const t0 = Date.now();
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...process.argv.slice(2),
  ...suiteFiles.map((f) => `test/conformance/${f}`)], { cwd: root, stdio: 'inherit' });
console.log(`# dawn.node run: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(r.status ?? 1);
