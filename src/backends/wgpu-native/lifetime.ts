// Native handle ownership: each wrapper owns one reference, released exactly once when the wrapper
// is garbage-collected. destroy() (where WebGPU has it) frees GPU memory early but keeps the handle
// valid, so a destroyed object can still be passed around and produce validation errors, never a
// use-after-free. wgpu-core refcounts internally, so resources used by submitted work outlive
// their wrapper safely.

interface Held { release: (handle: bigint) => void; handle: bigint; type: string }

const live = new Map<string, number>();
const registry = new FinalizationRegistry<Held>((held) => {
  live.set(held.type, (live.get(held.type) ?? 1) - 1);
  held.release(held.handle);
});

export function own(wrapper: object, type: string, handle: bigint, release: (handle: bigint) => void): void {
  live.set(type, (live.get(type) ?? 0) + 1);
  registry.register(wrapper, { release, handle, type });
}

/** Live wrapper counts per type (for reports and leak tests). */
export function liveObjectCounts(): Record<string, number> {
  return Object.fromEntries([...live].filter(([, n]) => n > 0));
}
