// The triangle canvas page (examples/browser/triangle.mjs) in Node: the same scene module
// (examples/triangle-scene.mjs), unchanged, drawn the page's way (canvas.getContext("webgpu"),
// navigator.gpu.getPreferredCanvasFormat(), configure, getCurrentTexture) into an OffscreenCanvas, saved as a PNG.
// Browser-style: it only uses the globals, which `wgpu-ts run` installs:
//   npx wgpu-ts run examples/canvas-triangle.mjs [out.png]     (default: canvas-triangle.png)
import { writeFile } from "node:fs/promises";
import { createTriangleScene } from "./triangle-scene.mjs";

const out = process.argv[2] ?? "canvas-triangle.png";
const adapter = await navigator.gpu.requestAdapter();
if (!adapter) throw new Error("no GPU adapter found");
const device = await adapter.requestDevice();
const canvas = new OffscreenCanvas(256, 256);
const context = canvas.getContext("webgpu");
const format = navigator.gpu.getPreferredCanvasFormat();
context.configure({ device, format, alphaMode: "opaque" });
createTriangleScene(device, format).draw(context.getCurrentTexture().createView());
await device.queue.onSubmittedWorkDone();
// What the page shows once the frame is presented.
await new Promise((presented) => requestAnimationFrame(presented));
const blob = await canvas.convertToBlob({ type: "image/png" });
await writeFile(out, Buffer.from(await blob.arrayBuffer()));
console.log(`wrote ${out} (${canvas.width}x${canvas.height}, ${format} canvas)`);
