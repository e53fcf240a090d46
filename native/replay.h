/*
 * Pass replay for wgpu-ts: executes a recorded command stream (src/backends/wgpu-native/encoding/
 * stream.ts) with direct calls into wgpu-native, so a whole pass costs one call from JS.
 * The opcode numbers and record layouts below must match stream.ts (test/native/replay.test.mjs
 * replays every opcode through both paths and compares results).
 */
#ifndef WGPU_TS_REPLAY_H
#define WGPU_TS_REPLAY_H
#include <stdint.h>
#include <stddef.h>

enum {
  OP_SET_PIPELINE = 1,
  OP_SET_BIND_GROUP = 2,
  OP_DISPATCH = 3,
  OP_DISPATCH_INDIRECT = 4,
  OP_DRAW = 32,
  OP_DRAW_INDEXED = 33,
  OP_DRAW_INDIRECT = 34,
  OP_DRAW_INDEXED_INDIRECT = 35,
  OP_SET_VERTEX_BUFFER = 36,
  OP_SET_INDEX_BUFFER = 37,
  OP_SET_VIEWPORT = 38,
  OP_SET_SCISSOR_RECT = 39,
  OP_SET_BLEND_CONSTANT = 40,
  OP_SET_STENCIL_REFERENCE = 41,
  OP_BEGIN_OCCLUSION_QUERY = 42,
  OP_END_OCCLUSION_QUERY = 43,
  OP_EXECUTE_BUNDLES = 44,
};
#define NO_REF 0xffffffffu

/* Blocks until the device's queue is empty (wgpuDevicePoll with wait=true). Thread-safe. */
int wgpu_ts_device_wait(uint64_t device);

/* Returns NULL on success, or a static message naming the problem (nothing was executed then). */
const char *wgpu_ts_replay_init(const char *library_path);
const char *wgpu_ts_replay_compute(uint64_t encoder, const char *label, size_t label_len,
                                   const uint32_t *words, size_t nwords, const uint64_t *handles, size_t nhandles);
/* Replays render commands into an already begun render pass (is_pass = 1) or a render bundle
 * encoder (is_pass = 0); the caller ends it. */
const char *wgpu_ts_replay_render(uint64_t encoder, int is_pass, const uint32_t *words, size_t nwords,
                                  const uint64_t *handles, size_t nhandles);
#endif
