// computeWithBuffers: one call runs a compute shader over typed arrays and returns typed arrays.
import { computeWithBuffers } from "wgpu-ts/utils";

const a = Float32Array.from({ length: 1024 }, (_, i) => i);
const b = Float32Array.from({ length: 1024 }, () => 0.5);

const { 2: sum, 3: count } = await computeWithBuffers({
  inputs: { 0: a, 1: b },
  outputs: { 2: { type: "f32", length: 1024 }, 3: { type: "u32", length: 1 } },
  shader: /* wgsl */ `
    override bias: f32 = 0.0;
    @group(0) @binding(0) var<storage, read> a: array<f32>;
    @group(0) @binding(1) var<storage, read> b: array<f32>;
    @group(0) @binding(2) var<storage, read_write> sum: array<f32>;
    @group(0) @binding(3) var<storage, read_write> count: atomic<u32>;
    @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
      sum[id.x] = a[id.x] + b[id.x] + bias;
      atomicAdd(&count, 1u);
    }`,
  constants: { bias: 1 },
  workgroups: 1024 / 64,
});
console.log(sum.slice(0, 4), count[0]); // Float32Array(4) [1.5, 2.5, 3.5, 4.5] 1024
