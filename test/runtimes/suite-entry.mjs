// Runs inside Deno or Bun (test/runtimes/process-suite.mjs starts it, once per test file and again after a crash):
// the mini runner stands in for node:test, the backend named by WGPU_TS_TEST_BACKEND (set by the parent; js-webgpu
// means the runtime's own navigator.gpu in Deno) is selected, the test file named on the command line is imported
// from source and run, except the tests listed in WGPU_TS_EXCLUDE_TESTS (JSON). Both runtimes provide
// node:assert/strict and node:child_process (exit tests) and `process`.
import * as mini from './mini-test.mjs';

globalThis.__WGPU_TS_TEST_RUNNER__ = mini;
const backend = process.env.WGPU_TS_TEST_BACKEND || 'js-webgpu';
globalThis.WGPU_TS_TEST_BACKEND = backend;
process.env.WGPU_TS_TEST_BACKEND = backend; // child processes of the exit tests inherit it

const harness = await import('../harness.mjs');
if (backend === 'wgpu-native') {
  // Which library and helper this runtime loaded (the run's log shows it is wgpu-native, not the runtime's own WebGPU).
  await harness.getGPU();
  const { libraryInfo } = await import('wgpu-ts/backends/wgpu-native');
  const info = libraryInfo();
  console.log(`# ${harness.target}: ${info.path} (${info.source}), helper ${info.helper}`);
}
const files = typeof globalThis.Deno?.args === 'object' ? globalThis.Deno.args : process.argv.slice(2);
for (const file of files) {
  mini.setFile(file);
  await import(new URL(`../conformance/${file}`, import.meta.url).href);
}
const exclude = new Set(JSON.parse(process.env.WGPU_TS_EXCLUDE_TESTS || '[]'));
const result = await mini.run({ exclude, machine: true });
process.exit(result.failed === 0 ? 0 : 1);
