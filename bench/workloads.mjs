// The benchmark workloads of issue 6, written once against the standard JS WebGPU API.
// Used by every JS contender (dawn.node, wgpu-ts on wgpu-native, wgpu-ts js-webgpu over dawn.node) through
// bench/contender-js.mjs. The C floor (bench/c/floor.c) and wgpu-py (bench/wgpu_py_bench.py) mirror these
// functions one to one; keep the three in step (same row keys, same timed regions, same sizes).
//
// Only numeric constants and plain descriptors are used (no GPUBufferUsage etc. globals), so that any
// implementation of the API can be measured.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const shader = (name) => readFileSync(join(here, 'shaders', name), 'utf8');

// WebGPU flag values (from the spec).
const BU = { MAP_READ: 1, MAP_WRITE: 2, COPY_SRC: 4, COPY_DST: 8, INDEX: 16, VERTEX: 32, UNIFORM: 64, STORAGE: 128 };
const MAP = { READ: 1, WRITE: 2 };
const TU = { COPY_SRC: 1, COPY_DST: 2, TEXTURE_BINDING: 4, STORAGE_BINDING: 8, RENDER_ATTACHMENT: 16 };
const STAGE = { VERTEX: 1, FRAGMENT: 2, COMPUTE: 4 };

const now = () => performance.now(); // ms, sub-microsecond resolution in Node

let sink = 0; // keeps loop results alive

export function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  const median = v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
  return { median, min: v[0], max: v[v.length - 1], runs: values };
}

/** Runs fn once as warm-up, then p.runs times; fn returns the measured value of one run. */
async function measure(p, fn) {
  await fn(true);
  const vals = [];
  for (let r = 0; r < p.runs; r++) vals.push(await fn(false));
  return stats(vals);
}

/** Runs fn inside a validation error scope; throws if the implementation reports an error. */
async function validated(device, fn) {
  let scoped = true;
  try {
    device.pushErrorScope('validation');
  } catch {
    scoped = false;
  }
  const r = await fn();
  if (scoped) {
    const err = await device.popErrorScope();
    if (err) throw new Error(`validation error: ${err.message}`);
  }
  return r;
}

const GB = 1e9;

// ---------------------------------------------------------------------------------------------------------
// 1. API-call overhead

async function w1a_getter(device, p) {
  const buf = device.createBuffer({ size: 256, usage: BU.STORAGE });
  const n = p.getter_n;
  const r = await measure(p, () => {
    let s = 0;
    const t0 = now();
    for (let i = 0; i < n; i++) s += buf.size;
    const t1 = now();
    sink += s;
    if (s !== 256 * n) throw new Error(`buffer.size returned ${s / n}`);
    return ((t1 - t0) * 1e6) / n;
  });
  buf.destroy();
  return r;
}

/**
 * Submits an encode-loop command buffer outside the timed region and waits for it (the warm-up run inside a
 * validation scope). Every run is submitted: wgpu-native slows down later encoding (~4x on 1b) when command
 * buffers are dropped unsubmitted, and real programs submit what they encode.
 */
async function submitAfterEncode(device, cb, warm) {
  const go = async () => {
    device.queue.submit([cb]);
    await device.queue.onSubmittedWorkDone();
  };
  if (warm) await validated(device, go);
  else await go();
}

function computeSetup(device) {
  const module = device.createShaderModule({ code: shader('compute_trivial.wgsl') });
  const bgl = device.createBindGroupLayout({
    entries: [{ binding: 0, visibility: STAGE.COMPUTE, buffer: { type: 'storage' } }],
  });
  const layout = device.createPipelineLayout({ bindGroupLayouts: [bgl] });
  const pipeline = device.createComputePipeline({ layout, compute: { module, entryPoint: 'main' } });
  const buf = device.createBuffer({ size: 256, usage: BU.STORAGE | BU.COPY_SRC });
  const bg = device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer: buf } }] });
  return { module, bgl, layout, pipeline, buf, bg };
}

async function w1b_compute_encode(device, p) {
  const { pipeline, bg, buf } = computeSetup(device);
  const n = p.compute_iters;
  const r = await measure(p, async (warm) => {
    // Timed: createCommandEncoder, n x (beginComputePass, setPipeline, setBindGroup, dispatchWorkgroups, end), finish.
    const t0 = now();
    const enc = device.createCommandEncoder();
    for (let i = 0; i < n; i++) {
      const pass = enc.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(1);
      pass.end();
    }
    const cb = enc.finish();
    const t1 = now();
    await submitAfterEncode(device, cb, warm);
    return ((t1 - t0) * 1e6) / n;
  });
  buf.destroy();
  return r;
}

async function w1c_render_draw(device, p) {
  const module = device.createShaderModule({ code: shader('render.wgsl') });
  const bgl = device.createBindGroupLayout({
    entries: [
      {
        binding: 0,
        visibility: STAGE.FRAGMENT,
        buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: 16 },
      },
    ],
  });
  const layout = device.createPipelineLayout({ bindGroupLayouts: [bgl] });
  const pipeline = device.createRenderPipeline({
    layout,
    vertex: {
      module,
      entryPoint: 'vs',
      buffers: [{ arrayStride: 8, attributes: [{ shaderLocation: 0, offset: 0, format: 'float32x2' }] }],
    },
    fragment: { module, entryPoint: 'fs', targets: [{ format: 'rgba8unorm' }] },
    primitive: { topology: 'triangle-list' },
  });
  const vb = device.createBuffer({ size: 24, usage: BU.VERTEX | BU.COPY_DST });
  device.queue.writeBuffer(vb, 0, new Float32Array([-0.5, -0.5, 0.5, -0.5, 0.0, 0.5]));
  const ub = device.createBuffer({ size: 256 * 256, usage: BU.UNIFORM | BU.COPY_DST });
  const colors = new Float32Array((256 * 256) / 4);
  for (let i = 0; i < 256; i++) colors.set([(i % 7) / 7, (i % 5) / 5, (i % 3) / 3, 1], i * 64);
  device.queue.writeBuffer(ub, 0, colors);
  const bg = device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer: ub, offset: 0, size: 16 } }] });
  const target = device.createTexture({
    size: { width: 64, height: 64 },
    format: 'rgba8unorm',
    usage: TU.RENDER_ATTACHMENT | TU.COPY_SRC,
  });
  const view = target.createView();
  const n = p.draws;
  const offs = [0];
  const r = await measure(p, async (warm) => {
    // Timed: createCommandEncoder, beginRenderPass, n x (setPipeline, setVertexBuffer, setBindGroup+offset, draw), end, finish.
    const t0 = now();
    const enc = device.createCommandEncoder();
    const pass = enc.beginRenderPass({
      colorAttachments: [{ view, loadOp: 'clear', storeOp: 'store', clearValue: { r: 0, g: 0, b: 0, a: 1 } }],
    });
    for (let i = 0; i < n; i++) {
      pass.setPipeline(pipeline);
      pass.setVertexBuffer(0, vb);
      offs[0] = (i & 255) << 8;
      pass.setBindGroup(0, bg, offs);
      pass.draw(3);
    }
    pass.end();
    const cb = enc.finish();
    const t1 = now();
    await submitAfterEncode(device, cb, warm);
    return ((t1 - t0) * 1e6) / n;
  });
  vb.destroy();
  ub.destroy();
  target.destroy();
  return r;
}

async function w1d_create_buffer(device, p) {
  const n = p.create_n;
  return measure(p, () => {
    const t0 = now();
    for (let i = 0; i < n; i++) {
      const b = device.createBuffer({ size: 4096, usage: BU.UNIFORM | BU.COPY_DST });
      b.destroy();
    }
    return ((now() - t0) * 1e3) / n;
  });
}

async function w1e_create_bind_group(device, p) {
  const { bgl, buf } = computeSetup(device);
  const n = p.bg_n;
  const r = await measure(p, () => {
    const t0 = now();
    for (let i = 0; i < n; i++) {
      const bg = device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer: buf } }] });
      if (!bg) throw new Error('no bind group');
    }
    return ((now() - t0) * 1e3) / n;
  });
  buf.destroy();
  return r;
}

// ---------------------------------------------------------------------------------------------------------
// 2. Data movement

function pattern(bytes, seed) {
  const a = new Uint8Array(bytes);
  const u = new Uint32Array(a.buffer);
  for (let i = 0; i < u.length; i++) u[i] = (i * 2654435761 + seed) >>> 0;
  return a;
}

function checkPattern(host, seed, what) {
  const u = new Uint32Array(host.buffer, host.byteOffset, host.byteLength >>> 2);
  for (const i of [0, 1, 12345, u.length >> 1, u.length - 1]) {
    const want = (i * 2654435761 + seed) >>> 0;
    if (u[i] !== want) throw new Error(`${what}: word ${i} is ${u[i]}, expected ${want}`);
  }
}

async function w2a_write_small(device, p) {
  const buf = device.createBuffer({ size: 256, usage: BU.STORAGE | BU.COPY_DST });
  const data = new Uint8Array(16).fill(7);
  const n = p.small_write_n;
  const r = await measure(p, async () => {
    const t0 = now();
    for (let i = 0; i < n; i++) device.queue.writeBuffer(buf, 0, data);
    const t1 = now();
    device.queue.submit([]);
    await device.queue.onSubmittedWorkDone();
    return ((t1 - t0) * 1e3) / n;
  });
  buf.destroy();
  return r;
}

async function w2b_write_big(device, p) {
  const size = p.big_bytes;
  const buf = device.createBuffer({ size, usage: BU.STORAGE | BU.COPY_DST | BU.COPY_SRC });
  const host = pattern(size, 1);
  const r = await measure(p, async () => {
    const t0 = now();
    device.queue.writeBuffer(buf, 0, host);
    device.queue.submit([]);
    await device.queue.onSubmittedWorkDone();
    return size / ((now() - t0) / 1e3) / GB;
  });
  await checkBufferContent(device, buf, size, 1, '2b writeBuffer');
  buf.destroy();
  return r;
}

async function checkBufferContent(device, buf, size, seed, what) {
  const rb = device.createBuffer({ size, usage: BU.MAP_READ | BU.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(buf, 0, rb, 0, size);
  device.queue.submit([enc.finish()]);
  await rb.mapAsync(MAP.READ);
  checkPattern(new Uint8Array(rb.getMappedRange()), seed, what);
  rb.unmap();
  rb.destroy();
}

async function w2c_readback(device, p) {
  const size = p.big_bytes;
  const src = device.createBuffer({ size, usage: BU.STORAGE | BU.COPY_DST | BU.COPY_SRC });
  device.queue.writeBuffer(src, 0, pattern(size, 2));
  const rb = device.createBuffer({ size, usage: BU.MAP_READ | BU.COPY_DST });
  const host = new Uint8Array(size).fill(1);
  const r = await measure(p, async () => {
    return timedReadback(device, rb, host, 2, '2c readback', (enc) => enc.copyBufferToBuffer(src, 0, rb, 0, size));
  });
  src.destroy();
  rb.destroy();
  return r;
}

/**
 * The timed part of both readback rows: encode a copy into the MAP_READ buffer `rb`, submit, map, copy
 * the mapped range into the preallocated `host` array, unmap; then check the bytes. Returns GB/s.
 */
async function timedReadback(device, rb, host, patternSeed, what, encodeCopy) {
  host[0] = 0;
  const t0 = now();
  const enc = device.createCommandEncoder();
  encodeCopy(enc);
  device.queue.submit([enc.finish()]);
  await rb.mapAsync(MAP.READ);
  host.set(new Uint8Array(rb.getMappedRange()));
  rb.unmap();
  const t1 = now();
  checkPattern(host, patternSeed, what);
  return host.byteLength / ((t1 - t0) / 1e3) / GB;
}

async function w2d_mapped_write(device, p) {
  const size = p.big_bytes;
  const staging = device.createBuffer({ size, usage: BU.MAP_WRITE | BU.COPY_SRC });
  const dst = device.createBuffer({ size, usage: BU.STORAGE | BU.COPY_DST | BU.COPY_SRC });
  const host = pattern(size, 3);
  const r = await measure(p, async () => {
    const t0 = now();
    await staging.mapAsync(MAP.WRITE);
    new Uint8Array(staging.getMappedRange()).set(host);
    staging.unmap();
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(staging, 0, dst, 0, size);
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    return size / ((now() - t0) / 1e3) / GB;
  });
  await checkBufferContent(device, dst, size, 3, '2d mapped write');
  staging.destroy();
  dst.destroy();
  return r;
}

function tex4k(device, p, usage) {
  return device.createTexture({ size: { width: p.tex_w, height: p.tex_h }, format: 'rgba8unorm', usage });
}

async function w2e_tex_upload(device, p) {
  const tex = tex4k(device, p, TU.COPY_DST | TU.COPY_SRC);
  const bpr = p.tex_w * 4; // 3840*4 = 15360, a multiple of 256
  const size = bpr * p.tex_h;
  const host = pattern(size, 4);
  const r = await measure(p, async () => {
    const t0 = now();
    device.queue.writeTexture({ texture: tex }, host, { bytesPerRow: bpr, rowsPerImage: p.tex_h }, { width: p.tex_w, height: p.tex_h });
    device.queue.submit([]);
    await device.queue.onSubmittedWorkDone();
    return size / ((now() - t0) / 1e3) / GB;
  });
  // check through a texture readback
  const rb = device.createBuffer({ size, usage: BU.MAP_READ | BU.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyTextureToBuffer({ texture: tex }, { buffer: rb, bytesPerRow: bpr, rowsPerImage: p.tex_h }, { width: p.tex_w, height: p.tex_h });
  device.queue.submit([enc.finish()]);
  await rb.mapAsync(MAP.READ);
  checkPattern(new Uint8Array(rb.getMappedRange()), 4, '2e texture upload');
  rb.unmap();
  rb.destroy();
  tex.destroy();
  return r;
}

async function w2f_tex_readback(device, p) {
  const tex = tex4k(device, p, TU.COPY_DST | TU.COPY_SRC);
  const bpr = p.tex_w * 4;
  const size = bpr * p.tex_h;
  device.queue.writeTexture({ texture: tex }, pattern(size, 5), { bytesPerRow: bpr, rowsPerImage: p.tex_h }, { width: p.tex_w, height: p.tex_h });
  const rb = device.createBuffer({ size, usage: BU.MAP_READ | BU.COPY_DST });
  const host = new Uint8Array(size).fill(1);
  const r = await measure(p, async () => {
    return timedReadback(device, rb, host, 5, '2f texture readback',
      (enc) => enc.copyTextureToBuffer({ texture: tex }, { buffer: rb, bytesPerRow: bpr, rowsPerImage: p.tex_h }, { width: p.tex_w, height: p.tex_h }));
  });
  rb.destroy();
  tex.destroy();
  return r;
}

async function w2g_memcpy(device, p) {
  const size = p.big_bytes;
  const src = pattern(size, 6);
  const dst = new Uint8Array(size).fill(1);
  return measure(p, () => {
    const t0 = now();
    dst.set(src);
    const t1 = now();
    sink += dst[size - 1];
    return size / ((t1 - t0) / 1e3) / GB;
  });
}

// ---------------------------------------------------------------------------------------------------------
// 3. Latency

async function w3a_map_roundtrip(device, p) {
  const buf = device.createBuffer({ size: 4096, usage: BU.MAP_READ | BU.COPY_DST });
  const n = p.lat_n;
  const r = await measure(p, async () => {
    const t0 = now();
    for (let i = 0; i < n; i++) {
      await buf.mapAsync(MAP.READ);
      buf.unmap();
    }
    return ((now() - t0) * 1e3) / n;
  });
  buf.destroy();
  return r;
}

async function w3b_submit_done(device, p) {
  const n = p.lat_n;
  return measure(p, async () => {
    const t0 = now();
    for (let i = 0; i < n; i++) {
      device.queue.submit([device.createCommandEncoder().finish()]);
      await device.queue.onSubmittedWorkDone();
    }
    return ((now() - t0) * 1e3) / n;
  });
}

// ---------------------------------------------------------------------------------------------------------
// 4. End to end: matmul

/** Inputs are multiples of 1/8 with small numerators, so every product and partial sum is exact in f32. */
export const mmA = (i, k) => (((i * 3 + k * 5) % 17) - 8) / 8;
export const mmB = (k, j) => (((k * 7 + j * 11) % 13) - 6) / 8;
/** The 256 entries (i, j) checked against a CPU dot product. */
export function mmSamples(n) {
  const s = [];
  for (let k = 0; k < 256; k++) s.push([(k * 37 + 5) % n, (k * 101 + 13) % n]);
  return s;
}

async function w4_matmul(device, p) {
  const n = p.mm_n;
  if (n % 64) throw new Error('mm_n must be a multiple of 64');
  const A = new Float32Array(n * n);
  const B = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) A[i * n + k] = mmA(i, k);
  for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) B[k * n + j] = mmB(k, j);
  const bytes = n * n * 4;
  const bufA = device.createBuffer({ size: bytes, usage: BU.STORAGE | BU.COPY_DST });
  const bufB = device.createBuffer({ size: bytes, usage: BU.STORAGE | BU.COPY_DST });
  const bufC = device.createBuffer({ size: bytes, usage: BU.STORAGE | BU.COPY_SRC });
  const dims = device.createBuffer({ size: 16, usage: BU.UNIFORM | BU.COPY_DST });
  device.queue.writeBuffer(bufA, 0, A);
  device.queue.writeBuffer(bufB, 0, B);
  device.queue.writeBuffer(dims, 0, new Uint32Array([n, 0, 0, 0]));
  const module = device.createShaderModule({ code: shader('matmul.wgsl') });
  const ro = { type: 'read-only-storage' };
  const bgl = device.createBindGroupLayout({
    entries: [
      { binding: 0, visibility: STAGE.COMPUTE, buffer: ro },
      { binding: 1, visibility: STAGE.COMPUTE, buffer: ro },
      { binding: 2, visibility: STAGE.COMPUTE, buffer: { type: 'storage' } },
      { binding: 3, visibility: STAGE.COMPUTE, buffer: { type: 'uniform' } },
    ],
  });
  const pipeline = device.createComputePipeline({
    layout: device.createPipelineLayout({ bindGroupLayouts: [bgl] }),
    compute: { module, entryPoint: 'main' },
  });
  const bg = device.createBindGroup({
    layout: bgl,
    entries: [bufA, bufB, bufC, dims].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const reps = p.mm_reps;
  const r = await measure(p, async (warm) => {
    const t0 = now();
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bg);
    for (let i = 0; i < reps; i++) pass.dispatchWorkgroups(n / 64, n / 64);
    pass.end();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    const t1 = now();
    return (2 * n * n * n * reps) / ((t1 - t0) / 1e3) / 1e9;
  });
  // correctness
  const rb = device.createBuffer({ size: bytes, usage: BU.MAP_READ | BU.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(bufC, 0, rb, 0, bytes);
  device.queue.submit([enc.finish()]);
  await rb.mapAsync(MAP.READ);
  const Cm = new Float32Array(rb.getMappedRange().slice(0));
  rb.unmap();
  let maxErr = 0;
  for (const [i, j] of mmSamples(n)) {
    let s = 0;
    for (let k = 0; k < n; k++) s += mmA(i, k) * mmB(k, j);
    maxErr = Math.max(maxErr, Math.abs(s - Cm[i * n + j]));
  }
  for (const b of [bufA, bufB, bufC, dims, rb]) b.destroy();
  r.check = { max_abs_err: maxErr, ok: maxErr <= 1e-3 };
  if (!r.check.ok) throw new Error(`matmul wrong: max abs error ${maxErr}`);
  return r;
}

// ---------------------------------------------------------------------------------------------------------

export const WORKLOADS = {
  '1a_getter': w1a_getter,
  '1b_compute_encode': w1b_compute_encode,
  '1c_render_draw': w1c_render_draw,
  '1d_create_buffer': w1d_create_buffer,
  '1e_create_bind_group': w1e_create_bind_group,
  '2a_write_small': w2a_write_small,
  '2b_write_big': w2b_write_big,
  '2c_readback': w2c_readback,
  '2d_mapped_write': w2d_mapped_write,
  '2e_tex_upload': w2e_tex_upload,
  '2f_tex_readback': w2f_tex_readback,
  '2g_memcpy': w2g_memcpy,
  '3a_map_roundtrip': w3a_map_roundtrip,
  '3b_submit_done': w3b_submit_done,
  '4_matmul': w4_matmul,
  '5a_tfjs_mlp': w5a_tfjs_mlp,
  '5b_tfjs_small_ops': w5b_tfjs_small_ops,
  '5c_encode_nosubmit': w5c_encode_nosubmit,
};

// ---------------------------------------------------------------------------------------------------------
// 5. A real client (TensorFlow.js's WebGPU backend) and work that is never submitted
// ---------------------------------------------------------------------------------------------------------

/**
 * tfjs-core + tfjs-backend-webgpu (pinned devDependencies) on `device`: its kernels are registered under the
 * backend name 'webgpu', so that name gets a factory returning a backend on this device. The contender sets the
 * WebGPU globals tfjs reads (GPUBufferUsage, ..., navigator.gpu) before. Small ops stay on the GPU
 * (WEBGPU_CPU_FORWARD=false), so 5b measures dispatches, not tfjs's CPU fallback.
 */
async function tfjsOn(device) {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const tf = require('@tensorflow/tfjs-core');
  const { WebGPUBackend } = require('@tensorflow/tfjs-backend-webgpu');
  try { tf.removeBackend('webgpu'); } catch {} // the one tfjs registered itself (navigator.gpu), or the last workload's
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, device.adapterInfo));
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs: setBackend(webgpu) failed');
  return { tf, done: () => tf.removeBackend('webgpu') };
}

async function w5a_tfjs_mlp(device, p) {
  const { tf, done } = await tfjsOn(device);
  const x = tf.randomUniform([p.tfjs_m, p.tfjs_k], -1, 1, 'float32', 1);
  const ws = Array.from({ length: p.tfjs_layers }, (_, i) => tf.randomUniform([p.tfjs_k, p.tfjs_k], -0.05, 0.05, 'float32', 10 + i));
  const forward = () => tf.tidy(() => ws.reduce((h, w) => tf.relu(tf.matMul(h, w)), x));
  // The first forward pass compiles the pipelines: outside the measurement.
  const ref = forward(); const expect = await ref.data(); ref.dispose();
  const r = await measure(p, async () => {
    const t0 = now();
    const y = forward();
    const d = await y.data();
    const t = now() - t0;
    y.dispose();
    if (d[0] !== expect[0] || d[d.length - 1] !== expect[expect.length - 1]) throw new Error('tfjs MLP: result changed between runs');
    return t;
  });
  tf.dispose([x, ...ws]);
  done();
  return r;
}

async function w5b_tfjs_small_ops(device, p) {
  const { tf, done } = await tfjsOn(device);
  const s0 = tf.randomUniform([1024], 0, 1, 'float32', 3);
  const chain = () => tf.tidy(() => { let h = s0; for (let i = 0; i < p.tfjs_ops / 2; i++) h = tf.mul(tf.add(h, 0.001), 0.999); return h; });
  const ref = chain(); await ref.data(); ref.dispose();
  const r = await measure(p, async () => {
    const t0 = now();
    const y = chain();
    await y.data();
    const t = now() - t0;
    y.dispose();
    return t;
  });
  s0.dispose();
  done();
  return r;
}

async function w5c_encode_nosubmit(device, p) {
  // Ten encoders are finished and dropped without a submit first (as a program that builds command buffers
  // speculatively, or throws between finish and submit, does), then the timed encode of 1b, also dropped.
  const { pipeline, bg, buf } = computeSetup(device);
  const n = p.nosubmit_iters;
  const encode = () => {
    const enc = device.createCommandEncoder();
    for (let i = 0; i < n; i++) {
      const pass = enc.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(1);
      pass.end();
    }
    return enc.finish();
  };
  for (let i = 0; i < 10; i++) encode();
  const r = await measure(p, async () => {
    const t0 = now();
    encode();
    return ((now() - t0) * 1e6) / n;
  });
  await device.queue.onSubmittedWorkDone();
  buf.destroy();
  return r;
}

/**
 * Runs every workload (or those in `only`), each on a fresh device from `newDevice()` (destroyed afterwards), so
 * that state left by one workload cannot distort the next (after 1b, wgpu-native's submit round trip on the same
 * device is ~5x slower). A workload that throws is reported under `errors` and the others still run.
 */
export async function runAll(newDevice, p, { only, log = () => {} } = {}) {
  const rows = {};
  const errors = {};
  for (const [key, fn] of Object.entries(WORKLOADS)) {
    if (only && !only.includes(key)) continue;
    const t0 = now();
    let device;
    try {
      device = await newDevice();
      rows[key] = await fn(device, p);
      log(`${key}: median ${rows[key].median.toPrecision(4)} (${((now() - t0) / 1e3).toFixed(1)} s)`);
    } catch (e) {
      errors[key] = String(e?.stack ?? e).split('\n').slice(0, 3).map((l) => l.trim()).join(' | ');
      log(`${key}: FAILED ${errors[key]}`);
    }
    try {
      device?.destroy();
    } catch {}
  }
  return { rows, errors, sink };
}
