// Compile-only: every class of the wgpu-native backend against its WebGPU interface (src/backend.ts).
// Nothing here runs; a class that drifts from @webgpu/types (a missing member, a wrong return type)
// fails `npm run build` on its line below.
import type { Conforms } from "../../backend.js";
import type { NativeAdapter, NativeAdapterInfo } from "./objects/adapter.js";
import type { NativeGPU } from "./objects/gpu.js";
import type { NativeDevice } from "./objects/device.js";
import type { NativeQueue } from "./objects/queue.js";
import type { NativeBuffer } from "./objects/buffer.js";
import type { NativeShaderModule, NativeCompilationMessage, NativeCompilationInfo } from "./objects/shader-module.js";
import type { NativeBindGroupLayout, NativeBindGroup, NativePipelineLayout } from "./objects/binding.js";
import type { NativeComputePipeline } from "./objects/compute-pipeline.js";
import type { NativeCommandEncoder, NativeCommandBuffer } from "./objects/command-encoder.js";
import type { NativeComputePassEncoder } from "./objects/compute-pass.js";
import type { SupportedFeatures, SupportedLimits } from "./objects/limits.js";
import type { NativeTexture, NativeTextureView, NativeSampler } from "./objects/texture.js";
import type { NativeRenderPipeline } from "./objects/render-pipeline.js";
import type { NativeRenderPassEncoder } from "./objects/render-pass.js";
import type { NativeRenderBundle, NativeRenderBundleEncoder } from "./objects/render-bundle.js";
import type { NativeQuerySet } from "./objects/query-set.js";

/** Compiles only when class C has every member of interface I, with I's types. */
type Satisfies<I, C extends Conforms<I>> = C;

export type Contract = [
  Satisfies<GPU, NativeGPU>,
  Satisfies<GPUAdapter, NativeAdapter>,
  Satisfies<GPUAdapterInfo, NativeAdapterInfo>,
  Satisfies<GPUSupportedFeatures, SupportedFeatures>,
  Satisfies<GPUSupportedLimits, SupportedLimits>,
  Satisfies<GPUDevice, NativeDevice>,
  Satisfies<GPUQueue, NativeQueue>,
  Satisfies<GPUBuffer, NativeBuffer>,
  Satisfies<GPUShaderModule, NativeShaderModule>,
  Satisfies<GPUCompilationInfo, NativeCompilationInfo>,
  Satisfies<GPUCompilationMessage, NativeCompilationMessage>,
  Satisfies<GPUBindGroupLayout, NativeBindGroupLayout>,
  Satisfies<GPUBindGroup, NativeBindGroup>,
  Satisfies<GPUPipelineLayout, NativePipelineLayout>,
  Satisfies<GPUComputePipeline, NativeComputePipeline>,
  Satisfies<GPURenderPipeline, NativeRenderPipeline>,
  Satisfies<GPUCommandEncoder, NativeCommandEncoder>,
  Satisfies<GPUCommandBuffer, NativeCommandBuffer>,
  Satisfies<GPUComputePassEncoder, NativeComputePassEncoder>,
  Satisfies<GPURenderPassEncoder, NativeRenderPassEncoder>,
  Satisfies<GPURenderBundleEncoder, NativeRenderBundleEncoder>,
  Satisfies<GPURenderBundle, NativeRenderBundle>,
  Satisfies<GPUTexture, NativeTexture>,
  Satisfies<GPUTextureView, NativeTextureView>,
  Satisfies<GPUSampler, NativeSampler>,
  Satisfies<GPUQuerySet, NativeQuerySet>,
];
