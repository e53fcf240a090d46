// multiDrawIndirect / multiDrawIndirectCount: node examples/extras/multi-draw.mjs
import { gpu, multiDrawIndirect, multiDrawIndirectCount } from "wgpu-ts/backends/wgpu-native";
import { GPUBufferUsage, GPUTextureUsage, GPUMapMode } from "wgpu-ts";

const adapter = await gpu.requestAdapter();
const device = await adapter.requestDevice({ requiredFeatures: ["multi-draw-indirect-count"] });
// Draw k uses vertices 3k..3k+2 and counts its fragments in hits[k].
const module = device.createShaderModule({ code: `
  @group(0) @binding(0) var<storage, read_write> hits: array<atomic<u32>, 4>;
  struct V { @builtin(position) pos: vec4f, @location(0) @interpolate(flat) draw: u32 }
  @vertex fn vs(@builtin(vertex_index) i: u32) -> V {
    var p = array(vec2f(-1, -1), vec2f(3, -1), vec2f(-1, 3));
    return V(vec4f(p[i % 3u], 0, 1), i / 3u);
  }
  @fragment fn fs(v: V) -> @location(0) vec4f { atomicAdd(&hits[v.draw], 1u); return vec4f(1); }` });
const pipeline = device.createRenderPipeline({ layout: "auto", vertex: { module }, fragment: { module, targets: [{ format: "rgba8unorm" }] } });
const hits = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
const args = device.createBuffer({ size: 64, usage: GPUBufferUsage.INDIRECT | GPUBufferUsage.COPY_DST });
device.queue.writeBuffer(args, 0, new Uint32Array([3, 1, 0, 0, 3, 1, 3, 0, 3, 1, 6, 0, 3, 1, 9, 0])); // 4 draws
const count = device.createBuffer({ size: 4, usage: GPUBufferUsage.INDIRECT | GPUBufferUsage.COPY_DST });
device.queue.writeBuffer(count, 0, new Uint32Array([1]));
const target = device.createTexture({ size: [2, 2], format: "rgba8unorm", usage: GPUTextureUsage.RENDER_ATTACHMENT });
const encoder = device.createCommandEncoder();
const pass = encoder.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: "clear", storeOp: "store" }] });
pass.setPipeline(pipeline);
pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: hits } }] }));
multiDrawIndirect(pass, args, { offset: 16, count: 2 });                         // draws 1 and 2
multiDrawIndirectCount(pass, args, { countBuffer: count, maxCount: 4 });          // count buffer says 1: draw 0
pass.end();
const out = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
encoder.copyBufferToBuffer(hits, 0, out, 0, 16);
device.queue.submit([encoder.finish()]);
await out.mapAsync(GPUMapMode.READ);
console.log("fragments per draw:", new Uint32Array(out.getMappedRange())); // Uint32Array [4, 4, 4, 0]
