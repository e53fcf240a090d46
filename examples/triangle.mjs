// Renders a triangle with per-vertex colors into an offscreen texture and writes it as a PNG.
//   node examples/triangle.mjs [out.png]        (default: triangle.png in the current directory)
//   deno run --allow-all examples/triangle.mjs [out.png]
// The scene (shader, vertices, pipeline, draw) is examples/triangle-scene.mjs; examples/browser/triangle.html
// draws the same scene into a canvas.
import { gpu, GPUTextureUsage } from "wgpu-ts";
import { saveTexturePNG } from "wgpu-ts/utils";
import { createTriangleScene } from "./triangle-scene.mjs";

const out = process.argv[2] ?? "triangle.png";
const size = 256;

const adapter = await gpu.requestAdapter();
if (!adapter) throw new Error("no GPU adapter found");
const device = await adapter.requestDevice();

const format = "rgba8unorm";
const target = device.createTexture({
  size: [size, size], format, usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
});
createTriangleScene(device, format).draw(target.createView());

await saveTexturePNG(device, target, out);
console.log(`wrote ${out} (${size}x${size}) with ${gpu.backend}`);
