// The conformance suite in a runtime other than Node (Deno, Bun), one process per test file: the test files run from
// source (test/runtimes/suite-entry.mjs, with the mini runner standing in for node:test); wgpu-ts is loaded from this
// checkout through its package.json exports, as a project using it would. A runtime or its WebGPU can abort the
// process (a panic): the test running then is recorded as crashed (a failure, or TODO where DEVIATIONS in
// test/harness.mjs lists it for the target) and the file is run again without it. The results per test group are
// printed last and written to test/runtimes/results/<target>.json. Used by deno.mjs and bun.mjs.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suiteFiles } from './suite-files.mjs';
import { writeResults, printGroups } from './results.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * target: the DEVIATIONS / results key ("js-webgpu/deno", "wgpu-native/deno", "wgpu-native/bun"); backend: the
 * WGPU_TS_TEST_BACKEND; runtime: its name for messages and the results; command: the executable; args(file): the
 * arguments that run suite-entry.mjs on one test file. Exits the process with the suite's status.
 */
export async function runSuite({ target, backend, runtime, command, args }) {
  process.env.WGPU_TS_TEST_BACKEND = backend;
  const { DEVIATIONS, NOT_APPLICABLE } = await import('../harness.mjs');
  const deviations = DEVIATIONS[target] ?? {};
  const t0 = Date.now();
  const version = spawnSync(command, ['--version'], { encoding: 'utf8' });
  if (version.error) {
    console.log(`# could not run ${command}: ${version.error.message} (fix: npm ci, or set WGPU_TS_${runtime.toUpperCase()})`);
    process.exit(1);
  }
  const implementation = `${runtime} ${version.stdout.split('\n')[0].replace(/^(deno|bun)\s*/i, '')}`.trim();
  console.log(`# ${implementation}, backend ${backend}`);
  for (const [name, why] of Object.entries(deviations)) console.log(`# expected deviation (${target}): ${name}: ${why}`);
  for (const key of [runtime.toLowerCase(), target]) {
    for (const [name, why] of Object.entries(NOT_APPLICABLE[key] ?? {})) console.log(`# not applicable (${key}): ${name}: ${why}`);
  }

  const counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  const failures = [];
  const records = [];
  const recordOf = (file, name, status) => records.push({ file, group: name.split(' > ')[0], name, status });
  let n = 0;
  for (const file of suiteFiles) {
    const done = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      const r = spawnSync(command, args(file), {
        cwd: root, encoding: 'utf8', timeout: 10 * 60_000, maxBuffer: 64 << 20,
        env: { ...process.env, WGPU_TS_TEST_BACKEND: backend, WGPU_TS_EXCLUDE_TESTS: JSON.stringify(done) },
      });
      let running = null;
      for (const line of (r.stdout ?? '').split('\n')) {
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
      const stderrTail = (r.stderr ?? '').split('\n').filter((l) => l && !l.startsWith('Warning: ')).slice(-12).join('\n#   ');
      if (running === null) {
        console.log(`not ok ${++n} - ${file}: ${runtime} exited with ${r.status ?? r.signal} outside a test\n#   ${stderrTail}`);
        counts.failed++;
        failures.push(file);
        recordOf(file, `${file}: ${runtime} exited outside a test`, 'fail');
        break;
      }
      done.push(running);
      const why = deviations[running];
      if (why) {
        counts.todo++;
        recordOf(file, running, 'todo');
        console.log(`not ok ${++n} - ${running} # TODO expected deviation on ${target}: ${why} (the process crashed)`);
      } else {
        counts.failed++;
        failures.push(running);
        recordOf(file, running, 'fail');
        console.log(`not ok ${++n} - ${running}: the ${runtime} process CRASHED in this test (exit ${r.status ?? r.signal})\n#   ${stderrTail}`);
      }
    }
  }
  console.log(`# todo (expected deviations): ${counts.todo}; ${runtime} run: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (failures.length) console.log(`# failed: ${failures.join(' | ')}`);
  printGroups(writeResults(target, records, { implementation, runtime, wallSeconds: (Date.now() - t0) / 1000 }));
  console.log(`${target}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  process.exit(counts.failed === 0 && counts.passed > 0 ? 0 : 1);
}
