// Renders a textured, rotated cube with a depth buffer, a uniform buffer (the transform), a sampled
// checkerboard texture and 4x MSAA resolved into an offscreen texture, then writes a PNG.
//   node examples/cube.mjs [out.png]            (default: cube.png in the current directory)
import { gpu, GPUBufferUsage, GPUTextureUsage, GPUShaderStage } from "wgpu-ts";
import { saveTexturePNG } from "wgpu-ts/utils";

const out = process.argv[2] ?? "cube.png";
const size = 256;
const sampleCount = 4;

const adapter = await gpu.requestAdapter();
if (!adapter) throw new Error("no GPU adapter found");
const device = await adapter.requestDevice();

const module = device.createShaderModule({
  code: /* wgsl */ `
    struct Uniforms { transform: mat4x4f };
    @group(0) @binding(0) var<uniform> u: Uniforms;
    @group(0) @binding(1) var checker: texture_2d<f32>;
    @group(0) @binding(2) var smp: sampler;
    struct VertexOut { @builtin(position) position: vec4f, @location(0) uv: vec2f, @location(1) shade: f32 };
    @vertex fn vs(@location(0) position: vec3f, @location(1) uv: vec2f, @location(2) shade: f32) -> VertexOut {
      return VertexOut(u.transform * vec4f(position, 1.0), uv, shade);
    }
    @fragment fn fs(v: VertexOut) -> @location(0) vec4f {
      return vec4f(textureSample(checker, smp, v.uv).rgb * v.shade, 1.0);
    }`,
});

// 6 faces x 4 vertices: position (3), uv (2), shade (1)
const faces = [
  // normal, up: each face built from its normal and two in-plane axes
  [[0, 0, 1], [1, 0, 0], [0, 1, 0], 1.0],
  [[0, 0, -1], [-1, 0, 0], [0, 1, 0], 0.55],
  [[1, 0, 0], [0, 0, -1], [0, 1, 0], 0.8],
  [[-1, 0, 0], [0, 0, 1], [0, 1, 0], 0.65],
  [[0, 1, 0], [1, 0, 0], [0, 0, -1], 0.9],
  [[0, -1, 0], [1, 0, 0], [0, 0, 1], 0.5],
];
const vertexData = [];
const indexData = [];
faces.forEach(([n, a, b, shade], f) => {
  for (const [s, t] of [[-1, -1], [1, -1], [1, 1], [-1, 1]]) {
    vertexData.push(n[0] + s * a[0] + t * b[0], n[1] + s * a[1] + t * b[1], n[2] + s * a[2] + t * b[2], (s + 1) / 2, (1 - t) / 2, shade);
  }
  indexData.push(f * 4, f * 4 + 1, f * 4 + 2, f * 4, f * 4 + 2, f * 4 + 3);
});
const vertices = new Float32Array(vertexData);
const indices = new Uint16Array(indexData);
const vertexBuffer = device.createBuffer({ size: vertices.byteLength, usage: GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST });
const indexBuffer = device.createBuffer({ size: indices.byteLength, usage: GPUBufferUsage.INDEX | GPUBufferUsage.COPY_DST });
device.queue.writeBuffer(vertexBuffer, 0, vertices);
device.queue.writeBuffer(indexBuffer, 0, indices);

// Column-major 4x4 matrices.
const multiply = (a, b) => {
  const r = new Float32Array(16);
  for (let c = 0; c < 4; c++) for (let row = 0; row < 4; row++) {
    let v = 0;
    for (let k = 0; k < 4; k++) v += a[k * 4 + row] * b[c * 4 + k];
    r[c * 4 + row] = v;
  }
  return r;
};
const perspective = (fovy, aspect, near, far) => {
  const f = 1 / Math.tan(fovy / 2);
  return new Float32Array([f / aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, far / (near - far), -1, 0, 0, (near * far) / (near - far), 0]);
};
const translation = (x, y, z) => new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, x, y, z, 1]);
const rotationX = (a) => new Float32Array([1, 0, 0, 0, 0, Math.cos(a), Math.sin(a), 0, 0, -Math.sin(a), Math.cos(a), 0, 0, 0, 0, 1]);
const rotationY = (a) => new Float32Array([Math.cos(a), 0, -Math.sin(a), 0, 0, 1, 0, 0, Math.sin(a), 0, Math.cos(a), 0, 0, 0, 0, 1]);
const transform = multiply(perspective(Math.PI / 4, 1, 0.1, 100), multiply(translation(0, 0, -5), multiply(rotationX(0.5), rotationY(0.7))));
const uniformBuffer = device.createBuffer({ size: 64, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
device.queue.writeBuffer(uniformBuffer, 0, transform);

// An 8x8 checkerboard, uploaded with writeTexture (rows of 32 bytes: no 256-byte alignment needed there).
const checkerSize = 8;
const texels = new Uint8Array(checkerSize * checkerSize * 4);
for (let y = 0; y < checkerSize; y++) for (let x = 0; x < checkerSize; x++) {
  const on = (x + y) % 2 === 0;
  texels.set(on ? [240, 200, 60, 255] : [40, 90, 200, 255], (y * checkerSize + x) * 4);
}
const checker = device.createTexture({ size: [checkerSize, checkerSize], format: "rgba8unorm", usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST });
device.queue.writeTexture({ texture: checker }, texels, { bytesPerRow: checkerSize * 4 }, [checkerSize, checkerSize]);
const sampler = device.createSampler({ magFilter: "nearest", minFilter: "linear" });

const bindGroupLayout = device.createBindGroupLayout({
  entries: [
    { binding: 0, visibility: GPUShaderStage.VERTEX, buffer: { type: "uniform" } },
    { binding: 1, visibility: GPUShaderStage.FRAGMENT, texture: { sampleType: "float" } },
    { binding: 2, visibility: GPUShaderStage.FRAGMENT, sampler: { type: "filtering" } },
  ],
});
const pipeline = device.createRenderPipeline({
  layout: device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] }),
  vertex: {
    module,
    buffers: [{
      arrayStride: 24,
      attributes: [
        { shaderLocation: 0, offset: 0, format: "float32x3" },
        { shaderLocation: 1, offset: 12, format: "float32x2" },
        { shaderLocation: 2, offset: 20, format: "float32" },
      ],
    }],
  },
  fragment: { module, targets: [{ format: "rgba8unorm" }] },
  primitive: { topology: "triangle-list", cullMode: "back" },
  depthStencil: { format: "depth24plus", depthWriteEnabled: true, depthCompare: "less" },
  multisample: { count: sampleCount },
});
const bindGroup = device.createBindGroup({
  layout: bindGroupLayout,
  entries: [
    { binding: 0, resource: { buffer: uniformBuffer } },
    { binding: 1, resource: checker.createView() },
    { binding: 2, resource: sampler },
  ],
});

const msaa = device.createTexture({ size: [size, size], sampleCount, format: "rgba8unorm", usage: GPUTextureUsage.RENDER_ATTACHMENT });
const depth = device.createTexture({ size: [size, size], sampleCount, format: "depth24plus", usage: GPUTextureUsage.RENDER_ATTACHMENT });
const target = device.createTexture({ size: [size, size], format: "rgba8unorm", usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });

const encoder = device.createCommandEncoder();
const pass = encoder.beginRenderPass({
  colorAttachments: [{
    view: msaa.createView(), resolveTarget: target.createView(), loadOp: "clear", storeOp: "discard", clearValue: [0.08, 0.08, 0.1, 1],
  }],
  depthStencilAttachment: { view: depth.createView(), depthLoadOp: "clear", depthStoreOp: "discard", depthClearValue: 1 },
});
pass.setPipeline(pipeline);
pass.setBindGroup(0, bindGroup);
pass.setVertexBuffer(0, vertexBuffer);
pass.setIndexBuffer(indexBuffer, "uint16");
pass.drawIndexed(indices.length);
pass.end();
device.queue.submit([encoder.finish()]);

await saveTexturePNG(device, target, out);
console.log(`wrote ${out} (${size}x${size}, ${sampleCount}x MSAA)`);
