#!/usr/bin/env node
// `npm run test:dawn`: the conformance suite on the js-webgpu backend over dawn.node (npm `webgpu`) in Node,
// with node:test, exactly as `npm test` runs it on wgpu-native. Prints the recorded deviations first, the results
// per test group last (also written to test/runtimes/results/js-webgpu-dawn.node.json; not by a filtered run).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suiteFiles } from './suite-files.mjs';
import { writeResults, printGroups } from './results.mjs';

process.env.WGPU_TS_TEST_BACKEND = 'js-webgpu';
const { describeExclusions } = await import('../harness.mjs');
for (const line of describeExclusions()) console.log(`# ${line}`);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'wgpu-ts-results-'));
const collected = join(tmp, 'conformance.json');
const extra = process.argv.slice(2);
const t0 = Date.now();
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2',
  `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`, '--test-reporter-destination=stdout',
  `--test-reporter=${fileURLToPath(new URL('results-reporter.mjs', import.meta.url))}`, `--test-reporter-destination=${collected}`,
  ...extra, ...suiteFiles.map((f) => `test/conformance/${f}`)], { cwd: root, stdio: 'inherit' });
const wallSeconds = (Date.now() - t0) / 1000;
console.log(`# dawn.node run: ${wallSeconds.toFixed(1)} s`);
try {
  const records = JSON.parse(readFileSync(collected, 'utf8'));
  if (extra.length) {
    console.log(`# filtered run (${extra.join(' ')}): results not written`);
  } else {
    const dawnVersion = createRequire(import.meta.url)('webgpu/package.json').version;
    printGroups(writeResults('js-webgpu/dawn.node', records, { implementation: `dawn.node ${dawnVersion} (npm webgpu)`, runtime: `Node ${process.version}`, wallSeconds }));
  }
} catch (e) {
  console.log(`# results not collected: ${e.message}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(r.status ?? 1);
