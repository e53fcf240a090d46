// Tiled f32 matmul C = A * B, all n x n row-major, n a multiple of 64.
// Workgroup 16x16 threads computes a 64x64 tile of C; each thread a 4x4 block
// (rows ly + 16*i, cols lx + 16*j). K is walked in slices of 16 through workgroup memory.
struct Dims { n: u32, _p0: u32, _p1: u32, _p2: u32 }
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

const TS: u32 = 64u;
const TK: u32 = 16u;
var<workgroup> As: array<f32, 1024>; // [k][m], TK x TS
var<workgroup> Bs: array<f32, 1024>; // [k][n], TK x TS

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u,
        @builtin(local_invocation_id) lid: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let n = dims.n;
  let row0 = wg.y * TS;
  let col0 = wg.x * TS;
  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var t = 0u; t < n; t += TK) {
    for (var e = 0u; e < 4u; e++) {
      let idx = li + e * 256u;
      let ar = idx / TK;
      let ac = idx % TK;
      As[ac * TS + ar] = A[(row0 + ar) * n + t + ac];
      let br = idx / TS;
      let bc = idx % TS;
      Bs[br * TS + bc] = B[(t + br) * n + col0 + bc];
    }
    workgroupBarrier();
    for (var k = 0u; k < TK; k++) {
      let base = k * TS;
      let b = vec4f(Bs[base + lid.x], Bs[base + lid.x + 16u], Bs[base + lid.x + 32u], Bs[base + lid.x + 48u]);
      acc0 = fma(vec4f(As[base + lid.y]), b, acc0);
      acc1 = fma(vec4f(As[base + lid.y + 16u]), b, acc1);
      acc2 = fma(vec4f(As[base + lid.y + 32u]), b, acc2);
      acc3 = fma(vec4f(As[base + lid.y + 48u]), b, acc3);
    }
    workgroupBarrier();
  }
  let c = col0 + lid.x;
  var r = row0 + lid.y;
  C[r * n + c] = acc0.x; C[r * n + c + 16u] = acc0.y; C[r * n + c + 32u] = acc0.z; C[r * n + c + 48u] = acc0.w;
  r += 16u;
  C[r * n + c] = acc1.x; C[r * n + c + 16u] = acc1.y; C[r * n + c + 32u] = acc1.z; C[r * n + c + 48u] = acc1.w;
  r += 16u;
  C[r * n + c] = acc2.x; C[r * n + c + 16u] = acc2.y; C[r * n + c + 32u] = acc2.z; C[r * n + c + 48u] = acc2.w;
  r += 16u;
  C[r * n + c] = acc3.x; C[r * n + c + 16u] = acc3.y; C[r * n + c + 32u] = acc3.z; C[r * n + c + 48u] = acc3.w;
}
