// The WebGPU spec's core-feature-level default limits: what a device gets for a limit it does not
// request, and the floor below which a requested value is raised (ceiling for alignments).
export const CORE_DEFAULT_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  maxTextureDimension1D: 8192, maxTextureDimension2D: 8192, maxTextureDimension3D: 2048, maxTextureArrayLayers: 256,
  maxBindGroups: 4, maxBindGroupsPlusVertexBuffers: 24, maxBindingsPerBindGroup: 1000,
  maxDynamicUniformBuffersPerPipelineLayout: 8, maxDynamicStorageBuffersPerPipelineLayout: 4,
  maxSampledTexturesPerShaderStage: 16, maxSamplersPerShaderStage: 16,
  maxStorageBuffersPerShaderStage: 8, maxStorageBuffersInVertexStage: 8, maxStorageBuffersInFragmentStage: 8,
  maxStorageTexturesPerShaderStage: 4, maxStorageTexturesInVertexStage: 4, maxStorageTexturesInFragmentStage: 4,
  maxUniformBuffersPerShaderStage: 12, maxUniformBufferBindingSize: 65536, maxStorageBufferBindingSize: 134217728,
  minUniformBufferOffsetAlignment: 256, minStorageBufferOffsetAlignment: 256,
  maxVertexBuffers: 8, maxBufferSize: 268435456, maxVertexAttributes: 16, maxVertexBufferArrayStride: 2048,
  maxInterStageShaderVariables: 16, maxColorAttachments: 8, maxColorAttachmentBytesPerSample: 32,
  maxComputeWorkgroupStorageSize: 16384, maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256, maxComputeWorkgroupSizeY: 256, maxComputeWorkgroupSizeZ: 64,
  maxComputeWorkgroupsPerDimension: 65535, maxImmediateSize: 64,
});

export const isAlignmentLimit = (name: string): boolean => /^min.*Alignment$/.test(name);

/** Limits the C struct lacks or leaves 0, derived from the ones it has. */
export function completeLimits(l: Record<string, number>): Record<string, number> {
  const out = { ...l };
  if (!out.maxBindGroupsPlusVertexBuffers) out.maxBindGroupsPlusVertexBuffers = Math.max(24, (out.maxBindGroups ?? 0) + (out.maxVertexBuffers ?? 0));
  out.maxStorageBuffersInVertexStage ??= out.maxStorageBuffersPerShaderStage!;
  out.maxStorageBuffersInFragmentStage ??= out.maxStorageBuffersPerShaderStage!;
  out.maxStorageTexturesInVertexStage ??= out.maxStorageTexturesPerShaderStage!;
  out.maxStorageTexturesInFragmentStage ??= out.maxStorageTexturesPerShaderStage!;
  return out;
}
