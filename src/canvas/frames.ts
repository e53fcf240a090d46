// requestAnimationFrame / cancelAnimationFrame and the "update the rendering" step of a browser's event loop,
// for runtimes that have none (Node, Deno, Bun). One loop serves every canvas of the process: at each frame the
// animation callbacks requested before it run (with the frame's timestamp), then every canvas whose context
// handed out a texture since the last frame presents it (frames.ts -> GPUCanvasContext -> its presenter).
//
// Pacing: frames start at most 60 times a second, and never before the GPU finished the work of the frames
// presented last (queue.onSubmittedWorkDone of each device that presented), so a slow GPU (lavapipe) is not
// buried under queued frames. Windows add their own pacing through frame hooks (window/window.ts).
// Timers are referenced while callbacks or frames are pending, as a page keeps animating; once nothing is
// pending the loop leaves the event loop free, so scripts exit by themselves.
import { internals, type PresentingContext } from "./internals.js";

type FrameCallback = (time: number) => void;

/** Something that takes part in every frame (a window polls its events before, and paces presentation). */
export interface FrameHook {
  /** Before the frame's animation callbacks (e.g. deliver pending input events). */
  beforeFrame?(time: number): void;
  /** After presentation: a promise delays the next frame until it settles. */
  afterFrame?(): Promise<unknown> | void;
}

const FRAME_INTERVAL_MS = 1000 / 60;

class FrameLoop {
  readonly #callbacks = new Map<number, FrameCallback>();
  #nextHandle = 1;
  readonly #pending = new Set<PresentingContext>();
  readonly #hooks = new Set<FrameHook>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #waiting: Promise<unknown> | null = null;
  #lastFrame = -Infinity;
  #interval = FRAME_INTERVAL_MS;

  requestAnimationFrame(callback: FrameCallback): number {
    if (typeof callback !== "function") throw new TypeError("requestAnimationFrame: the argument must be a function");
    const handle = this.#nextHandle++;
    this.#callbacks.set(handle, callback);
    this.#schedule();
    return handle;
  }

  cancelAnimationFrame(handle: number): void {
    this.#callbacks.delete(Number(handle));
  }

  /** @internal a context handed out a frame texture: present it at the next frame */
  framePending(context: PresentingContext): void {
    this.#pending.add(context);
    this.#schedule();
  }

  /** @internal the context's frame expired another way (resize, reconfigure, transferToImageBitmap) */
  frameDone(context: PresentingContext): void {
    this.#pending.delete(context);
  }

  /** Drops every pending animation callback (the last window closed: the "page" is gone, the process may exit). */
  cancelAll(): void { this.#callbacks.clear(); }

  addHook(hook: FrameHook): void { this.#hooks.add(hook); }
  removeHook(hook: FrameHook): void { this.#hooks.delete(hook); }

  /** Frames per second the loop aims at (60 by default, like most displays). */
  get frameRate(): number { return 1000 / this.#interval; }
  set frameRate(fps: number) {
    if (!(fps > 0) || !Number.isFinite(fps)) throw new RangeError(`frameRate: expected a positive number, got ${fps}`);
    this.#interval = 1000 / fps;
  }

  #schedule(): void {
    if (this.#timer || this.#waiting) return;
    if (this.#callbacks.size === 0 && this.#pending.size === 0) return;
    const delay = Math.max(0, this.#lastFrame + this.#interval - performance.now());
    this.#timer = setTimeout(() => this.#frame(), delay);
  }

  #frame(): void {
    this.#timer = null;
    const now = performance.now();
    this.#lastFrame = now;
    const errors: unknown[] = [];
    for (const hook of this.#hooks) {
      try { hook.beforeFrame?.(now); } catch (e) { errors.push(e); }
    }
    // The callbacks of this frame are those requested before it started; requests made while they run wait for
    // the next frame (as in browsers).
    const callbacks = [...this.#callbacks.values()];
    this.#callbacks.clear();
    for (const cb of callbacks) {
      try { cb(now); } catch (e) { errors.push(e); }
    }
    const presented = [...this.#pending];
    this.#pending.clear();
    const devices = new Set<GPUDevice>();
    for (const context of presented) {
      const device = context[internals].configuration?.device;
      try {
        context[internals].present();
        if (device) devices.add(device);
      } catch (e) { errors.push(e); }
    }
    const waits: Promise<unknown>[] = [...devices].map((d) => d.queue.onSubmittedWorkDone());
    for (const hook of this.#hooks) {
      try {
        const p = hook.afterFrame?.();
        if (p) waits.push(p);
      } catch (e) { errors.push(e); }
    }
    if (waits.length) {
      const waiting = Promise.allSettled(waits).then(() => {
        if (this.#waiting === waiting) this.#waiting = null;
        this.#schedule();
      });
      this.#waiting = waiting;
    } else {
      this.#schedule();
    }
    // An exception in a callback is reported as an uncaught one, after the frame finished (as a browser reports
    // it and goes on with the other callbacks).
    for (const e of errors) queueMicrotask(() => { throw e; });
  }
}

/** The process's frame loop. */
export const frames = new FrameLoop();

/** window.requestAnimationFrame: `callback(timestamp)` runs before the next frame is presented. */
export function requestAnimationFrame(callback: FrameCallback): number {
  return frames.requestAnimationFrame(callback);
}

/** window.cancelAnimationFrame. */
export function cancelAnimationFrame(handle: number): void {
  frames.cancelAnimationFrame(handle);
}
