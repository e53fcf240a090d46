// GPUCanvasContext, written only against the standard WebGPU API so it works over any backend's GPUDevice
// (wgpu-native, js-webgpu over dawn.node, a browser's). The canvas it belongs to (an OffscreenCanvas or a
// window's canvas) owns the size; a presenter decides where a presented frame goes (kept for
// convertToBlob, or copied into a window surface).
//
// Model (WebGPU spec, "GPUCanvasContext"): configure() fixes a texture descriptor; getCurrentTexture() creates
// the frame's texture from it (the same object until the frame is presented); presenting ("update the
// rendering", frames.ts) hands the frame to the presenter and expires the texture (destroyed, as the spec's
// "expire the current texture" says); resizing or reconfiguring replaces the drawing buffer at once.
import { GPUTextureUsage } from "../generated/flags.js";
import { frames } from "./frames.js";
import { internals } from "./internals.js";

/** The formats the spec lets a canvas be configured with ("supported context formats"). */
export const CANVAS_FORMATS: readonly GPUTextureFormat[] = ["bgra8unorm", "rgba8unorm", "rgba16float"];
const ALPHA_MODES = ["opaque", "premultiplied"];
const COLOR_SPACES = ["srgb", "display-p3"];
const TONE_MAPPING_MODES = ["standard", "extended"];
/** GPUTextureUsage.TRANSIENT_ATTACHMENT (newer than some flag tables). */
const TRANSIENT_ATTACHMENT = 0x20;

/** The spec's "texture view format compatible": equal, or equal but for sRGB-ness. */
function viewCompatible(format: string, viewFormat: string): boolean {
  return format === viewFormat || format.replace(/-srgb$/, "") === viewFormat.replace(/-srgb$/, "");
}

/** Features a texture format needs (the spec's "validate texture format required features"). */
function requiredFeature(format: string): string | undefined {
  if (format === "depth32float-stencil8") return "depth32float-stencil8";
  if (format.startsWith("bc")) return "texture-compression-bc";
  if (format.startsWith("etc2") || format.startsWith("eac")) return "texture-compression-etc2";
  if (format.startsWith("astc")) return "texture-compression-astc";
  if (/^(r|rg|rgba)16(unorm|snorm)$/.test(format)) return "texture-formats-tier1";
  return undefined;
}

/** What a canvas is to its context: a size, and a way to be told a frame is waiting. */
export interface CanvasLike {
  readonly width: number;
  readonly height: number;
}

/** Where presented frames go. The context adds `usage` to the drawing buffer's usage (hidden from `texture.usage`). */
export interface CanvasPresenter {
  readonly usage: number;
  /** Called at presentation with the frame texture (its commands are submitted). */
  present(frame: GPUTexture, configuration: Readonly<NormalizedConfiguration>): void;
  /** Checks a configuration before the context takes it (throws a TypeError for one it cannot present). */
  check?(configuration: Readonly<NormalizedConfiguration>): void;
  /** The context was configured (or its canvas resized): configure whatever sits behind (a surface). */
  configure?(configuration: Readonly<NormalizedConfiguration> | null, width: number, height: number): void;
}

/** GPUCanvasConfiguration with every default filled in (what getConfiguration() returns a copy of). */
export interface NormalizedConfiguration {
  device: GPUDevice;
  format: GPUTextureFormat;
  usage: number;
  viewFormats: GPUTextureFormat[];
  colorSpace: PredefinedColorSpace;
  toneMapping: { mode: "standard" | "extended" };
  alphaMode: GPUCanvasAlphaMode;
}

function enumMember(value: unknown, allowed: readonly string[], where: string, fallback: string): string {
  if (value === undefined) return fallback;
  const s = String(value);
  if (!allowed.includes(s)) throw new TypeError(`${where}: "${s}" is not a valid value (expected ${allowed.map((a) => `"${a}"`).join(", ")})`);
  return s;
}

function enforceRangeU32(value: unknown, where: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`${where}: ${String(value)} is not a finite number`);
  const t = Math.trunc(n);
  if (t < 0 || t > 0xffffffff) throw new TypeError(`${where}: ${t} is outside the range of an unsigned long`);
  return t;
}

function isDevice(v: unknown): v is GPUDevice {
  return v !== null && typeof v === "object" && typeof (v as GPUDevice).createTexture === "function" &&
    typeof (v as GPUDevice).createCommandEncoder === "function" && typeof (v as GPUDevice).queue === "object";
}

/** Internal access for canvases, frames.ts and presenters (not part of the public surface). */
export { internals };

export class GPUCanvasContext {
  readonly #canvas: CanvasLike;
  readonly #presenter: CanvasPresenter | null;
  #configuration: NormalizedConfiguration | null = null;
  #descriptor: GPUTextureDescriptor | null = null;
  /** the frame's texture, handed out by getCurrentTexture() until presentation */
  #current: GPUTexture | null = null;
  /** what was presented last, for convertToBlob (only without a presenter: offscreen canvases) */
  #displayed: GPUTexture | null = null;

  /** @internal canvases create their context; scripts get it from canvas.getContext("webgpu"). */
  constructor(canvas: CanvasLike, presenter: CanvasPresenter | null = null, key?: symbol) {
    if (key !== internals) throw new TypeError("Illegal constructor");
    this.#canvas = canvas;
    this.#presenter = presenter;
  }

  get canvas(): CanvasLike { return this.#canvas; }

  configure(configuration: GPUCanvasConfiguration): undefined {
    if (configuration === null || typeof configuration !== "object") throw new TypeError("GPUCanvasContext.configure: the configuration must be an object");
    const W = "GPUCanvasConfiguration";
    // WebIDL dictionary conversion order: members in lexicographic order, required ones checked as met.
    const c = configuration as unknown as Record<string, unknown>;
    const alphaMode = enumMember(c.alphaMode, ALPHA_MODES, `${W}.alphaMode`, "opaque") as GPUCanvasAlphaMode;
    const colorSpace = enumMember(c.colorSpace, COLOR_SPACES, `${W}.colorSpace`, "srgb") as PredefinedColorSpace;
    if (!isDevice(c.device)) throw new TypeError(`${W}.device: required, and must be a GPUDevice`);
    const device = c.device;
    if (c.format === undefined) throw new TypeError(`${W}.format: required`);
    const format = String(c.format) as GPUTextureFormat;
    const tm = c.toneMapping as Record<string, unknown> | undefined;
    if (tm !== undefined && (tm === null || typeof tm !== "object")) throw new TypeError(`${W}.toneMapping: must be a dictionary`);
    const toneMapping = { mode: enumMember(tm?.mode, TONE_MAPPING_MODES, `${W}.toneMapping.mode`, "standard") as "standard" | "extended" };
    const usage = enforceRangeU32(c.usage, `${W}.usage`, GPUTextureUsage.RENDER_ATTACHMENT);
    let viewFormats: GPUTextureFormat[] = [];
    if (c.viewFormats !== undefined) {
      const vf = c.viewFormats as Iterable<unknown>;
      if (vf === null || typeof vf !== "object" || typeof vf[Symbol.iterator] !== "function") throw new TypeError(`${W}.viewFormats: must be a sequence`);
      viewFormats = Array.from(vf, (f) => String(f) as GPUTextureFormat);
    }
    // Content-timeline checks (TypeErrors), in the spec's order.
    for (const f of [format, ...viewFormats]) {
      const feature = requiredFeature(f);
      if (feature && !device.features.has(feature)) throw new TypeError(`${W}: format "${f}" needs the device feature "${feature}"`);
    }
    if (!CANVAS_FORMATS.includes(format)) throw new TypeError(`${W}.format: "${format}" is not a canvas format (supported: ${CANVAS_FORMATS.join(", ")})`);
    // A canvas texture is never transient (its contents are presented): the spec makes this a TypeError.
    if (usage & TRANSIENT_ATTACHMENT) throw new TypeError(`${W}.usage: GPUTextureUsage.TRANSIENT_ATTACHMENT is not allowed for a canvas`);

    const normalized: NormalizedConfiguration = { device, format, usage, viewFormats, colorSpace, toneMapping, alphaMode };
    this.#presenter?.check?.(normalized);
    this.#configuration = normalized;
    this.#descriptor = this.#textureDescriptor();
    this.#replaceDrawingBuffer();
    // Device-timeline validation of the descriptor (and of viewFormats against format) happens in
    // createTexture: its errors reach the device now, as the spec's configure() has them, and again at
    // getCurrentTexture(), which creates the frame's texture.
    this.#createFrameTexture().destroy();
    return undefined;
  }

  unconfigure(): undefined {
    this.#configuration = null;
    this.#descriptor = null;
    this.#replaceDrawingBuffer();
    this.#presenter?.configure?.(null, this.#canvas.width, this.#canvas.height);
    return undefined;
  }

  getConfiguration(): GPUCanvasConfiguration | null {
    const c = this.#configuration;
    if (!c) return null;
    return { ...c, viewFormats: [...c.viewFormats], toneMapping: { ...c.toneMapping } } as GPUCanvasConfiguration;
  }

  getCurrentTexture(): GPUTexture {
    if (!this.#configuration || !this.#descriptor) {
      throw new DOMException("GPUCanvasContext.getCurrentTexture: the context is not configured", "InvalidStateError");
    }
    if (!this.#current) {
      this.#current = this.#createFrameTexture();
      // Presented at the next "update the rendering" (after this frame's animation callbacks).
      frames.framePending(this);
    }
    return this.#current;
  }

  /** The descriptor of the canvas's textures: its size, the configuration's format, usage and view formats. */
  #textureDescriptor(): GPUTextureDescriptor {
    const c = this.#configuration!;
    return {
      label: "GPUCanvasContext frame",
      size: [this.#canvas.width, this.#canvas.height, 1],
      format: c.format,
      usage: c.usage,
      viewFormats: c.viewFormats,
      dimension: "2d",
      mipLevelCount: 1,
      sampleCount: 1,
    };
  }

  #createFrameTexture(): GPUTexture {
    const c = this.#configuration!;
    const d = this.#descriptor!;
    const incompatible = c.viewFormats.findIndex((f) => !viewCompatible(c.format, f));
    if (incompatible >= 0) {
      // Not every backend checks view format compatibility in createTexture; the canvas rule is the spec's, so the
      // canvas enforces it: an invalid descriptor (usage 0) makes the error texture and the validation error,
      // and the label says why.
      const why = `viewFormats[${incompatible}] "${c.viewFormats[incompatible]}" is not view-compatible with format "${c.format}"`;
      return c.device.createTexture({ ...d, label: `GPUCanvasContext frame (invalid: ${why})`, usage: 0, viewFormats: [] });
    }
    // COPY_SRC (and what the presenter needs) is added so a frame can be kept or copied at presentation; the
    // texture reports the configured usage, as a browser's canvas texture does. An invalid usage (0) stays
    // invalid: the frame must then be an error texture.
    const extra = d.usage === 0 ? 0 : GPUTextureUsage.COPY_SRC | (this.#presenter?.usage ?? 0);
    const texture = c.device.createTexture({ ...d, usage: (d.usage as number) | extra });
    if (((d.usage as number) | extra) !== d.usage) {
      const shown = Object.getOwnPropertyDescriptor(texture, "usage");
      Object.defineProperty(texture, "usage", { value: d.usage, configurable: true, enumerable: shown?.enumerable ?? false, writable: false });
      internalUsage.set(texture, (d.usage as number) | extra);
    }
    return texture;
  }

  /** The spec's "replace the drawing buffer": the current frame expires, the next one starts transparent black. */
  #replaceDrawingBuffer(): void {
    this.#expire();
    this.#displayed?.destroy();
    this.#displayed = null;
    if (this.#configuration) this.#presenter?.configure?.(this.#configuration, this.#canvas.width, this.#canvas.height);
  }

  #expire(): void {
    if (!this.#current) return;
    this.#current.destroy();
    this.#current = null;
    frames.frameDone(this);
  }

  /** @internal what canvases, frames.ts and presenters use (not part of the public surface) */
  get [internals](): ContextInternals {
    const self = this;
    return {
      resized() {
        if (!self.#configuration) return;
        self.#descriptor = self.#textureDescriptor();
        self.#replaceDrawingBuffer();
      },
      present() {
        const frame = self.#current;
        const c = self.#configuration;
        if (!frame || !c) return;
        if (self.#presenter) {
          self.#presenter.present(frame, c);
        } else {
          self.#displayed?.destroy();
          self.#displayed = copyFrame(c.device, frame, self.#descriptor!);
        }
        self.#expire();
      },
      takeFrame() {
        // transferToImageBitmap: the frame (or, when nothing was drawn since, transparent black) moves to the
        // bitmap; the canvas starts a new frame.
        const c = self.#configuration;
        const frame = self.#current;
        const taken = frame && c ? copyFrame(c.device, frame, self.#descriptor!) : null;
        self.#expire();
        self.#displayed?.destroy();
        self.#displayed = null;
        return taken ? { texture: taken, configuration: c! } : null;
      },
      snapshot() {
        // A copy of the frame being drawn, else of the last presented one (the caller destroys it).
        const c = self.#configuration;
        const texture = self.#current ?? self.#displayed;
        return texture && c ? { texture: copyFrame(c.device, texture, self.#descriptor!), configuration: c } : null;
      },
      get configuration() { return self.#configuration; },
    };
  }
}

export interface ContextInternals {
  resized(): void;
  present(): void;
  takeFrame(): { texture: GPUTexture; configuration: NormalizedConfiguration } | null;
  snapshot(): { texture: GPUTexture; configuration: NormalizedConfiguration } | null;
  readonly configuration: NormalizedConfiguration | null;
}

/**
 * A copy of a frame (the presented image outlives the frame's texture, which presentation destroys). Errors
 * of the copy (the script destroyed the frame, or it never was valid) stay inside an error scope: the
 * presented image is then transparent black, and the script saw its own error already.
 */
function copyFrame(device: GPUDevice, frame: GPUTexture, d: GPUTextureDescriptor): GPUTexture {
  device.pushErrorScope("validation");
  const copy = device.createTexture({
    label: "GPUCanvasContext presented frame", size: d.size, format: d.format,
    usage: GPUTextureUsage.COPY_SRC | GPUTextureUsage.COPY_DST | GPUTextureUsage.TEXTURE_BINDING,
  });
  withInternalUsage(frame, () => {
    const encoder = device.createCommandEncoder({ label: "GPUCanvasContext present" });
    encoder.copyTextureToTexture({ texture: frame }, { texture: copy }, d.size);
    device.queue.submit([encoder.finish()]);
  });
  device.popErrorScope().then((e) => { if (e && readDebug()) console.error("wgpu-ts canvas: presenting a frame:", e.message); }, () => {});
  return copy;
}

/**
 * Runs `body` (synchronous encoding and submission by the canvas itself) while `frame` reports the usage it
 * really has: a backend that validates in JS (wgpu-native's) reads `usage`, which the frame shows as configured.
 */
export function withInternalUsage<T>(frame: GPUTexture, body: () => T): T {
  const real = internalUsage.get(frame);
  const shown = Object.getOwnPropertyDescriptor(frame, "usage");
  if (real === undefined || !shown) return body();
  Object.defineProperty(frame, "usage", { ...shown, value: real });
  try {
    return body();
  } finally {
    Object.defineProperty(frame, "usage", shown);
  }
}

/** The usage frame textures were created with, where it differs from the configured one they show. */
const internalUsage = new WeakMap<GPUTexture, number>();

function readDebug(): boolean {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return !!p?.env?.WGPU_TS_CANVAS_DEBUG;
}
