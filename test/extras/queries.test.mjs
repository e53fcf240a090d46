// Pipeline-statistics queries (values in the caller's order) and timestamps inside encoders/passes.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { native, device, validationErrorOf, T } from './helpers.mjs';

const { createStatisticsQuerySet, beginPipelineStatisticsQuery, endPipelineStatisticsQuery, statisticsOf, writeTimestamp } = native;

async function resolve(d, encode, querySet, count, valuesPerQuery = 1) {
  const size = 8 * count * valuesPerQuery;
  const resolved = d.createBuffer({ size, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const rb = d.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = d.createCommandEncoder();
  encode(enc);
  enc.resolveQuerySet(querySet, 0, count, resolved, 0);
  enc.copyBufferToBuffer(resolved, 0, rb, 0, size);
  d.queue.submit([enc.finish()]);
  await rb.mapAsync(GPUMapMode.READ);
  const out = Array.from(new BigUint64Array(rb.getMappedRange()), Number);
  rb.unmap();
  return out;
}

const COMPUTE = `@group(0) @binding(0) var<storage, read_write> b: array<u32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) { b[id.x] = id.x; }`;
const RENDER = `@vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  var p = array(vec2f(-1, -1), vec2f(3, -1), vec2f(-1, 3)); return vec4f(p[i], 0, 1); }
@fragment fn fs() -> @location(0) vec4f { return vec4f(1); }`;

describe('pipeline statistics', () => {
  test('compute: compute-shader-invocations counts the invocations', T, async () => {
    const d = await device({ requiredFeatures: ['pipeline-statistics-query'] });
    const qs = createStatisticsQuerySet(d, { count: 1, statistics: ['compute-shader-invocations'] });
    assert.equal(qs.type, 'pipeline-statistics');
    const pipeline = d.createComputePipeline({ layout: 'auto', compute: { module: d.createShaderModule({ code: COMPUTE }) } });
    const buf = d.createBuffer({ size: 256 * 4, usage: GPUBufferUsage.STORAGE });
    d.pushErrorScope('validation');
    const [n] = await resolve(d, (enc) => {
      const pass = enc.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, d.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] }));
      beginPipelineStatisticsQuery(pass, qs, 0);
      pass.dispatchWorkgroups(4);
      endPipelineStatisticsQuery(pass);
      pass.end();
    }, qs, 1);
    assert.equal(await d.popErrorScope(), null);
    assert.equal(n, 256);
    d.destroy();
  });

  test('render: values come back in the order the statistics were listed (not wgpu\'s sorted order)', T, async () => {
    const d = await device({ requiredFeatures: ['pipeline-statistics-query'] });
    const statistics = ['fragment-shader-invocations', 'clipper-invocations', 'vertex-shader-invocations'];
    const qs = createStatisticsQuerySet(d, { label: 'stats', count: 2, statistics });
    assert.deepEqual(statisticsOf(qs), statistics);
    const module = d.createShaderModule({ code: RENDER });
    const pipeline = d.createRenderPipeline({ layout: 'auto', vertex: { module }, fragment: { module, targets: [{ format: 'rgba8unorm' }] } });
    const target = d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT });
    d.pushErrorScope('validation');
    const values = await resolve(d, (enc) => {
      const pass = enc.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: 'clear', storeOp: 'store' }] });
      pass.setPipeline(pipeline);
      beginPipelineStatisticsQuery(pass, qs, 0);
      pass.draw(3);                // one triangle over the 16 pixels
      endPipelineStatisticsQuery(pass);
      beginPipelineStatisticsQuery(pass, qs, 1);
      pass.draw(3, 2);             // two instances of it
      endPipelineStatisticsQuery(pass);
      pass.end();
    }, qs, 2, 3);
    assert.equal(await d.popErrorScope(), null);
    const [frag0, prims0, verts0, frag1, prims1, verts1] = values;
    assert.deepEqual({ frag0, prims0, verts0 }, { frag0: 16, prims0: 1, verts0: 3 });
    assert.deepEqual({ frag1, prims1, verts1 }, { frag1: 32, prims1: 2, verts1: 6 });
    d.destroy();
  });

  test('errors: no feature, duplicates, wrong query set type, destination without COPY_DST', T, async () => {
    const plain = await device();
    let err = await validationErrorOf(plain, () => createStatisticsQuerySet(plain, { count: 1, statistics: ['vertex-shader-invocations'] }));
    assert.match(err.message, /without the "pipeline-statistics-query" feature/);
    assert.throws(() => createStatisticsQuerySet(plain, { count: 1, statistics: ['bogus'] }), TypeError);
    plain.destroy();
    const d = await device({ requiredFeatures: ['pipeline-statistics-query'] });
    err = await validationErrorOf(d, () => createStatisticsQuerySet(d, { count: 1, statistics: ['clipper-invocations', 'clipper-invocations'] }));
    assert.match(err.message, /lists a statistic twice/);
    const occlusion = d.createQuerySet({ type: 'occlusion', count: 1 });
    const enc = d.createCommandEncoder();
    const pass = enc.beginComputePass();
    err = await validationErrorOf(d, () => beginPipelineStatisticsQuery(pass, occlusion, 0));
    assert.match(err.message, /not a pipeline-statistics query set/);
    pass.end();
    const qs = createStatisticsQuerySet(d, { count: 1, statistics: ['compute-shader-invocations', 'vertex-shader-invocations'] });
    const resolveOnly = d.createBuffer({ size: 256, usage: GPUBufferUsage.QUERY_RESOLVE });
    enc.resolveQuerySet(qs, 0, 1, resolveOnly, 0);
    err = await validationErrorOf(d, () => enc.finish());
    assert.match(err.message, /needs COPY_DST as well as QUERY_RESOLVE/);
    d.destroy();
  });
});

describe('timestamps inside encoders and passes', () => {
  test('writeTimestamp on a command encoder, a compute pass and a render pass: increasing values', T, async () => {
    const d = await device({ requiredFeatures: ['timestamp-query', 'timestamp-query-inside-encoders', 'timestamp-query-inside-passes'] });
    const qs = d.createQuerySet({ type: 'timestamp', count: 4 });
    const module = d.createShaderModule({ code: RENDER });
    const pipeline = d.createRenderPipeline({ layout: 'auto', vertex: { module }, fragment: { module, targets: [{ format: 'rgba8unorm' }] } });
    const target = d.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT });
    d.pushErrorScope('validation');
    const t = await resolve(d, (enc) => {
      writeTimestamp(enc, qs, 0);
      const cpass = enc.beginComputePass();
      writeTimestamp(cpass, qs, 1);
      cpass.end();
      const rpass = enc.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: 'clear', storeOp: 'store' }] });
      rpass.setPipeline(pipeline);
      rpass.draw(3);
      writeTimestamp(rpass, qs, 2);
      rpass.end();
      writeTimestamp(enc, qs, 3);
    }, qs, 4);
    assert.equal(await d.popErrorScope(), null);
    assert.ok(t[0] > 0, `timestamps are written (got ${t})`);
    for (let i = 1; i < 4; i++) assert.ok(t[i] >= t[i - 1], `timestamp ${i} (${t[i]}) >= timestamp ${i - 1} (${t[i - 1]})`);
    d.destroy();
  });

  test('features, query type and index are checked', T, async () => {
    const d = await device({ requiredFeatures: ['timestamp-query'] });
    const qs = d.createQuerySet({ type: 'timestamp', count: 2 });
    const enc = d.createCommandEncoder();
    const pass = enc.beginComputePass();
    let err = await validationErrorOf(d, () => writeTimestamp(pass, qs, 0));
    assert.match(err.message, /"timestamp-query-inside-passes"/);
    pass.end();
    err = await validationErrorOf(d, () => writeTimestamp(enc, qs, 0));
    assert.match(err.message, /"timestamp-query-inside-encoders"/);
    d.destroy();
    const d2 = await device({ requiredFeatures: ['timestamp-query', 'timestamp-query-inside-encoders'] });
    const qs2 = d2.createQuerySet({ type: 'timestamp', count: 2 });
    const occ = d2.createQuerySet({ type: 'occlusion', count: 2 });
    const e2 = d2.createCommandEncoder();
    writeTimestamp(e2, qs2, 5);
    err = await validationErrorOf(d2, () => e2.finish());
    assert.match(err.message, /query index 5 is out of range/);
    const e3 = d2.createCommandEncoder();
    writeTimestamp(e3, occ, 0);
    err = await validationErrorOf(d2, () => e3.finish());
    assert.match(err.message, /occlusion query set, not a timestamp one/);
    d2.destroy();
  });
});
