// wgpu-ts/window for real, under Xvfb (started here on a free display) with lavapipe: a window opens and presents
// frames; a screenshot of it (xwd) matches the offscreen render of the same scene; input (XTEST), an external
// resize and the close button (WM_DELETE_WINDOW) arrive as DOM-shaped events; the process exits by itself when
// the window closes, or when its last reference is dropped and nothing (listeners, animation frames) keeps it.
// And without a display, opening a window is a clear error while OffscreenCanvas still works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { OffscreenCanvas } from 'wgpu-ts/canvas';
import { gpu } from 'wgpu-ts/backends/wgpu-native';
import { decodePNG, compareImages } from 'wgpu-ts/utils';
import { createSpinningCube } from '../../examples/spinning-cube-scene.mjs';
import { startXvfb, screenshot, x11 } from './x11.mjs';

const root = new URL('../..', import.meta.url).pathname;
const T = { timeout: 60_000 };
let xvfb, device;

before(async () => {
  xvfb = await startXvfb();
  device = await (await gpu.requestAdapter()).requestDevice();
});
after(async () => { await xvfb?.stop(); });

async function offscreen(width, height, format = gpu.getPreferredCanvasFormat()) {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('webgpu');
  ctx.configure({ device, format, alphaMode: 'opaque' });
  createSpinningCube(device, format).draw(ctx.getCurrentTexture(), 1234);
  return decodePNG(new Uint8Array(await (await canvas.convertToBlob()).arrayBuffer()));
}

/** The child's JSON lines, awaited one predicate at a time. */
function lines(child) {
  const seen = [], waiters = [];
  createInterface({ input: child.stdout }).on('line', (l) => {
    let o;
    try { o = JSON.parse(l); } catch { return; }
    seen.push(o);
    for (const w of [...waiters]) if (w.pred(o)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(o); }
  });
  return {
    seen,
    next(pred, what, ms = 15_000) {
      const found = seen.find(pred);
      if (found) { seen.splice(seen.indexOf(found), 1); return Promise.resolve(found); }
      return new Promise((resolve, reject) => {
        const w = { pred, resolve: (o) => { clearTimeout(t); seen.splice(seen.indexOf(o), 1); resolve(o); } };
        const t = setTimeout(() => { waiters.splice(waiters.indexOf(w), 1); reject(new Error(`timed out waiting for ${what}; seen: ${JSON.stringify(seen)}`)); }, ms);
        waiters.push(w);
      });
    },
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function expectMatch(shot, reference, label) {
  const d = compareImages(shot, reference, 8);
  const total = reference.width * reference.height;
  // lavapipe draws both: the same pixels, up to rounding in the blit (none expected).
  assert.ok(d.sameSize && d.differingPixels <= total * 0.001, `${label}: ${JSON.stringify(d)}`);
  return d;
}

test('a window under Xvfb: frames present, the screenshot matches the offscreen render, events arrive, the process exits on close', T, async () => {
  const child = spawn(process.execPath, ['test/canvas/fixtures/window-child.mjs'], { cwd: root, env: { ...process.env, DISPLAY: xvfb.display, WAYLAND_DISPLAY: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  try {
    const out = lines(child);
    const ready = await out.next((o) => o.ready, 'the window to present 5 frames');
    assert.equal(ready.width, 320);
    assert.equal(ready.height, 240);
    const d1 = expectMatch(screenshot(xvfb.display, ready.window), await offscreen(320, 240), 'screenshot 320x240');
    console.log(`# screenshot 320x240 vs offscreen: ${JSON.stringify(d1)}`);

    const X = x11(xvfb.display, ready.window);
    X.move(50, 60);
    const move = await out.next((o) => o.event === 'pointermove' && o.x === 50 && o.y === 60, 'pointermove at 50,60');
    assert.equal(move.buttons, 0);
    X.button(1, true);
    assert.deepEqual(await out.next((o) => o.event === 'pointerdown', 'pointerdown'), { event: 'pointerdown', x: 50, y: 60, button: 0, buttons: 1 });
    X.button(1, false);
    assert.deepEqual(await out.next((o) => o.event === 'pointerup', 'pointerup'), { event: 'pointerup', x: 50, y: 60, button: 0, buttons: 0 });
    X.button(5, true); X.button(5, false); // wheel down
    assert.equal((await out.next((o) => o.event === 'wheel', 'wheel')).deltaY, 100);
    X.key(0x61); // XK_a
    assert.deepEqual(await out.next((o) => o.event === 'keydown', 'keydown'), { event: 'keydown', key: 'a', code: 'KeyA' });
    assert.deepEqual(await out.next((o) => o.event === 'keyup', 'keyup'), { event: 'keyup', key: 'a', code: 'KeyA' });

    // An external resize (as a window manager would): a resize event with the new canvas size, then frames of that size.
    X.resize(400, 300);
    const resized = await out.next((o) => o.event === 'resize' && o.width === 400, 'resize to 400x300');
    assert.equal(resized.height, 300);
    child.stdin.write('frames\n');
    const { frames } = await out.next((o) => o.frames !== undefined && o.event === undefined, 'frame count');
    let later;
    do { await sleep(100); child.stdin.write('frames\n'); later = await out.next((o) => o.frames !== undefined && o.event === undefined, 'frame count'); } while (later.frames < frames + 5);
    const d2 = expectMatch(screenshot(xvfb.display, ready.window), await offscreen(400, 300), 'screenshot after resize 400x300');
    console.log(`# screenshot 400x300 vs offscreen: ${JSON.stringify(d2)}`);

    // The close button: a close event, then the process ends by itself (its rAF loop would otherwise run forever).
    const t0 = Date.now();
    X.close();
    X.closeDisplay();
    await out.next((o) => o.event === 'close', 'close');
    const { code, signal } = await Promise.race([exited, sleep(10_000).then(() => ({ code: 'still running', signal: null }))]);
    assert.equal(code, 0, `exit ${code} ${signal}; stderr: ${stderr}`);
    console.log(`# exited ${Date.now() - t0} ms after the close button`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('a window whose last reference is dropped (no listeners, no animation frames) is collected and the process exits by itself', T, async () => {
  const child = spawn(process.execPath, ['--expose-gc', 'test/canvas/fixtures/window-dropped-child.mjs'], { cwd: root, env: { ...process.env, DISPLAY: xvfb.display, WAYLAND_DISPLAY: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  try {
    const out = lines(child);
    const shown = await out.next((o) => o.presented !== undefined, `the frame to be presented (stderr: ${stderr})`);
    assert.deepEqual([shown.presented, shown.open], [1, 1]);
    assert.equal((await out.next((o) => o.openAfterGc !== undefined, 'the count of open windows after gc')).openAfterGc, 0);
    const { code, signal } = await Promise.race([exited, sleep(5_000).then(() => ({ code: 'still running', signal: null }))]);
    assert.equal(code, 0, `exit ${code} ${signal}; stderr: ${stderr}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('a window with a listener stays open (and the process alive) without references until its close button', T, async () => {
  const child = spawn(process.execPath, ['--expose-gc', 'test/canvas/fixtures/window-dropped-child.mjs'], { cwd: root, env: { ...process.env, DISPLAY: xvfb.display, WAYLAND_DISPLAY: '', WINDOW_LISTEN: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  try {
    const out = lines(child);
    const shown = await out.next((o) => o.presented !== undefined, `the frame to be presented (stderr: ${stderr})`);
    assert.equal((await out.next((o) => o.openAfterGc !== undefined, 'the count of open windows after gc')).openAfterGc, 1);
    await sleep(500);
    assert.equal(child.exitCode, null, `exited while its window had a listener; stderr: ${stderr}`);
    const X = x11(xvfb.display, shown.window);
    X.close();
    X.closeDisplay();
    await out.next((o) => o.event === 'close', 'close');
    const { code, signal } = await Promise.race([exited, sleep(10_000).then(() => ({ code: 'still running', signal: null }))]);
    assert.equal(code, 0, `exit ${code} ${signal}; stderr: ${stderr}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

for (const format of ['rgba8unorm', 'rgba16float']) {
  test(`a ${format} canvas in a window (the surface offers bgra8unorm only): the screenshot matches the offscreen render`, T, async () => {
    const child = spawn(process.execPath, ['test/canvas/fixtures/window-child.mjs'], { cwd: root, env: { ...process.env, DISPLAY: xvfb.display, WAYLAND_DISPLAY: '', WINDOW_FORMAT: format }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    try {
      const ready = await lines(child).next((o) => o.ready, `the ${format} window to present 5 frames (stderr: ${stderr})`);
      const d = expectMatch(screenshot(xvfb.display, ready.window), await offscreen(320, 240, format), `${format} screenshot`);
      console.log(`# ${format} window screenshot vs offscreen: ${JSON.stringify(d)}`);
    } finally {
      child.kill('SIGKILL');
    }
  });
}

test('a window canvas refuses what its surface cannot present with a TypeError (no wgpu-native abort)', T, () => {
  const code = `
    import { openWindow } from 'wgpu-ts/window';
    import { gpu as dawn } from 'wgpu-ts/backends/js-webgpu';
    const win = openWindow({ width: 64, height: 64 });
    const ctx = win.canvas.getContext('webgpu');
    const device = await (await dawn.requestAdapter()).requestDevice();
    try { ctx.configure({ device, format: 'bgra8unorm' }); console.log('configured?!'); } catch (e) { console.log(e.name + ': ' + e.message); }
    console.log('configuration:', ctx.getConfiguration());
    win.close();
    win.close();
    console.log('closed:', win.closed);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, env: { ...process.env, DISPLAY: xvfb.display, WAYLAND_DISPLAY: '' }, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /TypeError: GPUCanvasConfiguration.device: a window presents through wgpu-native/);
  assert.match(r.stdout, /configuration: null\nclosed: true/);
});

test('without a display, opening a window is a clear error; offscreen still works', T, () => {
  const code = `
    import { openWindow } from 'wgpu-ts/window';
    import { OffscreenCanvas } from 'wgpu-ts/canvas';
    import { gpu } from 'wgpu-ts/backends/wgpu-native';
    try { openWindow(); console.log('opened?!'); } catch (e) { console.log('error:', e.message); }
    const device = await (await gpu.requestAdapter()).requestDevice();
    const canvas = new OffscreenCanvas(4, 4);
    const ctx = canvas.getContext('webgpu');
    ctx.configure({ device, format: 'rgba8unorm' });
    ctx.getCurrentTexture();
    console.log('offscreen png bytes:', (await canvas.convertToBlob()).size > 0);`;
  const env = { ...process.env };
  delete env.DISPLAY; delete env.WAYLAND_DISPLAY;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, env, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /error: wgpu-ts\/window: cannot open a window: GLFW found no usable display \(DISPLAY=\(unset\).*Xvfb.*OffscreenCanvas works without one/);
  assert.match(r.stdout, /offscreen png bytes: true/);
});
