// wgpu-native's objects have no own string-keyed properties at all, as a browser's (platform-object.ts keeps
// class fields in symbol slots behind prototype accessors): Object.getOwnPropertyDescriptors(o) is {} (the CTS's
// idl,javascript obj,getOwnPropertyDescriptors), while a program's expando stays an own property that `delete`
// removes. Also: GPUDevice.prototype.dispatchEvent saved and restored by a wrapper still reaches
// EventTarget.prototype.dispatchEvent as patched at call time (the CTS's patchingEventTargetAffectsDevice).
import { test } from "node:test";
import assert from "node:assert/strict";
import { gpu } from "wgpu-ts/backends/wgpu-native";
import { installGlobals } from "wgpu-ts";

installGlobals();

const ownStringKeys = (o) => Object.getOwnPropertyNames(o);

test("no own string-keyed properties on GPU objects; expandos are ordinary own properties", async () => {
  const adapter = await gpu.requestAdapter();
  const device = await adapter.requestDevice();
  const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, mappedAtCreation: true });
  buffer.unmap();
  await buffer.mapAsync(GPUMapMode.READ); // fields first assigned later in an object's life are fields too
  const texture = device.createTexture({ size: [2, 2], format: "rgba8unorm", usage: GPUTextureUsage.TEXTURE_BINDING });
  const querySet = device.createQuerySet({ type: "occlusion", count: 2 });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.end();
  const objects = { gpu, adapter, device, "adapter.limits": adapter.limits, "device.limits": device.limits, "adapter.info": adapter.info,
    buffer, texture, view: texture.createView(), querySet, sampler: device.createSampler(), queue: device.queue, encoder,
    commandBuffer: encoder.finish(), pass, bundleEncoder: device.createRenderBundleEncoder({ colorFormats: ["rgba8unorm"] }) };
  // Pass and bundle encoders too (their fields in slots as well: platform-object.ts says why).
  for (const [name, o] of Object.entries(objects)) {
    assert.deepEqual(ownStringKeys(o), [], `${name} has own properties`);
    assert.deepEqual(Object.keys(Object.getOwnPropertyDescriptors(o)), [], name);
  }
  // Expandos: own, readable, deletable, and not shared with other objects of the class.
  const other = device.createBuffer({ size: 4, usage: GPUBufferUsage.COPY_DST });
  buffer.myTag = "tag";
  assert.equal(buffer.myTag, "tag");
  assert.ok(Object.prototype.hasOwnProperty.call(buffer, "myTag"));
  assert.equal(other.myTag, undefined);
  assert.ok(!("myTag" in other));
  delete buffer.myTag;
  assert.equal(buffer.myTag, undefined);
  // The internals still work: state changes after the expando.
  assert.equal(buffer.mapState, "mapped");
  buffer.unmap();
  assert.equal(buffer.mapState, "unmapped");
  device.destroy();
});

test("GPUDevice.prototype.dispatchEvent replaced and restored: a later patch of EventTarget.prototype.dispatchEvent applies", async () => {
  const device = await (await gpu.requestAdapter()).requestDevice();
  const proto = Object.getPrototypeOf(device);
  const saved = proto.dispatchEvent;
  proto.dispatchEvent = function () { return false; };
  proto.dispatchEvent = saved;
  const original = EventTarget.prototype.dispatchEvent;
  let patched = 0;
  EventTarget.prototype.dispatchEvent = function (event) { patched++; return original.call(this, event); };
  let heard = 0;
  try {
    device.addEventListener("foo", () => heard++);
    device.dispatchEvent(new Event("foo"));
  } finally {
    EventTarget.prototype.dispatchEvent = original;
  }
  assert.equal(patched, 1);
  assert.equal(heard, 1);
  device.destroy();
});
