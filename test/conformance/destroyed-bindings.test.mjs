// Destroyed buffers and textures reached through bind groups: creating views and bind groups over them is
// valid, encoding with them is valid, and only a submit that uses them is a validation error (WebGPU spec,
// "queue.submit": every buffer and texture used must not be destroyed). Every binding kind, every encoder
// kind, every moment of destruction.
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import { getDevice, expectValidationError, expectNoError, probeDevice, T } from '../harness.mjs';

const KINDS = ['uniform', 'storage', 'read-only-storage', 'texture', 'storageTexture'];
const ENCODERS = ['compute pass', 'render pass', 'render bundle'];
// When the resource is destroyed: before the bind group exists, while the pass (or bundle) is open, after
// the pass ended, after finish().
const WHEN = ['before createBindGroup', 'before end', 'before finish', 'after finish'];

function makeResource(device, kind) {
  if (kind === 'texture' || kind === 'storageTexture') {
    const texture = device.createTexture({ size: [1, 1], format: 'r32float', usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.STORAGE_BINDING });
    return { resource: texture, bind: () => texture.createView() };
  }
  const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.STORAGE });
  return { resource: buffer, bind: () => ({ buffer }) };
}

function layoutEntry(kind, encoder) {
  const visibility = encoder === 'compute pass' ? GPUShaderStage.COMPUTE : GPUShaderStage.FRAGMENT;
  if (kind === 'texture') return { binding: 0, visibility, texture: { sampleType: 'unfilterable-float' } };
  if (kind === 'storageTexture') return { binding: 0, visibility, storageTexture: { format: 'r32float', access: encoder === 'compute pass' ? 'write-only' : 'read-only' } };
  return { binding: 0, visibility, buffer: { type: kind } };
}

async function encodeWithDestroyed(device, kind, encoderType, when) {
  const { resource, bind } = makeResource(device, kind);
  const layout = device.createBindGroupLayout({ entries: [layoutEntry(kind, encoderType)] });
  if (when === 'before createBindGroup') resource.destroy();
  return expectNoError(device, () => {
    const bindGroup = device.createBindGroup({ layout, entries: [{ binding: 0, resource: bind() }] });
    const encoder = device.createCommandEncoder();
    if (encoderType === 'compute pass') {
      const pass = encoder.beginComputePass();
      pass.setBindGroup(0, bindGroup);
      if (when === 'before end') resource.destroy();
      pass.end();
    } else {
      const target = device.createTexture({ size: [1, 1], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT });
      const pass = encoder.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: 'clear', storeOp: 'store' }] });
      if (encoderType === 'render bundle') {
        const bundleEncoder = device.createRenderBundleEncoder({ colorFormats: ['rgba8unorm'] });
        bundleEncoder.setBindGroup(0, bindGroup);
        if (when === 'before end') resource.destroy();
        pass.executeBundles([bundleEncoder.finish()]);
      } else {
        pass.setBindGroup(0, bindGroup);
        if (when === 'before end') resource.destroy();
      }
      pass.end();
    }
    if (when === 'before finish') resource.destroy();
    const commandBuffer = encoder.finish();
    if (when === 'after finish') resource.destroy();
    return commandBuffer;
  }, `${kind} in a ${encoderType}, destroyed ${when}: encoding`);
}

describe('destroyed resources in bind groups', () => {
  for (const kind of KINDS) {
    for (const encoderType of ENCODERS) {
      test(`${kind} binding in a ${encoderType}: encoding is valid, submit is a validation error, whenever it was destroyed`, T, async () => {
        const device = await getDevice();
        for (const when of WHEN) {
          const commandBuffer = await encodeWithDestroyed(device, kind, encoderType, when);
          const error = await expectValidationError(device, () => device.queue.submit([commandBuffer]), `${kind} in a ${encoderType}, destroyed ${when}: submit`);
          // The spec fixes no message text; implementations capitalise differently ("Destroyed texture ...").
          assert.match(error.message, /destroyed/i, `${kind} / ${encoderType} / ${when}: the error names the cause`);
        }
        await probeDevice(device);
      });
    }
  }

  test('createView of a destroyed texture and createBindGroup over a destroyed buffer or texture are valid', T, async () => {
    const device = await getDevice();
    const texture = device.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: GPUTextureUsage.TEXTURE_BINDING });
    const buffer = device.createBuffer({ size: 64, usage: GPUBufferUsage.STORAGE });
    texture.destroy();
    buffer.destroy();
    const layout = device.createBindGroupLayout({ entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, texture: {} },
      { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
    ] });
    await expectNoError(device, () => {
      const view = texture.createView({ dimension: '2d' });
      device.createBindGroup({ layout, entries: [{ binding: 0, resource: view }, { binding: 1, resource: { buffer, offset: 0, size: 16 } }] });
      device.createBindGroup({ layout, entries: [{ binding: 0, resource: texture }, { binding: 1, resource: buffer }] });
    }, 'views and bind groups over destroyed resources');
    // The other rules still apply to them: a binding past the buffer's end is an error, destroyed or not.
    await expectValidationError(device, () => device.createBindGroup({ layout, entries: [
      { binding: 0, resource: texture.createView() }, { binding: 1, resource: { buffer, offset: 256, size: 16 } },
    ] }), 'out-of-range binding of a destroyed buffer');
    await probeDevice(device);
  });
});
