// Shared helpers of the backend-extras tests (wgpu-native only).
import { gpu, installGlobals } from 'wgpu-ts';
import * as native from 'wgpu-ts/backends/wgpu-native';

installGlobals();
export { native };
export const T = Object.freeze({ timeout: 30_000 });

export async function adapter() {
  const a = await native.gpu.requestAdapter();
  if (!a) throw new Error('no adapter');
  return a;
}

export async function device(descriptor) {
  return (await adapter()).requestDevice(descriptor);
}

/** Copies `buffer` into a MAP_READ buffer and returns its bytes. */
export async function readBuffer(device, buffer, size = buffer.size) {
  const rb = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(buffer, 0, rb, 0, size);
  device.queue.submit([enc.finish()]);
  await rb.mapAsync(GPUMapMode.READ);
  const out = rb.getMappedRange().slice(0);
  rb.unmap();
  return out;
}

/** Runs `fn` inside a validation error scope and returns the error (or null). */
export async function validationErrorOf(device, fn) {
  device.pushErrorScope('validation');
  try { fn(); } finally { /* pop below */ }
  return device.popErrorScope();
}

/** Reads a 1x1 (or w x h) texture of `bytesPerPixel` back as an ArrayBuffer (rows unpadded). */
export async function readTexture(device, texture, width, height, bytesPerPixel) {
  const bytesPerRow = Math.ceil(width * bytesPerPixel / 256) * 256;
  const buf = device.createBuffer({ size: bytesPerRow * height, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  const enc = device.createCommandEncoder();
  enc.copyTextureToBuffer({ texture }, { buffer: buf, bytesPerRow }, [width, height]);
  device.queue.submit([enc.finish()]);
  await buf.mapAsync(GPUMapMode.READ);
  const src = new Uint8Array(buf.getMappedRange());
  const out = new Uint8Array(width * height * bytesPerPixel);
  for (let y = 0; y < height; y++) out.set(src.subarray(y * bytesPerRow, y * bytesPerRow + width * bytesPerPixel), y * width * bytesPerPixel);
  buf.unmap();
  return out.buffer;
}
