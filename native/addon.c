/*
 * wgpu-ts native helper (optional; the pure-koffi path works without it).
 * Node-API only, so one build works for every Node version >= 20.
 *   view(address: bigint, length: number): ArrayBuffer  - external ArrayBuffer over mapped GPU memory
 *   detach(buffer: ArrayBuffer): void                   - detaches it, as GPUBuffer.unmap() requires
 * koffi.view() buffers cannot be detached from JS; without detachment a script could touch a
 * mapping after unmap() and crash the process, hence this helper.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdint.h>

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

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    {"view", NULL, view, NULL, NULL, NULL, napi_default, NULL},
    {"detach", NULL, detach, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
