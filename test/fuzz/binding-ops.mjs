// Fuzzer operations around bind groups and pass state (merged into the op table by sequence.mjs):
//   destroyBoundThenSubmit: a buffer or texture of every binding kind, bound in a compute pass, render pass or
//     render bundle, destroyed at any moment (before the bind group, while the pass is open, before or after
//     finish); encoding must be valid and the submit a validation error (wgpu-native's submit errors are
//     fatal: a missed check aborts the process).
//   sparseVertexDraw: a render pipeline whose vertex.buffers has null slots (wgpu-native panics on those; wgpu-ts
//     gives them an empty layout and binds a placeholder), random setVertexBuffer / unbind calls, executeBundles
//     resets, then a draw in a pass or bundle: valid exactly when every non-null slot has a buffer.

const BINDING_KINDS = ["uniform", "storage", "read-only-storage", "texture", "storageTexture"];
const ENCODER_KINDS = ["compute", "render", "bundle"];
const MOMENTS = ["beforeCreateBindGroup", "beforeEnd", "beforeFinish", "afterFinish"];

// Compute shaders that really use the binding (explicit layouts: r32float is not filterable).
const USE_WGSL = {
  "uniform": "@group(0) @binding(0) var<uniform> u: vec4u; @compute @workgroup_size(1) fn main() { _ = u.x; }",
  "storage": "@group(0) @binding(0) var<storage, read_write> s: array<u32>; @compute @workgroup_size(1) fn main() { s[0] = 1u; }",
  "read-only-storage": "@group(0) @binding(0) var<storage, read> s: array<u32>; @compute @workgroup_size(1) fn main() { _ = s[0]; }",
  "texture": "@group(0) @binding(0) var t: texture_2d<f32>; @compute @workgroup_size(1) fn main() { _ = textureLoad(t, vec2u(0), 0); }",
  "storageTexture": "@group(0) @binding(0) var t: texture_storage_2d<r32float, write>; @compute @workgroup_size(1) fn main() { textureStore(t, vec2u(0), vec4f(1)); }",
};

const SPARSE_WGSL = `
@vertex fn vs(@location(0) p: vec2f) -> @builtin(position) vec4f { return vec4f(p, 0, 1); }
@fragment fn fs() -> @location(0) vec4f { return vec4f(1); }`;

export const BINDING_GEN = {
  sparseVertexDraw: [2, (rng) => {
    const slots = rng.range(1, 4);
    const used = rng.int(slots); // the slot with the attribute; the others are null (or layouts without attributes)
    const layouts = Array.from({ length: slots }, (_, i) => (i === used ? "attr" : rng.chance(0.7) ? "null" : "empty"));
    const calls = Array.from({ length: rng.range(0, 5) }, () => rng.weighted([[5, ["set", rng.int(slots + 1)]], [2, ["unset", rng.int(slots + 1)]], [1, ["executeBundles"]], [1, ["setPipeline"]]]));
    return [layouts, calls, rng.pick(["pass", "bundle"]), rng.pick(["draw", "drawIndexed", "drawIndirect"])];
  }],
  destroyBoundThenSubmit: [2, (rng) => [rng.pick(BINDING_KINDS), rng.pick(ENCODER_KINDS), rng.pick(MOMENTS), rng.chance(0.3), rng.chance(0.5)]],
};

function layoutEntry(kind, encoder) {
  const visibility = encoder === "compute" ? 4 : 2;
  if (kind === "texture") return { binding: 0, visibility, texture: { sampleType: "unfilterable-float" } };
  if (kind === "storageTexture") return { binding: 0, visibility, storageTexture: { format: "r32float", access: encoder === "compute" ? "write-only" : "read-only" } };
  return { binding: 0, visibility, buffer: { type: kind } };
}

/** Handlers; `lost()` says whether the sequence destroyed the device (then nothing reports errors). */
export function bindingHandlers({ device, push, fail, lost }) {
  return {
    async sparseVertexDraw(layouts, calls, where, drawKind) {
      const module = device.createShaderModule({ code: SPARSE_WGSL });
      const buffers = layouts.map((l) => (l === "null" ? null : l === "empty" ? { arrayStride: 16, attributes: [] } : { arrayStride: 8, attributes: [{ shaderLocation: 0, offset: 0, format: "float32x2" }] }));
      const pipeline = push("rpipe", device.createRenderPipeline({ layout: "auto", primitive: { topology: "point-list" }, vertex: { module, buffers }, fragment: { module, targets: [{ format: "rgba8unorm" }] } }));
      const vb = push("buffer", device.createBuffer({ size: 64, usage: 0x20 | 0x10 | 0x100 })); // VERTEX | INDEX | INDIRECT
      const target = push("texture", device.createTexture({ size: [1, 1], format: "rgba8unorm", usage: 0x10 }));
      device.pushErrorScope("validation");
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: "clear", storeOp: "store" }] });
      const rec = where === "bundle" ? device.createRenderBundleEncoder({ colorFormats: ["rgba8unorm"] }) : pass;
      const set = new Set();
      let pipelineSet = false;
      rec.setPipeline(pipeline);
      pipelineSet = true;
      for (const [op, slot] of calls) {
        if (op === "set") { rec.setVertexBuffer(slot, vb); set.add(slot); }
        else if (op === "unset") { rec.setVertexBuffer(slot, null); set.delete(slot); }
        else if (op === "setPipeline") { rec.setPipeline(pipeline); pipelineSet = true; }
        else if (where === "pass") { pass.executeBundles([]); set.clear(); pipelineSet = false; }
      }
      if (drawKind === "drawIndexed") rec.setIndexBuffer(vb, "uint32");
      if (drawKind === "draw") rec.draw(1);
      else if (drawKind === "drawIndexed") rec.drawIndexed(1);
      else rec.drawIndirect(vb, 0);
      if (where === "bundle") pass.executeBundles([push("bundle", rec.finish())]);
      pass.end();
      encoder.finish();
      const error = await device.popErrorScope();
      if (lost()) return;
      const valid = pipelineSet && layouts.every((l, i) => l === "null" || set.has(i));
      const what = `sparseVertexDraw(${JSON.stringify(layouts)}, ${JSON.stringify(calls)}, ${where}, ${drawKind})`;
      if (valid && error) fail(`${what}: unexpected validation error ${error.message.split("\n")[0]}`);
      if (!valid && !error) fail(`${what}: a used vertex slot has no buffer, but no validation error`);
    },
    async destroyBoundThenSubmit(kind, encoderKind, moment, textureAsResource, use) {
      const isTexture = kind === "texture" || kind === "storageTexture";
      const resource = isTexture
        ? push("texture", device.createTexture({ size: [1, 1], format: "r32float", usage: 0x4 | 0x8 }))
        : push("buffer", device.createBuffer({ size: 16, usage: 0x40 | 0x80 }));
      const bgl = push("bgl", device.createBindGroupLayout({ entries: [layoutEntry(kind, encoderKind)] }));
      if (moment === "beforeCreateBindGroup") resource.destroy();
      device.pushErrorScope("validation");
      const bg = push("bg", device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: isTexture ? (textureAsResource ? resource : resource.createView()) : { buffer: resource } }] }));
      const encoder = push("enc", device.createCommandEncoder());
      if (encoderKind === "compute") {
        const pass = encoder.beginComputePass();
        if (use) {
          const module = device.createShaderModule({ code: USE_WGSL[kind] });
          pass.setPipeline(device.createComputePipeline({ layout: device.createPipelineLayout({ bindGroupLayouts: [bgl] }), compute: { module } }));
        }
        pass.setBindGroup(0, bg);
        if (use) pass.dispatchWorkgroups(1);
        if (moment === "beforeEnd") resource.destroy();
        pass.end();
      } else {
        const target = device.createTexture({ size: [1, 1], format: "rgba8unorm", usage: 0x10 });
        const pass = encoder.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: "clear", storeOp: "store" }] });
        if (encoderKind === "bundle") {
          const be = device.createRenderBundleEncoder({ colorFormats: ["rgba8unorm"] });
          be.setBindGroup(0, bg);
          if (moment === "beforeEnd") resource.destroy();
          pass.executeBundles([push("bundle", be.finish())]);
        } else {
          pass.setBindGroup(0, bg);
          if (moment === "beforeEnd") resource.destroy();
        }
        pass.end();
      }
      if (moment === "beforeFinish") resource.destroy();
      const cb = encoder.finish();
      if (moment === "afterFinish") resource.destroy();
      const encodingError = await device.popErrorScope();
      device.pushErrorScope("validation");
      device.queue.submit([cb]);
      const submitError = await device.popErrorScope();
      if (lost()) return;
      const what = `destroyBoundThenSubmit(${kind}, ${encoderKind}, ${moment}${use ? ", used" : ""})`;
      if (encodingError) fail(`${what}: encoding reported ${encodingError.message.split("\n")[0]} (a destroyed resource only fails at submit)`);
      else if (!submitError) fail(`${what}: submit reported no validation error`);
    },
  };
}
