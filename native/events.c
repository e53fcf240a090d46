/* See events.h. */
#include "events.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <webgpu.h>

static WGPUProcBufferMapAsync buffer_map_async;
static WGPUProcQueueOnSubmittedWorkDone queue_on_submitted_work_done;
static WGPUProcInstanceProcessEvents instance_process_events;
typedef WGPUBool (*DevicePollFn)(WGPUDevice, WGPUBool, const uint64_t *); /* wgpu.h (a wgpu-native extension) */
static DevicePollFn device_poll;

/* The completions recorded since the last take, per JS environment (main thread, each worker: each has its own
 * runtime, instance and tokens). The callbacks may fire on a worker thread (wgpuDevicePoll(wait=true) in waitIdle),
 * hence the lock; it is held only to append or to swap the list out. */
struct WgpuTsQueue {
  pthread_mutex_t lock;
  WgpuTsCompletion *list;
  size_t count, capacity;
};

WgpuTsQueue *wgpu_ts_queue_new(void) {
  WgpuTsQueue *q = calloc(1, sizeof *q);
  if (q) pthread_mutex_init(&q->lock, NULL);
  return q;
}

const char *wgpu_ts_events_init(const char *library_path) {
  void *lib = dlopen(library_path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) return "events: dlopen of the wgpu-native library failed";
  *(void **)(&buffer_map_async) = dlsym(lib, "wgpuBufferMapAsync");
  *(void **)(&queue_on_submitted_work_done) = dlsym(lib, "wgpuQueueOnSubmittedWorkDone");
  *(void **)(&instance_process_events) = dlsym(lib, "wgpuInstanceProcessEvents");
  *(void **)(&device_poll) = dlsym(lib, "wgpuDevicePoll");
  if (!buffer_map_async || !queue_on_submitted_work_done || !instance_process_events || !device_poll) return "events: a wgpu-native symbol is missing";
  return NULL;
}

static void record(void *userdata1, void *userdata2, uint32_t status, WGPUStringView message) {
  WgpuTsQueue *q = userdata2;
  char *text = NULL;
  /* The message dies with the callback: copy it (only failures carry one worth keeping). */
  if (message.data && message.length) {
    size_t n = message.length == WGPU_STRLEN ? strlen(message.data) : message.length;
    text = malloc(n + 1);
    if (text) { memcpy(text, message.data, n); text[n] = 0; }
  }
  pthread_mutex_lock(&q->lock);
  if (q->count == q->capacity) {
    size_t cap = q->capacity ? q->capacity * 2 : 16;
    WgpuTsCompletion *grown = realloc(q->list, cap * sizeof *q->list);
    if (!grown) { pthread_mutex_unlock(&q->lock); free(text); return; } /* out of memory: the request never settles */
    q->list = grown;
    q->capacity = cap;
  }
  q->list[q->count++] = (WgpuTsCompletion){(uint32_t)(uintptr_t)userdata1, status, text};
  pthread_mutex_unlock(&q->lock);
}

static void on_map(WGPUMapAsyncStatus status, WGPUStringView message, void *userdata1, void *userdata2) {
  record(userdata1, userdata2, (uint32_t)status, message);
}

static void on_work_done(WGPUQueueWorkDoneStatus status, WGPUStringView message, void *userdata1, void *userdata2) {
  record(userdata1, userdata2, (uint32_t)status, message);
}

void wgpu_ts_map_async(WgpuTsQueue *q, uint64_t buffer, uint64_t mode, uint64_t offset, uint64_t size, uint32_t token) {
  WGPUBufferMapCallbackInfo info = {0};
  info.mode = WGPUCallbackMode_AllowProcessEvents;
  info.callback = on_map;
  info.userdata1 = (void *)(uintptr_t)token;
  info.userdata2 = q;
  buffer_map_async((WGPUBuffer)(uintptr_t)buffer, (WGPUMapMode)mode, (size_t)offset, (size_t)size, info);
}

void wgpu_ts_on_submitted_work_done(WgpuTsQueue *q, uint64_t queue, uint32_t token) {
  WGPUQueueWorkDoneCallbackInfo info = {0};
  info.mode = WGPUCallbackMode_AllowProcessEvents;
  info.callback = on_work_done;
  info.userdata1 = (void *)(uintptr_t)token;
  info.userdata2 = q;
  queue_on_submitted_work_done((WGPUQueue)(uintptr_t)queue, info);
}

size_t wgpu_ts_process_events(WgpuTsQueue *q, uint64_t instance) {
  instance_process_events((WGPUInstance)(uintptr_t)instance);
  pthread_mutex_lock(&q->lock);
  size_t n = q->count;
  pthread_mutex_unlock(&q->lock);
  return n;
}

size_t wgpu_ts_poll_device(WgpuTsQueue *q, uint64_t device) {
  device_poll((WGPUDevice)(uintptr_t)device, 0, NULL);
  pthread_mutex_lock(&q->lock);
  size_t n = q->count;
  pthread_mutex_unlock(&q->lock);
  return n;
}

size_t wgpu_ts_take_completions(WgpuTsQueue *q, WgpuTsCompletion **out) {
  pthread_mutex_lock(&q->lock);
  size_t n = q->count;
  *out = q->list;
  q->list = NULL;
  q->count = q->capacity = 0;
  pthread_mutex_unlock(&q->lock);
  return n;
}
