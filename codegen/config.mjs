// Knowledge the headers do not carry. Everything else is derived from webgpu.h / wgpu.h / webgpu.idl.

/** wgpu-native version the bindings are generated for (wgpuGetVersion() packs it as 0xMMmmpppb). */
export const PINNED = { wheel: "0.32.0", nativeVersion: "29.0.1.1" };

/**
 * Functions declared in webgpu.h that the pinned wgpu-native does not implement: calling them is a
 * Rust `unimplemented!()` panic, which aborts the Node process. The generated bindings replace them
 * with a JS function that throws instead of binding the symbol.
 */
export const PANICKING_FUNCTIONS = {
  wgpuInstanceWaitAny: "wgpu-native: unimplemented (panics); drive futures with wgpuInstanceProcessEvents",
  wgpuBufferReadMappedRange: "wgpu-native: unimplemented (panics); use wgpuBufferGetConstMappedRange",
  wgpuBufferWriteMappedRange: "wgpu-native: unimplemented (panics); use wgpuBufferGetMappedRange",
  wgpuGetInstanceFeatures: "wgpu-native: unimplemented (panics)",
  wgpuGetInstanceLimits: "wgpu-native: unimplemented (panics)",
  wgpuHasInstanceFeature: "wgpu-native: unimplemented (panics)",
  wgpuShaderModuleGetCompilationInfo: "wgpu-native: unimplemented (panics, seen on 29.0.1.1); wgpu-ts builds compilation info from the validation error",
  wgpuGetProcAddress: "wgpu-native: unimplemented (panics in src/unimplemented.rs)",
  wgpuBufferGetMapState: "wgpu-native: listed in src/unimplemented.rs; wgpu-ts tracks map state in JS",
  wgpuDeviceCreateComputePipelineAsync: "wgpu-native: listed in src/unimplemented.rs; wgpu-ts creates synchronously and settles a promise",
  wgpuDeviceCreateRenderPipelineAsync: "wgpu-native: listed in src/unimplemented.rs; wgpu-ts creates synchronously and settles a promise",
};

/** `wgpu<Type>SetLabel` is unimplemented (panics) for most types in wgpu-native: labels are kept in JS. */
export const PANICKING_PATTERNS = [[/^wgpu\w+SetLabel$/, "wgpu-native: SetLabel is unimplemented (panics) for most types; wgpu-ts keeps labels in JS"]];

/** JS names of flag namespaces whose C name differs from GPU + <C name without WGPU>. */
export const FLAG_JS_NAMES = { WGPUColorWriteMask: "GPUColorWrite" };
