// Workload sizes shared by every contender. The runner passes the chosen preset to each contender
// explicitly as --key=value arguments, so the C, Python and JS programs always measure the same thing.

const MiB = 1024 * 1024;

/** Full preset: the sizes of issue 6. */
export const FULL = {
  runs: 7, // measured runs per workload (plus one warm-up run that is not counted)
  getter_n: 1_000_000, // 1a: getter calls per run
  compute_iters: 10_000, // 1b: compute passes per run (one encoder)
  draws: 10_000, // 1c: draws per render pass (one pass per run)
  create_n: 2_000, // 1d: createBuffer+destroy pairs per run
  bg_n: 2_000, // 1e: createBindGroup calls per run
  small_write_n: 10_000, // 2a: writeBuffer(16 B) calls per run
  big_bytes: 64 * MiB, // 2b/2c/2d/2g: bytes moved per run
  tex_w: 3840, // 2e/2f: "4K" RGBA8 image
  tex_h: 2160,
  lat_n: 200, // 3a/3b: round trips per run
  mm_n: 1024, // 4: matrix size
  mm_reps: 8, // 4: matmul dispatches per timed submit
  tfjs_m: 256, // 5a: tfjs MLP batch rows ([m x k] @ [k x k] + relu per layer)
  tfjs_k: 1024, // 5a: tfjs MLP width
  tfjs_layers: 8, // 5a: tfjs MLP layers (one readback at the end)
  tfjs_ops: 200, // 5b: small tfjs elementwise ops (1024 elements each), one readback
  nosubmit_iters: 2_000, // 5c: compute passes per encoder that is finished and dropped without a submit
};

/**
 * Quick preset: fewer runs and iterations per run; the same buffer, texture and matrix sizes and the same 10^4
 * draws per pass; the matmul is dispatched twice per submit instead of 8 times. All five contenders together
 * take about a minute on a 2-core machine with lavapipe.
 */
export const QUICK = {
  ...FULL,
  runs: 5,
  getter_n: 500_000,
  compute_iters: 5_000,
  draws: 10_000,
  create_n: 1_000,
  bg_n: 1_000,
  small_write_n: 5_000,
  lat_n: 100,
  mm_reps: 2,
  tfjs_m: 64, // lavapipe runs the full MLP at ~20 s per forward pass
  tfjs_k: 256,
  nosubmit_iters: 1_000,
};

export function toArgs(p) {
  return Object.entries(p).map(([k, v]) => `--${k}=${v}`);
}

export function parseArgs(argv, defaults = FULL) {
  const p = { ...defaults };
  for (const a of argv) {
    const m = /^--([a-z_0-9]+)=(.*)$/.exec(a);
    if (m && m[1] in p) p[m[1]] = Number(m[2]);
    else if (a === '--quick') Object.assign(p, QUICK);
  }
  return p;
}

/**
 * The rows, in table order. `dir` is the better direction: 'lower' (a cost) or 'higher' (a rate).
 * Every contender prints results under exactly these keys.
 */
export const ROWS = [
  { key: '1a_getter', unit: 'ns/call', dir: 'lower', label: '1a trivial getter (buffer.size)' },
  { key: '1b_compute_encode', unit: 'ns/pass', dir: 'lower', label: '1b compute encode: begin+setPipeline+setBindGroup+dispatch+end' },
  { key: '1c_render_draw', unit: 'ns/draw', dir: 'lower', label: '1c render encode: setPipeline+setVertexBuffer+setBindGroup(dyn)+draw' },
  { key: '1d_create_buffer', unit: 'us/op', dir: 'lower', label: '1d createBuffer + destroy' },
  { key: '1e_create_bind_group', unit: 'us/op', dir: 'lower', label: '1e createBindGroup' },
  { key: '2a_write_small', unit: 'us/call', dir: 'lower', label: '2a writeBuffer 16 B' },
  { key: '2b_write_big', unit: 'GB/s', dir: 'higher', label: '2b writeBuffer big (+submit, work done)' },
  { key: '2c_readback', unit: 'GB/s', dir: 'higher', label: '2c readback big (copy, submit, mapAsync, read)' },
  { key: '2d_mapped_write', unit: 'GB/s', dir: 'higher', label: '2d mapped write big (mapAsync W, write, unmap, copy, done)' },
  { key: '2e_tex_upload', unit: 'GB/s', dir: 'higher', label: '2e texture upload 4K RGBA8 (writeTexture, done)' },
  { key: '2f_tex_readback', unit: 'GB/s', dir: 'higher', label: '2f texture readback 4K RGBA8 (copy, mapAsync, read)' },
  { key: '2g_memcpy', unit: 'GB/s', dir: 'higher', label: '2g host memcpy big (same process)' },
  { key: '3a_map_roundtrip', unit: 'us', dir: 'lower', label: '3a mapAsync+unmap round trip, idle buffer' },
  { key: '3b_submit_done', unit: 'us', dir: 'lower', label: '3b submit + onSubmittedWorkDone round trip' },
  { key: '4_matmul', unit: 'GFLOP/s', dir: 'higher', label: '4 matmul f32 tiled (n x n)' },
  { key: '5a_tfjs_mlp', unit: 'ms', dir: 'lower', label: '5a tfjs MLP forward (matMul+relu layers, one readback)' },
  { key: '5b_tfjs_small_ops', unit: 'ms', dir: 'lower', label: '5b tfjs 200 small elementwise ops, one readback' },
  { key: '5c_encode_nosubmit', unit: 'ns/pass', dir: 'lower', label: '5c compute encode, finished and never submitted (after 10 such encoders)' },
];
