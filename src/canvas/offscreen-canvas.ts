// The standard OffscreenCanvas (HTML spec) for runtimes without one, with the "webgpu" context only: a canvas
// that needs no display, whose presented frames are read back by convertToBlob() (PNG through pngjs, the
// project's PNG library) or moved out by transferToImageBitmap().
import { GPUCanvasContext, internals, type NormalizedConfiguration } from "./context.js";
import type { RGBAImage } from "../utils/image.js";

// The image module (pngjs, node:fs) loads when an image is first encoded: browser bundles of the globals never
// pull it in, and browsers have their own OffscreenCanvas anyway.
// The specifier is a variable so that bundlers do not follow it.
const IMAGE_MODULE = "../utils/image.js";
const imageModule = (): Promise<typeof import("../utils/image.js")> => import(/* @vite-ignore */ /* webpackIgnore: true */ IMAGE_MODULE);

const CONTEXT_IDS = ["2d", "bitmaprenderer", "webgl", "webgl2", "webgpu"];

/** WebIDL [EnforceRange] unsigned long long. */
function enforceRangeU64(value: unknown, where: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`${where}: ${String(value)} is not a finite number`);
  const t = Math.trunc(n);
  if (t < 0 || t > Number.MAX_SAFE_INTEGER) throw new TypeError(`${where}: ${t} is outside the range of an unsigned long long`);
  return t;
}

/** An image moved out of a canvas by transferToImageBitmap(): its size, and the frame on the GPU until close(). */
export class CanvasImageBitmap {
  #width: number;
  #height: number;
  #texture: GPUTexture | null;
  #configuration: NormalizedConfiguration | null;

  /** @internal */
  constructor(width: number, height: number, frame: { texture: GPUTexture; configuration: NormalizedConfiguration } | null, key?: symbol) {
    if (key !== internals) throw new TypeError("Illegal constructor");
    this.#width = width;
    this.#height = height;
    this.#texture = frame?.texture ?? null;
    this.#configuration = frame?.configuration ?? null;
  }

  get width(): number { return this.#width; }
  get height(): number { return this.#height; }

  close(): void {
    this.#texture?.destroy();
    this.#texture = null;
    this.#configuration = null;
    this.#width = 0;
    this.#height = 0;
  }

  /** @internal */
  get [internals](): { texture: GPUTexture; configuration: NormalizedConfiguration } | null {
    return this.#texture && this.#configuration ? { texture: this.#texture, configuration: this.#configuration } : null;
  }
}

/** Reads a presented frame as 8-bit, non-premultiplied RGBA (what an image file holds). */
export async function readFrame(frame: { texture: GPUTexture; configuration: NormalizedConfiguration } | null, width: number, height: number): Promise<RGBAImage> {
  if (!frame) return { width, height, data: new Uint8Array(width * height * 4) };
  const { readTextureImage } = await imageModule();
  const image = await readTextureImage(frame.configuration.device, frame.texture);
  const d = image.data;
  if (frame.configuration.alphaMode === "opaque") {
    // The spec's snapshot of an opaque canvas has its alpha cleared to 1.
    for (let i = 3; i < d.length; i += 4) d[i] = 255;
  } else {
    // Premultiplied frames become straight alpha, as PNG stores it.
    for (let i = 0; i < d.length; i += 4) {
      const a = d[i + 3]!;
      if (a === 0 || a === 255) continue;
      for (let c = 0; c < 3; c++) d[i + c] = Math.min(255, Math.round((d[i + c]! * 255) / a));
    }
  }
  return image;
}

export class OffscreenCanvas extends EventTarget {
  #width: number;
  #height: number;
  #context: GPUCanvasContext | null = null;

  constructor(width: number, height: number) {
    super();
    if (arguments.length < 2) throw new TypeError(`OffscreenCanvas: 2 arguments required, but only ${arguments.length} present`);
    this.#width = enforceRangeU64(width, "OffscreenCanvas.width");
    this.#height = enforceRangeU64(height, "OffscreenCanvas.height");
  }

  get width(): number { return this.#width; }
  set width(value: number) {
    this.#width = enforceRangeU64(value, "OffscreenCanvas.width");
    this.#context?.[internals].resized();
  }

  get height(): number { return this.#height; }
  set height(value: number) {
    this.#height = enforceRangeU64(value, "OffscreenCanvas.height");
    this.#context?.[internals].resized();
  }

  /**
   * getContext("webgpu") returns this canvas's GPUCanvasContext (the same one each time). The other standard
   * kinds ("2d", "bitmaprenderer", "webgl", "webgl2") are not implemented here and return null, as a browser
   * does for a kind it cannot create; anything else is a TypeError (the OffscreenRenderingContextId enum).
   */
  getContext(contextId: "webgpu", options?: unknown): GPUCanvasContext | null;
  getContext(contextId: string, options?: unknown): GPUCanvasContext | null;
  getContext(contextId: string, _options?: unknown): GPUCanvasContext | null {
    if (arguments.length < 1) throw new TypeError("OffscreenCanvas.getContext: 1 argument required");
    const id = String(contextId);
    if (!CONTEXT_IDS.includes(id)) throw new TypeError(`OffscreenCanvas.getContext: "${id}" is not a valid OffscreenRenderingContextId`);
    if (id !== "webgpu") return null;
    return (this.#context ??= new GPUCanvasContext(this, null, internals));
  }

  /** A PNG of the canvas: the frame being drawn if there is one, else the last presented frame. */
  async convertToBlob(options: { type?: string; quality?: number } = {}): Promise<Blob> {
    if (this.#width === 0 || this.#height === 0) throw new DOMException("OffscreenCanvas.convertToBlob: the canvas has no pixels (a zero width or height)", "IndexSizeError");
    // Only PNG is encoded; the spec falls back to PNG for a type the user agent does not support.
    void options?.type;
    const frame = this.#context?.[internals].snapshot() ?? null;
    const image = await readFrame(frame, this.#width, this.#height);
    frame?.texture.destroy();
    const { encodePNG } = await imageModule();
    return new Blob([encodePNG(image) as Uint8Array<ArrayBuffer>], { type: "image/png" });
  }

  /** Moves the current frame into an image bitmap; the canvas starts a new, transparent frame. */
  transferToImageBitmap(): CanvasImageBitmap {
    if (this.#width === 0 || this.#height === 0) throw new DOMException("OffscreenCanvas.transferToImageBitmap: the canvas has no pixels", "InvalidStateError");
    const frame = this.#context?.[internals].takeFrame() ?? null;
    return new CanvasImageBitmap(this.#width, this.#height, frame, internals);
  }

  get [Symbol.toStringTag](): string { return "OffscreenCanvas"; }
}
