#!/usr/bin/env node
// `npm run test:examples`: examples/compute.mjs and examples/triangle.mjs, unchanged, on every target:
//   wgpu-native in Node | js-webgpu over dawn.node in Node (WGPU_TS_BACKEND=js-webgpu) | wgpu-native in Deno (auto's
//   choice) | js-webgpu in Deno (WGPU_TS_BACKEND=js-webgpu: Deno's navigator.gpu) | wgpu-native in Bun (auto's choice)
//   (`deno run` / `bun` from this checkout: the example by local path, wgpu-ts through the package.json exports, as
//   the Deno and Bun conformance runners load it) | js-webgpu in headless Chromium (pages served by
//   examples/browser/serve.mjs).
// Checks: compute prints its self-check line (every one of the 2^20 floats doubled, "✓") naming the expected backend;
// triangle writes a PNG that matches test/fixtures/triangle.png; in Chromium, examples/browser/triangle.html draws
// the same scene (examples/triangle-scene.mjs) into a canvas, and a screenshot of the canvas must match the same
// reference. triangle.mjs itself cannot run in a page (it writes a file with node:fs and reads process.argv): that
// is printed as not applicable, with the reason, not skipped silently.
// Tolerances (compareImages from wgpu-ts/utils): lavapipe targets (Node, Deno) as test/native/image.test.mjs: a
// channel may differ by more than 8 on at most 0.5% of the pixels. Chromium (SwiftShader, canvas composited and
// screenshotted): a channel may differ by more than 8 on at most 1% of the pixels, and the mean channel
// difference must stay below 1 (SwiftShader interpolates colours and rasterizes edges slightly differently).
// Exit code 0 only if every check passed. Prints TAP-like lines and a summary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPNG, decodePNG, compareImages } from 'wgpu-ts/utils';

const root = fileURLToPath(new URL('../../', import.meta.url));
const executablePath = process.env.WGPU_TS_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
  // For a WebGPU <canvas>: with the flags above alone, Chromium's GPU process has no shared-image backing for a
  // WebGPU swap chain here ("Could not find SharedImageBackingFactory ... WebgpuSwapChainTexture"), the first
  // submit that draws into the canvas loses the WebGPU instance ("A valid external Instance reference no longer
  // exists") and the canvas stays blank. Compositing through SwiftShader's Vulkan as well makes it work.
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--enable-features=Vulkan', '--use-vulkan=swiftshader'];
const localDeno = `${root}node_modules/.bin/deno`;
const deno = process.env.WGPU_TS_DENO || (existsSync(localDeno) ? localDeno : 'deno');
const localBun = `${root}node_modules/.bin/bun`;
const bun = process.env.WGPU_TS_BUN || (existsSync(localBun) ? localBun : 'bun');
const COMPUTE_LINE = /^doubled 1048576 floats on ".*" \(([a-z-]+)\): \[0, 1, 2, 3, …\] ✓$/m;
const TOLERANCE = {
  lavapipe: { channel: 8, pixels: 0.005, mean: Infinity },
  chromium: { channel: 8, pixels: 0.01, mean: 1 },
};

const t0 = Date.now();
const tmp = mkdtempSync(join(tmpdir(), 'wgpu-ts-examples-'));
const reference = await readPNG(join(root, 'test/fixtures/triangle.png'));
const counts = { passed: 0, failed: 0, notApplicable: 0 };
let n = 0;

async function check(target, example, fn) {
  const started = Date.now();
  try {
    const detail = await fn();
    counts.passed++;
    console.log(`ok ${++n} - ${example} on ${target} (${Date.now() - started} ms)${detail ? `: ${detail}` : ''}`);
  } catch (e) {
    counts.failed++;
    console.log(`not ok ${++n} - ${example} on ${target} (${Date.now() - started} ms)`);
    for (const line of String(e?.stack ?? e).split('\n').slice(0, 30)) console.log(`#   ${line}`);
  }
}

function notApplicable(target, example, why) {
  counts.notApplicable++;
  console.log(`ok ${++n} - ${example} on ${target} # SKIP not applicable: ${why}`);
}

function compareWithReference(image, tolerance) {
  const diff = compareImages(image, reference, tolerance.channel);
  const summary = `${diff.differingPixels} px differ by more than ${tolerance.channel}, mean difference ${diff.meanChannelDifference.toFixed(3)}`;
  if (!diff.sameSize) throw new Error(`image is ${image.width}x${image.height}, the reference ${reference.width}x${reference.height}`);
  if (diff.differingPixels > tolerance.pixels * reference.width * reference.height || diff.meanChannelDifference > tolerance.mean) {
    throw new Error(`the image does not match test/fixtures/triangle.png: ${summary} (${JSON.stringify(diff)})`);
  }
  return `matches test/fixtures/triangle.png (${summary})`;
}

function run(command, args, env = {}) {
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function expectCompute(stdout, backend) {
  const m = COMPUTE_LINE.exec(stdout);
  if (!m) throw new Error(`no self-check line in the output:\n${stdout}`);
  if (m[1] !== backend) throw new Error(`ran on ${m[1]}, expected ${backend}: ${m[0]}`);
  return m[0];
}

// Node, Deno and Bun: the example files themselves.
const processTargets = [
  { name: 'wgpu-native, Node', backend: 'wgpu-native', command: process.execPath, prefix: [], env: { WGPU_TS_BACKEND: 'wgpu-native' } },
  { name: 'js-webgpu over dawn.node, Node', backend: 'js-webgpu', command: process.execPath, prefix: [], env: { WGPU_TS_BACKEND: 'js-webgpu' } },
  // Deno picks wgpu-native by itself (auto); its own navigator.gpu is chosen with WGPU_TS_BACKEND=js-webgpu.
  { name: 'wgpu-native, Deno', backend: 'wgpu-native', runtime: 'deno', command: deno, prefix: ['run', '--allow-all', '--quiet'], env: {} },
  { name: 'js-webgpu, Deno', backend: 'js-webgpu', runtime: 'deno', command: deno, prefix: ['run', '--allow-all', '--quiet'], env: { WGPU_TS_BACKEND: 'js-webgpu' } },
  { name: 'wgpu-native, Bun', backend: 'wgpu-native', runtime: 'bun', command: bun, prefix: [], env: {} },
];
for (const t of processTargets) {
  await check(t.name, 'examples/compute.mjs', () => expectCompute(run(t.command, [...t.prefix, 'examples/compute.mjs'], t.env), t.backend));
  await check(t.name, 'examples/triangle.mjs', async () => {
    const out = join(tmp, `triangle-${t.backend}-${t.runtime ?? 'node'}.png`);
    const stdout = run(t.command, [...t.prefix, 'examples/triangle.mjs', out], t.env);
    if (!stdout.includes(`with ${t.backend}`)) throw new Error(`expected a run on ${t.backend}:\n${stdout}`);
    return compareWithReference(await readPNG(out), TOLERANCE.lavapipe);
  });
}

// Chromium: compute.mjs unchanged in a page; triangle.mjs's scene drawn into a canvas by examples/browser/triangle.html.
const chromiumTarget = 'js-webgpu, Chromium';
let browser;
let server;
try {
  const { bundleExamples, serveExamples } = await import('../../examples/browser/serve.mjs');
  const { chromium } = await import('playwright-core');
  server = await serveExamples(await bundleExamples());
  browser = await chromium.launch({ executablePath, args: ARGS, timeout: 60_000 });
  console.log(`# ${executablePath} ${browser.version()}, ${server.url}`);
  const open = async (path) => {
    const page = await browser.newPage({ viewport: { width: 400, height: 400 }, deviceScaleFactor: 1 });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}${path}`);
    return { page, errors };
  };
  await check(chromiumTarget, 'examples/compute.mjs', async () => {
    const { page, errors } = await open('compute.html');
    await page.waitForFunction(() => /✓|error/.test(document.getElementById('out').textContent) , null, { timeout: 30_000 });
    const text = await page.textContent('#out');
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}\n${text}`);
    return expectCompute(text, 'js-webgpu');
  });
  notApplicable(chromiumTarget, 'examples/triangle.mjs', 'it writes a PNG file (node:fs through saveTexturePNG) named by process.argv; ' +
    'a page has neither: examples/browser/triangle.html draws the same scene into a canvas (next check)');
  await check(chromiumTarget, 'examples/browser/triangle.html (canvas)', async () => {
    const { page, errors } = await open('triangle.html');
    await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 30_000 });
    const status = await page.textContent('#status');
    if (errors.length || !/^drawn with wgpu-ts \(js-webgpu\)/.test(status)) throw new Error(`${status}\n${errors.join('\n')}`);
    const shot = decodePNG(await page.locator('#canvas').screenshot());
    return `${status}; screenshot ${compareWithReference(shot, TOLERANCE.chromium)}`;
  });
} catch (e) {
  counts.failed++;
  console.log(`not ok ${++n} - Chromium examples could not run\n#   ${String(e?.stack ?? e).split('\n').join('\n#   ')}`);
} finally {
  await browser?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
}

console.log(`# examples run: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`examples: ${counts.passed} passed, ${counts.failed} failed, ${counts.notApplicable} not applicable`);
process.exit(counts.failed === 0 && counts.passed > 0 ? 0 : 1);
