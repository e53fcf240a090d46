// maxStorageTexturesInFragmentStage and maxStorageTexturesInVertexStage at pipeline creation: what the CTS's
// capability_checks,limits,maxStorageTextures{Fragment,Vertex}Stage:createPipeline,at_over cases check, which the
// CTS skips on wgpu-native above the default (it compares the count with maxStorageBuffersPerShaderStage, a CTS
// defect: test/cts/expectations.txt). A device that requests the limit at the adapter's maximum, or between the
// default and the maximum, must accept a render pipeline (layout "auto", sync and async) with exactly that many
// read-only storage textures used by the stage, in one bind group or spread over several, and refuse one more.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gpu } from "wgpu-ts/backends/wgpu-native";
import { installGlobals } from "wgpu-ts";

installGlobals();

const DEFAULT = 4; // the WebGPU default of both limits

/** WGSL with `n` read-only storage textures used by `stage`, bound round-robin over `groups` bind groups. */
function shader(stage, n, groups) {
  const decls = Array.from({ length: n }, (_, i) =>
    `@group(${i % groups}) @binding(${Math.floor(i / groups)}) var t${i}: texture_storage_2d<r32float, read>;`);
  const uses = Array.from({ length: n }, (_, i) => `_ = t${i};`).join(" ");
  return stage === "Fragment"
    ? `${decls.join("\n")}\n@vertex fn vs() -> @builtin(position) vec4f { return vec4f(0); }\n@fragment fn fs() { ${uses} }`
    : `${decls.join("\n")}\n@vertex fn vs() -> @builtin(position) vec4f { ${uses} return vec4f(0); }`;
}

/** The validation error of createRenderPipeline (null when valid) and how createRenderPipelineAsync settled. */
async function pipelineResult(device, stage, n, groups) {
  const module = device.createShaderModule({ code: shader(stage, n, groups) });
  const descriptor = {
    layout: "auto",
    vertex: { module },
    // No color target: the fragment stage writes nothing, the depth attachment makes the pipeline complete.
    fragment: stage === "Fragment" ? { module, targets: [] } : undefined,
    depthStencil: { format: "depth32float", depthWriteEnabled: true, depthCompare: "always" },
  };
  device.pushErrorScope("validation");
  device.createRenderPipeline(descriptor);
  const error = await device.popErrorScope();
  const asyncResult = await device.createRenderPipelineAsync(descriptor).then(() => "valid", (e) => `${e.name}: ${e.reason}`);
  return { error, asyncResult };
}

for (const stage of ["Fragment", "Vertex"]) {
  const limit = `maxStorageTexturesIn${stage}Stage`;
  test(`createRenderPipeline: ${limit} requested at the adapter's maximum and between the default and it; at the limit valid, one more a validation error`, async () => {
    const adapter = await gpu.requestAdapter();
    const maximum = adapter.limits[limit];
    assert.ok(maximum > DEFAULT + 1, `the adapter offers more than the default (${maximum})`);
    for (const value of [Math.floor((DEFAULT + maximum) / 2), maximum]) {
      const device = await (await gpu.requestAdapter()).requestDevice({
        requiredLimits: { [limit]: value, maxBindingsPerBindGroup: adapter.limits.maxBindingsPerBindGroup, maxBindGroups: adapter.limits.maxBindGroups },
      });
      assert.equal(device.limits[limit], value);
      // The storage-buffer limit is not requested: it stays at its default, fewer than `value` (what the CTS
      // wrongly compares with), so the pipelines below show the texture limit alone decides.
      assert.ok(device.limits.maxStorageBuffersPerShaderStage < value);
      for (const groups of [1, 3, device.limits.maxBindGroups]) {
        const at = await pipelineResult(device, stage, value, groups);
        assert.equal(at.error, null, `${value} storage textures in ${groups} groups: ${at.error?.message}`);
        assert.equal(at.asyncResult, "valid");
        const over = await pipelineResult(device, stage, value + 1, groups);
        assert.ok(over.error instanceof GPUValidationError, `${value + 1} storage textures in ${groups} groups must be refused`);
        assert.match(over.error.message, /storage textures|StorageTextures/i);
        assert.equal(over.asyncResult, "GPUPipelineError: validation");
      }
      device.destroy();
    }
  });
}

test("createRenderPipeline: without a request, the default of 4 storage textures per stage applies", async () => {
  const device = await (await gpu.requestAdapter()).requestDevice();
  for (const stage of ["Fragment", "Vertex"]) {
    assert.equal(device.limits[`maxStorageTexturesIn${stage}Stage`], DEFAULT);
    assert.equal((await pipelineResult(device, stage, DEFAULT, 2)).error, null);
    assert.ok((await pipelineResult(device, stage, DEFAULT + 1, 2)).error instanceof GPUValidationError);
  }
  device.destroy();
});
