// Render bundles: recorded once, executed in passes with the same pixels as direct drawing; state
// reset after executeBundles; invalid bundles (bad commands, mismatched formats) as validation errors.
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import { getDevice, expectValidationError, expectNoError, probeDevice, T } from '../harness.mjs';
import { RT, readTexels, pixel, vertexBuffer, quad } from './texture-helpers.mjs';

const S = 16;
let device;
const dev = async () => (device ??= await getDevice());

const WGSL = /* wgsl */ `
@group(0) @binding(0) var<uniform> tint: vec4f;
@vertex fn vs(@location(0) p: vec2f, @location(1) c: vec4f) -> @builtin(position) vec4f { return vec4f(p, 0.0, 1.0); }
@fragment fn fs() -> @location(0) vec4f { return tint; }`;
const LAYOUT = [{ arrayStride: 24, attributes: [{ shaderLocation: 0, offset: 0, format: 'float32x2' }, { shaderLocation: 1, offset: 8, format: 'float32x4' }] }];

function setup(d, format = 'rgba8unorm') {
  const module = d.createShaderModule({ code: WGSL });
  const pipeline = d.createRenderPipeline({ layout: 'auto', vertex: { module, buffers: LAYOUT }, fragment: { module, targets: [{ format }] } });
  const tint = (c) => {
    const b = d.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    d.queue.writeBuffer(b, 0, new Float32Array(c));
    return d.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: b } }] });
  };
  const left = vertexBuffer(d, quad(-1, -1, 0, 1, [0, 0, 0, 0]));
  const right = vertexBuffer(d, quad(0, -1, 1, 1, [0, 0, 0, 0]));
  const index = d.createBuffer({ size: 12, usage: GPUBufferUsage.INDEX | GPUBufferUsage.COPY_DST });
  d.queue.writeBuffer(index, 0, new Uint16Array([0, 1, 2, 3, 4, 5]));
  return { pipeline, red: tint([1, 0, 0, 1]), green: tint([0, 1, 0, 1]), left, right, index };
}

/** The commands, recorded on a pass or a bundle encoder alike. */
function record(e, o) {
  e.setPipeline(o.pipeline);
  e.setBindGroup(0, o.red);
  e.setVertexBuffer(0, o.left);
  e.draw(6);
  e.setBindGroup(0, o.green);
  e.setVertexBuffer(0, o.right);
  e.setIndexBuffer(o.index, 'uint16');
  e.drawIndexed(6);
}

async function pass(d, body, format = 'rgba8unorm') {
  const t = d.createTexture({ size: [S, S], format, usage: RT() });
  const enc = d.createCommandEncoder();
  const p = enc.beginRenderPass({ colorAttachments: [{ view: t.createView(), loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 0, 1] }] });
  body(p);
  p.end();
  d.queue.submit([enc.finish()]);
  return readTexels(d, t);
}

describe('render bundles', () => {
  test('a bundle draws exactly what the same commands draw directly, and can run again', T, async () => {
    const d = await dev();
    const o = setup(d);
    const direct = await expectNoError(d, () => pass(d, (p) => record(p, o)));
    const bundle = await expectNoError(d, () => {
      const be = d.createRenderBundleEncoder({ colorFormats: ['rgba8unorm'], label: 'b' });
      record(be, o);
      return be.finish({ label: 'bundle' });
    });
    assert.ok(bundle instanceof GPURenderBundle);
    assert.equal(bundle.label, 'bundle');
    const viaBundle = await expectNoError(d, () => pass(d, (p) => p.executeBundles([bundle])));
    assert.deepEqual(viaBundle, direct);
    assert.deepEqual(pixel(viaBundle, S, 3, 8), [255, 0, 0, 255]);
    assert.deepEqual(pixel(viaBundle, S, 12, 8), [0, 255, 0, 255]);
    const twice = await expectNoError(d, () => pass(d, (p) => { p.executeBundles([bundle]); p.executeBundles([bundle, bundle]); }));
    assert.deepEqual(twice, direct);
  });

  test('bundles with a depth format (read-only depth) and an empty bundle', T, async () => {
    const d = await dev();
    const o = setup(d);
    await expectNoError(d, async () => {
      const be = d.createRenderBundleEncoder({ colorFormats: ['rgba8unorm'], depthStencilFormat: 'depth24plus', depthReadOnly: true, stencilReadOnly: true });
      const empty = d.createRenderBundleEncoder({ colorFormats: ['rgba8unorm'], depthStencilFormat: 'depth24plus', depthReadOnly: true, stencilReadOnly: true }).finish();
      const module = d.createShaderModule({ code: WGSL });
      const pipeline = d.createRenderPipeline({
        layout: 'auto', vertex: { module, buffers: LAYOUT }, fragment: { module, targets: [{ format: 'rgba8unorm' }] },
        depthStencil: { format: 'depth24plus', depthWriteEnabled: false, depthCompare: 'always' },
      });
      const yellow = d.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      d.queue.writeBuffer(yellow, 0, new Float32Array([1, 1, 0, 1]));
      be.setPipeline(pipeline); be.setBindGroup(0, d.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: yellow } }] }));
      be.setVertexBuffer(0, o.left); be.draw(6);
      const bundle = be.finish();
      const color = d.createTexture({ size: [S, S], format: 'rgba8unorm', usage: RT() });
      const depth = d.createTexture({ size: [S, S], format: 'depth24plus', usage: GPUTextureUsage.RENDER_ATTACHMENT });
      const enc = d.createCommandEncoder();
      const p = enc.beginRenderPass({
        colorAttachments: [{ view: color.createView(), loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 1, 1] }],
        depthStencilAttachment: { view: depth.createView(), depthReadOnly: true },
      });
      p.executeBundles([bundle, empty]);
      p.end();
      d.queue.submit([enc.finish()]);
      const px = await readTexels(d, color);
      assert.deepEqual(pixel(px, S, 3, 3), [255, 255, 0, 255]);
      assert.deepEqual(pixel(px, S, 12, 3), [0, 0, 255, 255]);
    });
  });

  test('executeBundles resets the pass state: a draw after it needs its own pipeline', T, async () => {
    const d = await dev();
    const o = setup(d);
    const be = d.createRenderBundleEncoder({ colorFormats: ['rgba8unorm'] });
    record(be, o);
    const bundle = be.finish();
    await expectValidationError(d, () => {
      const t = d.createTexture({ size: [S, S], format: 'rgba8unorm', usage: RT() });
      const enc = d.createCommandEncoder();
      const p = enc.beginRenderPass({ colorAttachments: [{ view: t.createView(), loadOp: 'clear', storeOp: 'store' }] });
      p.setPipeline(o.pipeline);
      p.executeBundles([bundle]);
      p.draw(3);
      p.end();
      enc.finish();
    }, 'draw after executeBundles without setPipeline');
    await probeDevice(d);
  });

  test('invalid bundles: bad commands, incompatible pipeline, formats that differ from the pass', T, async () => {
    const d = await dev();
    const o = setup(d);
    // A draw with no pipeline: finish() reports it, and a pass executing the bundle is invalid.
    let bad;
    await expectValidationError(d, () => {
      const be = d.createRenderBundleEncoder({ colorFormats: ['rgba8unorm'] });
      be.draw(3);
      bad = be.finish();
    }, 'bundle draw without a pipeline');
    await expectValidationError(d, async () => { await pass(d, (p) => p.executeBundles([bad])); }, 'executing an invalid bundle');
    await expectValidationError(d, () => {
      const be = d.createRenderBundleEncoder({ colorFormats: ['bgra8unorm'] });
      be.setPipeline(o.pipeline); // rgba8unorm target
      be.finish();
    }, 'pipeline incompatible with the bundle formats');
    await expectValidationError(d, () => {
      const be = d.createRenderBundleEncoder({ colorFormats: ['rgba8unorm'] });
      be.setPipeline(o.pipeline);
      be.setBindGroup(0, o.red);
      be.draw(6); // no vertex buffer
      be.finish();
    }, 'bundle draw without a vertex buffer');
    const good = d.createRenderBundleEncoder({ colorFormats: ['bgra8unorm'] }).finish();
    await expectValidationError(d, async () => { await pass(d, (p) => p.executeBundles([good])); }, 'bundle formats differ from the pass');
    await expectValidationError(d, () => d.createRenderBundleEncoder({ colorFormats: [] }).finish(), 'no attachments at all');
    await expectValidationError(d, () => {
      const be = d.createRenderBundleEncoder({ colorFormats: ['rgba8unorm'] });
      be.finish();
      be.draw(3);
    }, 'recording after finish');
    await probeDevice(d);
  });
});
