// The offscreen-image utility (wgpu-ts/utils: readTextureImage, PNG encode/decode, compareImages) and
// the examples: examples/triangle.mjs and examples/cube.mjs must write PNGs matching the references
// in test/fixtures/ (tolerance: a channel may differ by up to 8 on at most 0.5% of the pixels, to
// absorb rasterizer differences between lavapipe versions; on the reference machine they are equal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gpu, getTimestampPeriod } from 'wgpu-ts/backends/wgpu-native';
import { installGlobals } from 'wgpu-ts';
import { readTextureImage, encodePNG, decodePNG, readPNG, saveTexturePNG, compareImages } from 'wgpu-ts/utils';

installGlobals();
const root = fileURLToPath(new URL('../..', import.meta.url));

test('readTextureImage removes row padding and converts bgra8 / r8 / rgba16float to RGBA8; PNG round trip', async () => {
  const d = await (await gpu.requestAdapter()).requestDevice();
  const w = 5, h = 3; // 20-byte rows: padded to 256 in the copy
  const usage = GPUTextureUsage.COPY_SRC | GPUTextureUsage.COPY_DST;
  const rgba = d.createTexture({ size: [w, h], format: 'rgba8unorm', usage });
  const data = Uint8Array.from({ length: w * h * 4 }, (_, i) => (i * 13) & 0xff);
  d.queue.writeTexture({ texture: rgba }, data, { bytesPerRow: w * 4 }, [w, h]);
  const img = await readTextureImage(d, rgba);
  assert.deepEqual([img.width, img.height], [w, h]);
  assert.deepEqual(img.data, data);
  const bgra = d.createTexture({ size: [1, 1], format: 'bgra8unorm', usage });
  d.queue.writeTexture({ texture: bgra }, new Uint8Array([10, 20, 30, 40]), { bytesPerRow: 4 }, [1, 1]);
  assert.deepEqual(Array.from((await readTextureImage(d, bgra)).data), [30, 20, 10, 40]);
  const r8 = d.createTexture({ size: [1, 1], format: 'r8unorm', usage });
  d.queue.writeTexture({ texture: r8 }, new Uint8Array([77]), { bytesPerRow: 1 }, [1, 1]);
  assert.deepEqual(Array.from((await readTextureImage(d, r8)).data), [77, 77, 77, 255]);
  const f16 = d.createTexture({ size: [1, 1], format: 'rgba16float', usage });
  d.queue.writeTexture({ texture: f16 }, new Uint16Array([0x3c00, 0x3800, 0, 0x3c00]), { bytesPerRow: 8 }, [1, 1]); // 1, 0.5, 0, 1
  assert.deepEqual(Array.from((await readTextureImage(d, f16)).data), [255, 128, 0, 255]);
  const decoded = decodePNG(encodePNG(img));
  assert.deepEqual(decoded, { width: w, height: h, data });
  assert.deepEqual(compareImages(decoded, img), { sameSize: true, maxChannelDifference: 0, differingPixels: 0, meanChannelDifference: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'wgpu-ts-image-'));
  try {
    await saveTexturePNG(d, rgba, join(dir, 'a.png'));
    assert.deepEqual((await readPNG(join(dir, 'a.png'))).data, data);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await assert.rejects(readTextureImage(d, d.createTexture({ size: [1, 1], format: 'rg11b10ufloat', usage })), TypeError);
  assert.equal(typeof getTimestampPeriod(d.queue), 'number');
  assert.ok(getTimestampPeriod(d.queue) > 0);
  d.destroy();
});

for (const name of ['triangle', 'cube']) {
  test(`examples/${name}.mjs writes a PNG that matches test/fixtures/${name}.png`, async () => {
    const dir = mkdtempSync(join(tmpdir(), `wgpu-ts-${name}-`));
    try {
      const out = join(dir, `${name}.png`);
      const r = spawnSync(process.execPath, [join(root, 'examples', `${name}.mjs`), out], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, `example failed:\n${r.stdout}\n${r.stderr}`);
      const actual = await readPNG(out);
      const expected = await readPNG(join(root, 'test', 'fixtures', `${name}.png`));
      const diff = compareImages(actual, expected, 8);
      assert.ok(diff.sameSize, `size ${actual.width}x${actual.height}, expected ${expected.width}x${expected.height}`);
      assert.ok(diff.differingPixels <= 0.005 * expected.width * expected.height, `${diff.differingPixels} pixels differ by more than 8 (${JSON.stringify(diff)})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
