// Fuzzer vocabulary for textures, views, samplers, query sets, texel copies, render pipelines, render
// passes and render bundles (registered into sequence.mjs's op table; handlers run only when the device
// has the method, so the generator also runs against a backend without them).

const U = { "$": "undef" };
const JUNK = [U, null, 0, -1, "x", {}, [], { "$": "sym" }, { "$": "nan" }, { "$": "proxyThrow" }];
const EDGE = [0, 1, 3, 4, 7, 8, 255, 256, 8192, 8193, 65535, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53, -1, 1.5, { "$": "nan" }, { "$": "inf" }, "4", null, U, { "$": "big", "v": "4" }];

const COLOR_FORMATS = ["rgba8unorm", "bgra8unorm", "r32float", "rgba16float", "r8unorm", "rg32uint", "rgba32float", "rgba8unorm-srgb"];
const DEPTH_FORMATS = ["depth24plus", "depth32float", "depth24plus-stencil8", "stencil8", "depth16unorm", "depth32float-stencil8"];
const OTHER_FORMATS = ["bc1-rgba-unorm", "etc2-rgb8unorm", "astc-4x4-unorm", "rgb9e5ufloat", "rg11b10ufloat", "bogus", "", "r16snorm", "rgb10a2uint"];
const VERTEX_FORMATS = ["float32", "float32x2", "float32x4", "uint32", "unorm8x4", "sint16x2", "float16x4", "unorm10-10-10-2", "unorm8x4-bgra", "bogus"];

const RENDER_WGSL = [
  `struct VO { @builtin(position) p: vec4f, @location(0) c: vec4f }
@vertex fn vs(@builtin(vertex_index) i: u32) -> VO {
  var o: VO; let x = f32(i % 2u); let y = f32(i / 2u);
  o.p = vec4f(x * 2.0 - 1.0, y * 2.0 - 1.0, 0.5, 1.0); o.c = vec4f(x, y, 1.0, 1.0); return o;
}
@fragment fn fs(v: VO) -> @location(0) vec4f { return v.c; }`,
  `@vertex fn vs(@location(0) pos: vec2f) -> @builtin(position) vec4f { return vec4f(pos, 0.0, 1.0); }
@fragment fn fs() -> @location(0) vec4f { return vec4f(1.0); }`,
  `@group(0) @binding(0) var<uniform> tint: vec4f;
@vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f { return vec4f(f32(i) - 1.0, 0.0, 0.0, 1.0); }
@fragment fn fs() -> @location(0) vec4f { return tint; }
@fragment fn fs2() -> @location(1) vec4f { return tint; }`,
  `@vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f { return vec4f(f32(i & 1u), f32(i >> 1u), 0.25, 1.0); }`,
  `@group(0) @binding(0) var t: texture_2d<f32>;
@group(0) @binding(1) var s: sampler;
@vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f { return vec4f(f32(i & 1u), f32(i >> 1u), 0.0, 1.0); }
@fragment fn fs(@builtin(position) p: vec4f) -> @location(0) vec4f { return textureSample(t, s, p.xy / 8.0); }`,
];

function num(rng, valid, p = 0.12) { return rng.chance(p) ? rng.pick(EDGE) : rng.pick(valid); }
function ref(rng, k, junkP = 0.04) {
  if (rng.chance(junkP)) return rng.pick(JUNK);
  if (rng.chance(0.02)) return U;
  return { "$": "ref", k, i: rng.chance(0.7) ? rng.int(3) : rng.int(12) };
}
function fmt(rng, kind = "color") {
  const x = rng.f();
  if (x < 0.08) return rng.pick(OTHER_FORMATS);
  if (kind === "depth" || x < 0.2) return rng.pick(DEPTH_FORMATS);
  return rng.pick(COLOR_FORMATS);
}
function extent(rng) {
  const w = num(rng, [1, 4, 8, 16, 64]), h = num(rng, [1, 4, 8, 16]), d = num(rng, [1, 1, 1, 2, 6]);
  return rng.pick([[w, h, d], [w, h], [w], { width: w, height: h, depthOrArrayLayers: d }, { width: w }]);
}
function origin(rng) {
  if (rng.chance(0.6)) return U;
  const x = num(rng, [0, 0, 1, 4]), y = num(rng, [0, 0, 2]), z = num(rng, [0, 0, 1]);
  return rng.pick([[x, y, z], [x], { x, y }, { x, y, z }, []]);
}
function texelTexture(rng) {
  return { texture: ref(rng, "texture"), mipLevel: rng.chance(0.8) ? U : num(rng, [0, 1, 2]), origin: origin(rng), aspect: rng.chance(0.9) ? U : rng.pick(["all", "depth-only", "stencil-only", "bogus"]) };
}
function texelBuffer(rng) {
  return { buffer: ref(rng, "buffer"), offset: rng.chance(0.6) ? U : num(rng, [0, 4, 256]), bytesPerRow: rng.chance(0.3) ? U : num(rng, [256, 512, 4, 64]), rowsPerImage: rng.chance(0.6) ? U : num(rng, [1, 4, 8]) };
}
function blend(rng) {
  if (rng.chance(0.7)) return U;
  const comp = () => ({ operation: rng.pick([U, "add", "subtract", "min", "max", "bogus"]), srcFactor: rng.pick([U, "one", "src-alpha", "constant", "src1", "bogus"]), dstFactor: rng.pick([U, "zero", "one-minus-src-alpha", "one"]) });
  return { color: comp(), alpha: comp() };
}
function renderModule(rng) {
  return rng.chance(0.8) ? { "$": "rwgsl", b: rng.int(RENDER_WGSL.length) } : { "$": "freshModule", code: { "$": "wgsl", base: rng.int(12) } };
}
function recorder(rng) { return rng.chance(0.75) ? ref(rng, "rpass") : ref(rng, "rbe"); }

export const RENDER_GEN = {
  createTexture: [6, (rng) => [rng.chance(0.03) ? rng.pick(JUNK) : {
    size: extent(rng),
    format: fmt(rng),
    usage: rng.chance(0.85) ? rng.pick([0x10, 0x14, 0x1f, 0x6, 0xc, 0x16, 0x11, 0x1, 0x2, 0x13, 0x30]) : rng.pick([0, 0x40, 0x20, 0xffffffff, -1, rng.int(0x80)]),
    dimension: rng.chance(0.8) ? U : rng.pick(["1d", "2d", "3d", "bogus"]),
    mipLevelCount: rng.chance(0.7) ? U : num(rng, [1, 2, 3, 7]),
    sampleCount: rng.chance(0.85) ? U : num(rng, [1, 4, 2, 8]),
    viewFormats: rng.chance(0.9) ? U : rng.pick([[], [fmt(rng)], ["bogus"], 5]),
    label: rng.chance(0.9) ? U : "tex",
  }]],
  textureDestroy: [2, (rng) => [ref(rng, "texture")]],
  createView: [5, (rng) => [ref(rng, "texture"), rng.chance(0.5) ? U : {
    format: rng.chance(0.8) ? U : fmt(rng),
    dimension: rng.chance(0.8) ? U : rng.pick(["1d", "2d", "2d-array", "cube", "cube-array", "3d", "bogus"]),
    aspect: rng.chance(0.85) ? U : rng.pick(["all", "depth-only", "stencil-only", "bogus"]),
    baseMipLevel: rng.chance(0.8) ? U : num(rng, [0, 1, 2]),
    mipLevelCount: rng.chance(0.8) ? U : num(rng, [1, 2, 0]),
    baseArrayLayer: rng.chance(0.85) ? U : num(rng, [0, 1, 5]),
    arrayLayerCount: rng.chance(0.85) ? U : num(rng, [1, 2, 6, 0]),
    usage: rng.chance(0.9) ? U : rng.pick([0, 0x4, 0x10, 0x40, 0xffffffff]),
  }]],
  createSampler: [2, (rng) => [rng.chance(0.4) ? U : {
    addressModeU: rng.pick([U, "clamp-to-edge", "repeat", "mirror-repeat", "bogus"]),
    magFilter: rng.pick([U, "linear", "nearest", "bogus"]),
    minFilter: rng.pick([U, "linear", "nearest"]),
    mipmapFilter: rng.pick([U, "linear", "nearest"]),
    lodMinClamp: rng.chance(0.8) ? U : rng.pick([0, 1, -1, 32, { "$": "nan" }, { "$": "inf" }]),
    lodMaxClamp: rng.chance(0.8) ? U : rng.pick([0, 32, 1e9, -5, { "$": "nan" }]),
    compare: rng.chance(0.85) ? U : rng.pick(["less", "always", "bogus"]),
    maxAnisotropy: rng.chance(0.8) ? U : num(rng, [1, 4, 16, 0, 17, 65535, 65536]),
  }]],
  createQuerySet: [1.5, (rng) => [rng.chance(0.03) ? rng.pick(JUNK) : { type: rng.weighted([[4, "occlusion"], [2, "timestamp"], [0.5, "pipeline-statistics"], [0.5, "bogus"]]), count: num(rng, [1, 2, 8, 4096, 4097, 0]) }]],
  querySetDestroy: [1, (rng) => [ref(rng, "queryset")]],
  writeTexture: [4, (rng) => [texelTexture(rng), { "$": "data", t: rng.pick(["Uint8Array", "Uint32Array", "Float32Array"]), n: num(rng, [4, 16, 64, 256, 1024]), off: 0, det: rng.chance(0.02) },
    { offset: rng.chance(0.7) ? U : num(rng, [0, 4, 3]), bytesPerRow: rng.chance(0.3) ? U : num(rng, [4, 16, 64, 256]), rowsPerImage: rng.chance(0.7) ? U : num(rng, [1, 4]) }, extent(rng)]],
  copyBufferToTexture: [3, (rng) => [ref(rng, "enc"), texelBuffer(rng), texelTexture(rng), extent(rng)]],
  copyTextureToBuffer: [3, (rng) => [ref(rng, "enc"), texelTexture(rng), texelBuffer(rng), extent(rng)]],
  copyTextureToTexture: [2, (rng) => [ref(rng, "enc"), texelTexture(rng), texelTexture(rng), extent(rng)]],
  // Abort class: zero-size texel copies with bytesPerRow / rowsPerImage 0 (valid WebGPU; wgpu-native
  // panicked "invalid bytesPerRow").
  emptyCopy: [3, (rng) => [rng.pick(["writeTexture", "b2t", "t2b", "t2t"]), ref(rng, "enc"), texelTexture(rng), texelTexture(rng),
    { buffer: ref(rng, "buffer"), offset: rng.chance(0.7) ? U : num(rng, [0, 4, 256]), bytesPerRow: rng.pick([0, 0, U, 256]), rowsPerImage: rng.pick([0, U, 1, 4]) },
    rng.pick([[0, 4, 1], [4, 0, 1], [4, 4, 0], [0], [0, 0, 0], { width: 0, height: 8 }, [0, 8, 2]])]],
  // Abort class: a destroyed resource used by a copy, clear or compute pass. The spec reports it at
  // submit() (wgpu-native's submit error is fatal, so wgpu-ts checks first); finish() must succeed.
  destroyedUse: [2, (rng) => [rng.pick(["b2b", "clear", "b2t", "t2b", "t2t", "computeStorage"]), rng.pick([0, 1])]],
  // Abort class: GPUTextureUsage.TRANSIENT_ATTACHMENT (wgpu-native panics on the bit). Valid only with
  // RENDER_ATTACHMENT, as a clear + discard attachment.
  transientPass: [2, (rng) => [rng.pick(["rgba8unorm", "depth24plus", "depth24plus-stencil8", "r32float"]), rng.pick([0x30, 0x30, 0x20, 0x34, 0x31]),
    rng.pick(["clear", "load"]), rng.pick(["discard", "store"]), rng.chance(0.2)]],
  resolveQuerySet: [1.5, (rng) => [ref(rng, "enc"), ref(rng, "queryset"), num(rng, [0, 0, 1]), num(rng, [1, 2, 8, 0]), ref(rng, "buffer"), num(rng, [0, 256, 8])]],
  writeTimestamp: [0.5, (rng) => [ref(rng, "enc"), ref(rng, "queryset"), num(rng, [0, 1])]],
  computePassTimestamps: [1, (rng) => [ref(rng, "enc"), { querySet: ref(rng, "queryset"), beginningOfPassWriteIndex: rng.chance(0.3) ? U : num(rng, [0, 1, 7]), endOfPassWriteIndex: rng.chance(0.3) ? U : num(rng, [1, 0, 9]) }]],
  createRenderPipeline: [5, (rng) => {
    const module = renderModule(rng);
    const twoTargets = rng.chance(0.1);
    const desc = {
      layout: rng.chance(0.8) ? "auto" : ref(rng, "pl"),
      vertex: {
        module,
        entryPoint: rng.chance(0.6) ? U : rng.pick(["vs", "fs", "bogus"]),
        buffers: rng.chance(0.6) ? U : [rng.chance(0.1) ? null : {
          arrayStride: num(rng, [8, 16, 0, 4, 2048, 2052]),
          stepMode: rng.pick([U, "vertex", "instance", "bogus"]),
          attributes: [{ format: rng.pick(VERTEX_FORMATS), offset: num(rng, [0, 4, 8]), shaderLocation: num(rng, [0, 0, 1, 16]) }],
        }],
        constants: U,
      },
      fragment: rng.chance(0.12) ? U : {
        module: rng.chance(0.9) ? module : renderModule(rng),
        entryPoint: rng.chance(0.6) ? U : rng.pick(["fs", "fs2", "vs", "bogus"]),
        targets: rng.chance(0.05) ? rng.pick([[], [null], JUNK[5]]) : [{ format: fmt(rng), blend: blend(rng), writeMask: rng.chance(0.85) ? U : rng.pick([0, 0xf, 0x10, 0xffffffff]) }, ...(twoTargets ? [{ format: fmt(rng) }] : [])],
      },
      primitive: rng.chance(0.6) ? U : {
        topology: rng.pick([U, "triangle-list", "triangle-strip", "line-list", "line-strip", "point-list", "bogus"]),
        stripIndexFormat: rng.pick([U, U, "uint16", "uint32", "bogus"]),
        frontFace: rng.pick([U, "ccw", "cw"]), cullMode: rng.pick([U, "none", "front", "back"]), unclippedDepth: rng.pick([U, true]),
      },
      depthStencil: rng.chance(0.75) ? U : {
        format: fmt(rng, "depth"), depthWriteEnabled: rng.pick([U, true, false]), depthCompare: rng.pick([U, "less", "always", "bogus"]),
        stencilFront: rng.chance(0.7) ? U : { compare: rng.pick(["always", "never"]), passOp: rng.pick(["keep", "replace", "bogus"]) },
        depthBias: rng.chance(0.8) ? U : num(rng, [0, 1, -1, 2 ** 31]), depthBiasSlopeScale: rng.chance(0.9) ? U : rng.pick([0, 1.5, { "$": "nan" }]),
      },
      multisample: rng.chance(0.8) ? U : { count: num(rng, [1, 4, 2, 0]), mask: rng.chance(0.7) ? U : num(rng, [0xffffffff, 0, 1]), alphaToCoverageEnabled: rng.pick([U, true]) },
    };
    return [desc, rng.chance(0.2)];
  }],
  rpGetBindGroupLayout: [1, (rng) => [ref(rng, "rpipe"), num(rng, [0, 0, 1, 4])]],
  beginRenderPass: [6, (rng) => {
    const colors = rng.chance(0.05) ? rng.pick([[], JUNK[5], [null]]) : Array.from({ length: rng.chance(0.9) ? 1 : rng.pick([2, 0, 9]) }, () => ({
      view: rng.chance(0.9) ? ref(rng, "view") : rng.pick(JUNK),
      resolveTarget: rng.chance(0.9) ? U : ref(rng, "view"),
      clearValue: rng.chance(0.6) ? U : rng.pick([[0, 0, 0, 1], { r: 1, g: 0, b: 0, a: 1 }, [1, 2], [{ "$": "nan" }, 0, 0, 0], "red"]),
      loadOp: rng.weighted([[5, "clear"], [3, "load"], [0.3, U], [0.3, "bogus"]]),
      storeOp: rng.weighted([[5, "store"], [2, "discard"], [0.3, U], [0.3, "bogus"]]),
      depthSlice: rng.chance(0.9) ? U : num(rng, [0, 1, 2]),
    }));
    const ds = rng.chance(0.8) ? U : {
      view: ref(rng, "view"),
      depthClearValue: rng.chance(0.5) ? U : rng.pick([0, 1, 0.5, 2, -1, { "$": "nan" }]),
      depthLoadOp: rng.pick([U, "clear", "load"]), depthStoreOp: rng.pick([U, "store", "discard"]),
      depthReadOnly: rng.pick([U, true, false]), stencilLoadOp: rng.pick([U, "clear", "load"]), stencilStoreOp: rng.pick([U, "store"]),
      stencilClearValue: rng.chance(0.8) ? U : num(rng, [0, 255]), stencilReadOnly: rng.pick([U, true]),
    };
    return [ref(rng, "enc"), rng.chance(0.03) ? rng.pick(JUNK) : {
      colorAttachments: colors, depthStencilAttachment: ds,
      occlusionQuerySet: rng.chance(0.9) ? U : ref(rng, "queryset"),
      timestampWrites: rng.chance(0.93) ? U : { querySet: ref(rng, "queryset"), beginningOfPassWriteIndex: num(rng, [0, 1]), endOfPassWriteIndex: rng.chance(0.5) ? U : num(rng, [1, 0, 2]) },
      maxDrawCount: rng.chance(0.9) ? U : num(rng, [0, 1, 2 ** 53]),
    }];
  }],
  rSetPipeline: [6, (rng) => [recorder(rng), ref(rng, "rpipe")]],
  rSetBindGroup: [3, (rng) => [recorder(rng), num(rng, [0, 0, 1]), rng.chance(0.05) ? null : ref(rng, "bg"), rng.chance(0.8) ? U : [num(rng, [0, 256])]]],
  rSetVertexBuffer: [3, (rng) => [recorder(rng), num(rng, [0, 0, 1, 8]), rng.chance(0.05) ? null : ref(rng, "buffer"), rng.chance(0.6) ? U : num(rng, [0, 4, 8]), rng.chance(0.7) ? U : num(rng, [0, 4, 16, 64])]],
  rSetIndexBuffer: [2, (rng) => [recorder(rng), ref(rng, "buffer"), rng.pick(["uint16", "uint32", "bogus", U]), rng.chance(0.6) ? U : num(rng, [0, 2, 4, 3]), rng.chance(0.7) ? U : num(rng, [0, 4, 16])]],
  rDraw: [6, (rng) => [recorder(rng), num(rng, [3, 4, 6, 0, 1]), rng.chance(0.6) ? U : num(rng, [1, 2, 0]), rng.chance(0.8) ? U : num(rng, [0, 1, 3]), rng.chance(0.8) ? U : num(rng, [0, 1])]],
  rDrawIndexed: [3, (rng) => [recorder(rng), num(rng, [3, 6, 0, 1]), rng.chance(0.6) ? U : num(rng, [1, 2]), rng.chance(0.8) ? U : num(rng, [0, 1, 3]), rng.chance(0.8) ? U : num(rng, [0, -1, 1, -(2 ** 31)]), rng.chance(0.8) ? U : num(rng, [0, 1])]],
  rDrawIndirect: [2, (rng) => [recorder(rng), rng.pick(["drawIndirect", "drawIndexedIndirect"]), ref(rng, "buffer"), num(rng, [0, 4, 16, 3])]],
  rDebug: [1, (rng) => [recorder(rng), rng.pick(["push", "pop", "insert"]), "g"]],
  rpState: [3, (rng) => [ref(rng, "rpass"), rng.pick(["viewport", "scissor", "blend", "stencil", "beginOcclusion", "endOcclusion"]),
    rng.chance(0.8) ? [0, 0, 4, 4, 0, 1] : [num(rng, [0, 1, -1]), num(rng, [0]), num(rng, [4, 0, 1e9]), num(rng, [4, 8193]), rng.pick([0, -1, { "$": "nan" }, 0.5]), rng.pick([1, 2, 0.25])]]],
  rpExecuteBundles: [2, (rng) => [ref(rng, "rpass"), rng.chance(0.05) ? rng.pick(JUNK) : Array.from({ length: rng.pick([1, 1, 2, 0]) }, () => ref(rng, "bundle"))]],
  rpEnd: [6, (rng) => [ref(rng, "rpass")]],
  createRenderBundleEncoder: [2, (rng) => [rng.chance(0.03) ? rng.pick(JUNK) : {
    colorFormats: rng.chance(0.05) ? rng.pick([[], [null], 5]) : [fmt(rng)], depthStencilFormat: rng.chance(0.8) ? U : fmt(rng, "depth"),
    sampleCount: rng.chance(0.8) ? U : num(rng, [1, 4, 3]), depthReadOnly: rng.pick([U, true]), stencilReadOnly: rng.pick([U, true]),
  }]],
  bundleFinish: [2, (rng) => [ref(rng, "rbe"), rng.chance(0.9) ? U : rng.pick([{ label: "b" }, null, 5])]],
  // A valid render setup (target, view, pipeline, open pass, a matching bundle encoder), so the random
  // ops after it reach wgpu-native's render paths instead of stopping at the first mismatch.
  validRenderSetup: [3, (rng) => [rng.int(RENDER_WGSL.length), rng.pick(["rgba8unorm", "bgra8unorm", "r32float", "rgba16float"]), rng.chance(0.3), rng.chance(0.3)]],
};

export const RENDER_RECEIVERS = {
  textureDestroy: "destroy", createView: "createView", querySetDestroy: "destroy", copyBufferToTexture: "copyBufferToTexture",
  copyTextureToBuffer: "copyTextureToBuffer", copyTextureToTexture: "copyTextureToTexture", resolveQuerySet: "resolveQuerySet",
  writeTimestamp: "beginComputePass", computePassTimestamps: "beginComputePass", rpGetBindGroupLayout: "getBindGroupLayout",
  beginRenderPass: "beginRenderPass", rSetPipeline: "setPipeline", rSetBindGroup: "setBindGroup", rSetVertexBuffer: "setVertexBuffer",
  rSetIndexBuffer: "setIndexBuffer", rDraw: "draw", rDrawIndexed: "drawIndexed", rDrawIndirect: "drawIndirect", rDebug: "pushDebugGroup",
  rpState: "setViewport", rpExecuteBundles: "executeBundles", rpEnd: "end", bundleFinish: "finish",
};
export { RENDER_WGSL };

/** Handlers; `c` = { device, push, track }. Missing device methods (another backend) make the op a no-op. */
export function renderHandlers({ device, push, track }) {
  const has = (m) => typeof device[m] === "function";
  // After device.destroy() no error is generated: the error-expecting checks below stand down.
  let lost = false;
  Promise.resolve(device.lost).then(() => { lost = true; }, () => {});
  return {
    createTexture(d) {
      if (!has("createTexture")) return;
      // Valid but huge textures (8192 x 8192 x 256) are only slow and memory-hungry: skip them.
      const s = d && typeof d === "object" ? d.size : undefined;
      const dims = Array.isArray(s) ? s : s && typeof s === "object" ? [s.width, s.height, s.depthOrArrayLayers] : [];
      const texels = dims.reduce((a, v) => a * (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 1), 1);
      if (texels > 4_000_000) return;
      push("texture", device.createTexture(d));
    },
    textureDestroy(t) { t.destroy(); },
    createView(t, d) { push("view", t.createView(d)); },
    createSampler(d) { if (has("createSampler")) push("sampler", device.createSampler(d)); },
    createQuerySet(d) { if (has("createQuerySet")) push("queryset", device.createQuerySet(d)); },
    querySetDestroy(q) { q.destroy(); },
    writeTexture(dst, data, layout, size) { if (typeof device.queue.writeTexture === "function") device.queue.writeTexture(dst, data, layout, size); },
    copyBufferToTexture(e, s, d, size) { e.copyBufferToTexture(s, d, size); },
    copyTextureToBuffer(e, s, d, size) { e.copyTextureToBuffer(s, d, size); },
    copyTextureToTexture(e, s, d, size) { e.copyTextureToTexture(s, d, size); },
    emptyCopy(kind, e, t1, t2, buf, size) {
      if (kind !== "writeTexture" && typeof e?.copyTextureToTexture !== "function") return; // no encoder in the pool
      const layout = { offset: buf.offset, bytesPerRow: buf.bytesPerRow, rowsPerImage: buf.rowsPerImage };
      if (kind === "writeTexture") device.queue.writeTexture(t1, new Uint8Array(64), layout, size);
      else if (kind === "b2t") e.copyBufferToTexture(buf, t1, size);
      else if (kind === "t2b") e.copyTextureToBuffer(t1, buf, size);
      else e.copyTextureToTexture(t1, t2, size);
    },
    destroyedUse(kind, which) {
      if (!has("createTexture")) return;
      const B = GPUBufferUsage, TU = GPUTextureUsage;
      const bufs = [0, 1].map(() => device.createBuffer({ size: 1024, usage: B.COPY_SRC | B.COPY_DST }));
      const texs = [0, 1].map(() => device.createTexture({ size: [4, 4], format: "rgba8unorm", usage: TU.COPY_SRC | TU.COPY_DST | TU.STORAGE_BINDING }));
      // The resources the command uses; `which` picks the one destroyed before encoding (the compute
      // case destroys its storage texture after the pass instead: bind groups are another rule).
      const uses = kind === "b2b" ? bufs : kind === "clear" ? [bufs[0]] : kind === "b2t" ? [bufs[0], texs[0]] : kind === "t2b" ? [texs[0], bufs[0]] : kind === "t2t" ? texs : [];
      uses[which % Math.max(1, uses.length)]?.destroy();
      const e = device.createCommandEncoder();
      const layout = { bytesPerRow: 256 };
      if (kind === "b2b") e.copyBufferToBuffer(bufs[0], 0, bufs[1], 0, 256);
      else if (kind === "clear") e.clearBuffer(bufs[0]);
      else if (kind === "b2t") e.copyBufferToTexture({ buffer: bufs[0], ...layout }, { texture: texs[0] }, [4, 4]);
      else if (kind === "t2b") e.copyTextureToBuffer({ texture: texs[0] }, { buffer: bufs[0], ...layout }, [4, 4]);
      else if (kind === "t2t") e.copyTextureToTexture({ texture: texs[0] }, { texture: texs[1] }, [4, 4]);
      else {
        const module = device.createShaderModule({ code: "@group(0) @binding(0) var t: texture_storage_2d<rgba8unorm, write>; @compute @workgroup_size(1) fn main() { textureStore(t, vec2i(0), vec4f(1.0)); }" });
        const pipeline = device.createComputePipeline({ layout: "auto", compute: { module } });
        const pass = e.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: texs[1].createView() }] }));
        pass.dispatchWorkgroups(1);
        pass.end();
        texs[1].destroy();
      }
      device.pushErrorScope("validation");
      const cb = e.finish();
      track(device.popErrorScope().then((err) => { if (err) throw new Error(`destroyedUse ${kind}: finish() reported the destroyed resource: ${err.message}`); }), "destroyedUse finish scope");
      device.pushErrorScope("validation");
      device.queue.submit([cb]);
      track(device.popErrorScope().then((err) => { if (!err && !lost) throw new Error(`destroyedUse ${kind}: submit() of a destroyed resource gave no validation error`); }), "destroyedUse submit scope");
    },
    transientPass(format, usage, loadOp, storeOp, asResolve) {
      if (!has("createTexture")) return;
      const depth = format.startsWith("depth");
      device.pushErrorScope("validation");
      const t = device.createTexture({ size: [4, 4], format, usage });
      const created = usage === 0x30;
      const e = device.createCommandEncoder();
      const ops = depth ? { depthLoadOp: loadOp, depthStoreOp: storeOp, depthClearValue: 1, ...(format.includes("stencil") ? { stencilLoadOp: loadOp, stencilStoreOp: storeOp } : {}) } : { loadOp, storeOp };
      let valid = created && loadOp === "clear" && storeOp === "discard" && !(asResolve && !depth);
      if (depth) e.beginRenderPass({ colorAttachments: [], depthStencilAttachment: { view: t.createView(), ...ops } }).end();
      else if (asResolve) {
        const ms = device.createTexture({ size: [4, 4], format, usage: GPUTextureUsage.RENDER_ATTACHMENT, sampleCount: 4 });
        e.beginRenderPass({ colorAttachments: [{ view: ms.createView(), resolveTarget: t.createView(), loadOp: "clear", storeOp: "discard" }] }).end();
        valid = false;
      } else e.beginRenderPass({ colorAttachments: [{ view: t.createView(), ...ops }] }).end();
      device.queue.submit([e.finish()]);
      track(device.popErrorScope().then((err) => {
        if (valid && err) throw new Error(`transientPass: a valid transient attachment gave an error: ${err.message}`);
        if (!valid && !err && !lost) throw new Error(`transientPass: usage 0x${usage.toString(16)} ${loadOp}/${storeOp}${asResolve ? " as resolve target" : ""} gave no validation error`);
      }), "transientPass scope");
    },
    resolveQuerySet(e, q, first, count, dst, off) { e.resolveQuerySet(q, first, count, dst, off); },
    writeTimestamp(e, q, i) { if (typeof e.writeTimestamp === "function") e.writeTimestamp(q, i); },
    computePassTimestamps(e, tw) { push("pass", e.beginComputePass({ timestampWrites: tw })); },
    createRenderPipeline(d, async) {
      if (!has("createRenderPipeline")) return;
      if (!async) return void push("rpipe", device.createRenderPipeline(d));
      return track(device.createRenderPipelineAsync(d).then((p) => { push("rpipe", p); }), "createRenderPipelineAsync");
    },
    rpGetBindGroupLayout(p, i) { push("bgl", p.getBindGroupLayout(i)); },
    beginRenderPass(e, d) { push("rpass", e.beginRenderPass(d)); },
    rSetPipeline(r, p) { r.setPipeline(p); },
    rSetBindGroup(r, i, bg, offs) { r.setBindGroup(i, bg, offs); },
    rSetVertexBuffer(r, slot, b, off, size) { r.setVertexBuffer(slot, b, off, size); },
    rSetIndexBuffer(r, b, f, off, size) { r.setIndexBuffer(b, f, off, size); },
    rDraw(r, a, b, c, d) { r.draw(a, b, c, d); },
    rDrawIndexed(r, a, b, c, d, e) { r.drawIndexed(a, b, c, d, e); },
    rDrawIndirect(r, which, b, off) { r[which](b, off); },
    rDebug(r, which, l) { if (which === "push") r.pushDebugGroup(l); else if (which === "pop") r.popDebugGroup(); else r.insertDebugMarker(l); },
    rpState(p, which, a) {
      switch (which) {
        case "viewport": return p.setViewport(...a);
        case "scissor": return p.setScissorRect(a[0], a[1], a[2], a[3]);
        case "blend": return p.setBlendConstant(a.slice(0, 4));
        case "stencil": return p.setStencilReference(a[2]);
        case "beginOcclusion": return p.beginOcclusionQuery(a[0]);
        default: return p.endOcclusionQuery();
      }
    },
    rpExecuteBundles(p, list) { p.executeBundles(list); },
    rpEnd(p) { p.end(); },
    createRenderBundleEncoder(d) { if (has("createRenderBundleEncoder")) push("rbe", device.createRenderBundleEncoder(d)); },
    bundleFinish(b, d) { push("bundle", b.finish(d)); },
    validRenderSetup(shader, format, depth, bundle) {
      if (!has("createRenderPipeline")) return;
      const vertexOnly = shader % RENDER_WGSL.length === 3; // a depth-only pipeline and pass
      depth ||= vertexOnly;
      const tex = push("texture", device.createTexture({ size: [8, 8], format, usage: 0x10 | 0x04 | 0x01 | 0x02 }));
      const view = push("view", tex.createView());
      const ds = depth ? push("texture", device.createTexture({ size: [8, 8], format: "depth24plus", usage: 0x10 })) : null;
      const module = device.createShaderModule({ code: RENDER_WGSL[shader % RENDER_WGSL.length] });
      const fragment = vertexOnly ? undefined : { module, entryPoint: "fs", targets: [{ format }] };
      push("rpipe", device.createRenderPipeline({
        layout: "auto", vertex: { module, entryPoint: "vs", buffers: shader % RENDER_WGSL.length === 1 ? [{ arrayStride: 8, attributes: [{ format: "float32x2", offset: 0, shaderLocation: 0 }] }] : [] },
        fragment, depthStencil: ds ? { format: "depth24plus", depthWriteEnabled: true, depthCompare: "less" } : undefined,
      }));
      const enc = push("enc", device.createCommandEncoder());
      push("rpass", enc.beginRenderPass({
        colorAttachments: vertexOnly ? [] : [{ view, loadOp: "clear", storeOp: "store", clearValue: [0, 0, 0, 1] }],
        depthStencilAttachment: ds ? { view: ds.createView(), depthLoadOp: "clear", depthStoreOp: "store", depthClearValue: 1 } : undefined,
      }));
      if (bundle) push("rbe", device.createRenderBundleEncoder({ colorFormats: vertexOnly ? [] : [format], depthStencilFormat: ds ? "depth24plus" : undefined }));
    },
  };
}

/** {"$":"rwgsl","b":n}: a render shader module (made on the device of the sequence). */
export function renderWgsl(b) { return RENDER_WGSL[b % RENDER_WGSL.length]; }
