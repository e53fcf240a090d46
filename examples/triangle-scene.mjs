// The triangle scene, shared by examples/triangle.mjs (drawn into an offscreen texture, written as a PNG: Node,
// Deno) and examples/browser/triangle.html (drawn into a <canvas>). Standard WebGPU API only.
import { GPUBufferUsage } from "wgpu-ts";

/** Background of the target (the triangle is drawn over it). */
export const clearColor = { r: 0.1, g: 0.1, b: 0.1, a: 1 };

/**
 * Creates the triangle's shader, vertex buffer and pipeline for color targets of `format`
 * ("rgba8unorm" offscreen, the canvas's preferred format in a page). `draw(view)` clears `view` and draws
 * the triangle with per-vertex colors into it (one submit).
 */
export function createTriangleScene(device, format) {
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
    fragment: { module, targets: [{ format }] },
  });

  return {
    draw(view) {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginRenderPass({
        colorAttachments: [{ view, loadOp: "clear", storeOp: "store", clearValue: clearColor }],
      });
      pass.setPipeline(pipeline);
      pass.setVertexBuffer(0, vertexBuffer);
      pass.draw(3);
      pass.end();
      device.queue.submit([encoder.finish()]);
    },
  };
}
