// The C floor: the workloads of bench/workloads.mjs against webgpu.h of the same libwgpu_native.
// Built by bench/build-c.sh into bench/build/floor. Usage:
//   floor [--out=FILE] [--shaders=DIR] [--only=k1,k2] [--runs=N --getter_n=N ...]   (keys as in bench/params.mjs)
// Prints one JSON object with the same row keys as the JS and Python contenders.
//
// Async operations use callbacks with WGPUCallbackMode_AllowProcessEvents, completed by spinning on
// wgpuInstanceProcessEvents (+ a non-blocking wgpuDevicePoll); wgpuInstanceWaitAny is not implemented in
// wgpu-native.

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>
#include <unistd.h>
#include <libgen.h>

#include "webgpu.h"
#include "wgpu.h"

// ------------------------------------------------------------------------------------------------------------
// parameters (defaults = FULL preset of bench/params.mjs; the runner always passes them explicitly)

static struct {
  long runs, getter_n, compute_iters, draws, create_n, bg_n, small_write_n, big_bytes, tex_w, tex_h, lat_n, mm_n,
      mm_reps;
} P = {7, 1000000, 10000, 10000, 2000, 2000, 10000, 64L << 20, 3840, 2160, 200, 1024, 8};

static const char *out_path = NULL;
static char shader_dir[4096];
static const char *only = NULL;
static int wait_mode = 0; // 0 hybrid, 1 spin, 2 block

static void parse_args(int argc, char **argv) {
  struct { const char *k; long *v; } keys[] = {
      {"runs", &P.runs},       {"getter_n", &P.getter_n}, {"compute_iters", &P.compute_iters},
      {"draws", &P.draws},     {"create_n", &P.create_n}, {"bg_n", &P.bg_n},
      {"small_write_n", &P.small_write_n},                {"big_bytes", &P.big_bytes},
      {"tex_w", &P.tex_w},     {"tex_h", &P.tex_h},       {"lat_n", &P.lat_n},
      {"mm_n", &P.mm_n},       {"mm_reps", &P.mm_reps},
  };
  // default shader dir: <exe dir>/../shaders
  char exe[4096];
  ssize_t l = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (l > 0) {
    exe[l] = 0;
    snprintf(shader_dir, sizeof shader_dir, "%s/../shaders", dirname(exe));
  } else {
    snprintf(shader_dir, sizeof shader_dir, "bench/shaders");
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strncmp(a, "--out=", 6) == 0) { out_path = a + 6; continue; }
    if (strncmp(a, "--shaders=", 10) == 0) { snprintf(shader_dir, sizeof shader_dir, "%s", a + 10); continue; }
    if (strncmp(a, "--only=", 7) == 0) { only = a + 7; continue; }
    if (strcmp(a, "--wait=spin") == 0) { wait_mode = 1; continue; }
    if (strcmp(a, "--wait=block") == 0) { wait_mode = 2; continue; }
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
      size_t kl = strlen(keys[k].k);
      if (strncmp(a, "--", 2) == 0 && strncmp(a + 2, keys[k].k, kl) == 0 && a[2 + kl] == '=') {
        *keys[k].v = strtol(a + 3 + kl, NULL, 10);
      }
    }
  }
}

static int selected(const char *key) {
  if (!only) return 1;
  size_t kl = strlen(key);
  for (const char *p = only; *p;) {
    const char *e = strchr(p, ',');
    size_t l = e ? (size_t)(e - p) : strlen(p);
    if (l == kl && strncmp(p, key, l) == 0) return 1;
    if (!e) break;
    p = e + 1;
  }
  return 0;
}

// ------------------------------------------------------------------------------------------------------------
// helpers

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static WGPUInstance instance;
static WGPUAdapter adapter;
static WGPUDevice device;
static WGPUQueue queue;

#define SV(s) ((WGPUStringView){.data = (s), .length = WGPU_STRLEN})
#define DIE(...) do { fprintf(stderr, "[c] FATAL: " __VA_ARGS__); fprintf(stderr, "\n"); exit(2); } while (0)

/**
 * Completes an async operation: spins on wgpuInstanceProcessEvents for up to 100 us (lowest latency for short
 * waits), then blocks in wgpuDevicePoll(wait=true), which waits for the queue to drain without burning a core
 * that the driver may need (lavapipe runs the "GPU" on the same CPU cores). --wait=spin / --wait=block force
 * one strategy.
 */
static void wait_flag(volatile int *flag) {
  double t0 = now_s();
  while (!*flag) {
    wgpuInstanceProcessEvents(instance);
    if (*flag) break;
    int block = wait_mode == 2 || (wait_mode == 0 && now_s() - t0 > 100e-6);
    wgpuDevicePoll(device, block, NULL);
  }
}

static void on_map(WGPUMapAsyncStatus status, WGPUStringView msg, void *u1, void *u2) {
  (void)u2;
  if (status != WGPUMapAsyncStatus_Success) DIE("map failed: %.*s", (int)msg.length, msg.data ? msg.data : "");
  *(volatile int *)u1 = 1;
}

static void map_sync(WGPUBuffer buf, WGPUMapMode mode, size_t size) {
  volatile int done = 0;
  WGPUBufferMapCallbackInfo ci = WGPU_BUFFER_MAP_CALLBACK_INFO_INIT;
  ci.mode = WGPUCallbackMode_AllowProcessEvents;
  ci.callback = on_map;
  ci.userdata1 = (void *)&done;
  wgpuBufferMapAsync(buf, mode, 0, size, ci);
  wait_flag(&done);
}

static void on_done(WGPUQueueWorkDoneStatus status, WGPUStringView msg, void *u1, void *u2) {
  (void)u2;
  if (status != WGPUQueueWorkDoneStatus_Success) DIE("work done failed: %.*s", (int)msg.length, msg.data ? msg.data : "");
  *(volatile int *)u1 = 1;
}

static void queue_done(void) {
  volatile int done = 0;
  WGPUQueueWorkDoneCallbackInfo ci = WGPU_QUEUE_WORK_DONE_CALLBACK_INFO_INIT;
  ci.mode = WGPUCallbackMode_AllowProcessEvents;
  ci.callback = on_done;
  ci.userdata1 = (void *)&done;
  wgpuQueueOnSubmittedWorkDone(queue, ci);
  wait_flag(&done);
}

static void submit_one(WGPUCommandEncoder enc) {
  WGPUCommandBuffer cb = wgpuCommandEncoderFinish(enc, NULL);
  wgpuQueueSubmit(queue, 1, &cb);
  wgpuCommandBufferRelease(cb);
  wgpuCommandEncoderRelease(enc);
}

static WGPUBuffer make_buffer(uint64_t size, WGPUBufferUsage usage) {
  WGPUBufferDescriptor d = WGPU_BUFFER_DESCRIPTOR_INIT;
  d.size = size;
  d.usage = usage;
  WGPUBuffer b = wgpuDeviceCreateBuffer(device, &d);
  if (!b) DIE("createBuffer(%llu) failed", (unsigned long long)size);
  return b;
}

static void free_buffer(WGPUBuffer b) {
  wgpuBufferDestroy(b);
  wgpuBufferRelease(b);
}

static WGPUShaderModule load_shader(const char *name) {
  char path[8192];
  snprintf(path, sizeof path, "%s/%s", shader_dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) DIE("cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *src = malloc(n + 1);
  if (fread(src, 1, n, f) != (size_t)n) DIE("read %s", path);
  src[n] = 0;
  fclose(f);
  WGPUShaderSourceWGSL wgsl = WGPU_SHADER_SOURCE_WGSL_INIT;
  wgsl.code = (WGPUStringView){.data = src, .length = (size_t)n};
  WGPUShaderModuleDescriptor d = WGPU_SHADER_MODULE_DESCRIPTOR_INIT;
  d.nextInChain = &wgsl.chain;
  WGPUShaderModule m = wgpuDeviceCreateShaderModule(device, &d);
  free(src);
  return m;
}

// stats / JSON output --------------------------------------------------------------------------------------

#define MAX_RUNS 256
typedef struct {
  const char *key;
  int n;
  double v[MAX_RUNS];
  char extra[256];
} Row;
static Row rows[32];
static int nrows;

static int cmpd(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void json_num(FILE *f, double x) {
  if (isfinite(x)) fprintf(f, "%.6g", x);
  else fprintf(f, "null");
}

static void write_json(FILE *f) {
  WGPUAdapterInfo info = WGPU_ADAPTER_INFO_INIT;
  wgpuAdapterGetInfo(adapter, &info);
  uint32_t v = wgpuGetVersion();
  fprintf(f, "{\n \"contender\": \"c\",\n \"runtime\": \"C (gcc %s)\",\n", __VERSION__);
  fprintf(f, " \"version\": \"wgpu-native %u.%u.%u.%u via webgpu.h\",\n", (v >> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255);
  fprintf(f, " \"adapter\": {\"vendor\": \"%.*s\", \"architecture\": \"%.*s\", \"device\": \"%.*s\", \"description\": \"%.*s\", \"backend\": %d},\n",
          (int)info.vendor.length, info.vendor.data ? info.vendor.data : "", (int)info.architecture.length,
          info.architecture.data ? info.architecture.data : "", (int)info.device.length, info.device.data ? info.device.data : "",
          (int)info.description.length, info.description.data ? info.description.data : "", (int)info.backendType);
  wgpuAdapterInfoFreeMembers(info);
  fprintf(f, " \"params\": {\"runs\": %ld, \"getter_n\": %ld, \"compute_iters\": %ld, \"draws\": %ld, \"create_n\": %ld, "
             "\"bg_n\": %ld, \"small_write_n\": %ld, \"big_bytes\": %ld, \"tex_w\": %ld, \"tex_h\": %ld, \"lat_n\": %ld, "
             "\"mm_n\": %ld, \"mm_reps\": %ld},\n",
          P.runs, P.getter_n, P.compute_iters, P.draws, P.create_n, P.bg_n, P.small_write_n, P.big_bytes, P.tex_w, P.tex_h,
          P.lat_n, P.mm_n, P.mm_reps);
  fprintf(f, " \"errors\": {},\n \"rows\": {\n");
  for (int r = 0; r < nrows; r++) {
    Row *row = &rows[r];
    double s[MAX_RUNS];
    memcpy(s, row->v, sizeof(double) * row->n);
    qsort(s, row->n, sizeof(double), cmpd);
    double med = row->n % 2 ? s[row->n / 2] : (s[row->n / 2 - 1] + s[row->n / 2]) / 2;
    fprintf(f, "  \"%s\": {\"median\": ", row->key);
    json_num(f, med);
    fprintf(f, ", \"min\": ");
    json_num(f, s[0]);
    fprintf(f, ", \"max\": ");
    json_num(f, s[row->n - 1]);
    fprintf(f, ", \"runs\": [");
    for (int i = 0; i < row->n; i++) {
      if (i) fprintf(f, ", ");
      json_num(f, row->v[i]);
    }
    fprintf(f, "]%s%s}%s\n", row->extra[0] ? ", " : "", row->extra, r + 1 < nrows ? "," : "");
  }
  fprintf(f, " }\n}\n");
}

typedef double (*RunFn)(int warm, void *ctx);

/** One warm-up run, then P.runs measured runs. */
static Row *measure(const char *key, RunFn fn, void *ctx) {
  double t0 = now_s();
  fn(1, ctx);
  Row *row = &rows[nrows++];
  row->key = key;
  row->n = 0;
  row->extra[0] = 0;
  for (long r = 0; r < P.runs && r < MAX_RUNS; r++) row->v[row->n++] = fn(0, ctx);
  double s[MAX_RUNS];
  memcpy(s, row->v, sizeof(double) * row->n);
  qsort(s, row->n, sizeof(double), cmpd);
  fprintf(stderr, "[c] %s: median %.4g (%.1f s)\n", key, s[row->n / 2], now_s() - t0);
  return row;
}

static volatile uint64_t sink;

// ------------------------------------------------------------------------------------------------------------
// 1. API-call overhead

static WGPUBuffer g_small;

static double r1a(int warm, void *ctx) {
  (void)warm; (void)ctx;
  uint64_t s = 0;
  long n = P.getter_n;
  double t0 = now_s();
  for (long i = 0; i < n; i++) s += wgpuBufferGetSize(g_small);
  double t1 = now_s();
  if (s != (uint64_t)256 * n) DIE("getter returned %llu", (unsigned long long)(s / n));
  sink += s;
  return (t1 - t0) * 1e9 / n;
}

typedef struct {
  WGPUBindGroupLayout bgl;
  WGPUPipelineLayout layout;
  WGPUComputePipeline pipeline;
  WGPUBuffer buf;
  WGPUBindGroup bg;
} ComputeSetup;

static ComputeSetup compute_setup(void) {
  ComputeSetup c;
  WGPUShaderModule m = load_shader("compute_trivial.wgsl");
  WGPUBindGroupLayoutEntry e = WGPU_BIND_GROUP_LAYOUT_ENTRY_INIT;
  e.binding = 0;
  e.visibility = WGPUShaderStage_Compute;
  e.buffer.type = WGPUBufferBindingType_Storage;
  WGPUBindGroupLayoutDescriptor bd = WGPU_BIND_GROUP_LAYOUT_DESCRIPTOR_INIT;
  bd.entryCount = 1;
  bd.entries = &e;
  c.bgl = wgpuDeviceCreateBindGroupLayout(device, &bd);
  WGPUPipelineLayoutDescriptor pd = WGPU_PIPELINE_LAYOUT_DESCRIPTOR_INIT;
  pd.bindGroupLayoutCount = 1;
  pd.bindGroupLayouts = &c.bgl;
  c.layout = wgpuDeviceCreatePipelineLayout(device, &pd);
  WGPUComputePipelineDescriptor cd = WGPU_COMPUTE_PIPELINE_DESCRIPTOR_INIT;
  cd.layout = c.layout;
  cd.compute.module = m;
  cd.compute.entryPoint = SV("main");
  c.pipeline = wgpuDeviceCreateComputePipeline(device, &cd);
  wgpuShaderModuleRelease(m);
  c.buf = make_buffer(256, WGPUBufferUsage_Storage | WGPUBufferUsage_CopySrc);
  WGPUBindGroupEntry be = WGPU_BIND_GROUP_ENTRY_INIT;
  be.binding = 0;
  be.buffer = c.buf;
  be.size = WGPU_WHOLE_SIZE;
  WGPUBindGroupDescriptor gd = WGPU_BIND_GROUP_DESCRIPTOR_INIT;
  gd.layout = c.bgl;
  gd.entryCount = 1;
  gd.entries = &be;
  c.bg = wgpuDeviceCreateBindGroup(device, &gd);
  return c;
}

static void compute_free(ComputeSetup *c) {
  wgpuBindGroupRelease(c->bg);
  free_buffer(c->buf);
  wgpuComputePipelineRelease(c->pipeline);
  wgpuPipelineLayoutRelease(c->layout);
  wgpuBindGroupLayoutRelease(c->bgl);
}

static double r1b(int warm, void *ctx) {
  (void)warm;
  ComputeSetup *c = ctx;
  long n = P.compute_iters;
  double t0 = now_s();
  WGPUCommandEncoder enc = wgpuDeviceCreateCommandEncoder(device, NULL);
  for (long i = 0; i < n; i++) {
    WGPUComputePassEncoder pass = wgpuCommandEncoderBeginComputePass(enc, NULL);
    wgpuComputePassEncoderSetPipeline(pass, c->pipeline);
    wgpuComputePassEncoderSetBindGroup(pass, 0, c->bg, 0, NULL);
    wgpuComputePassEncoderDispatchWorkgroups(pass, 1, 1, 1);
    wgpuComputePassEncoderEnd(pass);
    wgpuComputePassEncoderRelease(pass);
  }
  WGPUCommandBuffer cb = wgpuCommandEncoderFinish(enc, NULL);
  double t1 = now_s();
  // Submitted outside the timed region: wgpu-native slows down later encoding (~4x on 1b) when command
  // buffers are dropped unsubmitted, and real programs submit what they encode.
  wgpuQueueSubmit(queue, 1, &cb);
  queue_done();
  wgpuCommandBufferRelease(cb);
  wgpuCommandEncoderRelease(enc);
  return (t1 - t0) * 1e9 / n;
}

typedef struct {
  WGPURenderPipeline pipeline;
  WGPUBuffer vb, ub;
  WGPUBindGroup bg;
  WGPUTexture target;
  WGPUTextureView view;
} RenderSetup;

static double r1c(int warm, void *ctx) {
  (void)warm;
  RenderSetup *r = ctx;
  long n = P.draws;
  double t0 = now_s();
  WGPUCommandEncoder enc = wgpuDeviceCreateCommandEncoder(device, NULL);
  WGPURenderPassColorAttachment ca = WGPU_RENDER_PASS_COLOR_ATTACHMENT_INIT;
  ca.view = r->view;
  ca.loadOp = WGPULoadOp_Clear;
  ca.storeOp = WGPUStoreOp_Store;
  ca.clearValue = (WGPUColor){0, 0, 0, 1};
  WGPURenderPassDescriptor rd = WGPU_RENDER_PASS_DESCRIPTOR_INIT;
  rd.colorAttachmentCount = 1;
  rd.colorAttachments = &ca;
  WGPURenderPassEncoder pass = wgpuCommandEncoderBeginRenderPass(enc, &rd);
  for (long i = 0; i < n; i++) {
    wgpuRenderPassEncoderSetPipeline(pass, r->pipeline);
    wgpuRenderPassEncoderSetVertexBuffer(pass, 0, r->vb, 0, WGPU_WHOLE_SIZE);
    uint32_t off = (uint32_t)(i & 255) << 8;
    wgpuRenderPassEncoderSetBindGroup(pass, 0, r->bg, 1, &off);
    wgpuRenderPassEncoderDraw(pass, 3, 1, 0, 0);
  }
  wgpuRenderPassEncoderEnd(pass);
  wgpuRenderPassEncoderRelease(pass);
  WGPUCommandBuffer cb = wgpuCommandEncoderFinish(enc, NULL);
  double t1 = now_s();
  // Submitted outside the timed region: wgpu-native slows down later encoding (~4x on 1b) when command
  // buffers are dropped unsubmitted, and real programs submit what they encode.
  wgpuQueueSubmit(queue, 1, &cb);
  queue_done();
  wgpuCommandBufferRelease(cb);
  wgpuCommandEncoderRelease(enc);
  return (t1 - t0) * 1e9 / n;
}

static void w1c(void) {
  RenderSetup r;
  WGPUShaderModule m = load_shader("render.wgsl");
  WGPUBindGroupLayoutEntry e = WGPU_BIND_GROUP_LAYOUT_ENTRY_INIT;
  e.binding = 0;
  e.visibility = WGPUShaderStage_Fragment;
  e.buffer.type = WGPUBufferBindingType_Uniform;
  e.buffer.hasDynamicOffset = 1;
  e.buffer.minBindingSize = 16;
  WGPUBindGroupLayoutDescriptor bd = WGPU_BIND_GROUP_LAYOUT_DESCRIPTOR_INIT;
  bd.entryCount = 1;
  bd.entries = &e;
  WGPUBindGroupLayout bgl = wgpuDeviceCreateBindGroupLayout(device, &bd);
  WGPUPipelineLayoutDescriptor pd = WGPU_PIPELINE_LAYOUT_DESCRIPTOR_INIT;
  pd.bindGroupLayoutCount = 1;
  pd.bindGroupLayouts = &bgl;
  WGPUPipelineLayout layout = wgpuDeviceCreatePipelineLayout(device, &pd);

  WGPUVertexAttribute attr = WGPU_VERTEX_ATTRIBUTE_INIT;
  attr.format = WGPUVertexFormat_Float32x2;
  attr.offset = 0;
  attr.shaderLocation = 0;
  WGPUVertexBufferLayout vbl = WGPU_VERTEX_BUFFER_LAYOUT_INIT;
  vbl.stepMode = WGPUVertexStepMode_Vertex;
  vbl.arrayStride = 8;
  vbl.attributeCount = 1;
  vbl.attributes = &attr;
  WGPUColorTargetState ct = WGPU_COLOR_TARGET_STATE_INIT;
  ct.format = WGPUTextureFormat_RGBA8Unorm;
  WGPUFragmentState fs = WGPU_FRAGMENT_STATE_INIT;
  fs.module = m;
  fs.entryPoint = SV("fs");
  fs.targetCount = 1;
  fs.targets = &ct;
  WGPURenderPipelineDescriptor rp = WGPU_RENDER_PIPELINE_DESCRIPTOR_INIT;
  rp.layout = layout;
  rp.vertex.module = m;
  rp.vertex.entryPoint = SV("vs");
  rp.vertex.bufferCount = 1;
  rp.vertex.buffers = &vbl;
  rp.primitive.topology = WGPUPrimitiveTopology_TriangleList;
  rp.fragment = &fs;
  r.pipeline = wgpuDeviceCreateRenderPipeline(device, &rp);
  wgpuShaderModuleRelease(m);

  r.vb = make_buffer(24, WGPUBufferUsage_Vertex | WGPUBufferUsage_CopyDst);
  float verts[6] = {-0.5f, -0.5f, 0.5f, -0.5f, 0.0f, 0.5f};
  wgpuQueueWriteBuffer(queue, r.vb, 0, verts, sizeof verts);
  r.ub = make_buffer(256 * 256, WGPUBufferUsage_Uniform | WGPUBufferUsage_CopyDst);
  float *colors = calloc(256 * 256 / 4, sizeof(float));
  for (int i = 0; i < 256; i++) {
    colors[i * 64 + 0] = (i % 7) / 7.0f;
    colors[i * 64 + 1] = (i % 5) / 5.0f;
    colors[i * 64 + 2] = (i % 3) / 3.0f;
    colors[i * 64 + 3] = 1.0f;
  }
  wgpuQueueWriteBuffer(queue, r.ub, 0, colors, 256 * 256);
  free(colors);
  WGPUBindGroupEntry be = WGPU_BIND_GROUP_ENTRY_INIT;
  be.binding = 0;
  be.buffer = r.ub;
  be.offset = 0;
  be.size = 16;
  WGPUBindGroupDescriptor gd = WGPU_BIND_GROUP_DESCRIPTOR_INIT;
  gd.layout = bgl;
  gd.entryCount = 1;
  gd.entries = &be;
  r.bg = wgpuDeviceCreateBindGroup(device, &gd);
  WGPUTextureDescriptor td = WGPU_TEXTURE_DESCRIPTOR_INIT;
  td.size = (WGPUExtent3D){64, 64, 1};
  td.format = WGPUTextureFormat_RGBA8Unorm;
  td.usage = WGPUTextureUsage_RenderAttachment | WGPUTextureUsage_CopySrc;
  r.target = wgpuDeviceCreateTexture(device, &td);
  r.view = wgpuTextureCreateView(r.target, NULL);

  measure("1c_render_draw", r1c, &r);

  wgpuTextureViewRelease(r.view);
  wgpuTextureDestroy(r.target);
  wgpuTextureRelease(r.target);
  wgpuBindGroupRelease(r.bg);
  free_buffer(r.vb);
  free_buffer(r.ub);
  wgpuRenderPipelineRelease(r.pipeline);
  wgpuPipelineLayoutRelease(layout);
  wgpuBindGroupLayoutRelease(bgl);
}

static double r1d(int warm, void *ctx) {
  (void)warm; (void)ctx;
  long n = P.create_n;
  WGPUBufferDescriptor d = WGPU_BUFFER_DESCRIPTOR_INIT;
  d.size = 4096;
  d.usage = WGPUBufferUsage_Uniform | WGPUBufferUsage_CopyDst;
  double t0 = now_s();
  for (long i = 0; i < n; i++) {
    WGPUBuffer b = wgpuDeviceCreateBuffer(device, &d);
    wgpuBufferDestroy(b);
    wgpuBufferRelease(b);
  }
  return (now_s() - t0) * 1e6 / n;
}

static double r1e(int warm, void *ctx) {
  (void)warm;
  ComputeSetup *c = ctx;
  long n = P.bg_n;
  double t0 = now_s();
  for (long i = 0; i < n; i++) {
    WGPUBindGroupEntry be = WGPU_BIND_GROUP_ENTRY_INIT;
    be.binding = 0;
    be.buffer = c->buf;
    be.size = WGPU_WHOLE_SIZE;
    WGPUBindGroupDescriptor gd = WGPU_BIND_GROUP_DESCRIPTOR_INIT;
    gd.layout = c->bgl;
    gd.entryCount = 1;
    gd.entries = &be;
    WGPUBindGroup bg = wgpuDeviceCreateBindGroup(device, &gd);
    if (!bg) DIE("no bind group");
    wgpuBindGroupRelease(bg);
  }
  return (now_s() - t0) * 1e6 / n;
}

// ------------------------------------------------------------------------------------------------------------
// 2. Data movement

static uint8_t *pattern(size_t bytes, uint32_t seed) {
  uint8_t *a = aligned_alloc(64, bytes);
  uint32_t *u = (uint32_t *)a;
  for (size_t i = 0; i < bytes / 4; i++) u[i] = (uint32_t)(i * 2654435761u + seed);
  return a;
}

static void check_pattern(const uint8_t *host, size_t bytes, uint32_t seed, const char *what) {
  const uint32_t *u = (const uint32_t *)host;
  size_t n = bytes / 4;
  size_t idx[5] = {0, 1, 12345, n / 2, n - 1};
  for (int k = 0; k < 5; k++) {
    uint32_t want = (uint32_t)(idx[k] * 2654435761u + seed);
    if (u[idx[k]] != want) DIE("%s: word %zu is %u, expected %u", what, idx[k], u[idx[k]], want);
  }
}

static void check_buffer(WGPUBuffer buf, size_t size, uint32_t seed, const char *what) {
  WGPUBuffer rb = make_buffer(size, WGPUBufferUsage_MapRead | WGPUBufferUsage_CopyDst);
  WGPUCommandEncoder enc = wgpuDeviceCreateCommandEncoder(device, NULL);
  wgpuCommandEncoderCopyBufferToBuffer(enc, buf, 0, rb, 0, size);
  submit_one(enc);
  map_sync(rb, WGPUMapMode_Read, size);
  check_pattern(wgpuBufferGetConstMappedRange(rb, 0, size), size, seed, what);
  wgpuBufferUnmap(rb);
  free_buffer(rb);
}

typedef struct {
  WGPUBuffer a, b;
  WGPUTexture tex;
  uint8_t *host;
  size_t size;
} Xfer;

static double r2a(int warm, void *ctx) {
  (void)warm;
  Xfer *x = ctx;
  long n = P.small_write_n;
  double t0 = now_s();
  for (long i = 0; i < n; i++) wgpuQueueWriteBuffer(queue, x->a, 0, x->host, 16);
  double t1 = now_s();
  wgpuQueueSubmit(queue, 0, NULL);
  queue_done();
  return (t1 - t0) * 1e6 / n;
}

static double r2b(int warm, void *ctx) {
  (void)warm;
  Xfer *x = ctx;
  double t0 = now_s();
  wgpuQueueWriteBuffer(queue, x->a, 0, x->host, x->size);
  wgpuQueueSubmit(queue, 0, NULL);
  queue_done();
  return x->size / (now_s() - t0) / 1e9;
}

static double r2c(int warm, void *ctx) {
  (void)warm;
  Xfer *x = ctx; // a = src, b = readback
  x->host[0] = 0;
  double t0 = now_s();
  WGPUCommandEncoder enc = wgpuDeviceCreateCommandEncoder(device, NULL);
  wgpuCommandEncoderCopyBufferToBuffer(enc, x->a, 0, x->b, 0, x->size);
  submit_one(enc);
  map_sync(x->b, WGPUMapMode_Read, x->size);
  memcpy(x->host, wgpuBufferGetConstMappedRange(x->b, 0, x->size), x->size);
  wgpuBufferUnmap(x->b);
  double t1 = now_s();
  check_pattern(x->host, x->size, 2, "2c readback");
  return x->size / (t1 - t0) / 1e9;
}

static double r2d(int warm, void *ctx) {
  (void)warm;
  Xfer *x = ctx; // a = staging, b = dst
  double t0 = now_s();
  map_sync(x->a, WGPUMapMode_Write, x->size);
  memcpy(wgpuBufferGetMappedRange(x->a, 0, x->size), x->host, x->size);
  wgpuBufferUnmap(x->a);
  WGPUCommandEncoder enc = wgpuDeviceCreateCommandEncoder(device, NULL);
  wgpuCommandEncoderCopyBufferToBuffer(enc, x->a, 0, x->b, 0, x->size);
  submit_one(enc);
  queue_done();
  return x->size / (now_s() - t0) / 1e9;
}

static void tex_copy_info(Xfer *x, WGPUTexelCopyTextureInfo *t, WGPUTexelCopyBufferLayout *l, WGPUExtent3D *e) {
  *t = (WGPUTexelCopyTextureInfo)WGPU_TEXEL_COPY_TEXTURE_INFO_INIT;
  t->texture = x->tex;
  *l = (WGPUTexelCopyBufferLayout)WGPU_TEXEL_COPY_BUFFER_LAYOUT_INIT;
  l->bytesPerRow = (uint32_t)(P.tex_w * 4);
  l->rowsPerImage = (uint32_t)P.tex_h;
  *e = (WGPUExtent3D){(uint32_t)P.tex_w, (uint32_t)P.tex_h, 1};
}

static double r2e(int warm, void *ctx) {
  (void)warm;
  Xfer *x = ctx;
  WGPUTexelCopyTextureInfo t;
  WGPUTexelCopyBufferLayout l;
  WGPUExtent3D e;
  double t0 = now_s();
  tex_copy_info(x, &t, &l, &e);
  wgpuQueueWriteTexture(queue, &t, x->host, x->size, &l, &e);
  wgpuQueueSubmit(queue, 0, NULL);
  queue_done();
  return x->size / (now_s() - t0) / 1e9;
}

static void tex_to_buffer(Xfer *x, WGPUBuffer rb) {
  WGPUTexelCopyTextureInfo t;
  WGPUTexelCopyBufferLayout l;
  WGPUExtent3D e;
  tex_copy_info(x, &t, &l, &e);
  WGPUTexelCopyBufferInfo b = WGPU_TEXEL_COPY_BUFFER_INFO_INIT;
  b.layout = l;
  b.buffer = rb;
  WGPUCommandEncoder enc = wgpuDeviceCreateCommandEncoder(device, NULL);
  wgpuCommandEncoderCopyTextureToBuffer(enc, &t, &b, &e);
  submit_one(enc);
}

static double r2f(int warm, void *ctx) {
  (void)warm;
  Xfer *x = ctx; // b = readback
  x->host[0] = 0;
  double t0 = now_s();
  tex_to_buffer(x, x->b);
  map_sync(x->b, WGPUMapMode_Read, x->size);
  memcpy(x->host, wgpuBufferGetConstMappedRange(x->b, 0, x->size), x->size);
  wgpuBufferUnmap(x->b);
  double t1 = now_s();
  check_pattern(x->host, x->size, 5, "2f texture readback");
  return x->size / (t1 - t0) / 1e9;
}

static double r2g(int warm, void *ctx) {
  (void)warm;
  Xfer *x = ctx; // host = src, a (as pointer) = dst
  uint8_t *dst = (uint8_t *)x->a;
  double t0 = now_s();
  memcpy(dst, x->host, x->size);
  double t1 = now_s();
  sink += dst[x->size - 1];
  return x->size / (t1 - t0) / 1e9;
}

static void w2(const char *key) {
  size_t big = (size_t)P.big_bytes;
  Xfer x = {0};
  if (!strcmp(key, "2a_write_small")) {
    x.a = make_buffer(256, WGPUBufferUsage_Storage | WGPUBufferUsage_CopyDst);
    x.host = malloc(16);
    memset(x.host, 7, 16);
    measure("2a_write_small", r2a, &x);
    free(x.host);
    free_buffer(x.a);
  }
  if (!strcmp(key, "2b_write_big")) {
    x.size = big;
    x.a = make_buffer(big, WGPUBufferUsage_Storage | WGPUBufferUsage_CopyDst | WGPUBufferUsage_CopySrc);
    x.host = pattern(big, 1);
    measure("2b_write_big", r2b, &x);
    check_buffer(x.a, big, 1, "2b writeBuffer");
    free(x.host);
    free_buffer(x.a);
  }
  if (!strcmp(key, "2c_readback")) {
    x.size = big;
    x.a = make_buffer(big, WGPUBufferUsage_Storage | WGPUBufferUsage_CopyDst | WGPUBufferUsage_CopySrc);
    uint8_t *pat = pattern(big, 2);
    wgpuQueueWriteBuffer(queue, x.a, 0, pat, big);
    free(pat);
    x.b = make_buffer(big, WGPUBufferUsage_MapRead | WGPUBufferUsage_CopyDst);
    x.host = aligned_alloc(64, big);
    memset(x.host, 1, big);
    measure("2c_readback", r2c, &x);
    free(x.host);
    free_buffer(x.a);
    free_buffer(x.b);
  }
  if (!strcmp(key, "2d_mapped_write")) {
    x.size = big;
    x.a = make_buffer(big, WGPUBufferUsage_MapWrite | WGPUBufferUsage_CopySrc);
    x.b = make_buffer(big, WGPUBufferUsage_Storage | WGPUBufferUsage_CopyDst | WGPUBufferUsage_CopySrc);
    x.host = pattern(big, 3);
    measure("2d_mapped_write", r2d, &x);
    check_buffer(x.b, big, 3, "2d mapped write");
    free(x.host);
    free_buffer(x.a);
    free_buffer(x.b);
  }
  size_t tsize = (size_t)P.tex_w * 4 * P.tex_h;
  if (!strcmp(key, "2e_tex_upload") || !strcmp(key, "2f_tex_readback")) {
    WGPUTextureDescriptor td = WGPU_TEXTURE_DESCRIPTOR_INIT;
    td.size = (WGPUExtent3D){(uint32_t)P.tex_w, (uint32_t)P.tex_h, 1};
    td.format = WGPUTextureFormat_RGBA8Unorm;
    td.usage = WGPUTextureUsage_CopyDst | WGPUTextureUsage_CopySrc;
    x.size = tsize;
    if (!strcmp(key, "2e_tex_upload")) {
      x.tex = wgpuDeviceCreateTexture(device, &td);
      x.host = pattern(tsize, 4);
      measure("2e_tex_upload", r2e, &x);
      WGPUBuffer rb = make_buffer(tsize, WGPUBufferUsage_MapRead | WGPUBufferUsage_CopyDst);
      tex_to_buffer(&x, rb);
      map_sync(rb, WGPUMapMode_Read, tsize);
      check_pattern(wgpuBufferGetConstMappedRange(rb, 0, tsize), tsize, 4, "2e texture upload");
      wgpuBufferUnmap(rb);
      free_buffer(rb);
      free(x.host);
      wgpuTextureDestroy(x.tex);
      wgpuTextureRelease(x.tex);
    }
    if (!strcmp(key, "2f_tex_readback")) {
      x.tex = wgpuDeviceCreateTexture(device, &td);
      uint8_t *pat = pattern(tsize, 5);
      WGPUTexelCopyTextureInfo t;
      WGPUTexelCopyBufferLayout l;
      WGPUExtent3D e;
      tex_copy_info(&x, &t, &l, &e);
      wgpuQueueWriteTexture(queue, &t, pat, tsize, &l, &e);
      free(pat);
      x.b = make_buffer(tsize, WGPUBufferUsage_MapRead | WGPUBufferUsage_CopyDst);
      x.host = aligned_alloc(64, tsize);
      memset(x.host, 1, tsize);
      measure("2f_tex_readback", r2f, &x);
      free(x.host);
      free_buffer(x.b);
      wgpuTextureDestroy(x.tex);
      wgpuTextureRelease(x.tex);
    }
  }
  if (!strcmp(key, "2g_memcpy")) {
    x.size = big;
    x.host = pattern(big, 6);
    uint8_t *dst = aligned_alloc(64, big);
    memset(dst, 1, big);
    x.a = (WGPUBuffer)dst;
    measure("2g_memcpy", r2g, &x);
    free(dst);
    free(x.host);
  }
}

// ------------------------------------------------------------------------------------------------------------
// 3. Latency

static double r3a(int warm, void *ctx) {
  (void)warm;
  WGPUBuffer buf = ctx;
  long n = P.lat_n;
  double t0 = now_s();
  for (long i = 0; i < n; i++) {
    map_sync(buf, WGPUMapMode_Read, 4096);
    wgpuBufferUnmap(buf);
  }
  return (now_s() - t0) * 1e6 / n;
}

static double r3b(int warm, void *ctx) {
  (void)warm; (void)ctx;
  long n = P.lat_n;
  double t0 = now_s();
  for (long i = 0; i < n; i++) {
    submit_one(wgpuDeviceCreateCommandEncoder(device, NULL));
    queue_done();
  }
  return (now_s() - t0) * 1e6 / n;
}

// ------------------------------------------------------------------------------------------------------------
// 4. matmul

static float mmA(long i, long k) { return (float)(((i * 3 + k * 5) % 17) - 8) / 8.0f; }
static float mmB(long k, long j) { return (float)(((k * 7 + j * 11) % 13) - 6) / 8.0f; }

typedef struct {
  WGPUComputePipeline pipeline;
  WGPUBindGroup bg;
} MM;

static double r4(int warm, void *ctx) {
  (void)warm;
  MM *mm = ctx;
  long n = P.mm_n;
  uint32_t g = (uint32_t)(n / 64);
  double t0 = now_s();
  WGPUCommandEncoder enc = wgpuDeviceCreateCommandEncoder(device, NULL);
  WGPUComputePassEncoder pass = wgpuCommandEncoderBeginComputePass(enc, NULL);
  wgpuComputePassEncoderSetPipeline(pass, mm->pipeline);
  wgpuComputePassEncoderSetBindGroup(pass, 0, mm->bg, 0, NULL);
  for (long i = 0; i < P.mm_reps; i++) wgpuComputePassEncoderDispatchWorkgroups(pass, g, g, 1);
  wgpuComputePassEncoderEnd(pass);
  wgpuComputePassEncoderRelease(pass);
  submit_one(enc);
  queue_done();
  double t1 = now_s();
  return 2.0 * n * n * n * P.mm_reps / (t1 - t0) / 1e9;
}

static void w4(void) {
  long n = P.mm_n;
  if (n % 64) DIE("mm_n must be a multiple of 64");
  size_t bytes = (size_t)n * n * 4;
  float *A = malloc(bytes), *B = malloc(bytes);
  for (long i = 0; i < n; i++)
    for (long k = 0; k < n; k++) A[i * n + k] = mmA(i, k);
  for (long k = 0; k < n; k++)
    for (long j = 0; j < n; j++) B[k * n + j] = mmB(k, j);
  WGPUBuffer bufs[4];
  bufs[0] = make_buffer(bytes, WGPUBufferUsage_Storage | WGPUBufferUsage_CopyDst);
  bufs[1] = make_buffer(bytes, WGPUBufferUsage_Storage | WGPUBufferUsage_CopyDst);
  bufs[2] = make_buffer(bytes, WGPUBufferUsage_Storage | WGPUBufferUsage_CopySrc);
  bufs[3] = make_buffer(16, WGPUBufferUsage_Uniform | WGPUBufferUsage_CopyDst);
  wgpuQueueWriteBuffer(queue, bufs[0], 0, A, bytes);
  wgpuQueueWriteBuffer(queue, bufs[1], 0, B, bytes);
  uint32_t dims[4] = {(uint32_t)n, 0, 0, 0};
  wgpuQueueWriteBuffer(queue, bufs[3], 0, dims, 16);
  free(A);
  free(B);
  WGPUShaderModule m = load_shader("matmul.wgsl");
  WGPUBindGroupLayoutEntry e[4];
  WGPUBufferBindingType types[4] = {WGPUBufferBindingType_ReadOnlyStorage, WGPUBufferBindingType_ReadOnlyStorage,
                                    WGPUBufferBindingType_Storage, WGPUBufferBindingType_Uniform};
  WGPUBindGroupEntry be[4];
  for (int i = 0; i < 4; i++) {
    e[i] = (WGPUBindGroupLayoutEntry)WGPU_BIND_GROUP_LAYOUT_ENTRY_INIT;
    e[i].binding = i;
    e[i].visibility = WGPUShaderStage_Compute;
    e[i].buffer.type = types[i];
    be[i] = (WGPUBindGroupEntry)WGPU_BIND_GROUP_ENTRY_INIT;
    be[i].binding = i;
    be[i].buffer = bufs[i];
    be[i].size = WGPU_WHOLE_SIZE;
  }
  WGPUBindGroupLayoutDescriptor bd = WGPU_BIND_GROUP_LAYOUT_DESCRIPTOR_INIT;
  bd.entryCount = 4;
  bd.entries = e;
  WGPUBindGroupLayout bgl = wgpuDeviceCreateBindGroupLayout(device, &bd);
  WGPUPipelineLayoutDescriptor pd = WGPU_PIPELINE_LAYOUT_DESCRIPTOR_INIT;
  pd.bindGroupLayoutCount = 1;
  pd.bindGroupLayouts = &bgl;
  WGPUPipelineLayout layout = wgpuDeviceCreatePipelineLayout(device, &pd);
  WGPUComputePipelineDescriptor cd = WGPU_COMPUTE_PIPELINE_DESCRIPTOR_INIT;
  cd.layout = layout;
  cd.compute.module = m;
  cd.compute.entryPoint = SV("main");
  MM mm;
  mm.pipeline = wgpuDeviceCreateComputePipeline(device, &cd);
  WGPUBindGroupDescriptor gd = WGPU_BIND_GROUP_DESCRIPTOR_INIT;
  gd.layout = bgl;
  gd.entryCount = 4;
  gd.entries = be;
  mm.bg = wgpuDeviceCreateBindGroup(device, &gd);

  Row *row = measure("4_matmul", r4, &mm);

  WGPUBuffer rb = make_buffer(bytes, WGPUBufferUsage_MapRead | WGPUBufferUsage_CopyDst);
  WGPUCommandEncoder enc = wgpuDeviceCreateCommandEncoder(device, NULL);
  wgpuCommandEncoderCopyBufferToBuffer(enc, bufs[2], 0, rb, 0, bytes);
  submit_one(enc);
  map_sync(rb, WGPUMapMode_Read, bytes);
  const float *Cm = wgpuBufferGetConstMappedRange(rb, 0, bytes);
  double maxErr = 0;
  for (long s = 0; s < 256; s++) {
    long i = (s * 37 + 5) % n, j = (s * 101 + 13) % n;
    double acc = 0;
    for (long k = 0; k < n; k++) acc += (double)mmA(i, k) * mmB(k, j);
    double err = fabs(acc - Cm[i * n + j]);
    if (err > maxErr) maxErr = err;
  }
  wgpuBufferUnmap(rb);
  free_buffer(rb);
  snprintf(row->extra, sizeof row->extra, "\"check\": {\"max_abs_err\": %g, \"ok\": %s}", maxErr, maxErr <= 1e-3 ? "true" : "false");
  if (maxErr > 1e-3) DIE("matmul wrong: max abs error %g", maxErr);

  wgpuBindGroupRelease(mm.bg);
  wgpuComputePipelineRelease(mm.pipeline);
  wgpuPipelineLayoutRelease(layout);
  wgpuBindGroupLayoutRelease(bgl);
  wgpuShaderModuleRelease(m);
  for (int i = 0; i < 4; i++) free_buffer(bufs[i]);
}

// ------------------------------------------------------------------------------------------------------------
// setup

static void on_adapter(WGPURequestAdapterStatus status, WGPUAdapter a, WGPUStringView msg, void *u1, void *u2) {
  (void)u2;
  if (status != WGPURequestAdapterStatus_Success) DIE("requestAdapter: %.*s", (int)msg.length, msg.data ? msg.data : "");
  adapter = a;
  *(volatile int *)u1 = 1;
}

static void on_device(WGPURequestDeviceStatus status, WGPUDevice d, WGPUStringView msg, void *u1, void *u2) {
  (void)u2;
  if (status != WGPURequestDeviceStatus_Success) DIE("requestDevice: %.*s", (int)msg.length, msg.data ? msg.data : "");
  device = d;
  *(volatile int *)u1 = 1;
}

static void on_error(WGPUDevice const *d, WGPUErrorType type, WGPUStringView msg, void *u1, void *u2) {
  (void)d; (void)u1; (void)u2;
  DIE("uncaptured error %d: %.*s", (int)type, (int)msg.length, msg.data ? msg.data : "");
}

/** Every workload runs on a fresh device (created and destroyed outside the timed regions), so that state left
 *  by one workload cannot distort the next: e.g. after 1b (10^4 passes per command buffer) wgpu-native's submit
 *  round trip on the same device is ~5x slower. */
static void new_device(void) {
  volatile int ok = 0;
  WGPUDeviceDescriptor dd = WGPU_DEVICE_DESCRIPTOR_INIT;
  dd.uncapturedErrorCallbackInfo.callback = on_error;
  WGPURequestDeviceCallbackInfo dci = WGPU_REQUEST_DEVICE_CALLBACK_INFO_INIT;
  dci.mode = WGPUCallbackMode_AllowProcessEvents;
  dci.callback = on_device;
  dci.userdata1 = (void *)&ok;
  wgpuAdapterRequestDevice(adapter, &dd, dci);
  while (!ok) wgpuInstanceProcessEvents(instance);
  queue = wgpuDeviceGetQueue(device);
}

static void drop_device(void) {
  wgpuDevicePoll(device, 1, NULL);
  wgpuQueueRelease(queue);
  wgpuDeviceDestroy(device);
  wgpuDeviceRelease(device);
  device = NULL;
  queue = NULL;
}

static void run_workload(const char *key) {
  if (!strcmp(key, "1a_getter")) {
    g_small = make_buffer(256, WGPUBufferUsage_Storage);
    measure("1a_getter", r1a, NULL);
    free_buffer(g_small);
  } else if (!strcmp(key, "1b_compute_encode") || !strcmp(key, "1e_create_bind_group")) {
    ComputeSetup c = compute_setup();
    measure(key, key[1] == 'b' ? r1b : r1e, &c);
    compute_free(&c);
  } else if (!strcmp(key, "1c_render_draw")) {
    w1c();
  } else if (!strcmp(key, "1d_create_buffer")) {
    measure("1d_create_buffer", r1d, NULL);
  } else if (key[0] == '2') {
    w2(key);
  } else if (!strcmp(key, "3a_map_roundtrip")) {
    WGPUBuffer b = make_buffer(4096, WGPUBufferUsage_MapRead | WGPUBufferUsage_CopyDst);
    measure("3a_map_roundtrip", r3a, b);
    free_buffer(b);
  } else if (!strcmp(key, "3b_submit_done")) {
    measure("3b_submit_done", r3b, NULL);
  } else if (!strcmp(key, "4_matmul")) {
    w4();
  }
}

static const char *ORDER[] = {"1a_getter", "1b_compute_encode", "1c_render_draw", "1d_create_buffer",
                              "1e_create_bind_group", "2a_write_small", "2b_write_big", "2c_readback",
                              "2d_mapped_write", "2e_tex_upload", "2f_tex_readback", "2g_memcpy",
                              "3a_map_roundtrip", "3b_submit_done", "4_matmul"};

int main(int argc, char **argv) {
  parse_args(argc, argv);
  instance = wgpuCreateInstance(NULL);
  if (!instance) DIE("no instance");
  volatile int ok = 0;
  WGPURequestAdapterOptions ao = WGPU_REQUEST_ADAPTER_OPTIONS_INIT;
  ao.powerPreference = WGPUPowerPreference_HighPerformance;
  WGPURequestAdapterCallbackInfo aci = WGPU_REQUEST_ADAPTER_CALLBACK_INFO_INIT;
  aci.mode = WGPUCallbackMode_AllowProcessEvents;
  aci.callback = on_adapter;
  aci.userdata1 = (void *)&ok;
  wgpuInstanceRequestAdapter(instance, &ao, aci);
  while (!ok) wgpuInstanceProcessEvents(instance);
  {
    WGPUAdapterInfo info = WGPU_ADAPTER_INFO_INIT;
    wgpuAdapterGetInfo(adapter, &info);
    fprintf(stderr, "[c] adapter: %.*s (%.*s)\n", (int)info.device.length, info.device.data ? info.device.data : "",
            (int)info.description.length, info.description.data ? info.description.data : "");
    wgpuAdapterInfoFreeMembers(info);
  }

  for (size_t o = 0; o < sizeof ORDER / sizeof ORDER[0]; o++) {
    if (!selected(ORDER[o])) continue;
    new_device();
    run_workload(ORDER[o]);
    drop_device();
  }

  FILE *f = out_path ? fopen(out_path, "w") : stdout;
  if (!f) DIE("cannot write %s", out_path);
  write_json(f);
  if (f != stdout) fclose(f);
  wgpuAdapterRelease(adapter);
  wgpuInstanceRelease(instance);
  return 0;
}
