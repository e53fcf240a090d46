// Render passes and bundles through the native replayer and through koffi give the same pixels.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

const workload = `
  import { gpu } from "wgpu-ts/backends/wgpu-native";
  const device = await (await gpu.requestAdapter()).requestDevice();
  const errors = [];
  device.addEventListener("uncapturederror", (e) => errors.push(e.error.message));
  const format = "rgba8unorm";
  const module = device.createShaderModule({ code: \`
    struct V { @builtin(position) p: vec4f, @location(0) c: vec4f };
    @group(0) @binding(0) var<uniform> tint: vec4f;
    @vertex fn vs(@location(0) pos: vec2f, @location(1) col: vec4f) -> V { return V(vec4f(pos, 0, 1), col * tint); }
    @fragment fn fs(v: V) -> @location(0) vec4f { return v.c; }\` });
  const pipeline = device.createRenderPipeline({ layout: "auto",
    vertex: { module, buffers: [{ arrayStride: 24, attributes: [{ shaderLocation: 0, offset: 0, format: "float32x2" }, { shaderLocation: 1, offset: 8, format: "float32x4" }] }] },
    fragment: { module, targets: [{ format, blend: { color: { srcFactor: "constant", dstFactor: "one", operation: "add" }, alpha: { srcFactor: "one", dstFactor: "zero" } } }] },
    primitive: { topology: "triangle-list" } });
  const verts = new Float32Array([-1, -1, 1, 0, 0, 1,  1, -1, 0, 1, 0, 1,  -1, 1, 0, 0, 1, 1,  1, 1, 1, 1, 1, 1]);
  const vb = device.createBuffer({ size: verts.byteLength, usage: 0x20 | 0x8 }); device.queue.writeBuffer(vb, 0, verts);
  const ib = device.createBuffer({ size: 12, usage: 0x10 | 0x8 }); device.queue.writeBuffer(ib, 0, new Uint16Array([1, 3, 2, 0]));
  const ind = device.createBuffer({ size: 32, usage: 0x100 | 0x8 }); device.queue.writeBuffer(ind, 16, new Uint32Array([3, 1, 0, 0]));
  const ub = device.createBuffer({ size: 512, usage: 0x40 | 0x8 }); device.queue.writeBuffer(ub, 0, new Float32Array([1, 1, 1, 1])); device.queue.writeBuffer(ub, 256, new Float32Array([0.5, 0.5, 0.5, 1]));
  const bgl = pipeline.getBindGroupLayout(0);
  const bgA = device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer: ub, offset: 0, size: 16 } }] });
  const bgB = device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer: ub, offset: 256, size: 16 } }] });
  const target = device.createTexture({ size: [16, 16], format, usage: 0x10 | 0x01 });
  const be = device.createRenderBundleEncoder({ colorFormats: [format] });
  be.setPipeline(pipeline); be.setBindGroup(0, bgB); be.setVertexBuffer(0, vb); be.setIndexBuffer(ib, "uint16"); be.drawIndexed(3, 1, 1, 0, 0);
  const bundle = be.finish();
  const enc = device.createCommandEncoder();
  const pass = enc.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: "clear", storeOp: "store", clearValue: [0, 0, 0, 0] }] });
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bgA);
  pass.setVertexBuffer(0, vb);
  pass.setIndexBuffer(ib, "uint16");
  pass.setBlendConstant([0.25, 0.5, 0.75, 1]);
  pass.setViewport(0, 0, 8, 16, 0, 1);
  pass.setScissorRect(0, 0, 8, 12);
  pass.drawIndexed(3);
  pass.setViewport(8, 0, 8, 16, 0, 1);
  pass.setScissorRect(0, 0, 16, 16);
  pass.drawIndirect(ind, 16);
  pass.setStencilReference(1);
  pass.executeBundles([bundle]);
  pass.end();
  const read = device.createBuffer({ size: 256 * 16, usage: 1 | 8 });
  enc.copyTextureToBuffer({ texture: target }, { buffer: read, bytesPerRow: 256 }, [16, 16]);
  device.queue.submit([enc.finish()]);
  await read.mapAsync(1);
  const px = new Uint8Array(read.getMappedRange());
  let sum = 0, lit = 0; const rows = [];
  for (let y = 0; y < 16; y++) { let row = ""; for (let x = 0; x < 16; x++) { const o = y * 256 + x * 4; sum = (sum * 31 + px[o] + 7 * px[o + 1] + 13 * px[o + 2] + 17 * px[o + 3]) >>> 0; if (px[o + 3]) lit++; row += px[o + 3] ? "#" : "."; } rows.push(row); }
  console.log(JSON.stringify({ sum, lit, rows, errors }));
`;

function run(env) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", workload], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

test("native and koffi replay of render passes and bundles give identical pixels", () => {
  const native = run({});
  const js = run({ WGPU_TS_JS_REPLAY: "1" });
  assert.deepEqual(native.errors, []);
  assert.ok(native.lit > 40, `the scene draws something (${native.lit} lit pixels)\n${native.rows.join("\n")}`);
  assert.deepEqual(js, native);
});
