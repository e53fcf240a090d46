// OffscreenCanvas / GPUCanvasContext / requestAnimationFrame of wgpu-ts/canvas, on both backends: wgpu-native and
// js-webgpu over dawn.node (the context is wgpu-ts's, over any GPUDevice).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { OffscreenCanvas, GPUCanvasContext, requestAnimationFrame, cancelAnimationFrame } from 'wgpu-ts/canvas';
import { gpu as nativeGPU } from 'wgpu-ts/backends/wgpu-native';
import { gpu as jsGPU } from 'wgpu-ts/backends/js-webgpu';
import { decodePNG, readPNG, compareImages } from 'wgpu-ts/utils';
import { GPUTextureUsage } from 'wgpu-ts';
import { createTriangleScene } from '../../examples/triangle-scene.mjs';

const fixture = new URL('../fixtures/triangle.png', import.meta.url).pathname;
const nextFrame = () => new Promise((r) => requestAnimationFrame(r));

async function blobImage(canvas, options) {
  const blob = await canvas.convertToBlob(options);
  assert.equal(blob.type, 'image/png');
  return decodePNG(new Uint8Array(await blob.arrayBuffer()));
}

async function expectValidationError(device, fn, expected = true) {
  device.pushErrorScope('validation');
  fn();
  const error = await device.popErrorScope();
  assert.equal(error !== null, expected, error ? error.message : 'no validation error');
}

for (const [name, gpu] of [['wgpu-native', nativeGPU], ['js-webgpu (dawn.node)', jsGPU]]) {
  describe(`canvas on ${name}`, () => {
    let device;
    before(async () => {
      const adapter = await gpu.requestAdapter();
      assert.ok(adapter, 'no adapter');
      device = await adapter.requestDevice();
    });

    test('getContext: the same GPUCanvasContext for "webgpu", null for other kinds, TypeError for no kind', () => {
      const canvas = new OffscreenCanvas(4, 4);
      const ctx = canvas.getContext('webgpu');
      assert.ok(ctx instanceof GPUCanvasContext);
      assert.equal(canvas.getContext('webgpu'), ctx);
      assert.equal(ctx.canvas, canvas);
      for (const kind of ['2d', 'webgl', 'webgl2', 'bitmaprenderer']) assert.equal(canvas.getContext(kind), null);
      assert.throws(() => canvas.getContext('nonsense'), TypeError);
      assert.throws(() => new GPUCanvasContext(), TypeError);
      assert.throws(() => new OffscreenCanvas(4), TypeError);
      assert.throws(() => new OffscreenCanvas(-1, 4), TypeError);
    });

    test('configure / getConfiguration / unconfigure, with the defaults and the TypeErrors of the spec', () => {
      const ctx = new OffscreenCanvas(4, 4).getContext('webgpu');
      assert.equal(ctx.getConfiguration(), null);
      assert.throws(() => ctx.getCurrentTexture(), (e) => e instanceof DOMException && e.name === 'InvalidStateError');
      assert.throws(() => ctx.configure({ format: 'rgba8unorm' }), TypeError);
      assert.throws(() => ctx.configure({ device, format: 'r8unorm' }), TypeError);
      assert.throws(() => ctx.configure({ device, format: 'rgba8unorm', alphaMode: 'straight' }), TypeError);
      assert.throws(() => ctx.configure({ device, format: 'rgba8unorm', usage: 0x20 | 0x10 }), TypeError);
      assert.equal(ctx.getConfiguration(), null);
      ctx.configure({ device, format: 'rgba8unorm' });
      const c = ctx.getConfiguration();
      assert.equal(c.device, device);
      assert.equal(c.format, 'rgba8unorm');
      assert.equal(c.usage, GPUTextureUsage.RENDER_ATTACHMENT);
      assert.deepEqual(c.viewFormats, []);
      assert.equal(c.colorSpace, 'srgb');
      assert.equal(c.toneMapping.mode, 'standard');
      assert.equal(c.alphaMode, 'opaque');
      ctx.unconfigure();
      assert.equal(ctx.getConfiguration(), null);
      assert.throws(() => ctx.getCurrentTexture(), (e) => e.name === 'InvalidStateError');
    });

    test('getCurrentTexture: sized from the canvas, the configured usage, the same texture until the frame is presented', async () => {
      const canvas = new OffscreenCanvas(8, 6);
      const ctx = canvas.getContext('webgpu');
      ctx.configure({ device, format: 'bgra8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.TEXTURE_BINDING });
      const t1 = ctx.getCurrentTexture();
      assert.equal(t1.width, 8);
      assert.equal(t1.height, 6);
      assert.equal(t1.format, 'bgra8unorm');
      assert.equal(t1.usage, GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.TEXTURE_BINDING);
      assert.equal(ctx.getCurrentTexture(), t1);
      await Promise.resolve();
      assert.equal(ctx.getCurrentTexture(), t1, 'same texture in a microtask');
      await nextFrame();
      const t2 = ctx.getCurrentTexture();
      assert.notEqual(t2, t1, 'a fresh texture after presentation');
      // The presented texture expired (destroyed): rendering into it is a validation error.
      await expectValidationError(device, () => {
        const e = device.createCommandEncoder();
        e.beginRenderPass({ colorAttachments: [{ view: t1.createView(), loadOp: 'clear', storeOp: 'store' }] }).end();
        device.queue.submit([e.finish()]);
      });
      canvas.width = 16;
      const t3 = ctx.getCurrentTexture();
      assert.notEqual(t3, t2, 'resizing replaces the drawing buffer');
      assert.equal(t3.width, 16);
      assert.equal(t2.width, 8);
    });

    test('configure generates validation errors for a zero-size canvas and incompatible view formats', async () => {
      const canvas = new OffscreenCanvas(0, 4);
      const ctx = canvas.getContext('webgpu');
      await expectValidationError(device, () => ctx.configure({ device, format: 'rgba8unorm' }));
      canvas.width = 4;
      await expectValidationError(device, () => ctx.getCurrentTexture(), false);
      await expectValidationError(device, () => ctx.configure({ device, format: 'rgba8unorm', viewFormats: ['r8unorm'] }));
      await expectValidationError(device, () => ctx.configure({ device, format: 'rgba8unorm', viewFormats: ['rgba8unorm-srgb'] }), false);
    });

    test('the triangle scene drawn into the canvas matches the offscreen-texture render (test/fixtures/triangle.png)', async () => {
      const canvas = new OffscreenCanvas(256, 256);
      const ctx = canvas.getContext('webgpu');
      const format = gpu.getPreferredCanvasFormat();
      assert.ok(['bgra8unorm', 'rgba8unorm'].includes(format), format);
      ctx.configure({ device, format, alphaMode: 'opaque' });
      createTriangleScene(device, format).draw(ctx.getCurrentTexture().createView());
      // Read while the frame is being drawn, and after it was presented: the same image.
      const drawing = await blobImage(canvas);
      await nextFrame();
      const presented = await blobImage(canvas);
      const expected = await readPNG(fixture);
      for (const image of [drawing, presented]) {
        const d = compareImages(image, expected, 2);
        assert.ok(d.sameSize && d.differingPixels === 0, JSON.stringify(d));
      }
    });

    test('requestAnimationFrame: callbacks run in order with one timestamp, then what they drew is presented; cancel works', async () => {
      const canvas = new OffscreenCanvas(2, 2);
      const ctx = canvas.getContext('webgpu');
      ctx.configure({ device, format: 'rgba8unorm', alphaMode: 'premultiplied' });
      const order = [];
      let stamp;
      await new Promise((resolve) => {
        requestAnimationFrame((t) => { order.push('a'); stamp = t; });
        const cancelled = requestAnimationFrame(() => order.push('cancelled'));
        requestAnimationFrame((t) => {
          order.push('b');
          assert.equal(t, stamp);
          // Premultiplied half-transparent red: the PNG has straight alpha.
          const e = device.createCommandEncoder();
          e.beginRenderPass({ colorAttachments: [{ view: ctx.getCurrentTexture().createView(), loadOp: 'clear', storeOp: 'store', clearValue: [0.5, 0, 0, 0.5] }] }).end();
          device.queue.submit([e.finish()]);
          requestAnimationFrame(resolve);
        });
        cancelAnimationFrame(cancelled);
      });
      assert.deepEqual(order, ['a', 'b']);
      const image = await blobImage(canvas);
      assert.deepEqual([...image.data.subarray(0, 4)], [255, 0, 0, 128]);
    });

    test('transferToImageBitmap starts a new frame; convertToBlob rejects a zero-size canvas', async () => {
      const canvas = new OffscreenCanvas(3, 3);
      const ctx = canvas.getContext('webgpu');
      ctx.configure({ device, format: 'rgba8unorm' });
      const t1 = ctx.getCurrentTexture();
      const bitmap = canvas.transferToImageBitmap();
      assert.equal(bitmap.width, 3);
      assert.notEqual(ctx.getCurrentTexture(), t1);
      bitmap.close();
      assert.equal(bitmap.width, 0);
      canvas.height = 0;
      await assert.rejects(canvas.convertToBlob(), (e) => e.name === 'IndexSizeError');
    });
  });
}
