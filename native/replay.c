/* See replay.h. The wgpu-native functions are resolved with dlsym from the library koffi loaded. */
#include "replay.h"
#include <dlfcn.h>
#include <webgpu.h>

static WGPUProcCommandEncoderBeginComputePass begin_compute;
static WGPUProcComputePassEncoderSetPipeline set_pipeline;
static WGPUProcComputePassEncoderSetBindGroup set_bind_group;
static WGPUProcComputePassEncoderDispatchWorkgroups dispatch;
static WGPUProcComputePassEncoderDispatchWorkgroupsIndirect dispatch_indirect;
static WGPUProcComputePassEncoderEnd end_pass;
static WGPUProcComputePassEncoderRelease release_pass;
typedef WGPUBool (*DevicePollFn)(WGPUDevice, WGPUBool, const uint64_t *);
static DevicePollFn device_poll;

#define RESOLVE(var, name) \
  do { *(void **)(&var) = dlsym(lib, name); if (!var) return "replay: symbol " name " not found"; } while (0)

const char *wgpu_ts_replay_init(const char *library_path) {
  void *lib = dlopen(library_path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) return "replay: dlopen of the wgpu-native library failed";
  RESOLVE(begin_compute, "wgpuCommandEncoderBeginComputePass");
  RESOLVE(set_pipeline, "wgpuComputePassEncoderSetPipeline");
  RESOLVE(set_bind_group, "wgpuComputePassEncoderSetBindGroup");
  RESOLVE(dispatch, "wgpuComputePassEncoderDispatchWorkgroups");
  RESOLVE(dispatch_indirect, "wgpuComputePassEncoderDispatchWorkgroupsIndirect");
  RESOLVE(end_pass, "wgpuComputePassEncoderEnd");
  RESOLVE(release_pass, "wgpuComputePassEncoderRelease");
  RESOLVE(device_poll, "wgpuDevicePoll");
  return NULL;
}

/* Checks the whole stream before anything runs: a record out of bounds or an unknown opcode
 * means the JS replayer must handle the pass (it supports every opcode). */
static const char *check_compute(const uint32_t *w, size_t n, size_t nh) {
  size_t i = 0;
  while (i < n) {
    switch (w[i]) {
      case OP_SET_PIPELINE:
        if (i + 2 > n || w[i + 1] >= nh) return "replay: bad SetPipeline record";
        i += 2; break;
      case OP_SET_BIND_GROUP:
        if (i + 4 > n || (w[i + 2] != NO_REF && w[i + 2] >= nh) || i + 4 + (size_t)w[i + 3] > n) return "replay: bad SetBindGroup record";
        i += 4 + w[i + 3]; break;
      case OP_DISPATCH:
        if (i + 4 > n) return "replay: bad Dispatch record";
        i += 4; break;
      case OP_DISPATCH_INDIRECT:
        if (i + 4 > n || w[i + 1] >= nh) return "replay: bad DispatchIndirect record";
        i += 4; break;
      default:
        return "unsupported";
    }
  }
  return NULL;
}

const char *wgpu_ts_replay_compute(uint64_t encoder, const char *label, size_t label_len,
                                   const uint32_t *w, size_t n, const uint64_t *h, size_t nh) {
  if (!begin_compute) return "replay: not initialised";
  const char *bad = check_compute(w, n, nh);
  if (bad) return bad;
  WGPUComputePassDescriptor desc = {0};
  desc.label.data = label;
  desc.label.length = label ? label_len : WGPU_STRLEN;
  WGPUComputePassEncoder pass = begin_compute((WGPUCommandEncoder)(uintptr_t)encoder, &desc);
  size_t i = 0;
  while (i < n) {
    switch (w[i]) {
      case OP_SET_PIPELINE:
        set_pipeline(pass, (WGPUComputePipeline)(uintptr_t)h[w[i + 1]]);
        i += 2; break;
      case OP_SET_BIND_GROUP: {
        uint32_t count = w[i + 3];
        WGPUBindGroup group = w[i + 2] == NO_REF ? NULL : (WGPUBindGroup)(uintptr_t)h[w[i + 2]];
        set_bind_group(pass, w[i + 1], group, count, count ? &w[i + 4] : NULL);
        i += 4 + count; break;
      }
      case OP_DISPATCH:
        dispatch(pass, w[i + 1], w[i + 2], w[i + 3]);
        i += 4; break;
      case OP_DISPATCH_INDIRECT:
        dispatch_indirect(pass, (WGPUBuffer)(uintptr_t)h[w[i + 1]], (uint64_t)w[i + 2] | ((uint64_t)w[i + 3] << 32));
        i += 4; break;
    }
  }
  end_pass(pass);
  release_pass(pass);
  return NULL;
}

int wgpu_ts_device_wait(uint64_t device) {
  if (!device_poll) return -1;
  return device_poll((WGPUDevice)(uintptr_t)device, 1, NULL) ? 1 : 0;
}
