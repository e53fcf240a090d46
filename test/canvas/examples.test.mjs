// The canvas examples: the triangle page's scene in an OffscreenCanvas through `wgpu-ts run` (browser-style globals)
// on both backends, matching test/fixtures/triangle.png; examples/offscreen-canvas.mjs writing PNG frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPNG, compareImages } from 'wgpu-ts/utils';

const root = new URL('../..', import.meta.url).pathname;
const T = { timeout: 60_000 };
const node = (args, env = {}) => spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });

for (const backend of ['wgpu-native', 'js-webgpu']) {
  test(`wgpu-ts run examples/canvas-triangle.mjs on ${backend}: the page's scene, unchanged, matches the reference`, T, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'wgpu-ts-canvas-')), 'triangle.png');
    const r = node(['dist/cli/main.js', 'run', 'examples/canvas-triangle.mjs', out], { WGPU_TS_BACKEND: backend });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /wrote .*256x256, (bgra8unorm|rgba8unorm) canvas/);
    const d = compareImages(await readPNG(out), await readPNG(join(root, 'test/fixtures/triangle.png')), 2);
    assert.ok(d.sameSize && d.differingPixels === 0, JSON.stringify(d));
  });
}

test('examples/offscreen-canvas.mjs writes one PNG per animation frame, each different', T, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wgpu-ts-frames-'));
  const r = node(['examples/offscreen-canvas.mjs', dir, '3']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const files = readdirSync(dir).sort();
  assert.deepEqual(files, ['frame-000.png', 'frame-001.png', 'frame-002.png']);
  const [a, b] = await Promise.all(files.slice(0, 2).map((f) => readPNG(join(dir, f))));
  assert.equal(a.width, 320);
  assert.ok(compareImages(a, b, 8).differingPixels > 100, 'the cube turns between frames');
});
