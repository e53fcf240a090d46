// Shader runtime checks (issue 15): createShaderModuleTrusted / setShaderRuntimeChecks go through
// wgpuDeviceCreateShaderModuleTrusted with the chosen WGPUShaderRuntimeChecks; the default keeps bounds checks (and drops
// forced loop bounding only where every loop is proven to end: test/native/loop-termination.test.mjs).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { native, device, readBuffer, validationErrorOf, T } from './helpers.mjs';

const { createShaderModuleTrusted, setShaderRuntimeChecks, getShaderRuntimeChecks } = native;

// o[i] = sum of a loop whose trip count comes from a uniform, and a clamped-by-naga index when checks are on.
const KERNEL = `
@group(0) @binding(0) var<storage, read_write> o: array<u32>;
@group(0) @binding(1) var<uniform> u: vec4u;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  var acc = 0u;
  for (var k = 0u; k < u.x; k++) { acc += k ^ g.x; }
  var small = array<u32, 4>(10u, 20u, 30u, 40u);
  o[g.x] = acc + small[g.x & 3u];
}
// indexes past the end of a function-local array (an index from a uniform, so no compile-time error)
@compute @workgroup_size(1) fn oob() {
  var small = array<u32, 4>(10u, 20u, 30u, 40u);
  o[0] = small[u.y];
}`;

async function run(d, module, entryPoint, groups, uniform) {
  const o = d.createBuffer({ size: 256 * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const u = d.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  d.queue.writeBuffer(u, 0, new Uint32Array(uniform));
  const pipeline = d.createComputePipeline({ layout: 'auto', compute: { module, entryPoint } });
  const layout = d.createBindGroupLayout({ entries: [
    { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
    { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } }] });
  const p2 = d.createComputePipeline({ layout: d.createPipelineLayout({ bindGroupLayouts: [layout] }), compute: { module, entryPoint } });
  void pipeline;
  const bg = d.createBindGroup({ layout, entries: [{ binding: 0, resource: { buffer: o } }, { binding: 1, resource: { buffer: u } }] });
  const enc = d.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(p2); pass.setBindGroup(0, bg); pass.dispatchWorkgroups(groups); pass.end();
  d.queue.submit([enc.finish()]);
  return new Uint32Array(await readBuffer(d, o));
}

function expected(n) {
  return Array.from({ length: 256 }, (_, x) => { let a = 0; for (let k = 0; k < n; k++) a += (k ^ x) >>> 0; return (a + [10, 20, 30, 40][x & 3]) >>> 0; });
}

describe('shader runtime checks', () => {
  for (const checks of [{}, { boundsChecks: false }, { forceLoopBounding: false }, { boundsChecks: false, forceLoopBounding: false }]) {
    test(`createShaderModuleTrusted(${JSON.stringify(checks)}) computes the same results`, T, async () => {
      const d = await device();
      const err = await validationErrorOf(d, () => createShaderModuleTrusted(d, { code: KERNEL }, checks));
      assert.equal(err, null);
      const m = createShaderModuleTrusted(d, { code: KERNEL }, checks);
      assert.deepEqual(Array.from(await run(d, m, 'main', 4, [37, 0, 0, 0])), expected(37));
      d.destroy();
    });
  }

  test('the default module clamps an out-of-range index (bounds checks on)', T, async () => {
    const d = await device();
    const out = await run(d, d.createShaderModule({ code: KERNEL }), 'oob', 1, [0, 9, 0, 0]);
    assert.equal(out[0], 40); // naga's Restrict policy: index clamped to the last element
    d.destroy();
  });

  test('setShaderRuntimeChecks sets the default of later createShaderModule calls; null restores it', T, async () => {
    const d = await device();
    assert.deepEqual(getShaderRuntimeChecks(d), { boundsChecks: true, forceLoopBounding: true });
    setShaderRuntimeChecks(d, { forceLoopBounding: false });
    assert.deepEqual(getShaderRuntimeChecks(d), { boundsChecks: true, forceLoopBounding: false });
    const m = d.createShaderModule({ code: KERNEL });
    assert.deepEqual(Array.from(await run(d, m, 'main', 4, [5, 0, 0, 0])), expected(5));
    setShaderRuntimeChecks(d, null);
    assert.deepEqual(getShaderRuntimeChecks(d), { boundsChecks: true, forceLoopBounding: true });
    const other = await device();
    assert.deepEqual(getShaderRuntimeChecks(other), { boundsChecks: true, forceLoopBounding: true }, 'per device');
    d.destroy(); other.destroy();
  });

  test('bad WGSL through the trusted path is a validation error with compilation messages, not a crash', T, async () => {
    const d = await device();
    let m;
    const err = await validationErrorOf(d, () => { m = createShaderModuleTrusted(d, { code: 'fn main( {' }, { boundsChecks: false }); });
    assert.ok(err, 'a validation error');
    const info = await m.getCompilationInfo();
    assert.equal(info.messages[0].type, 'error');
    assert.equal(info.messages[0].lineNum, 1);
    d.destroy();
  });

  test('bad arguments throw TypeErrors naming the field', T, async () => {
    const d = await device();
    assert.throws(() => createShaderModuleTrusted(d, { code: KERNEL }, { boundsChecks: 0 }), /createShaderModuleTrusted\(checks\)\.boundsChecks/);
    assert.throws(() => setShaderRuntimeChecks(d, 'none'), /setShaderRuntimeChecks\(checks\)/);
    assert.throws(() => createShaderModuleTrusted({}, { code: KERNEL }), /createShaderModuleTrusted\(device\)/);
    d.destroy();
  });
});
