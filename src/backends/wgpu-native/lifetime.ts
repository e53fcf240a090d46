// Native handle ownership: each wrapper owns one reference, released exactly once when the wrapper
// is garbage-collected. destroy() (where WebGPU has it) frees GPU memory early but keeps the handle
// valid, so a destroyed object can still be passed around and produce validation errors, never a
// use-after-free. wgpu-core refcounts internally, so resources used by submitted work outlive
// their wrapper safely.

import { helper } from "./native-helper.js";

interface Held { release: (handle: bigint) => void; handle: bigint; type: string; bytes: number }

const live = new Map<string, number>();
/** Estimated GPU memory of live, not destroyed buffers and textures, per type (for reports). */
const liveBytes = new Map<string, number>();
const sized = new WeakMap<object, Held>();
/** Registry entries of the kinds releasable before collection (releaseNow), for the registry's unregister. */
const early = new WeakMap<object, Held>();
const registry = new FinalizationRegistry<Held>((held) => {
  live.set(held.type, (live.get(held.type) ?? 1) - 1);
  if (held.bytes) liveBytes.set(held.type, (liveBytes.get(held.type) ?? 0) - held.bytes);
  held.release(held.handle);
});

/**
 * The types the native helper owns (native/lifetime.c): a Node-API finalizer on the wrapper releases the handle in
 * C. A FinalizationRegistry entry keeps its target alive through young-generation collections, so each wrapper was
 * promoted and freed by a full mark-compact: ~4 us of GC per object (createBuffer+destroy is ~1 us in C). Devices,
 * queues and adapters stay here (their release runs JS: listener tokens; device loss may call back).
 */
let nativeKinds: Map<string, number> | null = null;
let nativeNames: string[] = [];

/** Called once by the runtime with the loaded library (the helper resolves the release functions in it). */
export function useNativeLifetime(libraryPath: string): void {
  if (nativeKinds || !helper || process.env.WGPU_TS_NO_NATIVE_LIFETIME === "1" || typeof helper.initLifetime !== "function") return;
  try {
    nativeNames = helper.initLifetime(libraryPath);
    nativeKinds = new Map(nativeNames.map((n, i) => [n, i]));
  } catch {
    nativeKinds = null;
  }
}

/**
 * Makes `wrapper` the owner of one reference to `handle`, released once the wrapper is collected. Returns the
 * helper's ownership record (for setLiveBytes), or 0 when the JS registry owns it.
 */
export function own(wrapper: object, type: string, handle: bigint, release: (handle: bigint) => void): number {
  const kind = nativeKinds?.get(type);
  if (kind !== undefined) {
    const record = helper!.own(wrapper, handle, kind);
    if (record) return record;
  }
  live.set(type, (live.get(type) ?? 0) + 1);
  const held: Held = { release, handle, type, bytes: 0 };
  if (type === "GPUCommandBuffer" || type === "GPUCommandEncoder") {
    registry.register(wrapper, held, held);
    early.set(wrapper, held);
  } else {
    registry.register(wrapper, held);
  }
  if (type === "GPUBuffer" || type === "GPUTexture") sized.set(wrapper, held);
  return 0;
}

/**
 * Releases the wrapper's handle now, once, for an object consumed for good: a submitted command buffer or a
 * finished encoder can never reach native code again (a resubmit or a command after finish() is a validation
 * error found in JS; labels live in JS). wgpu-core keeps what
 * the submitted work uses alive on its own; releasing at submit rather than at collection keeps thousands of
 * consumed command buffers from waiting for the GC (issue 15, row 3b). Idempotent.
 */
export function releaseNow(wrapper: { readonly _owned: number }): void {
  if (wrapper._owned) {
    helper!.releaseNow(wrapper._owned);
    return;
  }
  const held = early.get(wrapper);
  if (!held) return;
  early.delete(wrapper);
  registry.unregister(held);
  live.set(held.type, (live.get(held.type) ?? 1) - 1);
  held.release(held.handle);
}

/** Sets the estimated GPU memory a buffer or texture wrapper holds (0 once destroyed). */
export function setLiveBytes(wrapper: { readonly _owned: number }, bytes: number): void {
  if (wrapper._owned) {
    helper!.setBytes(wrapper._owned, bytes);
    return;
  }
  const held = sized.get(wrapper);
  if (!held) return;
  liveBytes.set(held.type, (liveBytes.get(held.type) ?? 0) - held.bytes + bytes);
  held.bytes = bytes;
}

/** The helper's live counts (first) and bytes per type. */
function nativeLive(): [Map<string, number>, Map<string, number>] {
  const counts = new Map<string, number>(), bytes = new Map<string, number>();
  if (!nativeKinds) return [counts, bytes];
  const v = helper!.live();
  nativeNames.forEach((n, k) => { counts.set(n, v[k]!); bytes.set(n, v[nativeNames.length + k]!); });
  return [counts, bytes];
}

function merged(js: Map<string, number>, native: Map<string, number>): Record<string, number> {
  const all = new Map(js);
  for (const [k, n] of native) all.set(k, (all.get(k) ?? 0) + n);
  return Object.fromEntries([...all].filter(([, n]) => n > 0));
}

/** Estimated GPU memory (bytes) of live, not destroyed buffers and textures, per type. */
export function liveObjectBytes(): Record<string, number> {
  return merged(liveBytes, nativeLive()[1]);
}

/** Live wrapper counts per type (for reports and leak tests). */
export function liveObjectCounts(): Record<string, number> {
  return merged(live, nativeLive()[0]);
}
