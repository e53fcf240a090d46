// The page module of examples/browser/triangle.html: the triangle of examples/triangle.mjs, drawn with wgpu-ts
// (in a browser its facade uses the js-webgpu backend over navigator.gpu) into a <canvas> instead of a PNG file.
// Bundled for the page by examples/browser/serve.mjs (esbuild).
import { gpu } from "wgpu-ts";
import { createTriangleScene } from "../triangle-scene.mjs";

const status = document.getElementById("status");
try {
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error("no GPU adapter (is WebGPU enabled in this browser?)");
  const device = await adapter.requestDevice();
  const canvas = document.getElementById("canvas");
  const context = canvas.getContext("webgpu");
  const format = gpu.getPreferredCanvasFormat();
  context.configure({ device, format, alphaMode: "opaque" });
  createTriangleScene(device, format).draw(context.getCurrentTexture().createView());
  await device.queue.onSubmittedWorkDone();
  const info = adapter.info;
  status.textContent = `drawn with wgpu-ts (${gpu.backend}) on "${info.description || info.vendor}" into a ${format} canvas`;
  document.body.dataset.state = "done";
} catch (e) {
  status.textContent = `error: ${e?.message ?? e}`;
  document.body.dataset.state = "error";
  throw e;
}
