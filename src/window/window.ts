// On-screen windows: a GLFW window whose canvas (HTMLCanvasElement-like) has a "webgpu" context presenting through
// a wgpu-native surface, with DOM-shaped events and requestAnimationFrame paced by presentation.
//
// Life cycle: while a window is open, its events are polled (an interval and before every frame). A window keeps
// the process alive while script code could still run because of it: while it has event listeners (on the window
// or its canvas; they are held strongly then, even when the script kept no reference) and, through the frame loop,
// while animation callbacks are pending. Otherwise the poll interval is unreferenced and the window is held weakly:
// a script that drew its frames and dropped every reference (or has nothing left to do) exits by itself, and a
// collected window is destroyed (surface released, GLFW window destroyed) by a FinalizationRegistry.
// Closing it (the window's close button: a cancelable "close" event first; or window.close()) releases the surface
// and the window at once; when the last one closes, pending animation callbacks are dropped (the page is gone).
import { getEventListeners } from "node:events";
import koffi from "koffi";
import { glfw, GLFW, out2, type Glfw, type WindowHandle } from "./glfw.js";
import { SurfacePresenter, type SurfaceSource } from "./surface.js";
import { GPUCanvasContext, internals } from "../canvas/context.js";
import { frames, type FrameHook } from "../canvas/frames.js";
import { KeyboardEvent, PointerEvent, WheelEvent, DOM_BUTTON, DOM_BUTTONS_BIT, domKey } from "./events.js";

export interface WindowOptions {
  /** window title (default "wgpu-ts") */
  title?: string;
  /** size of the content area in screen coordinates (default 640 x 480) */
  width?: number;
  height?: number;
  /** the user may resize the window (default true) */
  resizable?: boolean;
}

const POLL_INTERVAL_MS = 8;

/** An open window: weakly held, strongly while it has listeners; the native parts, for finalization. */
interface OpenEntry {
  readonly ref: WeakRef<GPUWindow>;
  strong: GPUWindow | null;
  readonly native: NativeParts;
}
interface NativeParts { readonly g: Glfw; readonly handle: WindowHandle; readonly presenter: SurfacePresenter }

const open = new Map<string, OpenEntry>();
let pollTimer: ReturnType<typeof setInterval> | null = null;

/** The event types windows dispatch (on the window, or on the canvas and then the window). */
const EVENT_TYPES = ["resize", "close", "keydown", "keyup", "focus", "blur", "pointermove", "pointerdown", "pointerup", "wheel"];

/** Whether a listener could still be called (exact where the runtime can list an EventTarget's listeners). */
function listened(w: GPUWindow, flagged: boolean): boolean {
  if (typeof getEventListeners !== "function") return flagged;
  return EVENT_TYPES.some((t) => getEventListeners(w, t).length > 0 || getEventListeners(w.canvas, t).length > 0);
}

/** Re-evaluates which windows are held strongly, and whether the poll interval keeps the process alive. */
function updateHolds(): void {
  let keep = false;
  for (const entry of open.values()) {
    const w = entry.ref.deref();
    entry.strong = w && w[hasListeners]() ? w : null;
    if (entry.strong) keep = true;
  }
  if (keep) pollTimer?.ref(); else pollTimer?.unref();
}

function destroyNative(key: string, parts: NativeParts): void {
  if (!open.delete(key)) return;
  parts.presenter.release();
  parts.g.f.glfwDestroyWindow!(parts.handle);
  if (open.size === 0) {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
    frames.removeHook(frameHook);
  }
}

// A window the script can no longer reach (no listeners, no references) is closed when collected.
const collected = new FinalizationRegistry<{ key: string; parts: NativeParts }>(({ key, parts }) => destroyNative(key, parts));

function handleKey(p: unknown): string {
  if (typeof p === "bigint" || typeof p === "number") return String(p);
  return String(koffi.address(p));
}

function pollEvents(): void {
  if (open.size === 0) return;
  glfw().f.glfwPollEvents!();
  for (const entry of [...open.values()]) entry.ref.deref()?.[dispatchQueued]();
  updateHolds();
}

const frameHook: FrameHook = { beforeFrame: () => pollEvents() };

const dispatchQueued = Symbol("dispatchQueued");
const hasListeners = Symbol("hasListeners");
const retain = Symbol("retain");

/** HTMLCanvasElement-like canvas of a window: sized in device pixels (the framebuffer), a "webgpu" context. */
export class WindowCanvas extends EventTarget {
  readonly #window: GPUWindow;
  #context: GPUCanvasContext | null = null;
  /** @internal */ _width = 0;
  /** @internal */ _height = 0;
  /** @internal */ readonly _presenter: SurfacePresenter;
  /** style properties browser code writes (three.js sets width / height); kept, not applied */
  readonly style: Record<string, string> = {};
  readonly #attributes = new Map<string, string>();

  /** @internal */
  constructor(window: GPUWindow, presenter: SurfacePresenter, key: symbol) {
    super();
    if (key !== internals) throw new TypeError("Illegal constructor");
    this.#window = window;
    this._presenter = presenter;
  }

  get width(): number { return this._width; }
  /** Resizes the window so that its drawing buffer gets this many device pixels across. */
  set width(v: number) { this.#window.resizeTo(Math.max(1, Math.round(Number(v) / this.#window.devicePixelRatio)), this.#window.innerHeight); }
  get height(): number { return this._height; }
  set height(v: number) { this.#window.resizeTo(this.#window.innerWidth, Math.max(1, Math.round(Number(v) / this.#window.devicePixelRatio))); }
  get clientWidth(): number { return this.#window.innerWidth; }
  get clientHeight(): number { return this.#window.innerHeight; }
  get ownerWindow(): GPUWindow { return this.#window; }

  getBoundingClientRect(): { x: number; y: number; left: number; top: number; right: number; bottom: number; width: number; height: number } {
    const width = this.clientWidth, height = this.clientHeight;
    return { x: 0, y: 0, left: 0, top: 0, right: width, bottom: height, width, height };
  }

  setAttribute(name: string, value: string): void { this.#attributes.set(String(name), String(value)); }
  getAttribute(name: string): string | null { return this.#attributes.get(String(name)) ?? null; }
  removeAttribute(name: string): void { this.#attributes.delete(String(name)); }
  focus(): void {}
  setPointerCapture(_id: number): void {}
  releasePointerCapture(_id: number): void {}

  /** getContext("webgpu"): the canvas's GPUCanvasContext (the same each time); any other kind: null. */
  getContext(contextId: string, _options?: unknown): GPUCanvasContext | null {
    if (String(contextId) !== "webgpu") return null;
    return (this.#context ??= new GPUCanvasContext(this, this._presenter, internals));
  }

  /** @internal */
  _resized(width: number, height: number): void {
    if (width === this._width && height === this._height) return;
    this._width = width;
    this._height = height;
    this.#context?.[internals].resized();
  }

  /** A listener makes the window worth keeping (and the process alive) until it is removed. */
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    super.addEventListener(type, listener, options);
    if (listener) this.#window[retain]();
  }

  get [Symbol.toStringTag](): string { return "HTMLCanvasElement"; }
}

type Queued = () => void;

/** A window on the screen. Events: "resize", "close" (cancelable), "keydown", "keyup", "focus", "blur"; the canvas gets the pointer and wheel events (which then reach the window too). */
export class GPUWindow extends EventTarget {
  readonly canvas: WindowCanvas;
  readonly #g: Glfw;
  #handle: WindowHandle | null;
  readonly #key: string;
  #title: string;
  #innerWidth = 0;
  #innerHeight = 0;
  #scale = 1;
  #buttons = 0;
  #lastX = 0;
  #lastY = 0;
  #mods = 0;
  readonly #queue: Queued[] = [];
  /** a listener was ever added (the fallback where listeners cannot be listed) */
  #listenedOnce = false;
  /** the native handle a surface was made from */
  readonly native: { platform: Glfw["platform"]; window: bigint | null };

  constructor(options: WindowOptions = {}) {
    super();
    const g = glfw();
    this.#g = g;
    const f = g.f;
    const width = Math.max(1, Math.round(options.width ?? 640));
    const height = Math.max(1, Math.round(options.height ?? 480));
    this.#title = String(options.title ?? "wgpu-ts");
    f.glfwDefaultWindowHints!();
    f.glfwWindowHint!(GLFW.CLIENT_API, GLFW.NO_API);
    f.glfwWindowHint!(GLFW.RESIZABLE, options.resizable === false ? GLFW.FALSE : GLFW.TRUE);
    g.lastError = "";
    const handle = f.glfwCreateWindow!(width, height, this.#title, null, null);
    if (!handle) throw new Error(`wgpu-ts/window: glfwCreateWindow failed: ${g.lastError || "unknown error"}`);
    this.#handle = handle;
    this.#key = handleKey(handle);
    let presenter: SurfacePresenter;
    try {
      const { source, window } = surfaceSource(g, handle);
      this.native = { platform: g.platform, window };
      presenter = new SurfacePresenter(source, this.#title);
    } catch (e) {
      f.glfwDestroyWindow!(handle);
      throw e;
    }
    this.canvas = new WindowCanvas(this, presenter, internals);
    this.#readSizes();
    for (const name of ["FramebufferSize", "WindowSize", "Key", "CursorPos", "MouseButton", "Scroll", "WindowClose", "WindowFocus"]) {
      const cb = g.cb[name === "WindowClose" ? "close" : name === "WindowFocus" ? "focus" : name[0]!.toLowerCase() + name.slice(1)];
      f[`glfwSet${name}Callback`]!(handle, cb);
    }
    installCallbacks(g);
    const parts: NativeParts = { g, handle, presenter };
    open.set(this.#key, { ref: new WeakRef(this), strong: null, native: parts });
    collected.register(this, { key: this.#key, parts }, this);
    frames.addHook(frameHook);
    pollTimer ??= setInterval(pollEvents, POLL_INTERVAL_MS);
    updateHolds();
  }

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    super.addEventListener(type, listener, options);
    if (listener) this[retain]();
  }

  /** @internal a listener was added (here or on the canvas): hold the window and keep the process alive now. */
  [retain](): void {
    this.#listenedOnce = true;
    const entry = open.get(this.#key);
    if (!entry || this.closed) return;
    entry.strong = this;
    pollTimer?.ref();
  }

  /** @internal */
  [hasListeners](): boolean { return !this.closed && listened(this, this.#listenedOnce); }

  get title(): string { return this.#title; }
  set title(v: string) {
    this.#title = String(v);
    if (this.#handle) this.#g.f.glfwSetWindowTitle!(this.#handle, this.#title);
  }
  /** content size in screen coordinates (CSS pixels) */
  get innerWidth(): number { return this.#innerWidth; }
  get innerHeight(): number { return this.#innerHeight; }
  /** device pixels per screen coordinate (the framebuffer's scale) */
  get devicePixelRatio(): number { return this.#scale; }
  get closed(): boolean { return this.#handle === null; }

  resizeTo(width: number, height: number): void {
    if (!this.#handle) return;
    this.#g.f.glfwSetWindowSize!(this.#handle, Math.max(1, Math.round(width)), Math.max(1, Math.round(height)));
  }

  requestAnimationFrame(callback: (time: number) => void): number { return frames.requestAnimationFrame(callback); }
  cancelAnimationFrame(handle: number): void { frames.cancelAnimationFrame(handle); }

  /** Closes the window now (no "close" event: the script asked for it). */
  close(): void {
    const handle = this.#handle;
    if (!handle) return;
    this.#handle = null;
    collected.unregister(this);
    const entry = open.get(this.#key);
    if (entry) destroyNative(this.#key, entry.native);
    if (open.size === 0) frames.cancelAll();
    else updateHolds();
  }

  #readSizes(): void {
    const f = this.#g.f;
    const [w, h] = out2((a, b) => f.glfwGetWindowSize!(this.#handle, a, b));
    const [fw, fh] = out2((a, b) => f.glfwGetFramebufferSize!(this.#handle, a, b));
    this.#innerWidth = w;
    this.#innerHeight = h;
    this.#scale = w > 0 ? fw / w : 1;
    this.canvas._resized(fw, fh);
  }

  /** @internal GLFW callbacks queue DOM events; they are dispatched after glfwPollEvents returned. */
  _queue(event: Queued): void { this.#queue.push(event); }

  [dispatchQueued](): void {
    for (const dispatch of this.#queue.splice(0)) {
      if (this.closed) return;
      dispatch();
    }
  }

  /** @internal */
  _onResize(): void {
    this._queue(() => {
      const before = `${this.#innerWidth}x${this.#innerHeight}:${this.canvas.width}x${this.canvas.height}`;
      this.#readSizes();
      if (before !== `${this.#innerWidth}x${this.#innerHeight}:${this.canvas.width}x${this.canvas.height}`) this.dispatchEvent(new Event("resize"));
    });
  }

  /** @internal */
  _onClose(): void {
    this._queue(() => {
      const proceed = this.dispatchEvent(new Event("close", { cancelable: true }));
      if (proceed) this.close();
      else if (this.#handle) this.#g.f.glfwSetWindowShouldClose!(this.#handle, GLFW.FALSE);
    });
  }

  /** @internal */
  _onKey(key: number, scancode: number, action: number, mods: number): void {
    this.#mods = mods;
    const name = this.#g.f.glfwGetKeyName!(key, scancode) as string | null;
    this._queue(() => {
      const k = domKey(key, name, (mods & GLFW.MOD_SHIFT) !== 0);
      this.dispatchEvent(new KeyboardEvent(action === GLFW.RELEASE ? "keyup" : "keydown", {
        ...k, repeat: action === GLFW.REPEAT, ...this.#modifiers(mods), bubbles: true, cancelable: true,
      }));
    });
  }

  /** @internal */
  _onCursor(x: number, y: number): void {
    const movementX = x - this.#lastX, movementY = y - this.#lastY;
    this.#lastX = x; this.#lastY = y;
    this._queue(() => this.#pointer("pointermove", { clientX: x, clientY: y, movementX, movementY, button: -1, buttons: this.#buttons }));
  }

  /** @internal */
  _onButton(button: number, action: number, mods: number): void {
    this.#mods = mods;
    const bit = DOM_BUTTONS_BIT[button] ?? 0;
    this.#buttons = action === GLFW.PRESS ? this.#buttons | bit : this.#buttons & ~bit;
    const buttons = this.#buttons;
    this._queue(() => this.#pointer(action === GLFW.PRESS ? "pointerdown" : "pointerup", {
      clientX: this.#lastX, clientY: this.#lastY, button: DOM_BUTTON[button] ?? button, buttons,
    }));
  }

  /** @internal */
  _onScroll(dx: number, dy: number): void {
    // GLFW: +y scrolls up (content moves down); the DOM's deltaY is positive when scrolling down. One notch is
    // 100 pixels, about what browsers report.
    this._queue(() => this.#dispatchToCanvas(new WheelEvent("wheel", {
      deltaX: -dx * 100, deltaY: -dy * 100, deltaMode: 0, clientX: this.#lastX, clientY: this.#lastY, buttons: this.#buttons,
      ...this.#modifiers(this.#mods), bubbles: true, cancelable: true,
    })));
  }

  /** @internal */
  _onFocus(focused: boolean): void {
    this._queue(() => this.dispatchEvent(new Event(focused ? "focus" : "blur")));
  }

  #modifiers(mods: number) {
    return { shiftKey: (mods & GLFW.MOD_SHIFT) !== 0, ctrlKey: (mods & GLFW.MOD_CONTROL) !== 0, altKey: (mods & GLFW.MOD_ALT) !== 0, metaKey: (mods & GLFW.MOD_SUPER) !== 0 };
  }

  #pointer(type: string, init: ConstructorParameters<typeof PointerEvent>[1]): void {
    this.#dispatchToCanvas(new PointerEvent(type, { ...init, ...this.#modifiers(this.#mods), bubbles: true, cancelable: true }));
  }

  /** Pointer events target the canvas and bubble to the window (the canvas fills it). */
  #dispatchToCanvas(event: Event): void {
    this.canvas.dispatchEvent(event);
    if (!event.cancelBubble) this.dispatchEvent(new (event.constructor as new (t: string, i: object) => Event)(event.type, event));
  }

  get [Symbol.toStringTag](): string { return "Window"; }
}

function installCallbacks(g: Glfw): void {
  if (g.callbacks) return;
  const w = (h: WindowHandle) => open.get(handleKey(h))?.ref.deref();
  g.callbacks = {
    error: () => {},
    framebufferSize: (h) => w(h)?._onResize(),
    windowSize: (h) => w(h)?._onResize(),
    key: (h, key, scancode, action, mods) => w(h)?._onKey(key, scancode, action, mods),
    cursorPos: (h, x, y) => w(h)?._onCursor(x, y),
    mouseButton: (h, button, action, mods) => w(h)?._onButton(button, action, mods),
    scroll: (h, dx, dy) => w(h)?._onScroll(dx, dy),
    close: (h) => w(h)?._onClose(),
    focus: (h, focused) => w(h)?._onFocus(focused !== 0),
  };
}

/** The native handles of a GLFW window for wgpuInstanceCreateSurface, per platform. */
function surfaceSource(g: Glfw, handle: WindowHandle): { source: SurfaceSource; window: bigint | null } {
  const f = g.f;
  switch (g.platform) {
    case "x11": {
      const window = BigInt(f.glfwGetX11Window!(handle));
      return { source: { kind: "xlib", display: f.glfwGetX11Display!(), window }, window };
    }
    case "wayland":
      return { source: { kind: "wayland", display: f.glfwGetWaylandDisplay!(), surface: f.glfwGetWaylandWindow!(handle) }, window: null };
    case "cocoa":
      return { source: { kind: "metal", layer: metalLayer(f.glfwGetCocoaWindow!(handle)) }, window: null };
    case "win32":
      return { source: { kind: "hwnd", hinstance: moduleHandle(), hwnd: f.glfwGetWin32Window!(handle) }, window: null };
  }
}

/** macOS: a CAMetalLayer as the layer of the NSWindow's content view (what wgpu's Metal surface draws into). */
function metalLayer(nsWindow: unknown): unknown {
  koffi.load("/System/Library/Frameworks/QuartzCore.framework/QuartzCore");
  const objc = koffi.load("/usr/lib/libobjc.A.dylib");
  const getClass = objc.func("void *objc_getClass(const char *name)");
  const sel = objc.func("void *sel_registerName(const char *name)");
  const send = objc.func("void *objc_msgSend(void *self, void *op)");
  const sendPtr = objc.func("objc_msgSend", "void", ["void *", "void *", "void *"]);
  const sendBool = objc.func("objc_msgSend", "void", ["void *", "void *", "bool"]);
  const view = send(nsWindow, sel("contentView"));
  sendBool(view, sel("setWantsLayer:"), true);
  const layer = send(getClass("CAMetalLayer"), sel("layer"));
  sendPtr(view, sel("setLayer:"), layer);
  return layer;
}

/** Windows: the HINSTANCE of the process (GetModuleHandleW(NULL)). */
function moduleHandle(): unknown {
  const kernel32 = koffi.load("kernel32.dll");
  return kernel32.func("void * __stdcall GetModuleHandleW(const char16_t *name)")(null);
}

/** Opens a window (throws an error naming what is missing when there is no display or no GLFW). */
export function openWindow(options: WindowOptions = {}): GPUWindow {
  return new GPUWindow(options);
}

/** The open windows. */
export function openWindows(): GPUWindow[] {
  return [...open.values()].flatMap((e) => e.ref.deref() ?? []);
}
