// The backend's classes under their WebGPU interface names (installGlobals puts them on globalThis).
// Typed by the contract (src/backend.ts): each entry must conform to the interface it is listed as.
import type { InterfaceTable } from "../../backend.js";
import { flattenAccessors } from "../../platform-object.js";
import { NativeAdapter, NativeAdapterInfo } from "./objects/adapter.js";
import { NativeGPU } from "./objects/gpu.js";
import { NativeDevice } from "./objects/device.js";
import { NativeQueue } from "./objects/queue.js";
import { NativeBuffer } from "./objects/buffer.js";
import { NativeShaderModule, NativeCompilationMessage, NativeCompilationInfo } from "./objects/shader-module.js";
import { NativeBindGroupLayout, NativeBindGroup, NativePipelineLayout } from "./objects/binding.js";
import { NativeComputePipeline } from "./objects/compute-pipeline.js";
import { NativeCommandEncoder, NativeCommandBuffer } from "./objects/command-encoder.js";
import { NativeComputePassEncoder } from "./objects/compute-pass.js";
import { SupportedFeatures, SupportedLimits, WGSLLanguageFeaturesSet } from "./objects/limits.js";
import { NativeTexture, NativeTextureView, NativeSampler } from "./objects/texture.js";
import { NativeRenderPipeline } from "./objects/render-pipeline.js";
import { NativeRenderPassEncoder } from "./objects/render-pass.js";
import { NativeRenderBundle, NativeRenderBundleEncoder } from "./objects/render-bundle.js";
import { NativeQuerySet } from "./objects/query-set.js";

export const interfaces: Required<InterfaceTable> = Object.freeze({
  GPU: NativeGPU,
  GPUAdapter: NativeAdapter,
  GPUAdapterInfo: NativeAdapterInfo,
  GPUSupportedFeatures: SupportedFeatures,
  GPUSupportedLimits: SupportedLimits,
  WGSLLanguageFeatures: WGSLLanguageFeaturesSet,
  GPUCompilationInfo: NativeCompilationInfo,
  GPUDevice: NativeDevice,
  GPUQueue: NativeQueue,
  GPUBuffer: NativeBuffer,
  GPUShaderModule: NativeShaderModule,
  GPUCompilationMessage: NativeCompilationMessage,
  GPUBindGroupLayout: NativeBindGroupLayout,
  GPUBindGroup: NativeBindGroup,
  GPUPipelineLayout: NativePipelineLayout,
  GPUComputePipeline: NativeComputePipeline,
  GPUCommandEncoder: NativeCommandEncoder,
  GPUCommandBuffer: NativeCommandBuffer,
  GPUComputePassEncoder: NativeComputePassEncoder,
  GPUTexture: NativeTexture,
  GPUTextureView: NativeTextureView,
  GPUSampler: NativeSampler,
  GPURenderPipeline: NativeRenderPipeline,
  GPURenderPassEncoder: NativeRenderPassEncoder,
  GPURenderBundle: NativeRenderBundle,
  GPURenderBundleEncoder: NativeRenderBundleEncoder,
  GPUQuerySet: NativeQuerySet,
});

// GPUObjectBase's `label` belongs to each interface's own prototype, as browsers flatten IDL mixins.
for (const cls of Object.values(interfaces)) flattenAccessors(cls as { prototype: object }, "label");
