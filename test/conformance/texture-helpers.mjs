// Shared by the texture / render / bundle / query conformance tests (standard WebGPU API only).
import { readBuffer } from '../harness.mjs';

export const RT = () => GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC;

/** Reads a 2D region of a color texture as tightly packed bytes (rows padded to 256 for the copy, then unpadded). */
export async function readTexels(device, texture, { width = texture.width, height = texture.height, bytesPerTexel = 4, mipLevel = 0, origin = [0, 0, 0], layers = 1, aspect = 'all' } = {}) {
  const rowBytes = width * bytesPerTexel;
  const padded = Math.ceil(rowBytes / 256) * 256;
  const buffer = device.createBuffer({ size: padded * height * layers, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
  const encoder = device.createCommandEncoder();
  encoder.copyTextureToBuffer({ texture, mipLevel, origin, aspect }, { buffer, bytesPerRow: padded, rowsPerImage: height }, [width, height, layers]);
  device.queue.submit([encoder.finish()]);
  const raw = new Uint8Array(await readBuffer(device, buffer));
  const out = new Uint8Array(rowBytes * height * layers);
  for (let r = 0; r < height * layers; r++) out.set(raw.subarray(r * padded, r * padded + rowBytes), r * rowBytes);
  buffer.destroy();
  return out;
}

/** RGBA8 pixel at (x, y) of tightly packed rows. */
export function pixel(data, width, x, y) {
  const i = (y * width + x) * 4;
  return [data[i], data[i + 1], data[i + 2], data[i + 3]];
}

/** A full-screen-ish triangle pipeline: vertices from the vertex index, color from an override-free uniform-less shader. */
export const SOLID_WGSL = /* wgsl */ `
struct Out { @builtin(position) pos: vec4f, @location(0) color: vec4f };
@vertex fn vs(@location(0) p: vec2f, @location(1) c: vec4f) -> Out { return Out(vec4f(p, 0.0, 1.0), c); }
@vertex fn vs_depth(@location(0) p: vec3f, @location(1) c: vec4f) -> Out { return Out(vec4f(p, 1.0), c); }
@fragment fn fs(v: Out) -> @location(0) vec4f { return v.color; }
`;

/** Vertex buffer of triangles: [x, y, r, g, b, a] per vertex. */
export function vertexBuffer(device, floats) {
  const data = new Float32Array(floats);
  const b = device.createBuffer({ size: data.byteLength, usage: GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(b, 0, data);
  return b;
}

export const LAYOUT_2D = [{ arrayStride: 24, attributes: [{ shaderLocation: 0, offset: 0, format: 'float32x2' }, { shaderLocation: 1, offset: 8, format: 'float32x4' }] }];
export const LAYOUT_3D = [{ arrayStride: 28, attributes: [{ shaderLocation: 0, offset: 0, format: 'float32x3' }, { shaderLocation: 1, offset: 12, format: 'float32x4' }] }];

/** A quad covering the rectangle [x0, x1] x [y0, y1] in clip space, one color. */
export function quad(x0, y0, x1, y1, [r, g, b, a]) {
  const v = (x, y) => [x, y, r, g, b, a];
  return [...v(x0, y0), ...v(x1, y0), ...v(x1, y1), ...v(x0, y0), ...v(x1, y1), ...v(x0, y1)];
}

/** Same with a z coordinate. */
export function quadZ(x0, y0, x1, y1, z, [r, g, b, a]) {
  const v = (x, y) => [x, y, z, r, g, b, a];
  return [...v(x0, y0), ...v(x1, y0), ...v(x1, y1), ...v(x0, y0), ...v(x1, y1), ...v(x0, y1)];
}
