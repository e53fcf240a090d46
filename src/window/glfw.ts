// GLFW 3.4 through koffi: the windowing library behind wgpu-ts/window (windows, input events, and the native
// handles a wgpu-native surface is made from). The library comes from vendor/glfw/ (scripts/fetch-glfw.mjs: the
// pinned `glfw` wheel from PyPI, which carries separate X11 and Wayland builds on Linux), WGPU_TS_GLFW_LIBRARY, or
// the system's libglfw (Debian: libglfw3).
//
// GLFW is not WebGPU: its few prototypes are declared here from glfw3.h / glfw3native.h (GLFW 3.4), while the
// wgpu-native FFI stays generated (codegen/).
import koffi from "koffi";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Constants of glfw3.h used here. */
export const GLFW = {
  TRUE: 1, FALSE: 0,
  RELEASE: 0, PRESS: 1, REPEAT: 2,
  FOCUSED: 0x00020001, RESIZABLE: 0x00020003, VISIBLE: 0x00020004,
  CLIENT_API: 0x00022001, NO_API: 0,
  PLATFORM: 0x00050003, PLATFORM_WIN32: 0x00060001, PLATFORM_COCOA: 0x00060002, PLATFORM_WAYLAND: 0x00060003, PLATFORM_X11: 0x00060004,
  MOD_SHIFT: 0x1, MOD_CONTROL: 0x2, MOD_ALT: 0x4, MOD_SUPER: 0x8,
} as const;

export type WindowHandle = unknown;

export interface GlfwCallbacks {
  error(code: number, description: string): void;
  framebufferSize(window: WindowHandle, width: number, height: number): void;
  windowSize(window: WindowHandle, width: number, height: number): void;
  key(window: WindowHandle, key: number, scancode: number, action: number, mods: number): void;
  cursorPos(window: WindowHandle, x: number, y: number): void;
  mouseButton(window: WindowHandle, button: number, action: number, mods: number): void;
  scroll(window: WindowHandle, dx: number, dy: number): void;
  close(window: WindowHandle): void;
  focus(window: WindowHandle, focused: number): void;
}

export interface Glfw {
  readonly path: string;
  readonly platform: "x11" | "wayland" | "cocoa" | "win32";
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly f: Record<string, (...args: any[]) => any>;
  /** the process-wide callbacks (set once; events are routed by window handle) */
  callbacks: GlfwCallbacks | null;
  /** registered koffi callback pointers, by GLFW setter name */
  readonly cb: Record<string, unknown>;
  /** the last error GLFW reported (through the error callback) */
  lastError: string;
}

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Which Linux build to use: Wayland when the session is a Wayland one, else X11 (also XWayland). */
function linuxPlatform(): "x11" | "wayland" {
  const forced = process.env.WGPU_TS_GLFW_PLATFORM?.toLowerCase();
  if (forced === "x11" || forced === "wayland") return forced;
  if (process.env.WAYLAND_DISPLAY && (process.env.XDG_SESSION_TYPE === "wayland" || !process.env.DISPLAY)) return "wayland";
  return "x11";
}

function candidates(): { path: string; platform: Glfw["platform"] }[] {
  const env = process.env.WGPU_TS_GLFW_LIBRARY;
  const vendor = join(packageRoot, "vendor", "glfw");
  if (process.platform === "darwin") {
    return [env, join(vendor, "libglfw.3.dylib"), "libglfw.3.dylib", "/opt/homebrew/lib/libglfw.3.dylib", "/usr/local/lib/libglfw.3.dylib"]
      .filter((p): p is string => !!p).map((path) => ({ path, platform: "cocoa" }));
  }
  if (process.platform === "win32") {
    return [env, join(vendor, "glfw3.dll"), "glfw3.dll"].filter((p): p is string => !!p).map((path) => ({ path, platform: "win32" }));
  }
  const platform = linuxPlatform();
  return [env, join(vendor, platform, "libglfw.so"), "libglfw.so.3", "libglfw.so"]
    .filter((p): p is string => !!p).map((path) => ({ path, platform }));
}

let loaded: Glfw | undefined;

/** Loads GLFW and initializes it, or throws an error naming what is missing (the library, or a display). */
export function glfw(): Glfw {
  if (loaded) return loaded;
  const tried: string[] = [];
  let lib: ReturnType<typeof koffi.load> | undefined;
  let chosen: { path: string; platform: Glfw["platform"] } | undefined;
  for (const c of candidates()) {
    if (c.path.includes("/") && !existsSync(c.path)) { tried.push(`${c.path} (not found)`); continue; }
    try {
      lib = koffi.load(c.path);
      chosen = c;
      break;
    } catch (e) {
      tried.push(`${c.path} (${(e as Error).message.split("\n")[0]})`);
    }
  }
  if (!lib || !chosen) {
    throw new Error("wgpu-ts/window: the GLFW library was not found. Tried: " + tried.join("; ") +
      ". Fix: run `node scripts/fetch-glfw.mjs` in the wgpu-ts package (the pinned glfw wheel from PyPI), install GLFW 3.4 " +
      "(Debian: apt-get install libglfw3), or set WGPU_TS_GLFW_LIBRARY to its path.");
  }
  const W = koffi.pointer("GLFWwindow", koffi.opaque());
  const protos = {
    error: koffi.proto("void GLFWerrorfun(int error_code, const char *description)"),
    framebufferSize: koffi.proto("void GLFWframebuffersizefun(GLFWwindow *window, int width, int height)"),
    windowSize: koffi.proto("void GLFWwindowsizefun(GLFWwindow *window, int width, int height)"),
    key: koffi.proto("void GLFWkeyfun(GLFWwindow *window, int key, int scancode, int action, int mods)"),
    cursorPos: koffi.proto("void GLFWcursorposfun(GLFWwindow *window, double xpos, double ypos)"),
    mouseButton: koffi.proto("void GLFWmousebuttonfun(GLFWwindow *window, int button, int action, int mods)"),
    scroll: koffi.proto("void GLFWscrollfun(GLFWwindow *window, double xoffset, double yoffset)"),
    close: koffi.proto("void GLFWwindowclosefun(GLFWwindow *window)"),
    focus: koffi.proto("void GLFWwindowfocusfun(GLFWwindow *window, int focused)"),
  };
  void W;
  const f: Glfw["f"] = {
    glfwInit: lib.func("int glfwInit(void)"),
    glfwInitHint: lib.func("void glfwInitHint(int hint, int value)"),
    glfwTerminate: lib.func("void glfwTerminate(void)"),
    glfwGetVersionString: lib.func("const char *glfwGetVersionString(void)"),
    glfwGetPlatform: lib.func("int glfwGetPlatform(void)"),
    glfwSetErrorCallback: lib.func("void *glfwSetErrorCallback(GLFWerrorfun *callback)"),
    glfwDefaultWindowHints: lib.func("void glfwDefaultWindowHints(void)"),
    glfwWindowHint: lib.func("void glfwWindowHint(int hint, int value)"),
    glfwCreateWindow: lib.func("GLFWwindow *glfwCreateWindow(int width, int height, const char *title, void *monitor, void *share)"),
    glfwDestroyWindow: lib.func("void glfwDestroyWindow(GLFWwindow *window)"),
    glfwWindowShouldClose: lib.func("int glfwWindowShouldClose(GLFWwindow *window)"),
    glfwSetWindowShouldClose: lib.func("void glfwSetWindowShouldClose(GLFWwindow *window, int value)"),
    glfwSetWindowTitle: lib.func("void glfwSetWindowTitle(GLFWwindow *window, const char *title)"),
    glfwSetWindowSize: lib.func("void glfwSetWindowSize(GLFWwindow *window, int width, int height)"),
    glfwGetWindowSize: lib.func("void glfwGetWindowSize(GLFWwindow *window, _Out_ int *width, _Out_ int *height)"),
    glfwGetFramebufferSize: lib.func("void glfwGetFramebufferSize(GLFWwindow *window, _Out_ int *width, _Out_ int *height)"),
    glfwGetWindowContentScale: lib.func("void glfwGetWindowContentScale(GLFWwindow *window, _Out_ float *xscale, _Out_ float *yscale)"),
    glfwGetCursorPos: lib.func("void glfwGetCursorPos(GLFWwindow *window, _Out_ double *xpos, _Out_ double *ypos)"),
    glfwGetKeyName: lib.func("const char *glfwGetKeyName(int key, int scancode)"),
    glfwPollEvents: lib.func("void glfwPollEvents(void)"),
    glfwShowWindow: lib.func("void glfwShowWindow(GLFWwindow *window)"),
    glfwSetFramebufferSizeCallback: lib.func("void *glfwSetFramebufferSizeCallback(GLFWwindow *window, GLFWframebuffersizefun *callback)"),
    glfwSetWindowSizeCallback: lib.func("void *glfwSetWindowSizeCallback(GLFWwindow *window, GLFWwindowsizefun *callback)"),
    glfwSetKeyCallback: lib.func("void *glfwSetKeyCallback(GLFWwindow *window, GLFWkeyfun *callback)"),
    glfwSetCursorPosCallback: lib.func("void *glfwSetCursorPosCallback(GLFWwindow *window, GLFWcursorposfun *callback)"),
    glfwSetMouseButtonCallback: lib.func("void *glfwSetMouseButtonCallback(GLFWwindow *window, GLFWmousebuttonfun *callback)"),
    glfwSetScrollCallback: lib.func("void *glfwSetScrollCallback(GLFWwindow *window, GLFWscrollfun *callback)"),
    glfwSetWindowCloseCallback: lib.func("void *glfwSetWindowCloseCallback(GLFWwindow *window, GLFWwindowclosefun *callback)"),
    glfwSetWindowFocusCallback: lib.func("void *glfwSetWindowFocusCallback(GLFWwindow *window, GLFWwindowfocusfun *callback)"),
  };
  // Native handles for surfaces: only the current platform's functions exist in a given build.
  const optional: Record<string, string> = {
    glfwGetX11Display: "void *glfwGetX11Display(void)",
    glfwGetX11Window: "unsigned long glfwGetX11Window(GLFWwindow *window)",
    glfwGetWaylandDisplay: "void *glfwGetWaylandDisplay(void)",
    glfwGetWaylandWindow: "void *glfwGetWaylandWindow(GLFWwindow *window)",
    glfwGetCocoaWindow: "void *glfwGetCocoaWindow(GLFWwindow *window)",
    glfwGetWin32Window: "void *glfwGetWin32Window(GLFWwindow *window)",
  };
  for (const [name, proto] of Object.entries(optional)) {
    try { f[name] = lib.func(proto); } catch { /* not in this build */ }
  }

  const state: Glfw = { path: chosen.path, platform: chosen.platform, f, callbacks: null, cb: {}, lastError: "" };
  // One persistent koffi trampoline per callback type, for the life of the process (routed by window handle).
  const route = <K extends keyof GlfwCallbacks>(name: K) => (...args: unknown[]) => {
    try {
      (state.callbacks?.[name] as ((...a: unknown[]) => void) | undefined)?.(...args);
    } catch (e) {
      // Never unwind into GLFW: report after the native call returned.
      queueMicrotask(() => { throw e; });
    }
  };
  state.cb.error = koffi.register((code: number, description: string) => {
    state.lastError = `${description} (GLFW error 0x${code.toString(16)})`;
  }, koffi.pointer(protos.error));
  for (const name of ["framebufferSize", "windowSize", "key", "cursorPos", "mouseButton", "scroll", "close", "focus"] as const) {
    state.cb[name] = koffi.register(route(name), koffi.pointer(protos[name]));
  }
  f.glfwSetErrorCallback!(state.cb.error);
  if (chosen.platform === "x11") f.glfwInitHint!(GLFW.PLATFORM, GLFW.PLATFORM_X11);
  if (chosen.platform === "wayland") f.glfwInitHint!(GLFW.PLATFORM, GLFW.PLATFORM_WAYLAND);
  if (!f.glfwInit!()) {
    const display = chosen.platform === "x11" ? `DISPLAY=${process.env.DISPLAY ?? "(unset)"}`
      : chosen.platform === "wayland" ? `WAYLAND_DISPLAY=${process.env.WAYLAND_DISPLAY ?? "(unset)"}` : "";
    throw new Error(`wgpu-ts/window: cannot open a window: GLFW found no usable display (${[display, state.lastError].filter(Boolean).join("; ")}). ` +
      "Windows need a display (an X11 or Wayland session, or Xvfb for headless machines); OffscreenCanvas works without one.");
  }
  loaded = state;
  return state;
}

/** Integer and float out-parameters for the _Out_ arguments. */
export function out2<T = number>(call: (a: T[], b: T[]) => void): [T, T] {
  const a: T[] = [0 as T], b: T[] = [0 as T];
  call(a, b);
  return [a[0]!, b[0]!];
}
