#!/usr/bin/env node
// `npm run test:deno`: the conformance suite on the js-webgpu backend in Deno (npm package `deno`; its
// WebGPU is wgpu-core). The test files run from source (test/runtimes/deno-entry.mjs), one Deno process per
// file; wgpu-ts is loaded from this checkout through its package.json exports, as a Deno project using it would.
// Deno's WebGPU can panic (abort the process): the test running then is recorded as crashed (a failure, or
// TODO where DEVIATIONS in test/harness.mjs lists it for js-webgpu/deno) and the file is run again without it.
// The results per test group are printed last and written to test/runtimes/results/js-webgpu-deno.json.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suiteFiles } from './suite-files.mjs';
import { writeResults, printGroups } from './results.mjs';

process.env.WGPU_TS_TEST_BACKEND = 'js-webgpu';
const TARGET = 'js-webgpu/deno';
const { DEVIATIONS, NOT_APPLICABLE } = await import('../harness.mjs');
const root = fileURLToPath(new URL('../../', import.meta.url));
const local = `${root}node_modules/.bin/deno`;
const deno = process.env.WGPU_TS_DENO || (existsSync(local) ? local : 'deno');
const deviations = DEVIATIONS[TARGET] ?? {};

const t0 = Date.now();
const version = spawnSync(deno, ['--version'], { encoding: 'utf8' });
if (version.error) {
  console.log(`# could not run ${deno}: ${version.error.message} (fix: npm ci, or set WGPU_TS_DENO)`);
  process.exit(1);
}
console.log(`# ${version.stdout.split('\n')[0]}`);
for (const [name, why] of Object.entries(deviations)) console.log(`# expected deviation (${TARGET}): ${name}: ${why}`);
for (const [name, why] of Object.entries(NOT_APPLICABLE.deno ?? {})) console.log(`# not applicable (deno): ${name}: ${why}`);

const counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
const failures = [];
const records = [];
const recordOf = (file, name, status) => records.push({ file, group: name.split(' > ')[0], name, status });
let n = 0;
for (const file of suiteFiles) {
  const done = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    const r = spawnSync(deno, ['run', '--allow-all', '--quiet', 'test/runtimes/deno-entry.mjs', file], {
      cwd: root, encoding: 'utf8', timeout: 10 * 60_000, maxBuffer: 64 << 20,
      env: { ...process.env, WGPU_TS_EXCLUDE_TESTS: JSON.stringify(done) },
    });
    let running = null;
    for (const line of r.stdout.split('\n')) {
      if (line.startsWith('##BEGIN ')) {
        running = JSON.parse(line.slice(8));
      } else if (line.startsWith('##RESULT ')) {
        const { name, status } = JSON.parse(line.slice(9));
        running = null;
        done.push(name);
        counts[{ pass: 'passed', fail: 'failed', skip: 'skipped', todo: 'todo' }[status]]++;
        recordOf(file, name, status);
        if (status === 'fail') failures.push(name);
      } else if (/^(ok|not ok) \d+ - /.test(line)) {
        console.log(line.replace(/^(ok|not ok) \d+/, (m, s) => `${s} ${++n}`));
      } else if (line.length > 0) {
        console.log(line);
      }
    }
    const crashed = r.status !== 0 && r.status !== 1 || r.signal || running !== null;
    if (!crashed) break;
    const stderrTail = r.stderr.split('\n').filter((l) => l && !l.startsWith('Warning: ')).slice(-12).join('\n#   ');
    if (running === null) {
      console.log(`not ok ${++n} - ${file}: Deno exited with ${r.status ?? r.signal} outside a test\n#   ${stderrTail}`);
      counts.failed++;
      failures.push(file);
      recordOf(file, `${file}: Deno exited outside a test`, 'fail');
      break;
    }
    done.push(running);
    const why = deviations[running];
    if (why) {
      counts.todo++;
      recordOf(file, running, 'todo');
      console.log(`not ok ${++n} - ${running} # TODO expected deviation on ${TARGET}: ${why} (the process crashed)`);
    } else {
      counts.failed++;
      failures.push(running);
      recordOf(file, running, 'fail');
      console.log(`not ok ${++n} - ${running}: the Deno process CRASHED in this test (exit ${r.status ?? r.signal})\n#   ${stderrTail}`);
    }
  }
}
console.log(`# todo (expected deviations): ${counts.todo}; deno run: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
if (failures.length) console.log(`# failed: ${failures.join(' | ')}`);
printGroups(writeResults('js-webgpu/deno', records, {
  implementation: version.stdout.split('\n')[0], runtime: 'Deno', wallSeconds: (Date.now() - t0) / 1000,
}));
console.log(`deno: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(counts.failed === 0 && counts.passed > 0 ? 0 : 1);
