// Compute-pass coalescing (issue 15, encoding/pass-end.ts): adjacent compute passes replayed as one native
// pass must give the same results and the same validation errors as pass-by-pass replay. Random pass
// sequences (seeded) run twice on one device, with coalescing on and off, and are compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gpu } from 'wgpu-ts/backends/wgpu-native';
import { installGlobals } from 'wgpu-ts';
import { coalescing } from '../../dist/backends/wgpu-native/encoding/pass-end.js';

installGlobals();
const T = { timeout: 120_000 };

// Order-sensitive kernels: a dispatch that saw another pass's bind group or pipeline changes the result.
const CODE = `
@group(0) @binding(0) var<storage, read_write> b: array<u32>;
@group(1) @binding(0) var<uniform> k: vec4u;
@compute @workgroup_size(1) fn a() { b[0] = b[0] * 3u + k.x; b[1] += 1u; }
@compute @workgroup_size(1) fn b2() { b[0] = b[0] * 5u + 1u; b[2] += 1u; }`;

function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

async function setup() {
  const device = await (await gpu.requestAdapter()).requestDevice();
  const l0 = device.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } }] });
  const l1 = device.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } }] });
  const module = device.createShaderModule({ code: CODE });
  const pA = device.createComputePipeline({ layout: device.createPipelineLayout({ bindGroupLayouts: [l0, l1] }), compute: { module, entryPoint: 'a' } });
  const pB = device.createComputePipeline({ layout: device.createPipelineLayout({ bindGroupLayouts: [l0] }), compute: { module, entryPoint: 'b2' } });
  const out = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const other = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const uni = [1, 7].map((v) => { const u = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }); device.queue.writeBuffer(u, 0, new Uint32Array([v, 0, 0, 0])); return u; });
  const g0 = [out, other].map((buffer) => device.createBindGroup({ layout: l0, entries: [{ binding: 0, resource: { buffer } }] }));
  const g1 = uni.map((buffer) => device.createBindGroup({ layout: l1, entries: [{ binding: 0, resource: { buffer } }] }));
  const rb = device.createBuffer({ size: 32, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  return { device, pA, pB, out, other, g0, g1, rb };
}

/** One random encoder: a list of steps, replayed identically in both modes. */
function program(seed) {
  const r = rng(seed);
  const steps = [];
  const passes = 1 + Math.floor(r() * 8);
  for (let p = 0; p < passes; p++) {
    const label = r() < 0.15 ? 'other' : '';
    const tw = false;
    const ops = [];
    const n = Math.floor(r() * 6);
    for (let i = 0; i < n; i++) {
      const x = r();
      if (x < 0.2) ops.push(['pipeline', r() < 0.6 ? 'A' : 'B']);
      else if (x < 0.4) ops.push(['group', 0, r() < 0.85 ? 0 : 1]);
      else if (x < 0.6) ops.push(['group', 1, r() < 0.5 ? 0 : 1]);
      else if (x < 0.63) ops.push(['group', 1, null]);
      else if (x < 0.9) ops.push(['dispatch']);
      else if (x < 0.95) ops.push(['marker']);
      else ops.push(['debuggroup']);
    }
    // Most passes set up their state first, as real programs do.
    if (r() < 0.7) ops.unshift(['pipeline', r() < 0.6 ? 'A' : 'B'], ['group', 0, 0], ['group', 1, r() < 0.5 ? 0 : 1]);
    steps.push({ kind: 'pass', label, tw, ops });
    if (r() < 0.1) steps.push({ kind: 'copy' });
  }
  return steps;
}

async function runProgram(ctx, steps) {
  const { device, pA, pB, out, other, g0, g1, rb } = ctx;
  device.queue.writeBuffer(out, 0, new Uint32Array([1, 0, 0, 0]));
  device.queue.writeBuffer(other, 0, new Uint32Array([2, 0, 0, 0]));
  device.pushErrorScope('validation');
  const enc = device.createCommandEncoder();
  for (const st of steps) {
    if (st.kind === 'copy') { enc.copyBufferToBuffer(other, 0, out, 12, 4); continue; }
    const pass = enc.beginComputePass({ label: st.label });
    for (const op of st.ops) {
      if (op[0] === 'pipeline') pass.setPipeline(op[1] === 'A' ? pA : pB);
      else if (op[0] === 'group') pass.setBindGroup(op[1], op[2] === null ? null : (op[1] === 0 ? g0 : g1)[op[2]]);
      else if (op[0] === 'dispatch') pass.dispatchWorkgroups(1);
      else if (op[0] === 'marker') pass.insertDebugMarker('m');
      else { pass.pushDebugGroup('g'); pass.dispatchWorkgroups(1); pass.popDebugGroup(); }
    }
    pass.end();
  }
  enc.copyBufferToBuffer(out, 0, rb, 0, 16);
  enc.copyBufferToBuffer(other, 0, rb, 16, 16);
  const cb = enc.finish();
  const finishError = await device.popErrorScope();
  device.pushErrorScope('validation');
  device.queue.submit([cb]);
  const submitError = await device.popErrorScope();
  let data = null;
  if (!finishError) {
    await rb.mapAsync(GPUMapMode.READ);
    data = Array.from(new Uint32Array(rb.getMappedRange().slice(0)));
    rb.unmap();
  }
  return { finishError: finishError?.message ?? null, submitError: submitError?.message ?? null, data };
}

test('coalesced and pass-by-pass replay give identical results and validation errors (300 random encoders)', T, async () => {
  const ctx = await setup();
  let errors = 0, valid = 0;
  try {
    for (let seed = 1; seed <= 300; seed++) {
      const steps = program(seed);
      coalescing.enabled = true;
      const on = await runProgram(ctx, steps);
      coalescing.enabled = false;
      const off = await runProgram(ctx, steps);
      assert.deepEqual(on, off, `seed ${seed}: ${JSON.stringify(steps)}`);
      if (on.finishError) errors++; else valid++;
    }
  } finally {
    coalescing.enabled = true;
  }
  // The sample must hold both kinds, or the comparison proves little.
  assert.ok(errors >= 20 && valid >= 50, `errors ${errors}, valid ${valid}`);
  ctx.device.destroy();
});

test('many small passes that each set their state are merged, and compute the same', T, async () => {
  const ctx = await setup();
  const steps = Array.from({ length: 200 }, (_, i) => ({ kind: 'pass', label: '', ops: [['pipeline', i % 3 ? 'A' : 'B'], ['group', 0, 0], ['group', 1, i % 2], ['dispatch']] }));
  coalescing.enabled = true;
  const on = await runProgram(ctx, steps);
  coalescing.enabled = false;
  const off = await runProgram(ctx, steps);
  coalescing.enabled = true;
  assert.equal(on.finishError, null);
  assert.deepEqual(on, off);
  ctx.device.destroy();
});

test('a pass relying on state an earlier pass set is not merged: missing bind group is still an error', T, async () => {
  const ctx = await setup();
  const steps = [
    { kind: 'pass', label: '', ops: [['pipeline', 'A'], ['group', 0, 0], ['group', 1, 0], ['dispatch']] },
    { kind: 'pass', label: '', ops: [['pipeline', 'A'], ['group', 0, 0], ['dispatch']] }, // group 1 unset here
  ];
  const r = await runProgram(ctx, steps);
  assert.ok(r.finishError, 'the second pass dispatches without bind group 1: a validation error');
  const noPipeline = await runProgram(ctx, [steps[0], { kind: 'pass', label: '', ops: [['group', 0, 0], ['group', 1, 0], ['dispatch']] }]);
  assert.ok(noPipeline.finishError, 'dispatch without a pipeline in its own pass: a validation error');
  ctx.device.destroy();
});
