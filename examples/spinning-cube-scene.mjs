// A spinning cube (six coloured faces, a depth buffer, the transform in a uniform buffer), shared by
// examples/window-cube.mjs (drawn into a window), examples/offscreen-canvas.mjs (into an OffscreenCanvas, PNG frames)
// and the window test (the screenshot of the window must match the offscreen render). Standard WebGPU API only.
import { GPUBufferUsage, GPUTextureUsage } from "wgpu-ts";

export const clearColor = { r: 0.08, g: 0.09, b: 0.12, a: 1 };

// 6 faces x 2 triangles: position (3), colour (3)
const faces = [
  [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.9, 0.3, 0.3]], [[-1, 0, 0], [0, 0, 1], [0, 1, 0], [0.3, 0.9, 0.4]],
  [[0, 1, 0], [0, 0, 1], [1, 0, 0], [0.3, 0.5, 0.95]], [[0, -1, 0], [1, 0, 0], [0, 0, 1], [0.95, 0.85, 0.3]],
  [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0.85, 0.4, 0.9]], [[0, 0, -1], [0, 1, 0], [1, 0, 0], [0.3, 0.9, 0.9]],
];
function cubeVertices() {
  const out = [];
  for (const [n, u, v, c] of faces) {
    const corner = (a, b) => n.map((x, i) => x + a * u[i] + b * v[i]);
    for (const [a, b] of [[-1, -1], [1, -1], [1, 1], [-1, -1], [1, 1], [-1, 1]]) out.push(...corner(a, b), ...c);
  }
  return new Float32Array(out);
}

function multiply(a, b) {
  const r = new Float32Array(16);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += a[k * 4 + j] * b[i * 4 + k];
    r[i * 4 + j] = s;
  }
  return r;
}
const perspective = (fovy, aspect, near, far) => {
  const f = 1 / Math.tan(fovy / 2), nf = 1 / (near - far);
  return new Float32Array([f / aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, far * nf, -1, 0, 0, far * near * nf, 0]);
};
const rotationY = (a) => new Float32Array([Math.cos(a), 0, -Math.sin(a), 0, 0, 1, 0, 0, Math.sin(a), 0, Math.cos(a), 0, 0, 0, 0, 1]);
const rotationX = (a) => new Float32Array([1, 0, 0, 0, 0, Math.cos(a), Math.sin(a), 0, 0, -Math.sin(a), Math.cos(a), 0, 0, 0, 0, 1]);
const translation = (x, y, z) => new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, x, y, z, 1]);

/** The cube for colour targets of `format`. `draw(texture, timeMs)` clears `texture` and draws the cube at that time. */
export function createSpinningCube(device, format) {
  const module = device.createShaderModule({
    code: /* wgsl */ `
      @group(0) @binding(0) var<uniform> transform: mat4x4f;
      struct VertexOut { @builtin(position) position: vec4f, @location(0) color: vec3f };
      @vertex fn vs(@location(0) position: vec3f, @location(1) color: vec3f) -> VertexOut {
        return VertexOut(transform * vec4f(position, 1.0), color);
      }
      @fragment fn fs(v: VertexOut) -> @location(0) vec4f { return vec4f(v.color, 1.0); }`,
  });
  const vertices = cubeVertices();
  const vertexBuffer = device.createBuffer({ size: vertices.byteLength, usage: GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(vertexBuffer, 0, vertices);
  const uniforms = device.createBuffer({ size: 64, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const pipeline = device.createRenderPipeline({
    layout: "auto",
    vertex: {
      module,
      buffers: [{ arrayStride: 24, attributes: [{ shaderLocation: 0, offset: 0, format: "float32x3" }, { shaderLocation: 1, offset: 12, format: "float32x3" }] }],
    },
    fragment: { module, targets: [{ format }] },
    primitive: { cullMode: "back" },
    depthStencil: { format: "depth24plus", depthWriteEnabled: true, depthCompare: "less" },
  });
  const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: uniforms } }] });
  let depth = null;

  return {
    draw(texture, timeMs) {
      if (!depth || depth.width !== texture.width || depth.height !== texture.height) {
        depth?.destroy();
        depth = device.createTexture({ size: [texture.width, texture.height], format: "depth24plus", usage: GPUTextureUsage.RENDER_ATTACHMENT });
      }
      const t = timeMs / 1000;
      const model = multiply(rotationY(t * 0.9), rotationX(0.5 + t * 0.4));
      const mvp = multiply(perspective(Math.PI / 4, texture.width / texture.height, 0.1, 20), multiply(translation(0, 0, -5), model));
      device.queue.writeBuffer(uniforms, 0, mvp);
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginRenderPass({
        colorAttachments: [{ view: texture.createView(), loadOp: "clear", storeOp: "store", clearValue: clearColor }],
        depthStencilAttachment: { view: depth.createView(), depthLoadOp: "clear", depthStoreOp: "discard", depthClearValue: 1 },
      });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.setVertexBuffer(0, vertexBuffer);
      pass.draw(36);
      pass.end();
      device.queue.submit([encoder.finish()]);
    },
  };
}
