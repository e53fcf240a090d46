#!/usr/bin/env node
// `npm run test:browser`: the conformance suite on the js-webgpu backend in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core; WebGPU through SwiftShader).
//   1. esbuild bundles test/conformance/*.test.mjs + test/harness.mjs + wgpu-ts (js-webgpu) into one ES module,
//      with node:assert/strict replaced by test/runtimes/shims/assert.mjs and node:test by mini-test.mjs;
//   2. a server on 127.0.0.1 (a secure context, so navigator.gpu exists) serves it in a page;
//   3. the page runs the suite; its lines are printed here, and the exit code is 0 only if nothing failed;
//   4. the results per test group are printed and written to test/runtimes/results/js-webgpu-chromium.json.
// Options: --keep (leave the bundle in test/runtimes/out/), WGPU_TS_CHROMIUM=/path/to/chromium.
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { suiteFiles } from './suite-files.mjs';
import { writeResults, printGroups } from './results.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const executablePath = process.env.WGPU_TS_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const TIMEOUT_MS = 15 * 60_000;

const t0 = Date.now();
const imports = suiteFiles.map((f) => `  mini.setFile(${JSON.stringify(f)}); await import(${JSON.stringify(`../conformance/${f}`)});`).join('\n');
const result = await build({
  entryPoints: [`${here}browser-entry.mjs`],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  sourcemap: 'inline',
  logLevel: 'warning',
  absWorkingDir: root,
  define: {},
  alias: { 'node:assert/strict': `${here}shims/assert.mjs`, 'node:assert': `${here}shims/assert.mjs` },
  // Reached only on other runtimes or backends (the harness picks by runtime): left as imports, never executed.
  external: ['node:test', 'node:child_process', 'wgpu-ts/backends/wgpu-native', 'webgpu'],
  plugins: [{
    name: 'suite-imports',
    setup(b) {
      b.onLoad({ filter: /browser-entry\.mjs$/ }, async (args) => {
        const { readFile } = await import('node:fs/promises');
        const src = (await readFile(args.path, 'utf8')).replace('await __SUITE_IMPORTS__();', `await (async () => {\n${imports}\n})();`);
        return { contents: src, loader: 'js', resolveDir: here };
      });
    },
  }],
});
const bundle = result.outputFiles[0].text;
const html = `<!doctype html><meta charset="utf-8"><title>wgpu-ts conformance (js-webgpu)</title>
<pre id="out"></pre><script type="module" src="/suite.js"></script>`;
if (process.argv.includes('--keep')) {
  mkdirSync(`${here}out`, { recursive: true });
  writeFileSync(`${here}out/suite.js`, bundle);
  writeFileSync(`${here}out/index.html`, html);
}
console.log(`# bundled ${suiteFiles.length} test files (${(bundle.length / 1024).toFixed(0)} KiB) in ${Date.now() - t0} ms`);

const server = createServer((req, res) => {
  const body = req.url === '/suite.js' ? bundle : req.url === '/' ? html : null;
  if (body === null) {
    res.writeHead(404).end();
    return;
  }
  // Cross-origin isolation: SharedArrayBuffer exists only on such pages (the suite writes from one).
  res.writeHead(200, {
    'content-type': req.url === '/' ? 'text/html' : 'text/javascript',
    'cache-control': 'no-store',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  });
  res.end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

let browser;
let code = 1;
try {
  browser = await chromium.launch({ executablePath, args: ARGS, timeout: 60_000 });
  const page = await browser.newPage();
  page.on('console', (msg) => console.log(msg.text()));
  page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
  console.log(`# ${executablePath} ${browser.version()}, ${url}`);
  await page.goto(url);
  await page.waitForFunction(() => globalThis.__WGPU_TS_RESULT__, null, { timeout: TIMEOUT_MS, polling: 500 });
  const r = await page.evaluate(() => globalThis.__WGPU_TS_RESULT__);
  if (r.error) {
    console.log(`# error: ${r.error}`);
  } else {
    code = r.failed === 0 && r.passed > 0 ? 0 : 1;
    printGroups(writeResults('js-webgpu/chromium', r.records, {
      implementation: `Chromium ${browser.version()} (${executablePath})`, adapter: r.adapter, runtime: r.userAgent,
      wallSeconds: (Date.now() - t0) / 1000, note: 'wall time includes bundling and browser launch',
    }));
  }
} catch (e) {
  console.log(`# browser run failed: ${e?.stack ?? e}`);
} finally {
  await browser?.close();
  server.close();
}
console.log(`# browser run: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(code);
