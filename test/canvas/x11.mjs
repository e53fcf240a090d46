// X11 helpers of the window tests, as a window manager and a user would act on a window: Xvfb on a free display,
// a screenshot of a window (xwd, decoded here), the close button (a WM_DELETE_WINDOW client message), external
// resizes, and input through the XTEST extension (libX11 / libXtst through koffi).
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import koffi from "koffi";

/** Starts Xvfb on a free display; resolves to { display, stop() }. */
export async function startXvfb() {
  for (let n = 90 + Math.floor(Math.random() * 100); n < 400; n++) {
    if (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) continue;
    const proc = spawn("Xvfb", [`:${n}`, "-screen", "0", "800x600x24", "-nolisten", "tcp"], { stdio: "ignore" });
    const ok = await new Promise((resolve) => {
      const t0 = Date.now();
      const check = () => {
        if (proc.exitCode !== null) return resolve(false);
        if (existsSync(`/tmp/.X11-unix/X${n}`)) return resolve(true);
        if (Date.now() - t0 > 10_000) return resolve(false);
        setTimeout(check, 50);
      };
      check();
    });
    if (ok) return { display: `:${n}`, stop: () => new Promise((r) => { if (proc.exitCode !== null) return r(); proc.once("exit", r); proc.kill("SIGTERM"); }) };
    proc.kill("SIGKILL");
  }
  throw new Error("no free X display for Xvfb");
}

/** A screenshot of one window (xwd), as RGBA8. */
export function screenshot(display, windowId) {
  const r = spawnSync("xwd", ["-display", display, "-id", String(windowId), "-silent"], { maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`xwd failed: ${r.stderr}`);
  const b = r.stdout;
  const u = (i) => b.readUInt32BE(i * 4);
  const headerSize = u(0), width = u(4), height = u(5), byteOrder = u(7), bpp = u(11), bytesPerLine = u(12), ncolors = u(19);
  const redMask = u(14), greenMask = u(15), blueMask = u(16);
  if (bpp !== 32) throw new Error(`xwd: ${bpp} bits per pixel not handled`);
  const base = headerSize + ncolors * 12;
  const shift = (m) => 31 - Math.clz32(m & -m);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const o = base + y * bytesPerLine + x * 4;
    const p = byteOrder === 0 ? b.readUInt32LE(o) : b.readUInt32BE(o);
    const i = (y * width + x) * 4;
    data[i] = (p & redMask) >>> shift(redMask); data[i + 1] = (p & greenMask) >>> shift(greenMask); data[i + 2] = (p & blueMask) >>> shift(blueMask); data[i + 3] = 255;
  }
  return { width, height, data };
}

let x;
function xlib() {
  if (x) return x;
  const lib = koffi.load("libX11.so.6");
  const tst = koffi.load("libXtst.so.6");
  koffi.struct("XClientMessageEvent_wgputs", {
    type: "int", serial: "unsigned long", send_event: "int", display: "void *", window: "unsigned long",
    message_type: "unsigned long", format: "int", data: koffi.array("long", 5), pad: koffi.array("long", 12),
  });
  x = {
    open: lib.func("void *XOpenDisplay(const char *name)"),
    closeDisplay: lib.func("int XCloseDisplay(void *display)"),
    atom: lib.func("unsigned long XInternAtom(void *display, const char *name, int only_if_exists)"),
    send: lib.func("int XSendEvent(void *display, unsigned long w, int propagate, long mask, XClientMessageEvent_wgputs *event)"),
    resize: lib.func("int XResizeWindow(void *display, unsigned long w, unsigned int width, unsigned int height)"),
    flush: lib.func("int XFlush(void *display)"),
    sync: lib.func("int XSync(void *display, int discard)"),
    keysymToKeycode: lib.func("unsigned char XKeysymToKeycode(void *display, unsigned long keysym)"),
    setFocus: lib.func("int XSetInputFocus(void *display, unsigned long focus, int revert_to, unsigned long time)"),
    fakeKey: tst.func("int XTestFakeKeyEvent(void *display, unsigned int keycode, int is_press, unsigned long delay)"),
    fakeMotion: tst.func("int XTestFakeMotionEvent(void *display, int screen, int x, int y, unsigned long delay)"),
    fakeButton: tst.func("int XTestFakeButtonEvent(void *display, unsigned int button, int is_press, unsigned long delay)"),
  };
  return x;
}

/** Acts on `windowId` of `display` as the window manager / user would. */
export function x11(display, windowId) {
  const X = xlib();
  const d = X.open(display);
  if (!d) throw new Error(`XOpenDisplay(${display}) failed`);
  const w = BigInt(windowId);
  const done = () => X.sync(d, 0);
  return {
    /** The close button: WM_PROTOCOLS / WM_DELETE_WINDOW, as window managers send it. */
    close() {
      const protocols = X.atom(d, "WM_PROTOCOLS", 0), del = X.atom(d, "WM_DELETE_WINDOW", 0);
      X.send(d, w, 0, 0, { type: 33, serial: 0, send_event: 1, display: d, window: w, message_type: protocols, format: 32, data: [del, 0, 0, 0, 0], pad: new Array(12).fill(0) });
      done();
    },
    resize(width, height) { X.resize(d, w, width, height); done(); },
    key(keysym) {
      X.setFocus(d, w, 1, 0);
      const code = X.keysymToKeycode(d, keysym);
      X.fakeKey(d, code, 1, 0); X.fakeKey(d, code, 0, 0); done();
    },
    move(px, py) { X.fakeMotion(d, 0, px, py, 0); done(); },
    button(n, press) { X.fakeButton(d, n, press ? 1 : 0, 0); done(); },
    closeDisplay() { X.closeDisplay(d); },
  };
}
