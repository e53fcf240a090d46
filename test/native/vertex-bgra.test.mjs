// The vertex format unorm8x4-bgra on wgpu-native, which has no mapping for it (its descriptor conversion
// panics): wgpu-ts passes unorm8x4 and rewrites the vertex entry point to swizzle (guards/vertex-bgra.ts).
// A draw must see memory bytes (B,G,R,A) as (R,G,B,A), also when the shader reads fewer components, and
// a source the rewrite cannot read for certain must stay a validation error, never a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gpu } from 'wgpu-ts/backends/wgpu-native';
import { installGlobals } from 'wgpu-ts';
import { readTextureImage } from 'wgpu-ts/utils';

installGlobals();

const fragment = () => `@fragment fn fs(@location(0) c: vec4f) -> @location(0) vec4f { return c; }`;
// The color comes out of a vertex output; `type` is the input's type, `widen` makes it a vec4f.
const source = (type, widen) => `
struct Out { @builtin(position) pos: vec4f, @location(0) c: vec4f }
@vertex fn vs(@builtin(vertex_index) i: u32, /* the color */ @location(1) color : ${type}, @location(0) xy: vec2f) -> Out {
  var o: Out; o.pos = vec4f(xy, 0, 1); o.c = ${widen}; return o;
}
${fragment()}`;

async function draw(d, code, entryPoint = 'vs') {
  const module = d.createShaderModule({ code });
  const pipeline = d.createRenderPipeline({
    layout: 'auto',
    vertex: { module, entryPoint, buffers: [{ arrayStride: 12, attributes: [
      { shaderLocation: 0, offset: 0, format: 'float32x2' }, { shaderLocation: 1, offset: 8, format: 'unorm8x4-bgra' }] }] },
    fragment: { module, targets: [{ format: 'rgba8unorm' }] },
    primitive: { topology: 'triangle-strip' },
  });
  const vb = d.createBuffer({ size: 48, usage: GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST });
  const data = new ArrayBuffer(48);
  [[-1, -1], [1, -1], [-1, 1], [1, 1]].forEach(([x, y], k) => {
    new Float32Array(data, k * 12, 2).set([x, y]);
    new Uint8Array(data, k * 12 + 8, 4).set([0x30, 0x60, 0x90, 0xc0]); // B, G, R, A in memory
  });
  d.queue.writeBuffer(vb, 0, data);
  const t = d.createTexture({ size: [2, 2], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });
  const e = d.createCommandEncoder();
  const p = e.beginRenderPass({ colorAttachments: [{ view: t.createView(), loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 0, 0] }] });
  p.setPipeline(pipeline); p.setVertexBuffer(0, vb); p.draw(4); p.end();
  d.queue.submit([e.finish()]);
  return Array.from((await readTextureImage(d, t)).data.slice(0, 4));
}

test('unorm8x4-bgra attributes read (R,G,B,A) from memory (B,G,R,A), for 1 to 4 shader components', async () => {
  const d = await (await gpu.requestAdapter()).requestDevice();
  d.pushErrorScope('validation');
  assert.deepEqual(await draw(d, source('vec4f', 'color')), [0x90, 0x60, 0x30, 0xc0]);
  assert.deepEqual(await draw(d, source('vec3<f32>', 'vec4f(color, 1)')), [0x90, 0x60, 0x30, 0xff]);
  assert.deepEqual(await draw(d, source('vec2f', 'vec4f(color, 0, 1)')), [0x90, 0x60, 0, 0xff]);
  assert.deepEqual(await draw(d, source('f32', 'vec4f(color, 0, 0, 1)')), [0x90, 0, 0, 0xff]);
  // A struct member, the struct also passed on to a helper function.
  assert.deepEqual(await draw(d, `
struct In { @location(0) xy: vec2f, @location(1) color: vec3f }
struct Out { @builtin(position) pos: vec4f, @location(0) c: vec4f }
fn colorOf(i: In) -> vec4f { return vec4f(i.color, 1); }
@vertex fn vs(i: In) -> Out { var o: Out; o.pos = vec4f(i.xy, 0, 1); o.c = colorOf(i); return o; }
${fragment()}`), [0x90, 0x60, 0x30, 0xff]);
  assert.equal(await d.popErrorScope(), null);
  d.destroy();
});

test('unorm8x4-bgra read as an integer type (a type mismatch) or through a location the rewrite cannot read: a validation error', async () => {
  const d = await (await gpu.requestAdapter()).requestDevice();
  // @location given by a const: the text rewrite does not follow it, so the guard stays.
  const constLocation = `const L = 1;
@vertex fn vs(@location(0) xy: vec2f, @location(L) c: vec4f) -> @builtin(position) vec4f { return vec4f(xy, c.x, 1); }`;
  const intInput = `@vertex fn vs(@location(0) xy: vec2f, @location(1) c: vec4u) -> @builtin(position) vec4f { return vec4f(xy, f32(c.x), 1); }`;
  for (const code of [constLocation, intInput]) {
    d.pushErrorScope('validation');
    d.createRenderPipeline({
      layout: 'auto',
      vertex: { module: d.createShaderModule({ code }), buffers: [{ arrayStride: 12, attributes: [
        { shaderLocation: 0, offset: 0, format: 'float32x2' }, { shaderLocation: 1, offset: 8, format: 'unorm8x4-bgra' }] }] },
    });
    assert.ok(await d.popErrorScope(), code);
  }
  d.destroy();
});
