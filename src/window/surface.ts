// A wgpu-native surface (WGPUSurface) behind a window's canvas: the CanvasPresenter that copies each presented
// frame into the surface's texture and presents it. The canvas's frames themselves are ordinary textures of the
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
import { GPUTextureUsage } from "../generated/flags.js";
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

const SURFACE_USAGE = GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_DST;

export class SurfacePresenter implements CanvasPresenter {
  readonly usage = 0;
  #surface: bigint;
  #caps = new WeakMap<object, Capabilities>();
  /** what the surface is configured with now ("" when unconfigured) */
  #configuredKey = "";
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
    if (!caps.formats.includes(configuration.format)) {
      throw new TypeError(`GPUCanvasConfiguration.format: "${configuration.format}" is not supported by this window's surface (supported: ${caps.formats.join(", ") || "none"})`);
    }
    if ((caps.usages & SURFACE_USAGE) !== SURFACE_USAGE) throw new TypeError("wgpu-ts/window: this surface cannot be copied into (no COPY_DST usage)");
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
    const wantAlpha = c.alphaMode === "premultiplied" ? WGPUCompositeAlphaMode.Premultiplied : WGPUCompositeAlphaMode.Opaque;
    const alphaMode = caps.alphaModes.includes(wantAlpha) ? wantAlpha : WGPUCompositeAlphaMode.Auto;
    // FIFO (vsync) is the one mode every surface has; it paces presentation by the display.
    const presentMode = caps.presentModes.includes(WGPUPresentMode.Fifo) ? WGPUPresentMode.Fifo : caps.presentModes[0]!;
    device._rt.fn.wgpuSurfaceConfigure(this.#surface, {
      nextInChain: null, device: device._handle, format: textureFormatToC[c.format], usage: SURFACE_USAGE,
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
    // The wrapper owns its own reference (released when collected); ours goes right after presenting.
    fn.wgpuTextureAddRef(st.texture);
    const target = new NativeTexture(device, st.texture as bigint, "wgpu-ts window surface texture", {
      width, height, depthOrArrayLayers: 1, mipLevelCount: 1, sampleCount: 1, dimension: "2d", format: c.format, usage: SURFACE_USAGE,
    });
    setLiveBytes(target, 0); // the surface's memory, not an allocation of the script
    const gpuDevice = c.device;
    gpuDevice.pushErrorScope("validation");
    withInternalUsage(frame, () => {
      const encoder = gpuDevice.createCommandEncoder({ label: "wgpu-ts window present" });
      encoder.copyTextureToTexture({ texture: frame }, { texture: target as unknown as GPUTexture }, [width, height, 1]);
      gpuDevice.queue.submit([encoder.finish()]);
    });
    gpuDevice.popErrorScope().catch(() => {});
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
