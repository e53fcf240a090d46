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
/* Render pass and render bundle encoder entry points, resolved by name. */
static struct {
  WGPUProcRenderPassEncoderSetPipeline set_pipeline;
  WGPUProcRenderPassEncoderSetBindGroup set_bind_group;
  WGPUProcRenderPassEncoderDraw draw;
  WGPUProcRenderPassEncoderDrawIndexed draw_indexed;
  WGPUProcRenderPassEncoderDrawIndirect draw_indirect;
  WGPUProcRenderPassEncoderDrawIndexedIndirect draw_indexed_indirect;
  WGPUProcRenderPassEncoderSetVertexBuffer set_vertex_buffer;
  WGPUProcRenderPassEncoderSetIndexBuffer set_index_buffer;
  WGPUProcRenderPassEncoderSetViewport set_viewport;
  WGPUProcRenderPassEncoderSetScissorRect set_scissor_rect;
  WGPUProcRenderPassEncoderSetBlendConstant set_blend_constant;
  WGPUProcRenderPassEncoderSetStencilReference set_stencil_reference;
  WGPUProcRenderPassEncoderBeginOcclusionQuery begin_occlusion_query;
  WGPUProcRenderPassEncoderEndOcclusionQuery end_occlusion_query;
  WGPUProcRenderPassEncoderExecuteBundles execute_bundles;
} rp;
static struct {
  WGPUProcRenderBundleEncoderSetPipeline set_pipeline;
  WGPUProcRenderBundleEncoderSetBindGroup set_bind_group;
  WGPUProcRenderBundleEncoderDraw draw;
  WGPUProcRenderBundleEncoderDrawIndexed draw_indexed;
  WGPUProcRenderBundleEncoderDrawIndirect draw_indirect;
  WGPUProcRenderBundleEncoderDrawIndexedIndirect draw_indexed_indirect;
  WGPUProcRenderBundleEncoderSetVertexBuffer set_vertex_buffer;
  WGPUProcRenderBundleEncoderSetIndexBuffer set_index_buffer;
} rb;

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
  RESOLVE(rp.set_pipeline, "wgpuRenderPassEncoderSetPipeline");
  RESOLVE(rp.set_bind_group, "wgpuRenderPassEncoderSetBindGroup");
  RESOLVE(rp.draw, "wgpuRenderPassEncoderDraw");
  RESOLVE(rp.draw_indexed, "wgpuRenderPassEncoderDrawIndexed");
  RESOLVE(rp.draw_indirect, "wgpuRenderPassEncoderDrawIndirect");
  RESOLVE(rp.draw_indexed_indirect, "wgpuRenderPassEncoderDrawIndexedIndirect");
  RESOLVE(rp.set_vertex_buffer, "wgpuRenderPassEncoderSetVertexBuffer");
  RESOLVE(rp.set_index_buffer, "wgpuRenderPassEncoderSetIndexBuffer");
  RESOLVE(rp.set_viewport, "wgpuRenderPassEncoderSetViewport");
  RESOLVE(rp.set_scissor_rect, "wgpuRenderPassEncoderSetScissorRect");
  RESOLVE(rp.set_blend_constant, "wgpuRenderPassEncoderSetBlendConstant");
  RESOLVE(rp.set_stencil_reference, "wgpuRenderPassEncoderSetStencilReference");
  RESOLVE(rp.begin_occlusion_query, "wgpuRenderPassEncoderBeginOcclusionQuery");
  RESOLVE(rp.end_occlusion_query, "wgpuRenderPassEncoderEndOcclusionQuery");
  RESOLVE(rp.execute_bundles, "wgpuRenderPassEncoderExecuteBundles");
  RESOLVE(rb.set_pipeline, "wgpuRenderBundleEncoderSetPipeline");
  RESOLVE(rb.set_bind_group, "wgpuRenderBundleEncoderSetBindGroup");
  RESOLVE(rb.draw, "wgpuRenderBundleEncoderDraw");
  RESOLVE(rb.draw_indexed, "wgpuRenderBundleEncoderDrawIndexed");
  RESOLVE(rb.draw_indirect, "wgpuRenderBundleEncoderDrawIndirect");
  RESOLVE(rb.draw_indexed_indirect, "wgpuRenderBundleEncoderDrawIndexedIndirect");
  RESOLVE(rb.set_vertex_buffer, "wgpuRenderBundleEncoderSetVertexBuffer");
  RESOLVE(rb.set_index_buffer, "wgpuRenderBundleEncoderSetIndexBuffer");
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

static uint64_t u64_at(const uint32_t *w, size_t i) { return (uint64_t)w[i] | ((uint64_t)w[i + 1] << 32); }
static uint64_t size_at(const uint32_t *w, size_t i) {
  return (w[i] == 0xffffffffu && w[i + 1] == 0xffffffffu) ? WGPU_WHOLE_SIZE : u64_at(w, i);
}
static float f32_at(const uint32_t *w, size_t i) { union { uint32_t u; float f; } v = {w[i]}; return v.f; }
static double f64_at(const uint32_t *w, size_t i) { union { uint64_t u; double d; } v = {u64_at(w, i)}; return v.d; }

#define MAX_BUNDLES 256

/* Record lengths of the render opcodes, or 0 for those the JS replayer must handle. */
static size_t render_record(const uint32_t *w, size_t i, size_t n, size_t nh, int is_pass) {
  uint32_t op = w[i];
#define NEED(len) if (i + (len) > n) return 0
#define REF(k) if (w[i + (k)] >= nh) return 0
  switch (op) {
    case OP_SET_PIPELINE: NEED(2); REF(1); return 2;
    case OP_SET_BIND_GROUP:
      NEED(4); if (w[i + 2] != NO_REF) REF(2);
      NEED(4 + (size_t)w[i + 3]); return 4 + w[i + 3];
    case OP_DRAW: NEED(5); return 5;
    case OP_DRAW_INDEXED: NEED(6); return 6;
    case OP_DRAW_INDIRECT: case OP_DRAW_INDEXED_INDIRECT: NEED(4); REF(1); return 4;
    case OP_SET_VERTEX_BUFFER: NEED(7); REF(2); return 7;
    case OP_SET_INDEX_BUFFER: NEED(7); REF(1); return 7;
  }
  if (!is_pass) return 0;
  switch (op) {
    case OP_SET_VIEWPORT: NEED(7); return 7;
    case OP_SET_SCISSOR_RECT: NEED(5); return 5;
    case OP_SET_BLEND_CONSTANT: NEED(9); return 9;
    case OP_SET_STENCIL_REFERENCE: case OP_BEGIN_OCCLUSION_QUERY: NEED(2); return 2;
    case OP_END_OCCLUSION_QUERY: return 1;
    case OP_EXECUTE_BUNDLES: {
      NEED(2);
      size_t count = w[i + 1];
      if (count > MAX_BUNDLES) return 0;
      NEED(2 + count);
      for (size_t k = 0; k < count; k++) REF(2 + k);
      return 2 + count;
    }
  }
  return 0;
#undef NEED
#undef REF
}

const char *wgpu_ts_replay_render(uint64_t encoder, int is_pass, const uint32_t *w, size_t n, const uint64_t *h, size_t nh) {
  if (!rp.draw) return "replay: not initialised";
  for (size_t i = 0; i < n;) {
    size_t len = render_record(w, i, n, nh, is_pass);
    if (!len) return "unsupported";
    i += len;
  }
  void *e = (void *)(uintptr_t)encoder;
  size_t i = 0;
  while (i < n) {
    size_t len = render_record(w, i, n, nh, is_pass);
    switch (w[i]) {
      case OP_SET_PIPELINE:
        if (is_pass) rp.set_pipeline(e, (WGPURenderPipeline)(uintptr_t)h[w[i + 1]]);
        else rb.set_pipeline(e, (WGPURenderPipeline)(uintptr_t)h[w[i + 1]]);
        break;
      case OP_SET_BIND_GROUP: {
        uint32_t count = w[i + 3];
        WGPUBindGroup group = w[i + 2] == NO_REF ? NULL : (WGPUBindGroup)(uintptr_t)h[w[i + 2]];
        if (is_pass) rp.set_bind_group(e, w[i + 1], group, count, count ? &w[i + 4] : NULL);
        else rb.set_bind_group(e, w[i + 1], group, count, count ? &w[i + 4] : NULL);
        break;
      }
      case OP_DRAW:
        if (is_pass) rp.draw(e, w[i + 1], w[i + 2], w[i + 3], w[i + 4]); else rb.draw(e, w[i + 1], w[i + 2], w[i + 3], w[i + 4]);
        break;
      case OP_DRAW_INDEXED:
        if (is_pass) rp.draw_indexed(e, w[i + 1], w[i + 2], w[i + 3], (int32_t)w[i + 4], w[i + 5]);
        else rb.draw_indexed(e, w[i + 1], w[i + 2], w[i + 3], (int32_t)w[i + 4], w[i + 5]);
        break;
      case OP_DRAW_INDIRECT:
        if (is_pass) rp.draw_indirect(e, (WGPUBuffer)(uintptr_t)h[w[i + 1]], u64_at(w, i + 2));
        else rb.draw_indirect(e, (WGPUBuffer)(uintptr_t)h[w[i + 1]], u64_at(w, i + 2));
        break;
      case OP_DRAW_INDEXED_INDIRECT:
        if (is_pass) rp.draw_indexed_indirect(e, (WGPUBuffer)(uintptr_t)h[w[i + 1]], u64_at(w, i + 2));
        else rb.draw_indexed_indirect(e, (WGPUBuffer)(uintptr_t)h[w[i + 1]], u64_at(w, i + 2));
        break;
      case OP_SET_VERTEX_BUFFER:
        if (is_pass) rp.set_vertex_buffer(e, w[i + 1], (WGPUBuffer)(uintptr_t)h[w[i + 2]], u64_at(w, i + 3), size_at(w, i + 5));
        else rb.set_vertex_buffer(e, w[i + 1], (WGPUBuffer)(uintptr_t)h[w[i + 2]], u64_at(w, i + 3), size_at(w, i + 5));
        break;
      case OP_SET_INDEX_BUFFER:
        if (is_pass) rp.set_index_buffer(e, (WGPUBuffer)(uintptr_t)h[w[i + 1]], (WGPUIndexFormat)w[i + 2], u64_at(w, i + 3), size_at(w, i + 5));
        else rb.set_index_buffer(e, (WGPUBuffer)(uintptr_t)h[w[i + 1]], (WGPUIndexFormat)w[i + 2], u64_at(w, i + 3), size_at(w, i + 5));
        break;
      case OP_SET_VIEWPORT:
        rp.set_viewport(e, f32_at(w, i + 1), f32_at(w, i + 2), f32_at(w, i + 3), f32_at(w, i + 4), f32_at(w, i + 5), f32_at(w, i + 6));
        break;
      case OP_SET_SCISSOR_RECT: rp.set_scissor_rect(e, w[i + 1], w[i + 2], w[i + 3], w[i + 4]); break;
      case OP_SET_BLEND_CONSTANT: {
        WGPUColor c = {f64_at(w, i + 1), f64_at(w, i + 3), f64_at(w, i + 5), f64_at(w, i + 7)};
        rp.set_blend_constant(e, &c);
        break;
      }
      case OP_SET_STENCIL_REFERENCE: rp.set_stencil_reference(e, w[i + 1]); break;
      case OP_BEGIN_OCCLUSION_QUERY: rp.begin_occlusion_query(e, w[i + 1]); break;
      case OP_END_OCCLUSION_QUERY: rp.end_occlusion_query(e); break;
      case OP_EXECUTE_BUNDLES: {
        WGPURenderBundle bundles[MAX_BUNDLES];
        size_t count = w[i + 1];
        for (size_t k = 0; k < count; k++) bundles[k] = (WGPURenderBundle)(uintptr_t)h[w[i + 2 + k]];
        rp.execute_bundles(e, count, count ? bundles : NULL);
        break;
      }
    }
    i += len;
  }
  return NULL;
}
