/*
 * wgpu-ts native helper (optional; the pure-koffi path works without it).
 * Node-API only, so one build works for every Node version >= 20.
 *   view(address: bigint, length: number): ArrayBuffer  - external ArrayBuffer over mapped GPU memory
 *   detach(buffer: ArrayBuffer): void                   - detaches it, as GPUBuffer.unmap() requires
 *   initReplay(libraryPath: string): void               - resolves the wgpu functions the replayer calls
 *   replayCompute(encoder: bigint, label: Uint8Array | null, words: Uint32Array, length: number,
 *                 handles: BigUint64Array, handleCount: number): boolean
 *                                                       - one compute pass (replay.c); false = use the JS path
 *   replayRender(encoder: bigint, isPass: boolean, words: Uint32Array, length: number, handles: BigUint64Array,
 *                handleCount: number): boolean           - render commands into a begun pass / bundle encoder
 *   waitIdle(device: bigint): Promise<void>             - wgpuDevicePoll(wait=true) on a libuv worker thread, so
 *                                                         long GPU waits block neither the event loop nor a core
 *   adjustExternalMemory(bytes: number): number         - napi_adjust_external_memory: tells V8 about native memory
 *                                                         a JS object keeps alive (a device), so that garbage
 *                                                         collection runs when much of it waits for finalizers
 *   initEvents(libraryPath: string): void               - resolves the functions of the completion path (events.c)
 *   mapAsync(buffer: bigint, mode, offset, size: number, token: number): void
 *   onSubmittedWorkDone(queue: bigint, token: number): void
 *                                                       - the requests, with C callbacks that only record completions
 *   initLifetime(libraryPath: string): string[]          - resolves the release functions (lifetime.c); the type
 *                                                         names own() takes, in kind order
 *   own(wrapper: object, handle: bigint, kind: number): number
 *                                                       - a finalizer on wrapper releases handle in C once it is
 *                                                         collected; the record's address (for setBytes), 0 if not
 *   setBytes(record: number, bytes: number): void       - the estimated GPU memory the record's object holds
 *   releaseNow(record: number): void                    - releases the record's handle now (a consumed object); the
 *                                                         finalizer then only frees the record
 *   live(): Float64Array                                - live counts then bytes, per kind
 *   processEvents(instance: bigint): null | Array       - wgpuInstanceProcessEvents, then the completions recorded since
 *                                                         the last call, flat: [token, status, message | null, ...]
 *   pollDevice(device: bigint): null | Array            - the same after wgpuDevicePoll(device, wait=false)
 *   takeCompletions(): null | Array                     - the completions only (no poll)
 * koffi.view() buffers cannot be detached from JS; without detachment a script could touch a
 * mapping after unmap() and crash the process, hence this helper.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "replay.h"
#include "events.h"
#include "lifetime.h"

/* Per JS environment (main thread, each worker): its completion list and live-object table. Never freed (see
 * events.h and lifetime.h): one small allocation per environment. */
typedef struct {
  WgpuTsQueue *queue;
  WgpuTsLive *live;
  /* Set when the environment is torn down (process exit, worker termination): Node-API then runs the finalizers
   * of every object still alive, in no order, after the script's own teardown (a window closed its surface, so
   * releasing a surface texture panics in wgpu-core). They release nothing then, as a FinalizationRegistry would
   * not run at all. */
  int tearing_down;
} EnvState;

static void on_teardown(void *data) { ((EnvState *)data)->tearing_down = 1; }

static EnvState *env_state(napi_env env) {
  EnvState *st = NULL;
  if (napi_get_instance_data(env, (void **)&st) == napi_ok && st) return st;
  st = calloc(1, sizeof *st);
  if (!st) return NULL;
  st->queue = wgpu_ts_queue_new();
  st->live = calloc(1, sizeof *st->live);
  if (!st->queue || !st->live || napi_set_instance_data(env, st, NULL, NULL) != napi_ok) return NULL;
  /* Registered after Node-API's own clean-up of this environment, so it runs before it (hooks run in reverse). */
  napi_add_env_cleanup_hook(env, on_teardown, st);
  return st;
}

static napi_value fail(napi_env env, const char *msg) {
  napi_throw_type_error(env, NULL, msg);
  return NULL;
}

static napi_value view(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2) return fail(env, "view(address, length)");
  uint64_t address = 0;
  bool lossless = false;
  if (napi_get_value_bigint_uint64(env, argv[0], &address, &lossless) != napi_ok || !lossless || address == 0)
    return fail(env, "view: address must be a non-zero bigint");
  double length = 0;
  if (napi_get_value_double(env, argv[1], &length) != napi_ok || length < 0) return fail(env, "view: bad length");
  napi_value result;
  if (napi_create_external_arraybuffer(env, (void *)(uintptr_t)address, (size_t)length, NULL, NULL, &result) != napi_ok)
    return fail(env, "view: napi_create_external_arraybuffer failed");
  return result;
}

static napi_value detach(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1) return fail(env, "detach(buffer)");
  bool is_detached = false;
  if (napi_is_detached_arraybuffer(env, argv[0], &is_detached) == napi_ok && is_detached) return NULL;
  if (napi_detach_arraybuffer(env, argv[0]) != napi_ok) return fail(env, "detach: not a detachable ArrayBuffer");
  return NULL;
}

/* The one argument of the init* functions: the path of the wgpu-native library, into path. */
static bool library_path_arg(napi_env env, napi_callback_info info, char *path, size_t size) {
  size_t argc = 1, len = 0;
  napi_value argv[1];
  return napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc >= 1 &&
         napi_get_value_string_utf8(env, argv[0], path, size, &len) == napi_ok;
}

static napi_value init_replay(napi_env env, napi_callback_info info) {
  char path[4096];
  if (!library_path_arg(env, info, path, sizeof(path))) return fail(env, "initReplay(libraryPath)");
  const char *err = wgpu_ts_replay_init(path);
  if (err) napi_throw_error(env, NULL, err);
  return NULL;
}

static int typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *length) {
  napi_typedarray_type type;
  napi_value ab;
  size_t offset;
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return 0;
  if (napi_get_typedarray_info(env, v, &type, length, data, &ab, &offset) != napi_ok) return 0;
  return type == want;
}

/* The arguments both replay entry points share: (encoder, <arg 1>, words, length, handles, handleCount). */
typedef struct {
  napi_value argv[6];
  uint64_t encoder;
  uint32_t *words;
  uint64_t *handles;
  uint32_t n, nh;
} ReplayArgs;

static int replay_args(napi_env env, napi_callback_info info, ReplayArgs *a, const char *who) {
  size_t argc = 6, words_cap = 0, handles_cap = 0;
  bool lossless = false;
  void *words = NULL, *handles = NULL;
  char msg[96];
  const char *bad = NULL;
  if (napi_get_cb_info(env, info, &argc, a->argv, NULL, NULL) != napi_ok || argc < 6) bad = "6 arguments";
  else if (napi_get_value_bigint_uint64(env, a->argv[0], &a->encoder, &lossless) != napi_ok || !a->encoder) bad = "encoder";
  else if (!typed(env, a->argv[2], napi_uint32_array, &words, &words_cap)) bad = "words";
  else if (!typed(env, a->argv[4], napi_biguint64_array, &handles, &handles_cap)) bad = "handles";
  else {
    napi_get_value_uint32(env, a->argv[3], &a->n);
    napi_get_value_uint32(env, a->argv[5], &a->nh);
    if (a->n > words_cap || a->nh > handles_cap) bad = "lengths";
  }
  if (bad) {
    snprintf(msg, sizeof(msg), "%s: %s", who, bad);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  a->words = words;
  a->handles = handles;
  return 1;
}

static napi_value boolean(napi_env env, bool v) {
  napi_value result;
  napi_get_boolean(env, v, &result);
  return result;
}

static napi_value replay_compute(napi_env env, napi_callback_info info) {
  ReplayArgs a;
  if (!replay_args(env, info, &a, "replayCompute")) return NULL;
  void *label = NULL;
  size_t label_len = 0;
  napi_valuetype lt;
  napi_typeof(env, a.argv[1], &lt);
  if (lt != napi_null && !typed(env, a.argv[1], napi_uint8_array, &label, &label_len)) return fail(env, "replayCompute: label");
  return boolean(env, wgpu_ts_replay_compute(a.encoder, label, label_len, a.words, a.n, a.handles, a.nh) == NULL);
}

static napi_value replay_render(napi_env env, napi_callback_info info) {
  ReplayArgs a;
  if (!replay_args(env, info, &a, "replayRender")) return NULL;
  bool is_pass = false;
  napi_get_value_bool(env, a.argv[1], &is_pass);
  return boolean(env, wgpu_ts_replay_render(a.encoder, is_pass, a.words, a.n, a.handles, a.nh) == NULL);
}

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  uint64_t device;
  int result;
} WaitJob;

static void wait_execute(napi_env env, void *data) {
  (void)env;
  WaitJob *job = data;
  job->result = wgpu_ts_device_wait(job->device);
}

static void wait_complete(napi_env env, napi_status status, void *data) {
  WaitJob *job = data;
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  napi_resolve_deferred(env, job->deferred, undefined);
  napi_delete_async_work(env, job->work);
  free(job);
  (void)status;
}

static napi_value wait_idle(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  uint64_t device = 0;
  bool lossless = false;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_value_bigint_uint64(env, argv[0], &device, &lossless) != napi_ok || !device)
    return fail(env, "waitIdle(device)");
  WaitJob *job = calloc(1, sizeof(WaitJob));
  if (!job) return fail(env, "waitIdle: out of memory");
  job->device = device;
  napi_value promise, name;
  napi_create_promise(env, &job->deferred, &promise);
  napi_create_string_utf8(env, "wgpu-ts:waitIdle", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, wait_execute, wait_complete, job, &job->work);
  napi_queue_async_work(env, job->work);
  return promise;
}

static napi_value adjust_external_memory(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1) return fail(env, "adjustExternalMemory(bytes)");
  int64_t change = 0;
  if (napi_get_value_int64(env, argv[0], &change) != napi_ok) return fail(env, "adjustExternalMemory: bytes must be a number");
  int64_t total = 0;
  napi_adjust_external_memory(env, change, &total);
  napi_value result;
  napi_create_double(env, (double)total, &result);
  return result;
}

static napi_value init_events(napi_env env, napi_callback_info info) {
  char path[4096];
  if (!library_path_arg(env, info, path, sizeof(path))) return fail(env, "initEvents(libraryPath)");
  const char *err = wgpu_ts_events_init(path);
  if (err) napi_throw_error(env, NULL, err);
  return NULL;
}

static int handle_arg(napi_env env, napi_value v, uint64_t *out) {
  bool lossless = false;
  return napi_get_value_bigint_uint64(env, v, out, &lossless) == napi_ok && *out != 0;
}

static napi_value map_async(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  uint64_t buffer = 0;
  double mode = 0, offset = 0, size = 0;
  uint32_t token = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 5 || !handle_arg(env, argv[0], &buffer) ||
      napi_get_value_double(env, argv[1], &mode) != napi_ok || napi_get_value_double(env, argv[2], &offset) != napi_ok ||
      napi_get_value_double(env, argv[3], &size) != napi_ok || napi_get_value_uint32(env, argv[4], &token) != napi_ok)
    return fail(env, "mapAsync(buffer, mode, offset, size, token)");
  EnvState *st = env_state(env);
  if (!st) return fail(env, "mapAsync: out of memory");
  wgpu_ts_map_async(st->queue, buffer, (uint64_t)mode, (uint64_t)offset, (uint64_t)size, token);
  return NULL;
}

static napi_value on_submitted_work_done(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  uint64_t queue = 0;
  uint32_t token = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 || !handle_arg(env, argv[0], &queue) ||
      napi_get_value_uint32(env, argv[1], &token) != napi_ok)
    return fail(env, "onSubmittedWorkDone(queue, token)");
  EnvState *st = env_state(env);
  if (!st) return fail(env, "onSubmittedWorkDone: out of memory");
  wgpu_ts_on_submitted_work_done(st->queue, queue, token);
  return NULL;
}

/* The completions of st's list as [token, status, message | null, ...], or null when there are none. */
static napi_value take(napi_env env, EnvState *st) {
  napi_value result;
  WgpuTsCompletion *list = NULL;
  size_t n = wgpu_ts_take_completions(st->queue, &list);
  if (n == 0) {
    free(list);
    napi_get_null(env, &result);
    return result;
  }
  napi_create_array_with_length(env, n * 3, &result);
  for (size_t i = 0; i < n; i++) {
    napi_value token, status, message;
    napi_create_uint32(env, list[i].token, &token);
    napi_create_uint32(env, list[i].status, &status);
    if (list[i].message) napi_create_string_utf8(env, list[i].message, NAPI_AUTO_LENGTH, &message);
    else napi_get_null(env, &message);
    napi_set_element(env, result, (uint32_t)(i * 3), token);
    napi_set_element(env, result, (uint32_t)(i * 3 + 1), status);
    napi_set_element(env, result, (uint32_t)(i * 3 + 2), message);
    free(list[i].message);
  }
  free(list);
  return result;
}

/* processEvents(instance) and pollDevice(device): one poll, then the completions (take). */
static napi_value poll_common(napi_env env, napi_callback_info info, int device) {
  size_t argc = 1;
  napi_value argv[1], result;
  uint64_t handle = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 || !handle_arg(env, argv[0], &handle))
    return fail(env, device ? "pollDevice(device)" : "processEvents(instance)");
  EnvState *st = env_state(env);
  if (!st) return fail(env, "processEvents: out of memory");
  if ((device ? wgpu_ts_poll_device(st->queue, handle) : wgpu_ts_process_events(st->queue, handle)) == 0) {
    napi_get_null(env, &result);
    return result;
  }
  return take(env, st);
}

static napi_value process_events(napi_env env, napi_callback_info info) { return poll_common(env, info, 0); }
static napi_value poll_device(napi_env env, napi_callback_info info) { return poll_common(env, info, 1); }

static napi_value take_completions(napi_env env, napi_callback_info info) {
  (void)info;
  EnvState *st = env_state(env);
  if (!st) return fail(env, "takeCompletions: out of memory");
  return take(env, st);
}

static napi_value init_lifetime(napi_env env, napi_callback_info info) {
  napi_value names;
  char path[4096];
  if (!library_path_arg(env, info, path, sizeof(path))) return fail(env, "initLifetime(libraryPath)");
  const char *err = wgpu_ts_lifetime_init(path);
  if (err) {
    napi_throw_error(env, NULL, err);
    return NULL;
  }
  napi_create_array_with_length(env, WGPU_TS_KINDS, &names);
  for (uint32_t k = 0; k < WGPU_TS_KINDS; k++) {
    napi_value name;
    napi_create_string_utf8(env, wgpu_ts_kind_names[k], NAPI_AUTO_LENGTH, &name);
    napi_set_element(env, names, k, name);
  }
  return names;
}

static void release_owned(napi_env env, void *data, void *hint) {
  (void)env;
  if (((EnvState *)hint)->tearing_down) return; /* see EnvState */
  wgpu_ts_release(data);
}

static napi_value own(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3], result;
  uint64_t handle = 0;
  uint32_t kind = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3 || !handle_arg(env, argv[1], &handle) ||
      napi_get_value_uint32(env, argv[2], &kind) != napi_ok)
    return fail(env, "own(wrapper, handle, kind)");
  EnvState *st = env_state(env);
  WgpuTsOwned *o = st ? wgpu_ts_own(st->live, handle, kind) : NULL;
  if (o && napi_add_finalizer(env, argv[0], o, release_owned, st, NULL) != napi_ok) {
    /* Not attached (wrapper is not an object): undo, the caller falls back to its own registry. */
    o->live->counts[kind]--;
    free(o);
    o = NULL;
  }
  napi_create_double(env, o ? (double)(uintptr_t)o : 0, &result);
  return result;
}

static napi_value set_bytes(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  double record = 0, bytes = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 ||
      napi_get_value_double(env, argv[0], &record) != napi_ok || napi_get_value_double(env, argv[1], &bytes) != napi_ok || record == 0)
    return fail(env, "setBytes(record, bytes)");
  wgpu_ts_set_bytes((WgpuTsOwned *)(uintptr_t)record, bytes);
  return NULL;
}

static napi_value release_now(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  double record = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_value_double(env, argv[0], &record) != napi_ok || record == 0)
    return fail(env, "releaseNow(record)");
  wgpu_ts_release_now((WgpuTsOwned *)(uintptr_t)record);
  return NULL;
}

static napi_value live(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value ab, result;
  void *data = NULL;
  napi_create_arraybuffer(env, 2 * WGPU_TS_KINDS * sizeof(double), &data, &ab);
  double *d = data;
  EnvState *st = env_state(env);
  for (int k = 0; k < WGPU_TS_KINDS; k++) {
    d[k] = st ? st->live->counts[k] : 0;
    d[WGPU_TS_KINDS + k] = st ? st->live->bytes[k] : 0;
  }
  napi_create_typedarray(env, napi_float64_array, 2 * WGPU_TS_KINDS, ab, 0, &result);
  return result;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    {"view", NULL, view, NULL, NULL, NULL, napi_default, NULL},
    {"detach", NULL, detach, NULL, NULL, NULL, napi_default, NULL},
    {"initReplay", NULL, init_replay, NULL, NULL, NULL, napi_default, NULL},
    {"replayCompute", NULL, replay_compute, NULL, NULL, NULL, napi_default, NULL},
    {"waitIdle", NULL, wait_idle, NULL, NULL, NULL, napi_default, NULL},
    {"replayRender", NULL, replay_render, NULL, NULL, NULL, napi_default, NULL},
    {"adjustExternalMemory", NULL, adjust_external_memory, NULL, NULL, NULL, napi_default, NULL},
    {"initEvents", NULL, init_events, NULL, NULL, NULL, napi_default, NULL},
    {"mapAsync", NULL, map_async, NULL, NULL, NULL, napi_default, NULL},
    {"onSubmittedWorkDone", NULL, on_submitted_work_done, NULL, NULL, NULL, napi_default, NULL},
    {"processEvents", NULL, process_events, NULL, NULL, NULL, napi_default, NULL},
    {"pollDevice", NULL, poll_device, NULL, NULL, NULL, napi_default, NULL},
    {"takeCompletions", NULL, take_completions, NULL, NULL, NULL, napi_default, NULL},
    {"initLifetime", NULL, init_lifetime, NULL, NULL, NULL, napi_default, NULL},
    {"own", NULL, own, NULL, NULL, NULL, napi_default, NULL},
    {"setBytes", NULL, set_bytes, NULL, NULL, NULL, napi_default, NULL},
    {"live", NULL, live, NULL, NULL, NULL, napi_default, NULL},
    {"releaseNow", NULL, release_now, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
