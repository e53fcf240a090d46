// multiDrawIndirect & co.: which draws ran is counted by a storage counter per draw.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { native, device, readBuffer, validationErrorOf, T } from './helpers.mjs';

const { multiDrawIndirect, multiDrawIndexedIndirect, multiDrawIndirectCount, multiDrawIndexedIndirectCount } = native;

// Draw k covers the single pixel with vertices 3k..3k+2; its fragment adds 1 to hits[k].
const WGSL = `
@group(0) @binding(0) var<storage, read_write> hits: array<atomic<u32>, 8>;
struct VOut { @builtin(position) pos: vec4f, @location(0) @interpolate(flat) draw: u32 }
@vertex fn vs(@builtin(vertex_index) i: u32) -> VOut {
  var p = array(vec2f(-1, -1), vec2f(3, -1), vec2f(-1, 3));
  return VOut(vec4f(p[i % 3u], 0, 1), i / 3u);
}
@fragment fn fs(in: VOut) -> @location(0) vec4f { atomicAdd(&hits[in.draw], 1u); return vec4f(1); }`;

async function run(d, record) {
  const module = d.createShaderModule({ code: WGSL });
  const pipeline = d.createRenderPipeline({ layout: 'auto', vertex: { module }, fragment: { module, targets: [{ format: 'rgba8unorm' }] } });
  const hits = d.createBuffer({ size: 32, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const target = d.createTexture({ size: [1, 1], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT });
  // Draw args: 4 non-indexed draws (vertexCount, instanceCount, firstVertex, firstInstance) from offset 16.
  const args = new Uint32Array([0, 0, 0, 0, ...[0, 1, 2, 3].flatMap((k) => [3, 1, 3 * k, 0])]);
  const indexedArgs = new Uint32Array([...[0, 1, 2, 3].flatMap((k) => [3, 1, 0, 3 * k, 0])]); // baseVertex = 3k
  const mk = (data, usage) => { const b = d.createBuffer({ size: data.byteLength, usage: usage | GPUBufferUsage.COPY_DST }); d.queue.writeBuffer(b, 0, data); return b; };
  const bufs = {
    args: mk(args, GPUBufferUsage.INDIRECT), indexedArgs: mk(indexedArgs, GPUBufferUsage.INDIRECT),
    count: mk(new Uint32Array([7, 2]), GPUBufferUsage.INDIRECT), index: mk(new Uint32Array([0, 1, 2, 0]), GPUBufferUsage.INDEX),
  };
  const enc = d.createCommandEncoder();
  const pass = enc.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: 'clear', storeOp: 'store' }] });
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, d.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: hits } }] }));
  pass.setIndexBuffer(bufs.index, 'uint32');
  record(pass, bufs);
  pass.end();
  d.queue.submit([enc.finish()]);
  return Array.from(new Uint32Array(await readBuffer(d, hits)));
}

describe('multi-draw', () => {
  test('multiDrawIndirect runs `count` draws from the offset', T, async () => {
    const d = await device();
    assert.deepEqual(await run(d, (pass, b) => multiDrawIndirect(pass, b.args, { offset: 16, count: 3 })), [1, 1, 1, 0, 0, 0, 0, 0]);
    d.destroy();
  });

  test('multiDrawIndexedIndirect', T, async () => {
    const d = await device();
    assert.deepEqual(await run(d, (pass, b) => multiDrawIndexedIndirect(pass, b.indexedArgs, { count: 4 })), [1, 1, 1, 1, 0, 0, 0, 0]);
    d.destroy();
  });

  test('multiDrawIndirectCount / multiDrawIndexedIndirectCount read the count from a buffer (capped by maxCount)', T, async () => {
    const d = await device({ requiredFeatures: ['multi-draw-indirect-count'] });
    // count buffer holds 7 at offset 0 (capped to maxCount 4) and 2 at offset 4.
    assert.deepEqual(await run(d, (pass, b) => multiDrawIndirectCount(pass, b.args, { offset: 16, countBuffer: b.count, countBufferOffset: 4, maxCount: 4 })), [1, 1, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(await run(d, (pass, b) => multiDrawIndexedIndirectCount(pass, b.indexedArgs, { countBuffer: b.count, maxCount: 3 })), [1, 1, 1, 0, 0, 0, 0, 0]);
    d.destroy();
  });

  test('the count variants need their feature; compute passes are refused', T, async () => {
    const d = await device();
    const buf = d.createBuffer({ size: 64, usage: GPUBufferUsage.INDIRECT });
    const target = d.createTexture({ size: [1, 1], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT });
    const enc = d.createCommandEncoder();
    const pass = enc.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: 'clear', storeOp: 'store' }] });
    const err = await validationErrorOf(d, () => multiDrawIndirectCount(pass, buf, { countBuffer: buf, maxCount: 1 }));
    assert.match(err.message, /without the "multi-draw-indirect-count" feature/);
    pass.end();
    const cpass = enc.beginComputePass();
    assert.throws(() => multiDrawIndirect(cpass, buf, { count: 1 }), /expected a GPURenderPassEncoder/);
    assert.throws(() => multiDrawIndirect(cpass, buf, {}), TypeError);
    cpass.end();
    d.destroy();
  });
});
