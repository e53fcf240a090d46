// Native handle ownership: each wrapper owns one reference, released exactly once when the wrapper
// is garbage-collected. destroy() (where WebGPU has it) frees GPU memory early but keeps the handle
// valid, so a destroyed object can still be passed around and produce validation errors, never a
// use-after-free. wgpu-core refcounts internally, so resources used by submitted work outlive
// their wrapper safely.

interface Held { release: (handle: bigint) => void; handle: bigint; type: string; bytes: number }

const live = new Map<string, number>();
/** Estimated GPU memory of live, not destroyed buffers and textures, per type (for reports). */
const liveBytes = new Map<string, number>();
const sized = new WeakMap<object, Held>();
const registry = new FinalizationRegistry<Held>((held) => {
  live.set(held.type, (live.get(held.type) ?? 1) - 1);
  if (held.bytes) liveBytes.set(held.type, (liveBytes.get(held.type) ?? 0) - held.bytes);
  held.release(held.handle);
});

export function own(wrapper: object, type: string, handle: bigint, release: (handle: bigint) => void): void {
  live.set(type, (live.get(type) ?? 0) + 1);
  const held: Held = { release, handle, type, bytes: 0 };
  registry.register(wrapper, held);
  if (type === "GPUBuffer" || type === "GPUTexture") sized.set(wrapper, held);
}

/** Sets the estimated GPU memory a buffer or texture wrapper holds (0 once destroyed). */
export function setLiveBytes(wrapper: object, bytes: number): void {
  const held = sized.get(wrapper);
  if (!held) return;
  liveBytes.set(held.type, (liveBytes.get(held.type) ?? 0) - held.bytes + bytes);
  held.bytes = bytes;
}

/** Estimated GPU memory (bytes) of live, not destroyed buffers and textures, per type. */
export function liveObjectBytes(): Record<string, number> {
  return Object.fromEntries([...liveBytes].filter(([, n]) => n > 0));
}

/** Live wrapper counts per type (for reports and leak tests). */
export function liveObjectCounts(): Record<string, number> {
  return Object.fromEntries([...live].filter(([, n]) => n > 0));
}
