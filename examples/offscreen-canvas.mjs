// Browser-style animation in Node: an OffscreenCanvas with a "webgpu" context, a requestAnimationFrame loop
// drawing the spinning cube, and each frame written as a PNG through canvas.convertToBlob().
//   node examples/offscreen-canvas.mjs [out-dir] [frames]     (default: ./frames, 8 frames)
//   npx wgpu-ts run examples/offscreen-canvas.mjs [out-dir] [frames]
// installGlobals() puts navigator.gpu, OffscreenCanvas and requestAnimationFrame on globalThis (where the runtime
// has none), so the code below is what a page or a worker would run.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installGlobals } from "wgpu-ts";
import { createSpinningCube } from "./spinning-cube-scene.mjs";

installGlobals();
const outDir = process.argv[2] ?? "frames";
const frameCount = Number(process.argv[3] ?? 8);
mkdirSync(outDir, { recursive: true });

const adapter = await navigator.gpu.requestAdapter();
if (!adapter) throw new Error("no GPU adapter found");
const device = await adapter.requestDevice();

const canvas = new OffscreenCanvas(320, 240);
const context = canvas.getContext("webgpu");
const format = navigator.gpu.getPreferredCanvasFormat();
context.configure({ device, format, alphaMode: "opaque" });
const cube = createSpinningCube(device, format);

let frame = 0;
let start;
requestAnimationFrame(function draw(time) {
  start ??= time;
  // A fixed step per frame (not wall-clock time), so the frames are the same on every machine.
  cube.draw(context.getCurrentTexture(), frame * 100);
  const n = frame++;
  canvas.convertToBlob({ type: "image/png" }).then(async (blob) => {
    const file = join(outDir, `frame-${String(n).padStart(3, "0")}.png`);
    writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
    console.log(`wrote ${file} (${canvas.width}x${canvas.height}, ${format})`);
  });
  if (frame < frameCount) requestAnimationFrame(draw);
});
