// A wgpu-native surface (WGPUSurface) behind a window's canvas: the CanvasPresenter that draws each presented
// frame into the surface's texture (a full-screen pass reading it texel by texel: surfaces offer no COPY_DST usage
// on every platform (lavapipe/X11: RENDER_ATTACHMENT | TEXTURE_BINDING | COPY_SRC), and their formats need not be
// the canvas's: bgra8unorm only, here) and presents it. The canvas's frames themselves are ordinary textures of the
// context (src/canvas/context.ts), so getCurrentTexture() keeps the spec's semantics (expiry, destroy, usage) and
// the surface stays an implementation detail.
//
// wgpu-native turns every surface error into a process abort (handle_error_fatal in its src/lib.rs:
// wgpuSurfaceConfigure with a configuration the surface does not support, wgpuSurfaceGetCurrentTexture or
// wgpuSurfacePresent on an unconfigured surface, acquiring twice). So everything is checked here first: the
// format, usage, present and alpha modes against wgpuSurfaceGetCapabilities, a non-zero size within the device's
// limits, configure before acquire, one acquire per present, and no present after a failed acquire.
// wgpuSurfaceSetLabel is not called (it panics: unimplemented).
import koffi from "koffi";
import { runtime } from "../backends/wgpu-native/runtime.js";
import { NativeDevice } from "../backends/wgpu-native/objects/device.js";
import { NativeTexture } from "../backends/wgpu-native/objects/texture.js";
import { setLiveBytes } from "../backends/wgpu-native/lifetime.js";
import { textureFormatToC, textureFormatFromC } from "../backends/wgpu-native/ffi/generated/maps.js";
import { WGPUSType, WGPUPresentMode, WGPUCompositeAlphaMode, WGPUSurfaceGetCurrentTextureStatus } from "../backends/wgpu-native/ffi/generated/enums.js";
import { toStringView } from "../backends/wgpu-native/ffi/strings.js";
import { GPUTextureUsage, GPUBufferUsage } from "../generated/flags.js";
import { withInternalUsage, type CanvasPresenter, type NormalizedConfiguration } from "../canvas/context.js";

/** Where a surface comes from (glfw3native.h handles). */
export type SurfaceSource =
  | { kind: "xlib"; display: unknown; window: bigint | number }
  | { kind: "wayland"; display: unknown; surface: unknown }
  | { kind: "metal"; layer: unknown }
  | { kind: "hwnd"; hinstance: unknown; hwnd: unknown };

interface Capabilities { usages: number; formats: GPUTextureFormat[]; presentModes: number[]; alphaModes: number[] }

function chained(source: SurfaceSource): unknown {
  switch (source.kind) {
    case "xlib": return koffi.as({ chain: { next: null, sType: WGPUSType.SurfaceSourceXlibWindow }, display: source.display, window: BigInt(source.window) }, "WGPUSurfaceSourceXlibWindow *");
    case "wayland": return koffi.as({ chain: { next: null, sType: WGPUSType.SurfaceSourceWaylandSurface }, display: source.display, surface: source.surface }, "WGPUSurfaceSourceWaylandSurface *");
    case "metal": return koffi.as({ chain: { next: null, sType: WGPUSType.SurfaceSourceMetalLayer }, layer: source.layer }, "WGPUSurfaceSourceMetalLayer *");
    case "hwnd": return koffi.as({ chain: { next: null, sType: WGPUSType.SurfaceSourceWindowsHWND }, hinstance: source.hinstance, hwnd: source.hwnd }, "WGPUSurfaceSourceWindowsHWND *");
  }
}

const SURFACE_USAGE = GPUTextureUsage.RENDER_ATTACHMENT;

const BLIT_WGSL = /* wgsl */ `
  @group(0) @binding(0) var frame: texture_2d<f32>;
  struct Params { opaque: u32 };
  @group(0) @binding(1) var<uniform> params: Params;
  @vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
    let xy = vec2f(f32((i << 1u) & 2u), f32(i & 2u));
    return vec4f(xy * 2.0 - 1.0, 0.0, 1.0);
  }
  @fragment fn fs(@builtin(position) p: vec4f) -> @location(0) vec4f {
    let c = textureLoad(frame, vec2i(p.xy), 0);
    return select(c, vec4f(c.rgb, 1.0), params.opaque != 0u);
  }`;

interface Blit { pipeline: GPURenderPipeline; opaque: GPUBuffer; premultiplied: GPUBuffer }
const blits = new WeakMap<GPUDevice, Map<string, Blit>>();

function blitFor(device: GPUDevice, format: GPUTextureFormat): Blit {
  let byFormat = blits.get(device);
  if (!byFormat) blits.set(device, (byFormat = new Map()));
  let blit = byFormat.get(format);
  if (!blit) {
    const module = device.createShaderModule({ label: "wgpu-ts window blit", code: BLIT_WGSL });
    const pipeline = device.createRenderPipeline({
      label: "wgpu-ts window blit", layout: "auto",
      vertex: { module, entryPoint: "vs" }, fragment: { module, entryPoint: "fs", targets: [{ format }] },
    });
    const flag = (v: number) => {
      const b = device.createBuffer({ label: "wgpu-ts window blit params", size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(b, 0, new Uint32Array([v, 0, 0, 0]));
      return b;
    };
    blit = { pipeline, opaque: flag(1), premultiplied: flag(0) };
    byFormat.set(format, blit);
  }
  return blit;
}

export class SurfacePresenter implements CanvasPresenter {
  /** the frame is read by the blit */
  readonly usage = GPUTextureUsage.TEXTURE_BINDING;
  #surface: bigint;
  #caps = new WeakMap<object, Capabilities>();
  /** what the surface is configured with now ("" when unconfigured) */
  #configuredKey = "";
  #format: GPUTextureFormat = "bgra8unorm";
  /** presented frames (for tests and statistics) */
  presented = 0;

  constructor(source: SurfaceSource, label = "wgpu-ts window") {
    const rt = runtime();
    const handle = rt.fn.wgpuInstanceCreateSurface(rt.instance, { nextInChain: chained(source), label: toStringView(label) }) as bigint;
    if (!handle) throw new Error("wgpu-ts/window: wgpuInstanceCreateSurface returned no surface");
    this.#surface = handle;
  }

  #capabilities(device: NativeDevice): Capabilities {
    const adapter = device._adapter;
    let caps = this.#caps.get(adapter);
    if (caps) return caps;
    const fn = device._rt.fn;
    const out = Buffer.alloc(koffi.sizeof("WGPUSurfaceCapabilities"));
    fn.wgpuSurfaceGetCapabilities(this.#surface, adapter._handle, out);
    const s = koffi.decode(out, "WGPUSurfaceCapabilities") as Record<string, unknown>;
    const list = (ptr: unknown, count: unknown): number[] => (Number(count) && ptr ? Array.from(koffi.decode(ptr, koffi.array("uint32_t", Number(count))) as ArrayLike<number>) : []);
    caps = {
      usages: Number(s.usages),
      formats: list(s.formats, s.formatCount).map((c) => textureFormatFromC.get(c) as GPUTextureFormat).filter(Boolean),
      presentModes: list(s.presentModes, s.presentModeCount),
      alphaModes: list(s.alphaModes, s.alphaModeCount),
    };
    fn.wgpuSurfaceCapabilitiesFreeMembers(s);
    this.#caps.set(adapter, caps);
    return caps;
  }

  check(configuration: Readonly<NormalizedConfiguration>): void {
    if (!this.#surface) throw new TypeError("GPUCanvasContext.configure: the window is closed");
    if (!(configuration.device instanceof NativeDevice)) {
      throw new TypeError("GPUCanvasConfiguration.device: a window presents through wgpu-native; configure it with a device of the wgpu-native backend");
    }
    const caps = this.#capabilities(configuration.device);
    if (!this.#surfaceFormat(caps, configuration.format)) {
      throw new TypeError(`wgpu-ts/window: the surface offers no format to present a "${configuration.format}" canvas in (it has: ${caps.formats.join(", ") || "none"})`);
    }
    if ((caps.usages & SURFACE_USAGE) !== SURFACE_USAGE) throw new TypeError(`wgpu-ts/window: the surface cannot be rendered to (usages 0x${caps.usages.toString(16)})`);
  }

  /** The surface format frames are drawn into: the canvas's if offered, else a non-sRGB 8-bit one (canvas values are already encoded). */
  #surfaceFormat(caps: Capabilities, format: GPUTextureFormat): GPUTextureFormat | undefined {
    if (caps.formats.includes(format)) return format;
    return (["bgra8unorm", "rgba8unorm"] as GPUTextureFormat[]).find((f) => caps.formats.includes(f)) ?? caps.formats.find((f) => !f.endsWith("-srgb"));
  }

  configure(configuration: Readonly<NormalizedConfiguration> | null): void {
    // Deferred to presentation, where the frame's size is known; unconfigure now.
    if (!configuration && this.#configuredKey && this.#surface) {
      runtime().fn.wgpuSurfaceUnconfigure(this.#surface);
      this.#configuredKey = "";
    }
  }

  #ensureConfigured(device: NativeDevice, c: Readonly<NormalizedConfiguration>, width: number, height: number): void {
    const key = `${device._handle}:${c.format}:${c.alphaMode}:${width}x${height}`;
    if (key === this.#configuredKey) return;
    const caps = this.#capabilities(device);
    this.#format = this.#surfaceFormat(caps, c.format)!;
    const wantAlpha = c.alphaMode === "premultiplied" ? WGPUCompositeAlphaMode.Premultiplied : WGPUCompositeAlphaMode.Opaque;
    const alphaMode = caps.alphaModes.includes(wantAlpha) ? wantAlpha : WGPUCompositeAlphaMode.Auto;
    // FIFO (vsync) is the one mode every surface has; it paces presentation by the display.
    const presentMode = caps.presentModes.includes(WGPUPresentMode.Fifo) ? WGPUPresentMode.Fifo : caps.presentModes[0]!;
    device._rt.fn.wgpuSurfaceConfigure(this.#surface, {
      nextInChain: null, device: device._handle, format: textureFormatToC[this.#format], usage: SURFACE_USAGE,
      width, height, viewFormatCount: 0, viewFormats: null, alphaMode, presentMode,
    });
    this.#configuredKey = key;
  }

  present(frame: GPUTexture, c: Readonly<NormalizedConfiguration>): void {
    const device = c.device as unknown as NativeDevice;
    const { width, height } = frame;
    const max = device.limits.maxTextureDimension2D;
    if (!this.#surface || width === 0 || height === 0 || width > max || height > max) return;
    this.#ensureConfigured(device, c, width, height);
    const fn = device._rt.fn;
    const out = Buffer.alloc(koffi.sizeof("WGPUSurfaceTexture"));
    fn.wgpuSurfaceGetCurrentTexture(this.#surface, out);
    const st = koffi.decode(out, "WGPUSurfaceTexture") as { texture: bigint | null; status: number };
    const ok = st.status === WGPUSurfaceGetCurrentTextureStatus.SuccessOptimal || st.status === WGPUSurfaceGetCurrentTextureStatus.SuccessSuboptimal;
    if (!ok || !st.texture) {
      if (st.texture) fn.wgpuTextureRelease(st.texture);
      // Outdated / lost (a resize raced us) or timeout: configure again at the next frame, drop this one.
      this.#configuredKey = "";
      return;
    }
    // The wrapper owns no reference: ours, the only one, is released right after presenting, while the surface
    // exists (a reference dropped after wgpuSurfaceRelease, e.g. when the wrapper is collected once the window is
    // closed, panics in wgpu-native: "Surface does not exist"). The wrapper is not used after this function.
    const target = new NativeTexture(device, st.texture as bigint, "wgpu-ts window surface texture", {
      width, height, depthOrArrayLayers: 1, mipLevelCount: 1, sampleCount: 1, dimension: "2d", format: this.#format, usage: SURFACE_USAGE,
    }, false);
    setLiveBytes(target, 0); // the surface's memory, not an allocation of the script
    const gpuDevice = c.device;
    gpuDevice.pushErrorScope("validation");
    const blit = blitFor(gpuDevice, this.#format);
    withInternalUsage(frame, () => {
      const bindGroup = gpuDevice.createBindGroup({
        layout: blit.pipeline.getBindGroupLayout(0),
        entries: [{ binding: 0, resource: frame.createView() }, { binding: 1, resource: { buffer: c.alphaMode === "opaque" ? blit.opaque : blit.premultiplied } }],
      });
      const encoder = gpuDevice.createCommandEncoder({ label: "wgpu-ts window present" });
      const pass = encoder.beginRenderPass({
        colorAttachments: [{ view: (target as unknown as GPUTexture).createView(), loadOp: "clear", storeOp: "store", clearValue: [0, 0, 0, 0] }],
      });
      pass.setPipeline(blit.pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.draw(3);
      pass.end();
      gpuDevice.queue.submit([encoder.finish()]);
    });
    gpuDevice.popErrorScope().then((e) => { if (e && process.env.WGPU_TS_CANVAS_DEBUG) console.error("wgpu-ts window present:", e.message); }, () => {});
    fn.wgpuSurfacePresent(this.#surface);
    fn.wgpuTextureRelease(st.texture);
    if (st.status === WGPUSurfaceGetCurrentTextureStatus.SuccessSuboptimal) this.#configuredKey = "";
    this.presented++;
  }

  /** Releases the surface (before its window is destroyed). */
  release(): void {
    if (!this.#surface) return;
    const fn = runtime().fn;
    if (this.#configuredKey) fn.wgpuSurfaceUnconfigure(this.#surface);
    fn.wgpuSurfaceRelease(this.#surface);
    this.#surface = 0n;
    this.#configuredKey = "";
  }
}
