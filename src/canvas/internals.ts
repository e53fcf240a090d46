// The key of the canvas objects' internal members, in a module of its own: context.ts, offscreen-canvas.ts
// and frames.ts all use it, and frames.ts must not import context.ts (context.ts imports frames.ts).
export const internals = Symbol("wgpu-ts.canvasContext");

/** What the frame loop (frames.ts) asks of a context that handed out a texture: its device, and present(). */
export interface PresentingContext {
  readonly [internals]: { readonly configuration: { readonly device: GPUDevice } | null; present(): void };
}
