// Render pipelines and passes, checked pixel by pixel on small targets: clear, triangle, depth test,
// blending (alpha and constant), scissor and viewport, stencil, MSAA resolve, indexed / indirect draws,
// instancing; then the failure modes (each a validation error, the device still usable).
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import { getDevice, expectValidationError, expectNoError, expectRejects, probeDevice, T } from '../harness.mjs';
import { RT, readTexels, pixel, SOLID_WGSL, vertexBuffer, LAYOUT_2D, LAYOUT_3D, quad, quadZ } from './texture-helpers.mjs';

const S = 16; // target size
let device;
const dev = async () => (device ??= await getDevice());

function target(d, { format = 'rgba8unorm', sampleCount = 1, size = S } = {}) {
  return d.createTexture({ size: [size, size], format, sampleCount, usage: sampleCount > 1 ? GPUTextureUsage.RENDER_ATTACHMENT : RT() });
}

function pipeline(d, { format = 'rgba8unorm', blend, depth, stencil, sampleCount = 1, layout = LAYOUT_2D, entryPoint = 'vs', writeMask } = {}) {
  const module = d.createShaderModule({ code: SOLID_WGSL });
  return d.createRenderPipeline({
    layout: 'auto',
    vertex: { module, entryPoint, buffers: layout },
    fragment: { module, entryPoint: 'fs', targets: [{ format, blend, writeMask }] },
    depthStencil: depth ?? stencil,
    multisample: { count: sampleCount },
  });
}

/** One pass on `tex` (cleared to `clear`), `record(pass)` inside; returns the pixels. */
async function render(d, tex, record, { clear = [0, 0, 0, 1], depthStencil } = {}) {
  const enc = d.createCommandEncoder();
  const pass = enc.beginRenderPass({ colorAttachments: [{ view: tex.createView(), loadOp: 'clear', storeOp: 'store', clearValue: clear }], depthStencilAttachment: depthStencil });
  record(pass);
  pass.end();
  d.queue.submit([enc.finish()]);
  return readTexels(d, tex);
}

const RED = [1, 0, 0, 1], GREEN = [0, 1, 0, 1], BLUE = [0, 0, 1, 1];

describe('render passes: pixels', () => {
  test('clear: loadOp "clear" writes the clear value exactly', T, async () => {
    const d = await dev();
    const px = await expectNoError(d, () => render(d, target(d), () => {}, { clear: { r: 1, g: 0.5, b: 0, a: 1 } }));
    for (let i = 0; i < S * S; i++) assert.deepEqual(pixel(px, S, i % S, Math.floor(i / S)), [255, 128, 0, 255]);
  });

  test('triangle: covered pixels take the fragment color, the others keep the clear color', T, async () => {
    const d = await dev();
    const vb = vertexBuffer(d, [0, 1, ...RED, -1, -1, ...RED, 1, -1, ...RED]);
    const px = await expectNoError(d, () => render(d, target(d), (p) => { p.setPipeline(pipeline(d)); p.setVertexBuffer(0, vb); p.draw(3); }));
    assert.deepEqual(pixel(px, S, 8, 12), [255, 0, 0, 255], 'center bottom is inside');
    assert.deepEqual(pixel(px, S, 0, 0), [0, 0, 0, 255], 'top-left corner is outside');
    assert.deepEqual(pixel(px, S, 15, 1), [0, 0, 0, 255], 'top-right corner is outside');
  });

  test('depth test: nearer fragments win whatever the draw order, depth is stored', T, async () => {
    const d = await dev();
    const depthTex = d.createTexture({ size: [S, S], format: 'depth32float', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });
    const p = pipeline(d, { layout: LAYOUT_3D, entryPoint: 'vs_depth', depth: { format: 'depth32float', depthWriteEnabled: true, depthCompare: 'less' } });
    // near green left half (z 0.25), far red whole (z 0.75) drawn after, blue right half (z 0.5) last
    const vb = vertexBuffer(d, [...quadZ(-1, -1, 0, 1, 0.25, GREEN), ...quadZ(-1, -1, 1, 1, 0.75, RED), ...quadZ(0, -1, 1, 1, 0.5, BLUE)]);
    const px = await expectNoError(d, () => render(d, target(d), (pass) => { pass.setPipeline(p); pass.setVertexBuffer(0, vb); pass.draw(18); },
      { depthStencil: { view: depthTex.createView(), depthLoadOp: 'clear', depthStoreOp: 'store', depthClearValue: 1 } }));
    assert.deepEqual(pixel(px, S, 3, 8), [0, 255, 0, 255]);
    assert.deepEqual(pixel(px, S, 12, 8), [0, 0, 255, 255]);
    const depth = new Float32Array((await readTexels(d, depthTex, { bytesPerTexel: 4, aspect: 'depth-only' })).buffer);
    assert.equal(depth[8 * S + 3], 0.25);
    assert.equal(depth[8 * S + 12], 0.5);
  });

  test('blending: src-alpha over, and the blend constant', T, async () => {
    const d = await dev();
    const over = { color: { srcFactor: 'src-alpha', dstFactor: 'one-minus-src-alpha' }, alpha: { srcFactor: 'one', dstFactor: 'zero' } };
    const vb = vertexBuffer(d, quad(-1, -1, 1, 1, [1, 0, 0, 0.5]));
    const px = await expectNoError(d, () => render(d, target(d), (p) => { p.setPipeline(pipeline(d, { blend: over })); p.setVertexBuffer(0, vb); p.draw(6); }, { clear: BLUE }));
    const [r, g, b, a] = pixel(px, S, 5, 5);
    assert.ok(Math.abs(r - 128) <= 1 && g === 0 && Math.abs(b - 127) <= 1 && a === 128, `alpha blend gave ${[r, g, b, a]} (expected ~[128, 0, 127, 128], ±1)`);
    const constant = { color: { srcFactor: 'constant', dstFactor: 'zero' }, alpha: { srcFactor: 'one', dstFactor: 'zero' } };
    const white = vertexBuffer(d, quad(-1, -1, 1, 1, [1, 1, 1, 1]));
    const px2 = await expectNoError(d, () => render(d, target(d), (p) => {
      p.setPipeline(pipeline(d, { blend: constant })); p.setBlendConstant([0.25, 0.5, 1, 1]); p.setVertexBuffer(0, white); p.draw(6);
    }));
    const [r2, g2, b2] = pixel(px2, S, 5, 5);
    assert.ok(Math.abs(r2 - 64) <= 1 && Math.abs(g2 - 128) <= 1 && b2 === 255, `constant blend gave ${[r2, g2, b2]}`);
  });

  test('write mask: only the enabled channels are written', T, async () => {
    const d = await dev();
    const vb = vertexBuffer(d, quad(-1, -1, 1, 1, [1, 1, 1, 1]));
    const px = await expectNoError(d, () => render(d, target(d), (p) => {
      p.setPipeline(pipeline(d, { writeMask: GPUColorWrite.RED | GPUColorWrite.ALPHA })); p.setVertexBuffer(0, vb); p.draw(6);
    }, { clear: [0, 0, 0, 0] }));
    assert.deepEqual(pixel(px, S, 4, 4), [255, 0, 0, 255]);
  });

  test('scissor rect and viewport restrict where a full-target quad lands', T, async () => {
    const d = await dev();
    const vb = vertexBuffer(d, quad(-1, -1, 1, 1, GREEN));
    const scissored = await expectNoError(d, () => render(d, target(d), (p) => { p.setPipeline(pipeline(d)); p.setVertexBuffer(0, vb); p.setScissorRect(4, 2, 8, 4); p.draw(6); }));
    for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) {
      const inside = x >= 4 && x < 12 && y >= 2 && y < 6;
      assert.deepEqual(pixel(scissored, S, x, y), inside ? [0, 255, 0, 255] : [0, 0, 0, 255], `scissor (${x}, ${y})`);
    }
    const viewported = await expectNoError(d, () => render(d, target(d), (p) => { p.setPipeline(pipeline(d)); p.setVertexBuffer(0, vb); p.setViewport(8, 8, 8, 8, 0, 1); p.draw(6); }));
    for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) {
      assert.deepEqual(pixel(viewported, S, x, y), x >= 8 && y >= 8 ? [0, 255, 0, 255] : [0, 0, 0, 255], `viewport (${x}, ${y})`);
    }
  });

  test('stencil: reference written with "replace", then only equal pixels pass', T, async () => {
    const d = await dev();
    const ds = d.createTexture({ size: [S, S], format: 'stencil8', usage: GPUTextureUsage.RENDER_ATTACHMENT });
    const write = pipeline(d, { writeMask: 0, stencil: { format: 'stencil8', stencilFront: { compare: 'always', passOp: 'replace' }, stencilBack: { compare: 'always', passOp: 'replace' } } });
    const test_ = pipeline(d, { stencil: { format: 'stencil8', stencilFront: { compare: 'equal' }, stencilBack: { compare: 'equal' } } });
    const left = vertexBuffer(d, quad(-1, -1, 0, 1, RED));
    const all = vertexBuffer(d, quad(-1, -1, 1, 1, BLUE));
    const px = await expectNoError(d, () => render(d, target(d), (p) => {
      p.setStencilReference(7);
      p.setPipeline(write); p.setVertexBuffer(0, left); p.draw(6);
      p.setPipeline(test_); p.setVertexBuffer(0, all); p.draw(6);
    }, { depthStencil: { view: ds.createView(), stencilLoadOp: 'clear', stencilStoreOp: 'store', stencilClearValue: 0 } }));
    assert.deepEqual(pixel(px, S, 2, 5), [0, 0, 255, 255]);
    assert.deepEqual(pixel(px, S, 13, 5), [0, 0, 0, 255]);
  });

  test('MSAA: 4x render resolved into a single-sample texture (edges get coverage blends)', T, async () => {
    const d = await dev();
    const ms = target(d, { sampleCount: 4 });
    const resolve = target(d);
    const vb = vertexBuffer(d, [-1, -1, ...GREEN, 1, -1, ...GREEN, -1, 1, ...GREEN]);
    await expectNoError(d, () => {
      const enc = d.createCommandEncoder();
      const p = enc.beginRenderPass({ colorAttachments: [{ view: ms.createView(), resolveTarget: resolve.createView(), loadOp: 'clear', storeOp: 'discard', clearValue: [0, 0, 0, 1] }] });
      p.setPipeline(pipeline(d, { sampleCount: 4 })); p.setVertexBuffer(0, vb); p.draw(3);
      p.end();
      d.queue.submit([enc.finish()]);
    });
    const px = await readTexels(d, resolve);
    assert.deepEqual(pixel(px, S, 2, 13), [0, 255, 0, 255], 'interior');
    assert.deepEqual(pixel(px, S, 14, 1), [0, 0, 0, 255], 'exterior');
    const diagonal = Array.from({ length: S }, (_, i) => pixel(px, S, i, i)[1]);
    assert.ok(diagonal.some((g) => g > 0 && g < 255), `no partially covered pixel on the diagonal edge: ${diagonal}`);
  });

  test('indexed draws (uint16 / uint32, baseVertex), drawIndirect, drawIndexedIndirect', T, async () => {
    const d = await dev();
    // Four quads' corners; the index buffers pick one quad each.
    const corners = [];
    const boxes = [[-1, 0, 0, 1, RED], [0, 0, 1, 1, GREEN], [-1, -1, 0, 0, BLUE], [0, -1, 1, 0, [1, 1, 0, 1]]];
    for (const [x0, y0, x1, y1, c] of boxes) corners.push(x0, y0, ...c, x1, y0, ...c, x1, y1, ...c, x0, y1, ...c);
    const vb = vertexBuffer(d, corners);
    const mk = (Ctor, data, usage = GPUBufferUsage.INDEX) => {
      const a = new Ctor(data);
      const b = d.createBuffer({ size: Math.ceil(a.byteLength / 4) * 4, usage: usage | GPUBufferUsage.COPY_DST });
      d.queue.writeBuffer(b, 0, a.byteLength % 4 ? new Ctor([...data, 0]) : a);
      return b;
    };
    const quadIdx = [0, 1, 2, 0, 2, 3];
    const i16 = mk(Uint16Array, quadIdx);
    const i32 = mk(Uint32Array, quadIdx.map((i) => i + 4));
    const plain = vertexBuffer(d, boxes.flatMap(([x0, y0, x1, y1, c]) => quad(x0, y0, x1, y1, c))); // 6 vertices per box
    const indirect = mk(Uint32Array, [6, 1, 12, 0], GPUBufferUsage.INDIRECT);            // vertexCount 6 from vertex 12: box 2
    const indexedIndirect = mk(Uint32Array, [6, 1, 0, 8, 0], GPUBufferUsage.INDIRECT); // uint32 indices 4..7 + baseVertex 8: box 3
    const px = await expectNoError(d, () => render(d, target(d), (p) => {
      p.setPipeline(pipeline(d));
      p.setVertexBuffer(0, vb);
      p.setIndexBuffer(i16, 'uint16');
      p.drawIndexed(6);                 // box 0
      p.setIndexBuffer(i32, 'uint32');
      p.drawIndexed(6, 1, 0, 0);        // box 1 (indices + 4)
      p.setVertexBuffer(0, plain);
      p.drawIndirect(indirect, 0);      // box 2
      p.setVertexBuffer(0, vb);
      p.drawIndexedIndirect(indexedIndirect, 0); // box 3
    }, { clear: [0, 0, 0, 0] }));
    assert.deepEqual(pixel(px, S, 4, 4), [255, 0, 0, 255], 'drawIndexed uint16');
    assert.deepEqual(pixel(px, S, 12, 4), [0, 255, 0, 255], 'drawIndexed uint32');
    assert.deepEqual(pixel(px, S, 4, 12), [0, 0, 255, 255], 'drawIndirect');
    assert.deepEqual(pixel(px, S, 12, 12), [255, 255, 0, 255], 'drawIndexedIndirect');
  });

  test('instancing: a per-instance attribute offsets each instance', T, async () => {
    const d = await dev();
    const module = d.createShaderModule({ code: /* wgsl */ `
      @vertex fn vs(@location(0) p: vec2f, @location(1) offset: vec2f) -> @builtin(position) vec4f { return vec4f(p + offset, 0.0, 1.0); }
      @fragment fn fs() -> @location(0) vec4f { return vec4f(1.0, 1.0, 1.0, 1.0); }` });
    const p = d.createRenderPipeline({
      layout: 'auto',
      vertex: { module, buffers: [
        { arrayStride: 8, attributes: [{ shaderLocation: 0, offset: 0, format: 'float32x2' }] },
        { arrayStride: 8, stepMode: 'instance', attributes: [{ shaderLocation: 1, offset: 0, format: 'float32x2' }] },
      ] },
      fragment: { module, targets: [{ format: 'rgba8unorm' }] },
    });
    const mk = (arr) => { const a = new Float32Array(arr); const b = d.createBuffer({ size: a.byteLength, usage: GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST }); d.queue.writeBuffer(b, 0, a); return b; };
    const square = mk([-1, 0.5, -0.5, 0.5, -0.5, 1, -1, 0.5, -0.5, 1, -1, 1]); // top-left 4x4 pixel square
    const offsets = mk([0, 0, 1, 0, 0, -1, 1, -1]);
    const px = await expectNoError(d, () => render(d, target(d), (pass) => { pass.setPipeline(p); pass.setVertexBuffer(0, square); pass.setVertexBuffer(1, offsets); pass.draw(6, 4); }));
    for (const [x, y] of [[1, 1], [9, 1], [1, 9], [9, 9]]) assert.deepEqual(pixel(px, S, x, y), [255, 255, 255, 255], `instance at (${x}, ${y})`);
    assert.deepEqual(pixel(px, S, 5, 5), [0, 0, 0, 255], 'between instances');
  });

  test('createRenderPipelineAsync resolves to a working pipeline; debug groups and markers in a pass', T, async () => {
    const d = await dev();
    const module = d.createShaderModule({ code: SOLID_WGSL });
    const p = await d.createRenderPipelineAsync({ layout: 'auto', vertex: { module, entryPoint: 'vs', buffers: LAYOUT_2D }, fragment: { module, entryPoint: 'fs', targets: [{ format: 'rgba8unorm' }] } });
    assert.ok(p instanceof GPURenderPipeline);
    const vb = vertexBuffer(d, quad(-1, -1, 1, 1, RED));
    const px = await expectNoError(d, () => render(d, target(d), (pass) => {
      pass.pushDebugGroup('group'); pass.insertDebugMarker('marker');
      pass.setPipeline(p); pass.setVertexBuffer(0, vb); pass.draw(6);
      pass.popDebugGroup();
    }));
    assert.deepEqual(pixel(px, S, 8, 8), [255, 0, 0, 255]);
    assert.ok(p.getBindGroupLayout(0) instanceof GPUBindGroupLayout);
  });
});

describe('render passes: failure modes', () => {
  async function passError(d, record, what, desc) {
    await expectValidationError(d, () => {
      const enc = d.createCommandEncoder();
      const pass = enc.beginRenderPass(desc);
      record(pass);
      pass.end();
      enc.finish();
    }, what);
  }

  test('mismatched attachments, missing usage, draw without a pipeline', T, async () => {
    const d = await dev();
    const t = target(d);
    const colors = (view) => ({ colorAttachments: [{ view, loadOp: 'clear', storeOp: 'store' }] });
    const vb = vertexBuffer(d, quad(-1, -1, 1, 1, RED));
    await passError(d, (p) => { p.setPipeline(pipeline(d, { format: 'bgra8unorm' })); p.setVertexBuffer(0, vb); p.draw(6); }, 'pipeline format differs from the attachment', colors(t.createView()));
    await passError(d, (p) => p.draw(3), 'draw without a pipeline', colors(t.createView()));
    await passError(d, (p) => { p.setPipeline(pipeline(d)); p.draw(6); }, 'draw without the vertex buffer', colors(t.createView()));
    const noRA = d.createTexture({ size: [S, S], format: 'rgba8unorm', usage: GPUTextureUsage.COPY_SRC });
    await passError(d, () => {}, 'attachment without RENDER_ATTACHMENT', colors(noRA.createView()));
    const other = d.createTexture({ size: [8, 8], format: 'rgba8unorm', usage: RT() });
    await passError(d, () => {}, 'attachments of different sizes', {
      colorAttachments: [{ view: t.createView(), loadOp: 'clear', storeOp: 'store' }, { view: other.createView(), loadOp: 'clear', storeOp: 'store' }],
    });
    const depth = d.createTexture({ size: [8, 8], format: 'depth24plus', usage: GPUTextureUsage.RENDER_ATTACHMENT });
    await passError(d, () => {}, 'depth attachment of another size', { ...colors(t.createView()), depthStencilAttachment: { view: depth.createView(), depthLoadOp: 'clear', depthStoreOp: 'store', depthClearValue: 1 } });
    await probeDevice(d);
  });

  test('pipeline descriptor rules: write mask bits, depthWriteEnabled, targets, async rejection', T, async () => {
    const d = await dev();
    await expectValidationError(d, () => pipeline(d, { writeMask: 0x10 }), 'unknown GPUColorWrite bits');
    await expectValidationError(d, () => pipeline(d, { depth: { format: 'depth24plus', depthCompare: 'less' } }), 'depth format without depthWriteEnabled');
    await expectValidationError(d, () => pipeline(d, { format: 'depth24plus' }), 'depth format as a color target');
    const module = d.createShaderModule({ code: SOLID_WGSL });
    await expectValidationError(d, () => d.createRenderPipeline({ layout: 'auto', vertex: { module, entryPoint: 'nope' } }), 'unknown entry point');
    const err = await expectRejects(d.createRenderPipelineAsync({ layout: 'auto', vertex: { module, entryPoint: 'nope' } }), 'GPUPipelineError', 'async with a bad entry point');
    assert.equal(err.reason, 'validation');
    await probeDevice(d);
  });

  test('commands after end(), destroyed attachments at submit', T, async () => {
    const d = await dev();
    const t = target(d);
    await expectValidationError(d, () => {
      const enc = d.createCommandEncoder();
      const pass = enc.beginRenderPass({ colorAttachments: [{ view: t.createView(), loadOp: 'clear', storeOp: 'store' }] });
      pass.end();
      pass.draw(3); // an error now (wgpu-ts) or at finish (dawn.node)
      enc.finish();
    }, 'draw after end');
    const enc = d.createCommandEncoder();
    enc.beginRenderPass({ colorAttachments: [{ view: t.createView(), loadOp: 'clear', storeOp: 'store' }] }).end();
    const cb = enc.finish();
    t.destroy();
    await expectValidationError(d, () => d.queue.submit([cb]), 'submit with a destroyed attachment');
    await probeDevice(d);
  });
});
