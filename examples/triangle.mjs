// Renders a triangle with per-vertex colors into an offscreen texture and writes it as a PNG.
//   node examples/triangle.mjs [out.png]        (default: triangle.png in the current directory)
import { gpu, GPUBufferUsage, GPUTextureUsage } from "wgpu-ts";
import { saveTexturePNG } from "wgpu-ts/utils";

const out = process.argv[2] ?? "triangle.png";
const size = 256;

const adapter = await gpu.requestAdapter();
if (!adapter) throw new Error("no GPU adapter found");
const device = await adapter.requestDevice();

const module = device.createShaderModule({
  code: /* wgsl */ `
    struct VertexOut { @builtin(position) position: vec4f, @location(0) color: vec3f };
    @vertex fn vs(@location(0) position: vec2f, @location(1) color: vec3f) -> VertexOut {
      return VertexOut(vec4f(position, 0.0, 1.0), color);
    }
    @fragment fn fs(v: VertexOut) -> @location(0) vec4f { return vec4f(v.color, 1.0); }`,
});

// x, y, r, g, b per vertex
const vertices = new Float32Array([
   0.0,  0.8,   1, 0, 0,
  -0.8, -0.8,   0, 1, 0,
   0.8, -0.8,   0, 0, 1,
]);
const vertexBuffer = device.createBuffer({ size: vertices.byteLength, usage: GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST });
device.queue.writeBuffer(vertexBuffer, 0, vertices);

const pipeline = device.createRenderPipeline({
  layout: "auto",
  vertex: {
    module,
    buffers: [{
      arrayStride: 20,
      attributes: [{ shaderLocation: 0, offset: 0, format: "float32x2" }, { shaderLocation: 1, offset: 8, format: "float32x3" }],
    }],
  },
  fragment: { module, targets: [{ format: "rgba8unorm" }] },
});

const target = device.createTexture({
  size: [size, size], format: "rgba8unorm", usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
});
const encoder = device.createCommandEncoder();
const pass = encoder.beginRenderPass({
  colorAttachments: [{ view: target.createView(), loadOp: "clear", storeOp: "store", clearValue: { r: 0.1, g: 0.1, b: 0.1, a: 1 } }],
});
pass.setPipeline(pipeline);
pass.setVertexBuffer(0, vertexBuffer);
pass.draw(3);
pass.end();
device.queue.submit([encoder.finish()]);

await saveTexturePNG(device, target, out);
console.log(`wrote ${out} (${size}x${size})`);
