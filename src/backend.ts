// The backend contract, in one place. A backend of wgpu-ts is a module that, when imported, hands one
// object satisfying BackendGPU to registerBackend() (selection.ts); its classes satisfy the
// @webgpu/types interfaces member for member (Conforms<GPUxxx>) and are listed, by WebGPU interface
// name, in its `interfaces` table (installGlobals puts them on globalThis). tsc enforces all of it:
// the table's type below checks each class it lists, and each backend has a compile-only file
// (backends/wgpu-native/contract.ts) naming every class against its interface, at no runtime cost.
//
// Registration rule: importing a backend module registers it; the first backend that serves the
// portable facade stays, and selecting another one afterwards is an error (selection.ts).

/**
 * What a backend class must have for WebGPU interface T: every member of T, with T's types (a method
 * the IDL declares `undefined` returns undefined, not void). Only the nominal `__brand` of
 * @webgpu/types is left out, at the top level; classes a member returns carry the brand themselves.
 */
export type Conforms<T> = Omit<T, "__brand">;

/** The WebGPU interfaces a backend provides classes for, by the name installGlobals gives them. */
export interface WebGPUInterfaces {
  GPU: GPU;
  GPUAdapter: GPUAdapter;
  GPUAdapterInfo: GPUAdapterInfo;
  GPUSupportedFeatures: GPUSupportedFeatures;
  GPUSupportedLimits: GPUSupportedLimits;
  GPUDevice: GPUDevice;
  GPUQueue: GPUQueue;
  GPUBuffer: GPUBuffer;
  GPUShaderModule: GPUShaderModule;
  GPUCompilationInfo: GPUCompilationInfo;
  GPUCompilationMessage: GPUCompilationMessage;
  GPUBindGroupLayout: GPUBindGroupLayout;
  GPUBindGroup: GPUBindGroup;
  GPUPipelineLayout: GPUPipelineLayout;
  GPUComputePipeline: GPUComputePipeline;
  GPURenderPipeline: GPURenderPipeline;
  GPUCommandEncoder: GPUCommandEncoder;
  GPUCommandBuffer: GPUCommandBuffer;
  GPUComputePassEncoder: GPUComputePassEncoder;
  GPURenderPassEncoder: GPURenderPassEncoder;
  GPURenderBundleEncoder: GPURenderBundleEncoder;
  GPURenderBundle: GPURenderBundle;
  GPUTexture: GPUTexture;
  GPUTextureView: GPUTextureView;
  GPUSampler: GPUSampler;
  GPUQuerySet: GPUQuerySet;
  WGSLLanguageFeatures: WGSLLanguageFeatures;
}

export type InterfaceName = keyof WebGPUInterfaces;

/**
 * A backend's classes by WebGPU interface name. A class's `prototype` must conform to its interface, so a
 * typed table is itself a check; a backend that learns its classes at run time (js-webgpu) passes Functions.
 */
export type InterfaceTable = { readonly [K in InterfaceName]?: { readonly prototype: Conforms<WebGPUInterfaces[K]> } };

/** The object a backend registers: the GPU side of the contract. */
export interface BackendGPU {
  /** The backend's name ("wgpu-native", "js-webgpu"; the auto backend reports the one it chose). */
  readonly backend: string;
  /** The backend's classes by WebGPU interface name (GPUAdapter, GPUDevice, ...), for installGlobals. */
  readonly interfaces?: InterfaceTable;
  requestAdapter(options?: GPURequestAdapterOptions): Promise<unknown>;
  getPreferredCanvasFormat(): GPUTextureFormat;
  readonly wgslLanguageFeatures: ReadonlySet<string>;
}

/** How the facade finds a backend when none was imported (index.ts hands selection.ts the auto backend's). */
export type BackendResolver = () => Promise<BackendGPU>;
