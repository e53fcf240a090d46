// wgpu-ts/window: real on-screen windows (GLFW through koffi) whose canvas presents through a wgpu-native surface.
//   const win = openWindow({ title: "cube", width: 640, height: 480 });
//   const context = win.canvas.getContext("webgpu");    // the standard GPUCanvasContext
//   requestAnimationFrame(draw)                          // paced by presentation; events: resize, key*, pointer*, wheel, close
// Without a display, openWindow() throws an error naming what is missing; OffscreenCanvas (wgpu-ts/canvas) works anyway.
export { GPUWindow, WindowCanvas, openWindow, openWindows, type WindowOptions } from "./window.js";
export { KeyboardEvent, MouseEvent, PointerEvent, WheelEvent } from "./events.js";
export { requestAnimationFrame, cancelAnimationFrame } from "../canvas/frames.js";
