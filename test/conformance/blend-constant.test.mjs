// A render pass starts with blend constant [0, 0, 0, 0] (spec: "initial blend constant"), so a
// pipeline with a constant blend factor draws without setBlendConstant (wgpu-core alone would reject
// it with "Blend constant needs to be set"), in a pass and inside a render bundle.
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import { getDevice, expectNoError, probeDevice, readBuffer, T } from '../harness.mjs';

const WGSL = /* wgsl */ `
  @vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
    let p = array(vec2f(-1, -1), vec2f(3, -1), vec2f(-1, 3));
    return vec4f(p[i], 0, 1);
  }
  @fragment fn fs() -> @location(0) vec4f { return vec4f(1, 1, 1, 1); }`;

describe('initial blend constant', () => {
  for (const viaBundle of [false, true]) {
    test(`constant blend factor without setBlendConstant uses [0,0,0,0]${viaBundle ? ' (render bundle)' : ''}`, T, async () => {
      const device = await getDevice();
      const format = 'rgba8unorm';
      const module = device.createShaderModule({ code: WGSL });
      const pipeline = device.createRenderPipeline({
        layout: 'auto',
        vertex: { module },
        // result = src * constant + dst * 1: with a zero constant the clear color stays.
        fragment: { module, targets: [{ format, blend: { color: { srcFactor: 'constant', dstFactor: 'one' }, alpha: { srcFactor: 'constant', dstFactor: 'one' } } }] },
      });
      const tex = device.createTexture({ size: [4, 4], format, usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });
      const out = device.createBuffer({ size: 256 * 4, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
      await expectNoError(device, () => {
        const enc = device.createCommandEncoder();
        const pass = enc.beginRenderPass({ colorAttachments: [{ view: tex.createView(), loadOp: 'clear', storeOp: 'store', clearValue: [0.2, 0.4, 0.6, 0.8] }] });
        if (viaBundle) {
          const be = device.createRenderBundleEncoder({ colorFormats: [format] });
          be.setPipeline(pipeline);
          be.draw(3);
          pass.executeBundles([be.finish()]);
        } else {
          pass.setPipeline(pipeline);
          pass.draw(3);
        }
        pass.end();
        enc.copyTextureToBuffer({ texture: tex }, { buffer: out, bytesPerRow: 256 }, [4, 4]);
        device.queue.submit([enc.finish()]);
      });
      const px = new Uint8Array(await readBuffer(device, out, 256 * 4));
      assert.deepEqual([...px.subarray(0, 4)], [51, 102, 153, 204]);
      await probeDevice(device);
    });
  }
});
