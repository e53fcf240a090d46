// Entry of the browser bundle (test/runtimes/browser.mjs builds it): the mini runner stands in for node:test,
// the js-webgpu backend is selected, the test files are loaded (the bundler inlines __SUITE_IMPORTS__) and run;
// each line goes to the console, the result to window.__WGPU_TS_RESULT__ for the Node side to read.
import * as mini from './mini-test.mjs';

globalThis.__WGPU_TS_TEST_RUNNER__ = mini;
globalThis.WGPU_TS_TEST_BACKEND = 'js-webgpu';

const out = document.getElementById('out');
const log = (line) => {
  console.log(line);
  if (out) out.textContent += `${line}\n`;
};

try {
  const harness = await import('../harness.mjs');
  for (const line of harness.describeExclusions()) log(`# ${line}`);
  await __SUITE_IMPORTS__();
  const adapter = await navigator.gpu.requestAdapter();
  log(`# target ${harness.target}; adapter: ${adapter?.info?.vendor} / ${adapter?.info?.architecture} / ${adapter?.info?.description}`);
  // Chromium's GPU process sometimes drops the WebGPU instance under SwiftShader ("A valid external Instance
  // reference no longer exists"); the next requestDevice works again. Such a test runs once more (logged).
  const retryIf = (e) => /valid external Instance reference no longer exists/.test(String(e?.message));
  const result = await mini.run({ log, retryIf });
  log(`# todo (expected deviations): ${result.todo}; ${result.ms} ms`);
  log(mini.summaryLine('chromium', result));
  globalThis.__WGPU_TS_RESULT__ = { ...result, target: harness.target, userAgent: navigator.userAgent,
    adapter: `${adapter?.info?.vendor} / ${adapter?.info?.architecture} / ${adapter?.info?.description}` };
} catch (e) {
  log(`# the suite could not run: ${e?.stack ?? e}`);
  globalThis.__WGPU_TS_RESULT__ = { error: String(e?.stack ?? e) };
}
