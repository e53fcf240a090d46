/*
 * Native ownership of wrapper handles (src/backends/wgpu-native/lifetime.ts): a Node-API finalizer on the wrapper
 * releases its handle in C when the wrapper is collected. A FinalizationRegistry entry keeps its target alive
 * through young-generation collections, so every wrapper was promoted and freed by a full mark-compact: 3-4 us of
 * GC per object, more than the native call of most creation functions (measured: 4.45 us per registered object
 * against 0.26 us with a Node-API finalizer). The kinds are the types whose release never calls back into JS.
 */
#ifndef WGPU_TS_LIFETIME_H
#define WGPU_TS_LIFETIME_H
#include <stdint.h>
#include <stddef.h>

#define WGPU_TS_KINDS 14
/* The WebGPU type names of the kinds, in kind order (JS asks for them: one table, here). */
extern const char *const wgpu_ts_kind_names[WGPU_TS_KINDS];

/* Live counts and bytes per kind of one JS environment (never freed: its finalizers may run during teardown). */
typedef struct {
  double counts[WGPU_TS_KINDS], bytes[WGPU_TS_KINDS];
} WgpuTsLive;

typedef struct {
  uint64_t handle;
  uint32_t kind;
  double bytes; /* estimated GPU memory (buffers and textures; 0 once destroyed) */
  WgpuTsLive *live;
} WgpuTsOwned;

/* Returns NULL on success, or a static message naming the problem. */
const char *wgpu_ts_lifetime_init(const char *library_path);
WgpuTsOwned *wgpu_ts_own(WgpuTsLive *live, uint64_t handle, uint32_t kind);
void wgpu_ts_set_bytes(WgpuTsOwned *owned, double bytes);
/* Releases the handle now, once: for an object that can never reach native code again (a submitted command
 * buffer); the wrapper's finalizer then only frees the record. */
void wgpu_ts_release_now(WgpuTsOwned *owned);
/* Releases the handle (unless released already) and frees the record (the finalizer). */
void wgpu_ts_release(WgpuTsOwned *owned);
#endif
