// Query sets: occlusion counts, timestamps (timestampWrites on compute and render passes, monotonic),
// resolveQuerySet, querySet.destroy and their failure modes.
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import { getAdapter, getDevice, readBuffer, expectValidationError, expectNoError, probeDevice, T } from '../harness.mjs';
import { RT, vertexBuffer, quadZ, LAYOUT_3D, SOLID_WGSL } from './texture-helpers.mjs';

const S = 16;

describe('query sets', () => {
  test('occlusion: visible draws count samples, a draw hidden by the depth test counts zero', T, async () => {
    const d = await getDevice();
    const module = d.createShaderModule({ code: SOLID_WGSL });
    const pipeline = d.createRenderPipeline({
      layout: 'auto', vertex: { module, entryPoint: 'vs_depth', buffers: LAYOUT_3D }, fragment: { module, entryPoint: 'fs', targets: [{ format: 'rgba8unorm' }] },
      depthStencil: { format: 'depth32float', depthWriteEnabled: true, depthCompare: 'less' },
    });
    const qs = d.createQuerySet({ type: 'occlusion', count: 3, label: 'occ' });
    assert.equal(qs.type, 'occlusion');
    assert.equal(qs.count, 3);
    assert.equal(qs.label, 'occ');
    const near = vertexBuffer(d, quadZ(-1, -1, 1, 1, 0.2, [1, 0, 0, 1]));
    const far = vertexBuffer(d, quadZ(-1, -1, 1, 1, 0.8, [0, 1, 0, 1]));
    const small = vertexBuffer(d, quadZ(-1, -1, 0, 0, 0.1, [0, 0, 1, 1]));
    const resolve = d.createBuffer({ size: 24, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    await expectNoError(d, () => {
      const color = d.createTexture({ size: [S, S], format: 'rgba8unorm', usage: RT() });
      const depth = d.createTexture({ size: [S, S], format: 'depth32float', usage: GPUTextureUsage.RENDER_ATTACHMENT });
      const enc = d.createCommandEncoder();
      const p = enc.beginRenderPass({
        colorAttachments: [{ view: color.createView(), loadOp: 'clear', storeOp: 'store' }],
        depthStencilAttachment: { view: depth.createView(), depthLoadOp: 'clear', depthStoreOp: 'store', depthClearValue: 1 },
        occlusionQuerySet: qs,
      });
      p.setPipeline(pipeline);
      p.beginOcclusionQuery(0); p.setVertexBuffer(0, near); p.draw(6); p.endOcclusionQuery();
      p.beginOcclusionQuery(1); p.setVertexBuffer(0, far); p.draw(6); p.endOcclusionQuery();
      p.beginOcclusionQuery(2); p.setVertexBuffer(0, small); p.draw(6); p.endOcclusionQuery();
      p.end();
      enc.resolveQuerySet(qs, 0, 3, resolve, 0);
      d.queue.submit([enc.finish()]);
    });
    const [visible, hidden, quarter] = new BigUint64Array(await readBuffer(d, resolve));
    assert.ok(visible > 0n, `visible draw: ${visible}`);
    assert.equal(hidden, 0n, 'hidden draw');
    assert.ok(quarter > 0n && quarter <= visible, `quarter-screen draw: ${quarter} (full: ${visible})`);
    qs.destroy();
  });

  test('timestamps: timestampWrites on compute and render passes are monotonic', T, async (t) => {
    const adapter = await getAdapter();
    if (!adapter.features.has('timestamp-query')) { t.skip('the adapter lacks timestamp-query'); return; }
    const d = await adapter.requestDevice({ requiredFeatures: ['timestamp-query'] });
    const qs = d.createQuerySet({ type: 'timestamp', count: 4 });
    const resolve = d.createBuffer({ size: 32, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    await expectNoError(d, () => {
      const module = d.createShaderModule({ code: '@compute @workgroup_size(1) fn main() {}' });
      const pipeline = d.createComputePipeline({ layout: 'auto', compute: { module } });
      const color = d.createTexture({ size: [S, S], format: 'rgba8unorm', usage: RT() });
      const enc = d.createCommandEncoder();
      const c = enc.beginComputePass({ timestampWrites: { querySet: qs, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } });
      c.setPipeline(pipeline); c.dispatchWorkgroups(1); c.end();
      const r = enc.beginRenderPass({
        colorAttachments: [{ view: color.createView(), loadOp: 'clear', storeOp: 'store' }],
        timestampWrites: { querySet: qs, beginningOfPassWriteIndex: 2, endOfPassWriteIndex: 3 },
      });
      r.end();
      enc.resolveQuerySet(qs, 0, 4, resolve, 0);
      d.queue.submit([enc.finish()]);
    });
    const ts = new BigUint64Array(await readBuffer(d, resolve));
    assert.ok(ts[0] > 0n, `first timestamp ${ts[0]}`);
    for (let i = 1; i < 4; i++) assert.ok(ts[i] >= ts[i - 1], `timestamps not monotonic: ${ts}`);
    d.destroy();
  });

  test('failure modes: destroyed query sets, bad resolve ranges and offsets, wrong types', T, async () => {
    const d = await getDevice();
    const qs = d.createQuerySet({ type: 'occlusion', count: 2 });
    const resolve = d.createBuffer({ size: 512, usage: GPUBufferUsage.QUERY_RESOLVE });
    const noUsage = d.createBuffer({ size: 512, usage: GPUBufferUsage.COPY_DST });
    const encode = (f) => () => { const e = d.createCommandEncoder(); f(e); e.finish(); };
    await expectValidationError(d, encode((e) => e.resolveQuerySet(qs, 0, 3, resolve, 0)), 'resolving past the count');
    await expectValidationError(d, encode((e) => e.resolveQuerySet(qs, 0, 2, resolve, 8)), 'destinationOffset not a multiple of 256');
    await expectValidationError(d, encode((e) => e.resolveQuerySet(qs, 0, 2, noUsage, 0)), 'destination without QUERY_RESOLVE');
    await expectValidationError(d, () => d.createQuerySet({ type: 'occlusion', count: 5000 }), 'count over 4096');
    // Destroyed after recording: submit refuses the command buffer.
    const e = d.createCommandEncoder();
    e.resolveQuerySet(qs, 0, 2, resolve, 0);
    const cb = e.finish();
    qs.destroy();
    await expectValidationError(d, () => d.queue.submit([cb]), 'submit with a destroyed query set');
    await expectValidationError(d, () => {
      const e2 = d.createCommandEncoder();
      e2.resolveQuerySet(qs, 0, 2, resolve, 0);
      d.queue.submit([e2.finish()]);
    }, 'resolving a destroyed query set');
    // An invalid object still fails finish() when the other one is destroyed (which alone fails only submit).
    let invalidSet, invalidBuffer;
    await expectValidationError(d, () => { invalidSet = d.createQuerySet({ type: 'occlusion', count: 5000 }); });
    const destroyedBuffer = d.createBuffer({ size: 512, usage: GPUBufferUsage.QUERY_RESOLVE });
    destroyedBuffer.destroy();
    await expectValidationError(d, encode((e2) => e2.resolveQuerySet(invalidSet, 0, 1, destroyedBuffer, 0)), 'an invalid query set into a destroyed buffer');
    await expectValidationError(d, () => { invalidBuffer = d.createBuffer({ size: d.limits.maxBufferSize + 256, usage: GPUBufferUsage.QUERY_RESOLVE }); });
    await expectValidationError(d, encode((e2) => e2.resolveQuerySet(qs, 0, 1, invalidBuffer, 0)), 'a destroyed query set into an invalid buffer');
    qs.destroy(); // twice is fine
    await probeDevice(d);
  });
  test('an empty query set (count 0) is valid; no command can use a query of it', T, async () => {
    const d = await getDevice();
    const empty = await expectNoError(d, () => d.createQuerySet({ type: 'occlusion', count: 0, label: 'empty' }), 'createQuerySet count 0');
    assert.equal(empty.count, 0);
    const resolve = d.createBuffer({ size: 256, usage: GPUBufferUsage.QUERY_RESOLVE });
    const color = d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: RT() });
    const encode = (f) => () => { const e = d.createCommandEncoder(); f(e); e.finish(); };
    const pass = (e, occlusionQuerySet, body) => {
      const p = e.beginRenderPass({ colorAttachments: [{ view: color.createView(), loadOp: 'clear', storeOp: 'store' }], occlusionQuerySet });
      body(p);
      p.end();
    };
    await expectNoError(d, encode((e) => pass(e, empty, () => {})), 'a pass with an empty occlusion query set');
    await expectValidationError(d, encode((e) => pass(e, empty, (p) => { p.beginOcclusionQuery(0); p.endOcclusionQuery(); })), 'beginOcclusionQuery(0) of an empty set');
    await expectValidationError(d, encode((e) => e.resolveQuerySet(empty, 0, 0, resolve, 0)), 'resolveQuerySet firstQuery 0 of an empty set');
    await expectValidationError(d, encode((e) => e.resolveQuerySet(empty, 0, 1, resolve, 0)), 'resolveQuerySet of query 0 of an empty set');
    const occ = d.createQuerySet({ type: 'occlusion', count: 2 });
    await expectValidationError(d, encode((e) => pass(e, occ, (p) => { p.beginOcclusionQuery(2); p.endOcclusionQuery(); })), 'beginOcclusionQuery past the count');
    await expectValidationError(d, encode((e) => e.resolveQuerySet(occ, 2, 0, resolve, 0)), 'firstQuery equal to the count');
    const adapter = await getAdapter();
    if (adapter.features.has('timestamp-query')) {
      const td = await adapter.requestDevice({ requiredFeatures: ['timestamp-query'] });
      const ts = await expectNoError(td, () => td.createQuerySet({ type: 'timestamp', count: 0 }), 'an empty timestamp query set');
      await expectValidationError(td, () => {
        const e = td.createCommandEncoder();
        e.beginComputePass({ timestampWrites: { querySet: ts, beginningOfPassWriteIndex: 0 } }).end();
        e.finish();
      }, 'timestampWrites into an empty set');
      td.destroy();
    }
    await probeDevice(d);
  });
});
