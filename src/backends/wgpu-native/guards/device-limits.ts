// Device limits that wgpu-ts validates itself, against the device's limits (device.limits: what the
// program requested, which is also what wgpu-native's device got). wgpu-native 29 validates every other
// limit where the spec does; these it misses or checks in another place:
//
// | limit                                  | the spec checks it at                          | wgpu-native 29                                    |
// |----------------------------------------|------------------------------------------------|---------------------------------------------------|
// | maxVertexBuffers                       | createRenderPipeline (vertex.buffers.length)   | counts only the layouts that have attributes      |
// | maxColorAttachmentBytesPerSample       | createRenderBundleEncoder (colorFormats)       | checked for pipelines and passes only             |
// | maxBindGroups (a shader's @group)      | pipeline creation                              | refused at createShaderModule instead             |
// | maxStorage{Buffers,Textures}In*Stage   | requestDevice raises PerShaderStage to them    | IDL-only limits (adapter.ts requests the upgrade) |
//
// maxComputeWorkgroupStorageSize (never checked by wgpu-native, gfx-rs/wgpu#8946) and the workgroup size
// limits after overrides need the shader's interface: guards/shader-interface.ts computeProblem checks them.
//
// The callers are renderPipelineDescriptor, createRenderBundleEncoder and
// createShaderModule; each turns a message from here into a validation error and an invalid object.
import type { DeviceContext } from "../objects/context.js";

const limit = (device: Pick<DeviceContext, "_limitValues">, name: string, fallback: number): number => device._limitValues[name] ?? fallback;

/** createRenderPipeline: GPUVertexState.buffers.length must be <= maxVertexBuffers (holes and nulls count). */
export function vertexBufferCountProblem(device: Pick<DeviceContext, "_limitValues">, count: number): string | null {
  const max = limit(device, "maxVertexBuffers", 8);
  return count > max ? `GPURenderPipelineDescriptor.vertex.buffers has ${count} entries, more than maxVertexBuffers (${max})` : null;
}

// The spec's render target pixel byte cost and component alignment of each color-renderable format
// ("Plain color formats" table).
const RENDER_COST = new Map<string, readonly [cost: number, alignment: number]>();
const costs = (names: string, cost: number, alignment: number): void => {
  for (const n of names.split(/\s+/).filter(Boolean)) RENDER_COST.set(n, [cost, alignment]);
};
costs("r8unorm r8snorm r8uint r8sint", 1, 1);
costs("rg8unorm rg8snorm rg8uint rg8sint", 2, 1);
costs("rgba8unorm rgba8unorm-srgb rgba8snorm bgra8unorm bgra8unorm-srgb", 8, 1);
costs("rgba8uint rgba8sint", 4, 1);
costs("r16unorm r16snorm r16uint r16sint r16float", 2, 2);
costs("rg16unorm rg16snorm rg16uint rg16sint rg16float", 4, 2);
costs("rgba16unorm rgba16snorm rgba16uint rgba16sint rgba16float", 8, 2);
costs("r32uint r32sint r32float", 4, 4);
costs("rg32uint rg32sint rg32float rgb10a2uint rgb10a2unorm rg11b10ufloat", 8, 4);
costs("rgba32uint rgba32sint rgba32float", 16, 4);

/**
 * The spec's "calculating color attachment bytes per sample": each format's byte cost, at an offset aligned
 * to its component alignment. `null` when a format is not color-renderable (reported by other checks).
 */
export function colorAttachmentBytesPerSample(formats: ReadonlyArray<string | null>): number | null {
  let total = 0;
  for (const f of formats) {
    if (f === null) continue;
    const c = RENDER_COST.get(f);
    if (!c) return null;
    total = Math.ceil(total / c[1]) * c[1] + c[0];
  }
  return total;
}

/** createRenderBundleEncoder: the color formats' bytes per sample must be <= maxColorAttachmentBytesPerSample. */
export function colorBytesProblem(device: Pick<DeviceContext, "_limitValues">, formats: ReadonlyArray<string | null>, where: string): string | null {
  const bytes = colorAttachmentBytesPerSample(formats);
  const max = limit(device, "maxColorAttachmentBytesPerSample", 32);
  return bytes !== null && bytes > max ? `${where} need ${bytes} bytes per sample, more than maxColorAttachmentBytesPerSample (${max})` : null;
}

/**
 * wgpu-core refuses a module whose resource uses @group(N) with N >= maxBindGroups inside createShaderModule
 * ("Shader global ResourceBinding { group: 4, binding: 0 } uses a group index 4 that exceeds the
 * max_bind_groups limit of 4."). The spec has no such rule for shader modules: the group index is checked
 * where a pipeline's layout is validated, so the error belongs to the pipelines made from the module.
 * Returns the text for that deferred error, or null when `message` is another error.
 */
export function deferredGroupIndexError(message: string): string | null {
  const m = /uses a group index (\d+) that exceeds the max_bind_groups limit of (\d+)/.exec(message);
  return m ? `a resource uses @group(${m[1]}), which is not less than maxBindGroups (${m[2]})` : null;
}
