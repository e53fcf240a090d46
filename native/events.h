/*
 * Completions of buffer maps and queue work-done requests without a JS callback: the requests are issued here with
 * C callbacks that only record (token, status, message) in a list; the JS poller takes the list after
 * wgpuInstanceProcessEvents (src/backends/wgpu-native/runtime.ts). A koffi callback costs several microseconds per
 * call (a mapAsync round trip of an idle buffer was 15 us on an H200 against 0.65 us in C, most of it there and in
 * koffi's conversion of the callback-info struct), a recorded completion a few nanoseconds.
 */
#ifndef WGPU_TS_EVENTS_H
#define WGPU_TS_EVENTS_H
#include <stdint.h>
#include <stddef.h>

typedef struct {
  uint32_t token;  /* the request's userdata1 (runtime.ts's token) */
  uint32_t status; /* WGPUMapAsyncStatus or WGPUQueueWorkDoneStatus */
  char *message;   /* malloc'ed copy of the callback's message, or NULL; the taker frees it */
} WgpuTsCompletion;

/* One list of completions per JS environment (its runtime's tokens); never freed: a callback may still fire into
 * it while the environment is torn down (a buffer released at teardown aborts its pending map). */
typedef struct WgpuTsQueue WgpuTsQueue;
WgpuTsQueue *wgpu_ts_queue_new(void);

/* Returns NULL on success, or a static message naming the problem. */
const char *wgpu_ts_events_init(const char *library_path);
void wgpu_ts_map_async(WgpuTsQueue *q, uint64_t buffer, uint64_t mode, uint64_t offset, uint64_t size, uint32_t token);
void wgpu_ts_on_submitted_work_done(WgpuTsQueue *q, uint64_t queue, uint32_t token);
/* wgpuInstanceProcessEvents, then the number of completions waiting in q. */
size_t wgpu_ts_process_events(WgpuTsQueue *q, uint64_t instance);
/* wgpuDevicePoll(device, wait=false), then the number of completions waiting in q. */
size_t wgpu_ts_poll_device(WgpuTsQueue *q, uint64_t device);
/* Hands over q's completions (a malloc'ed array the caller frees, with each message), in firing order. */
size_t wgpu_ts_take_completions(WgpuTsQueue *q, WgpuTsCompletion **out);
#endif
