// three.js (pinned devDependency) WebGPURenderer({ canvas }) with an animation loop: into wgpu-ts's OffscreenCanvas
// (pixels checked), and into a window under Xvfb (its screenshot must match the offscreen frame).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readPNG, compareImages } from 'wgpu-ts/utils';
import { startXvfb, screenshot } from './x11.mjs';

const root = new URL('../..', import.meta.url).pathname;
const T = { timeout: 90_000 };
const dir = mkdtempSync(join(tmpdir(), 'wgpu-ts-three-'));
let xvfb;
before(async () => { xvfb = await startXvfb(); });
after(async () => { await xvfb?.stop(); });

function offscreen(frames) {
  const out = join(dir, `three-${frames}.png`);
  const r = spawnSync(process.execPath, ['examples/three-offscreen.mjs', out, String(frames)], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`three.js r187: ${frames} frames, wrote .* \\(320x240, WebGPU backend\\)`));
  return readPNG(out);
}

const px = (img, x, y) => [...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)];

test('three.js WebGPURenderer renders its animation loop into an OffscreenCanvas: background, lit box, motion', T, async () => {
  const [first, tenth] = await Promise.all([offscreen(1), offscreen(10)]);
  // Background 0x202030 in the corners (three's sRGB output of an sRGB colour).
  for (const [x, y] of [[2, 2], [317, 2], [2, 237], [317, 237]]) {
    const [r, g, b, a] = px(tenth, x, y);
    assert.ok(Math.abs(r - 0x20) <= 2 && Math.abs(g - 0x20) <= 2 && Math.abs(b - 0x30) <= 2 && a === 255, `corner ${x},${y}: ${[r, g, b, a]}`);
  }
  // The box (0xff8040, lit) in the middle: orange, red over green over blue.
  const [r, g, b] = px(tenth, 160, 120);
  assert.ok(r > 120 && r > g && g > b, `centre: ${[r, g, b]}`);
  // The animation loop ran: frame 1 and frame 10 differ (the box turned).
  assert.ok(compareImages(first, tenth, 8).differingPixels > 500, 'the box turns between frames');
});

test('three.js WebGPURenderer in a window (Xvfb): the screenshot matches the offscreen frame', T, async () => {
  const reference = await offscreen(10);
  const child = spawn(process.execPath, ['examples/three-offscreen.mjs', '--window', 'unused.png', '10'], {
    cwd: root, env: { ...process.env, DISPLAY: xvfb.display, WAYLAND_DISPLAY: '', WGPU_TS_HOLD_WINDOW: '1' }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    const line = await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no window id; stderr: ${stderr}`)), 30_000);
      createInterface({ input: child.stdout }).on('line', (l) => { if (l.startsWith('{')) { clearTimeout(t); resolve(JSON.parse(l)); } });
    });
    // The last frame reaches the X server asynchronously (the Vulkan driver's present, then X): on a loaded machine
    // a screenshot right after the loop can still show frame 9. Until it shows the last frame, try again (5 s).
    let d, tries = 0;
    for (const deadline = Date.now() + 5000; ; ) {
      d = compareImages(screenshot(xvfb.display, line.window), reference, 8);
      tries++;
      if ((d.sameSize && d.differingPixels <= 320 * 240 * 0.001) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`# three.js window screenshot vs offscreen (${tries} screenshot${tries > 1 ? "s" : ""}): ${JSON.stringify(d)}`);
    assert.ok(d.sameSize && d.differingPixels <= 320 * 240 * 0.001, JSON.stringify(d));
    child.stdin.write('close\n');
    assert.equal(await exited, 0, stderr);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
