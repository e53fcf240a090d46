// The spec's capability checks that wgpu-native 29 makes differently or not at all, made by wgpu-ts on this
// backend (CTS api,validation,capability_checks,features,* and api,validation,createView):
// - a texture format that needs a feature the device lacks is a TypeError wherever a format is named
//   (wgpu-native: a validation error; it also takes its own texture-format-16bit-norm for the tier1 formats);
// - a view's usage must be a subset of its texture's (wgpu-native lets STORAGE_BINDING through);
// - a "timestamp" query set without timestamp-query is a TypeError;
// - GPUTextureViewDescriptor.swizzle: four of rgba01 (TypeError), non-identity only with texture-component-swizzle;
// - clip distances take ceil(N / 4) inter-stage slots (wgpu-core deducts only point-list's).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { gpu } from "wgpu-ts/backends/wgpu-native";
import { installGlobals } from "wgpu-ts";
import { moduleInterface, findEntry, clipDistancesProblem } from "../../dist/backends/wgpu-native/guards/shader-interface.js";
import { formatRequiredFeature } from "../../dist/backends/wgpu-native/guards/texture-formats.js";

installGlobals();

async function deviceWith(requiredFeatures = [], requiredLimits = {}) {
  const adapter = await gpu.requestAdapter();
  return adapter.requestDevice({ requiredFeatures: requiredFeatures.filter((f) => adapter.features.has(f)), requiredLimits });
}

async function validationError(device, f) {
  device.pushErrorScope("validation");
  f();
  return device.popErrorScope();
}

const GATED = {
  "depth32float-stencil8": "depth32float-stencil8", "bc1-rgba-unorm": "texture-compression-bc", "bc7-rgba-unorm-srgb": "texture-compression-bc",
  "etc2-rgb8unorm": "texture-compression-etc2", "eac-rg11snorm": "texture-compression-etc2", "astc-4x4-unorm": "texture-compression-astc",
  "astc-12x12-unorm-srgb": "texture-compression-astc", "r16unorm": "texture-formats-tier1", "rgba16snorm": "texture-formats-tier1",
};

describe("formats that need a feature", () => {
  test("the table: every feature-dependent format and none other", () => {
    for (const [format, feature] of Object.entries(GATED)) assert.equal(formatRequiredFeature(format), feature, format);
    for (const format of ["rgba8unorm", "r16uint", "rgba16float", "depth24plus-stencil8", "bgra8unorm", "rg11b10ufloat"]) assert.equal(formatRequiredFeature(format), undefined, format);
  });

  test("without the feature: a TypeError in every place a format is named, and nothing reaches the device", async () => {
    const device = await deviceWith();
    const module = device.createShaderModule({ code: "@vertex fn vs() -> @builtin(position) vec4f { return vec4f(0); } @fragment fn fs() -> @location(0) vec4f { return vec4f(0); }" });
    const sampled = device.createTexture({ size: [4, 4], format: "rgba8unorm", usage: GPUTextureUsage.TEXTURE_BINDING });
    for (const [format, feature] of Object.entries(GATED)) {
      const depth = format.startsWith("depth");
      const places = {
        createTexture: () => device.createTexture({ size: [4, 4], format, usage: GPUTextureUsage.TEXTURE_BINDING }),
        viewFormats: () => device.createTexture({ size: [4, 4], format: "rgba8unorm", usage: GPUTextureUsage.TEXTURE_BINDING, viewFormats: [format] }),
        createView: () => sampled.createView({ format }),
        storageTexture: () => device.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, storageTexture: { format } }] }),
        bundleFormat: () => device.createRenderBundleEncoder(depth ? { colorFormats: [], depthStencilFormat: format } : { colorFormats: [format] }),
        pipeline: () => device.createRenderPipeline({
          layout: "auto", vertex: { module }, fragment: { module, targets: [{ format: depth ? "rgba8unorm" : format }] },
          depthStencil: depth ? { format, depthWriteEnabled: false, depthCompare: "always" } : undefined,
        }),
      };
      const err = await validationError(device, () => {
        for (const [place, f] of Object.entries(places)) {
          assert.throws(f, (e) => e instanceof TypeError && e.message.includes(format) && e.message.includes(feature), `${place} with ${format}`);
        }
      });
      assert.equal(err, null, `${format}: a TypeError is all, no validation error`);
      await assert.rejects(device.createRenderPipelineAsync({
        layout: "auto", vertex: { module }, fragment: { module, targets: [{ format: depth ? "rgba8unorm" : format }] },
        depthStencil: depth ? { format, depthWriteEnabled: false, depthCompare: "always" } : undefined,
      }), TypeError, `createRenderPipelineAsync with ${format} rejects with a TypeError`);
    }
    device.destroy();
  });

  test("with the feature the formats are usable", async () => {
    const adapter = await gpu.requestAdapter();
    const features = ["depth32float-stencil8", "texture-compression-bc"].filter((f) => adapter.features.has(f));
    const device = await adapter.requestDevice({ requiredFeatures: features });
    const err = await validationError(device, () => {
      if (features.includes("depth32float-stencil8")) device.createTexture({ size: [4, 4], format: "depth32float-stencil8", usage: GPUTextureUsage.RENDER_ATTACHMENT }).createView();
      if (features.includes("texture-compression-bc")) device.createTexture({ size: [4, 4], format: "bc1-rgba-unorm", usage: GPUTextureUsage.TEXTURE_BINDING, viewFormats: ["bc1-rgba-unorm-srgb"] }).createView({ format: "bc1-rgba-unorm-srgb" });
    });
    assert.equal(err, null);
    device.destroy();
  });

  test("wgpu-native's texture-format-16bit-norm, asked for by name, enables the tier1 16-bit normalized formats", async (t) => {
    const adapter = await gpu.requestAdapter();
    const device = await adapter.requestDevice({ requiredFeatures: ["texture-format-16bit-norm"] }).catch(() => null);
    if (!device) return t.skip("the adapter has no texture-format-16bit-norm");
    const err = await validationError(device, () => device.createTexture({ size: [4, 4], format: "r16unorm", usage: GPUTextureUsage.TEXTURE_BINDING }));
    assert.equal(err, null);
    device.destroy();
  });
});

describe("GPUTextureViewDescriptor.usage and .swizzle", () => {
  test("a view's usage must be a subset of the texture's, every bit (STORAGE_BINDING too); 0 means the texture's", async () => {
    const device = await deviceWith();
    const bits = [GPUTextureUsage.COPY_SRC, GPUTextureUsage.COPY_DST, GPUTextureUsage.TEXTURE_BINDING, GPUTextureUsage.STORAGE_BINDING, GPUTextureUsage.RENDER_ATTACHMENT];
    for (const have of bits) {
      const texture = device.createTexture({ size: [1, 1], format: "rgba8unorm", usage: have });
      for (const want of bits) {
        const err = await validationError(device, () => texture.createView({ usage: want }));
        assert.equal(err instanceof GPUValidationError, want !== have, `texture usage 0x${have.toString(16)}, view usage 0x${want.toString(16)}`);
        if (err) assert.match(err.message, /not a subset/);
      }
      assert.equal(await validationError(device, () => texture.createView({ usage: 0 })), null);
    }
    device.destroy();
  });

  test("swizzle: TypeError unless four of r g b a 0 1; without texture-component-swizzle only \"rgba\" is valid", async () => {
    const device = await deviceWith();
    const texture = device.createTexture({ size: [1, 1], format: "rgba8unorm", usage: GPUTextureUsage.TEXTURE_BINDING });
    for (const bad of ["RGBA", "rgb", "rgba0", "ｒｇｂａ", "", 0, true, null]) {
      assert.throws(() => texture.createView({ swizzle: bad }), TypeError, JSON.stringify(bad));
    }
    assert.throws(() => texture.createView({ swizzle: Symbol("rgba") }), TypeError);
    assert.equal(await validationError(device, () => texture.createView({ swizzle: "rgba" })), null);
    assert.equal(device.features.has("texture-component-swizzle"), false, "this test assumes the feature is not enabled");
    for (const s of ["0000", "abgr", "rrrr", 1111]) {
      const err = await validationError(device, () => texture.createView({ swizzle: s }));
      assert.ok(err instanceof GPUValidationError, String(s));
      assert.match(err.message, /texture-component-swizzle/);
    }
    device.destroy();
  });
});

describe("timestamp query sets", () => {
  test("type \"timestamp\" without timestamp-query is a TypeError; occlusion sets need nothing", async () => {
    const device = await deviceWith();
    assert.throws(() => device.createQuerySet({ type: "timestamp", count: 1 }), (e) => e instanceof TypeError && /timestamp-query/.test(e.message));
    assert.equal(await validationError(device, () => device.createQuerySet({ type: "occlusion", count: 1 })), null);
    device.destroy();
    const withFeature = await deviceWith(["timestamp-query"]);
    if (withFeature.features.has("timestamp-query")) assert.equal(await validationError(withFeature, () => withFeature.createQuerySet({ type: "timestamp", count: 1 })), null);
    withFeature.destroy();
  });
});

describe("clip distances take inter-stage slots", () => {
  const shader = (max, locations, clip, { pointList = false, startLocation = 0 } = {}) => `
    enable clip_distances;
    // a comment with @builtin(clip_distances) in it changes nothing
    struct VSOut {
      @builtin(position) p: vec4f,
      ${Array.from({ length: locations }, (_, i) => `@location(${i + startLocation}) @interpolate(flat, either) v${i}: vec4u,`).join("\n")}
      @builtin(clip_distances) clip: array<f32, ${clip}>,
    }
    @vertex fn vs() -> VSOut { var o: VSOut; o.p = vec4f(0); return o; }
    @fragment fn fs() -> @location(0) vec4f { return vec4f(0); }`;

  // The rule on a vertex entry point (guards/shader-interface.ts); "unread": the reflection has no answer.
  const rule = (code, entryPoint, max, pointList = false) => {
    const m = moduleInterface({}, code);
    const entry = m && findEntry(m, "vertex", entryPoint);
    return entry ? clipDistancesProblem(m, entry, max, pointList) : "unread";
  };

  test("the reflection: entry points, struct members, literal and const sizes, aliases; unreadable ones are left unchecked", () => {
    assert.equal(rule("@vertex fn vs() -> @builtin(position) vec4f { return vec4f(0); }", undefined, 1), null, "no clip distances");
    assert.equal(rule(shader(16, 3, 5, { startLocation: 2 }), undefined, 7), null, "5 outputs and locations up to 4 fit 7 - 2 slots");
    assert.match(rule(shader(16, 3, 5, { startLocation: 2 }), undefined, 6), /@location\(4\)/);
    const consts = `enable clip_distances; const N: u32 = 6u; const L = 7;
      struct S { @builtin(position) p: vec4f, @location(L) a: f32, @builtin(clip_distances) c: array<f32, N> }
      alias T = S;
      @vertex fn a(@builtin(vertex_index) i: u32) -> T { var s: S; return s; }
      @vertex fn b() -> @builtin(position) vec4f { return vec4f(0); }`;
    assert.equal(rule(consts, "a", 10), null);
    assert.match(rule(consts, "a", 9), /@location\(7\) is above .* - 1 - 2 \(clip_distances: array<f32, 6>\) = 6/);
    assert.equal(rule(consts, "b", 1), null);
    const expr = `enable clip_distances; const N = 2 + 2;
      struct S { @builtin(position) p: vec4f, @location(2) a: f32, @builtin(clip_distances) c: array<f32, N> }
      @vertex fn vs() -> S { var s: S; return s; }`;
    assert.match(rule(expr, "vs", 3), /array<f32, 4>/, "a const-expression size is evaluated");
  });

  test("the rule: outputs <= max - point-list - ceil(N / 4), locations <= max - 1 - ceil(N / 4)", () => {
    assert.equal(rule(shader(0, 3, 4), "vs", 4), null);
    assert.match(rule(shader(0, 3, 5), "vs", 4), /3 user-defined outputs/);
    assert.match(rule(shader(0, 3, 1), "vs", 4, true), /point-list/);
    assert.match(rule(shader(0, 1, 1, { startLocation: 3 }), "vs", 4), /@location\(3\)/);
  });

  test("createRenderPipeline(Async) at and over the limit, with point-list and with a high start location", async (t) => {
    const adapter = await gpu.requestAdapter();
    if (!adapter.features.has("clip-distances")) return t.skip("the adapter has no clip-distances");
    const device = await adapter.requestDevice({ requiredFeatures: ["clip-distances"] });
    const max = device.limits.maxInterStageShaderVariables;
    const pipeline = (code, pointList) => ({
      layout: "auto", primitive: { topology: pointList ? "point-list" : "triangle-list" },
      vertex: { module: device.createShaderModule({ code }) }, fragment: { module: device.createShaderModule({ code }), targets: [{ format: "rgba8unorm" }] },
    });
    for (const clip of [1, 4, 5, 8]) {
      for (const pointList of [false, true]) {
        const fits = max - (pointList ? 1 : 0) - Math.ceil(clip / 4);
        assert.equal(await validationError(device, () => device.createRenderPipeline(pipeline(shader(max, fits, clip), pointList))), null, `${fits} outputs + ${clip} clip distances fit`);
        const err = await validationError(device, () => device.createRenderPipeline(pipeline(shader(max, fits + 1, clip), pointList)));
        assert.ok(err instanceof GPUValidationError, `${fits + 1} outputs + ${clip} clip distances (point-list ${pointList}) are too many`);
        assert.match(err.message, /clip_distances/);
        await assert.rejects(device.createRenderPipelineAsync(pipeline(shader(max, fits + 1, clip), pointList)), (e) => e instanceof GPUPipelineError && e.reason === "validation");
      }
      // fewer outputs, but the last location is above max - 1 - ceil(N / 4)
      const err = await validationError(device, () => device.createRenderPipeline(pipeline(shader(max, 1, clip, { startLocation: max - Math.ceil(clip / 4) }), false)));
      assert.ok(err instanceof GPUValidationError, `@location(${max - Math.ceil(clip / 4)}) with ${clip} clip distances`);
    }
    device.destroy();
  });
});
