// wgpu-ts/canvas: the standard OffscreenCanvas, GPUCanvasContext and requestAnimationFrame for runtimes without
// them (Node, Deno, Bun), written against the standard WebGPU API only: they work over any backend's GPUDevice.
import { GPUCanvasContext } from "./context.js";
import { OffscreenCanvas } from "./offscreen-canvas.js";
import { requestAnimationFrame, cancelAnimationFrame } from "./frames.js";

export { GPUCanvasContext, CANVAS_FORMATS, type CanvasPresenter, type CanvasLike, type NormalizedConfiguration } from "./context.js";
export { OffscreenCanvas, CanvasImageBitmap } from "./offscreen-canvas.js";
export { requestAnimationFrame, cancelAnimationFrame, frames, type FrameHook } from "./frames.js";

/**
 * Puts OffscreenCanvas, GPUCanvasContext, requestAnimationFrame and cancelAnimationFrame (and `self`) on `target`
 * where it has none of its own (a browser's or Deno's stay). Called by installGlobals().
 */
export function installCanvasGlobals(target: object = globalThis): void {
  const g = target as Record<string, unknown>;
  const values: Record<string, unknown> = { OffscreenCanvas, GPUCanvasContext, requestAnimationFrame, cancelAnimationFrame };
  // GPUCanvasContext goes with the canvas that makes it: a WebGPU implementation without canvases (dawn.node)
  // may define the interface, but `instanceof` must hold for the contexts our OffscreenCanvas returns.
  const ownCanvas = typeof g.OffscreenCanvas !== "function" || isOurs(g.OffscreenCanvas);
  for (const [name, value] of Object.entries(values)) {
    const keep = name === "GPUCanvasContext" ? !ownCanvas : typeof g[name] === "function" && !isOurs(g[name]);
    if (keep) continue;
    Object.defineProperty(g, name, { value, configurable: true, writable: true, enumerable: false });
  }
  installSelf(g);
}

/**
 * `self`, the name browser and worker code reaches the global scope by (three.js's animation loop calls
 * self.requestAnimationFrame), where the runtime has none (Node): it is globalThis, as in a worker.
 */
export function installSelf(target: object = globalThis): void {
  const g = target as Record<string, unknown>;
  if (g.self === undefined) Object.defineProperty(g, "self", { value: target, configurable: true, writable: true, enumerable: false });
}

function isOurs(v: unknown): boolean {
  return v === OffscreenCanvas || v === GPUCanvasContext || v === requestAnimationFrame || v === cancelAnimationFrame;
}
