/*
 * Pass replay for wgpu-ts: executes a recorded command stream (src/backends/wgpu-native/encoding/
 * stream.ts) with direct calls into wgpu-native, so a whole pass costs one call from JS.
 * The opcode numbers come from replay-ops.h, generated from the same table as stream.ts's; the record
 * layouts are in that table (test/native/replay.test.mjs replays every opcode through both paths).
 */
#ifndef WGPU_TS_REPLAY_H
#define WGPU_TS_REPLAY_H
#include <stdint.h>
#include <stddef.h>

#include "replay-ops.h" /* the opcodes, generated with stream.ts's from codegen/opcodes.mjs */
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
