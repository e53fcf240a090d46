// Runs inside Deno (test/runtimes/deno.mjs starts it, once per test file and again after a crash): the mini
// runner stands in for node:test, the js-webgpu backend (navigator.gpu = Deno's wgpu-core WebGPU) is selected,
// the test file named on the command line is imported from source and run, except the tests listed in
// WGPU_TS_EXCLUDE_TESTS (JSON). Deno provides node:assert/strict and node:child_process (exit tests).
import * as mini from './mini-test.mjs';

globalThis.__WGPU_TS_TEST_RUNNER__ = mini;
globalThis.WGPU_TS_TEST_BACKEND = 'js-webgpu';
Deno.env.set('WGPU_TS_TEST_BACKEND', 'js-webgpu'); // child processes of the exit tests inherit it

await import('../harness.mjs');
for (const file of Deno.args) {
  mini.setFile(file);
  await import(new URL(`../conformance/${file}`, import.meta.url).href);
}
const exclude = new Set(JSON.parse(Deno.env.get('WGPU_TS_EXCLUDE_TESTS') || '[]'));
const result = await mini.run({ exclude, machine: true });
Deno.exit(result.failed === 0 ? 0 : 1);
