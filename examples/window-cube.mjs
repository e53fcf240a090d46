// A spinning cube in a real window: wgpu-ts/window (GLFW) with the canvas's standard "webgpu" context presenting
// through a wgpu-native surface, a requestAnimationFrame loop paced by presentation, and browser-style input:
// drag with the mouse to spin it, the wheel to zoom, space to pause, Escape (or the close button) to quit.
//   node examples/window-cube.mjs [--frames N]      (N: close by itself after N frames, for a quick check)
// The process exits when the window closes.
import { openWindow, requestAnimationFrame } from "wgpu-ts/window";
import { gpu } from "wgpu-ts/backends/wgpu-native";
import { createSpinningCube } from "./spinning-cube-scene.mjs";

const maxFrames = process.argv.includes("--frames") ? Number(process.argv[process.argv.indexOf("--frames") + 1]) : Infinity;
const adapter = await gpu.requestAdapter();
if (!adapter) throw new Error("no GPU adapter found");
const device = await adapter.requestDevice();

const win = openWindow({ title: "wgpu-ts: spinning cube", width: 640, height: 480 });
const canvas = win.canvas;
const context = canvas.getContext("webgpu");
const format = gpu.getPreferredCanvasFormat();
context.configure({ device, format, alphaMode: "opaque" });
const cube = createSpinningCube(device, format);

let paused = false, offset = 0, dragging = false, frames = 0, last;
win.addEventListener("keydown", (e) => {
  if (e.code === "Space") paused = !paused;
  if (e.key === "Escape") win.close();
});
canvas.addEventListener("pointerdown", () => { dragging = true; });
canvas.addEventListener("pointerup", () => { dragging = false; });
canvas.addEventListener("pointermove", (e) => { if (dragging) offset += e.movementX * 10; });
canvas.addEventListener("wheel", (e) => { offset += e.deltaY; });
win.addEventListener("resize", () => console.log(`resized to ${canvas.width}x${canvas.height}`));
win.addEventListener("close", () => console.log(`closed after ${frames} frames`));

let time = 0;
requestAnimationFrame(function frame(now) {
  if (!paused) time += now - (last ?? now);
  last = now;
  cube.draw(context.getCurrentTexture(), time + offset);
  if (++frames >= maxFrames) { console.log(`${frames} frames presented`); win.close(); return; }
  requestAnimationFrame(frame);
});
