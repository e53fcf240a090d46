/* See lifetime.h. */
#include "lifetime.h"
#include <dlfcn.h>
#include <stdlib.h>

typedef void (*ReleaseFn)(void *);

const char *const wgpu_ts_kind_names[WGPU_TS_KINDS] = {
  "GPUBuffer", "GPUTexture", "GPUTextureView", "GPUSampler", "GPUBindGroupLayout", "GPUBindGroup", "GPUPipelineLayout",
  "GPUQuerySet", "GPURenderBundle", "GPUShaderModule", "GPUCommandBuffer", "GPUCommandEncoder", "GPUComputePipeline",
  "GPURenderPipeline",
};
static const char *const release_names[WGPU_TS_KINDS] = {
  "wgpuBufferRelease", "wgpuTextureRelease", "wgpuTextureViewRelease", "wgpuSamplerRelease", "wgpuBindGroupLayoutRelease",
  "wgpuBindGroupRelease", "wgpuPipelineLayoutRelease", "wgpuQuerySetRelease", "wgpuRenderBundleRelease",
  "wgpuShaderModuleRelease", "wgpuCommandBufferRelease", "wgpuCommandEncoderRelease", "wgpuComputePipelineRelease",
  "wgpuRenderPipelineRelease",
};
static ReleaseFn release_fns[WGPU_TS_KINDS];

const char *wgpu_ts_lifetime_init(const char *library_path) {
  void *lib = dlopen(library_path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) return "lifetime: dlopen of the wgpu-native library failed";
  for (int k = 0; k < WGPU_TS_KINDS; k++) {
    *(void **)(&release_fns[k]) = dlsym(lib, release_names[k]);
    if (!release_fns[k]) return "lifetime: a wgpu-native release function is missing";
  }
  return NULL;
}

WgpuTsOwned *wgpu_ts_own(WgpuTsLive *live, uint64_t handle, uint32_t kind) {
  if (kind >= WGPU_TS_KINDS || !release_fns[kind]) return NULL;
  WgpuTsOwned *o = malloc(sizeof *o);
  if (!o) return NULL;
  o->handle = handle;
  o->kind = kind;
  o->bytes = 0;
  o->live = live;
  live->counts[kind]++;
  return o;
}

void wgpu_ts_set_bytes(WgpuTsOwned *o, double bytes) {
  o->live->bytes[o->kind] += bytes - o->bytes;
  o->bytes = bytes;
}

void wgpu_ts_release_now(WgpuTsOwned *o) {
  if (!o->handle) return;
  o->live->counts[o->kind]--;
  o->live->bytes[o->kind] -= o->bytes;
  o->bytes = 0;
  release_fns[o->kind]((void *)(uintptr_t)o->handle);
  o->handle = 0;
}

void wgpu_ts_release(WgpuTsOwned *o) {
  wgpu_ts_release_now(o);
  free(o);
}

