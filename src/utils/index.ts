// wgpu-ts/utils: helpers built on the portable WebGPU API only, so they work on every backend
// (and on any other WebGPU implementation's objects). `wgpu-ts` itself never imports this module.
export { getDefaultDevice, preconfigureDefaultDevice, peekDefaultDevice, type DefaultDeviceConfig } from "./device.js";
export {
  computeWithBuffers, type ComputeWithBuffersOptions, type OutputSpec, type OutputArray, type ElementType, type ElementArrays,
  type TypedArrayConstructor,
} from "./compute.js";
export { readTexture, writeTexture, texelBlockInfo, type TextureRegion, type TexelBlockInfo } from "./texture.js";
export type { TypedArray } from "./common.js";
export { getReport, printReport, formatReport, type Report, type ReportOptions, type AdapterReport, type RegistryCounts } from "./report.js";
export {
  readTextureImage, encodePNG, decodePNG, writePNG, readPNG, saveTexturePNG, compareImages, type RGBAImage, type ImageDifference,
} from "./image.js";
