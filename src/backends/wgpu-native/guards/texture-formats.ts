// Texel block sizes and aspects of every GPUTextureFormat: what the copy rules (bytesPerRow,
// block alignment, depth/stencil aspects) and the offscreen-image utility need. From the WebGPU
// spec's texture format capability tables.

export interface FormatInfo {
  /** texel block size in texels */
  readonly blockWidth: number;
  readonly blockHeight: number;
  /** bytes per block of a color format (undefined for depth/stencil formats: see aspects) */
  readonly bytesPerBlock: number | undefined;
  readonly color: boolean;
  readonly depth: boolean;
  readonly stencil: boolean;
  /** bytes per texel of the depth aspect when it can be copied (undefined: not copyable) */
  readonly depthCopyBytes?: number;
  /** the depth aspect can be a copy destination (only depth16unorm) */
  readonly depthCopyDst?: boolean;
}

const table = new Map<string, FormatInfo>();
const color = (bytes: number, bw = 1, bh = 1): FormatInfo => ({ blockWidth: bw, blockHeight: bh, bytesPerBlock: bytes, color: true, depth: false, stencil: false });
const add = (names: string, info: FormatInfo): void => { for (const n of names.split(/\s+/).filter(Boolean)) table.set(n, info); };

add("r8unorm r8snorm r8uint r8sint", color(1));
add("r16unorm r16snorm r16uint r16sint r16float rg8unorm rg8snorm rg8uint rg8sint", color(2));
add(`r32uint r32sint r32float rg16unorm rg16snorm rg16uint rg16sint rg16float rgba8unorm rgba8unorm-srgb rgba8snorm
  rgba8uint rgba8sint bgra8unorm bgra8unorm-srgb rgb9e5ufloat rgb10a2uint rgb10a2unorm rg11b10ufloat`, color(4));
add("rg32uint rg32sint rg32float rgba16unorm rgba16snorm rgba16uint rgba16sint rgba16float", color(8));
add("rgba32uint rgba32sint rgba32float", color(16));
add("bc1-rgba-unorm bc1-rgba-unorm-srgb bc4-r-unorm bc4-r-snorm", color(8, 4, 4));
add(`bc2-rgba-unorm bc2-rgba-unorm-srgb bc3-rgba-unorm bc3-rgba-unorm-srgb bc5-rg-unorm bc5-rg-snorm bc6h-rgb-ufloat
  bc6h-rgb-float bc7-rgba-unorm bc7-rgba-unorm-srgb`, color(16, 4, 4));
add("etc2-rgb8unorm etc2-rgb8unorm-srgb etc2-rgb8a1unorm etc2-rgb8a1unorm-srgb eac-r11unorm eac-r11snorm", color(8, 4, 4));
add("etc2-rgba8unorm etc2-rgba8unorm-srgb eac-rg11unorm eac-rg11snorm", color(16, 4, 4));
for (const [w, h] of [[4, 4], [5, 4], [5, 5], [6, 5], [6, 6], [8, 5], [8, 6], [8, 8], [10, 5], [10, 6], [10, 8], [10, 10], [12, 10], [12, 12]] as const) {
  add(`astc-${w}x${h}-unorm astc-${w}x${h}-unorm-srgb`, color(16, w, h));
}
const ds = (depth: boolean, stencil: boolean, depthCopyBytes?: number, depthCopyDst = false): FormatInfo =>
  ({ blockWidth: 1, blockHeight: 1, bytesPerBlock: undefined, color: false, depth, stencil, depthCopyBytes, depthCopyDst });
add("stencil8", ds(false, true));
add("depth16unorm", ds(true, false, 2, true));
add("depth24plus", ds(true, false));
add("depth24plus-stencil8", ds(true, true));
add("depth32float", ds(true, false, 4));
add("depth32float-stencil8", ds(true, true, 4));

export function formatInfo(format: string): FormatInfo | undefined {
  return table.get(format);
}

/** The srgb / non-srgb twin of a format ("rgba8unorm" <-> "rgba8unorm-srgb"), or the format itself. */
export function srgbTwin(format: string): string {
  return format.endsWith("-srgb") ? format.slice(0, -5) : table.has(format + "-srgb") ? format + "-srgb" : format;
}

/** What one aspect of a format looks like to a texel copy, or why it cannot be copied. */
export function copyAspect(format: string, aspect: GPUTextureAspect, direction: "to-buffer" | "from-buffer"): { bytesPerBlock: number; blockWidth: number; blockHeight: number } | string {
  const f = table.get(format);
  if (!f) return `format "${format}" is unknown`;
  if (f.color) {
    if (aspect !== "all") return `aspect "${aspect}" is not valid for the color format "${format}"`;
    return { bytesPerBlock: f.bytesPerBlock!, blockWidth: f.blockWidth, blockHeight: f.blockHeight };
  }
  // Depth/stencil: "all" selects the only aspect of single-aspect formats.
  const which = aspect === "all" ? (f.depth && f.stencil ? null : f.depth ? "depth" : "stencil") : aspect === "depth-only" ? "depth" : "stencil";
  if (which === null) return `format "${format}" has depth and stencil aspects: a copy must select one (aspect "depth-only" or "stencil-only")`;
  if (which === "depth" && !f.depth) return `format "${format}" has no depth aspect`;
  if (which === "stencil" && !f.stencil) return `format "${format}" has no stencil aspect`;
  if (which === "stencil") return { bytesPerBlock: 1, blockWidth: 1, blockHeight: 1 };
  if (f.depthCopyBytes === undefined) return `the depth aspect of "${format}" cannot be copied`;
  if (direction === "from-buffer" && !f.depthCopyDst) return `the depth aspect of "${format}" cannot be a copy destination (only depth16unorm can)`;
  return { bytesPerBlock: f.depthCopyBytes, blockWidth: 1, blockHeight: 1 };
}

// ---- formats that need a feature ------------------------------------------------------------------
//
// The spec's "feature-dependent texture formats": a device may not name such a format anywhere (texture,
// viewFormats, view, storage texture binding, color target, depth/stencil state, render bundle encoder,
// canvas configuration) unless the feature is enabled; "validate texture format required features" throws
// a TypeError. wgpu-native reports a validation error instead (and accepts the 16-bit normalized formats
// under its own feature), so the check is made here, where the descriptor is converted.

/** The WebGPU feature each feature-dependent format needs. */
const FORMAT_FEATURE = new Map<string, string>();
const needs = (feature: string, names: string): void => { for (const n of names.split(/\s+/).filter(Boolean)) FORMAT_FEATURE.set(n, feature); };
needs("depth32float-stencil8", "depth32float-stencil8");
needs("texture-formats-tier1", "r16unorm r16snorm rg16unorm rg16snorm rgba16unorm rgba16snorm");
for (const name of table.keys()) {
  if (/^bc\d/.test(name)) FORMAT_FEATURE.set(name, "texture-compression-bc");
  else if (name.startsWith("etc2-") || name.startsWith("eac-")) FORMAT_FEATURE.set(name, "texture-compression-etc2");
  else if (name.startsWith("astc-")) FORMAT_FEATURE.set(name, "texture-compression-astc");
}

/**
 * Features that make a format usable besides the WebGPU one: texture-formats-tier2 includes tier1 (the spec
 * enables tier1 with it), and wgpu-native's own texture-format-16bit-norm, when a program asked for it by name
 * (device.features lists native features only then), is what the 16-bit normalized formats are natively.
 */
const ALSO_ENABLED_BY: Readonly<Record<string, readonly string[]>> = {
  "texture-formats-tier1": ["texture-formats-tier2", "texture-format-16bit-norm"],
};

/** The feature `format` needs, or undefined when every device may use it. */
export function formatRequiredFeature(format: string): string | undefined {
  return FORMAT_FEATURE.get(format);
}

/** The spec's "validate texture format required features": TypeError naming the field and the feature. */
export function checkFormatFeature(features: { has(name: string): boolean }, format: string, field: string): void {
  const feature = FORMAT_FEATURE.get(format);
  if (feature === undefined || features.has(feature) || ALSO_ENABLED_BY[feature]?.some((f) => features.has(f))) return;
  throw new TypeError(`${field}: the texture format "${format}" needs the feature "${feature}", which the device does not have enabled (requiredFeatures)`);
}

// The spec's color-renderable formats ("RENDER_ATTACHMENT" in the texture format capability tables), and the
// ones that texture-formats-tier1 / rg11b10ufloat-renderable make renderable.
const RENDERABLE = new Set(`r8unorm r8uint r8sint rg8unorm rg8uint rg8sint rgba8unorm rgba8unorm-srgb rgba8uint rgba8sint
  bgra8unorm bgra8unorm-srgb r16uint r16sint r16float rg16uint rg16sint rg16float rgba16uint rgba16sint rgba16float
  r32uint r32sint r32float rg32uint rg32sint rg32float rgba32uint rgba32sint rgba32float rgb10a2uint rgb10a2unorm`.split(/\s+/));
const TIER1_RENDERABLE = new Set("r16unorm r16snorm rg16unorm rg16snorm rgba16unorm rgba16snorm r8snorm rg8snorm rgba8snorm rg11b10ufloat".split(" "));

/** The format can be a color attachment on a device with these features. */
export function colorRenderable(format: string, features: { has(name: string): boolean }): boolean {
  if (RENDERABLE.has(format)) return true;
  if (format === "rg11b10ufloat" && features.has("rg11b10ufloat-renderable")) return true;
  return TIER1_RENDERABLE.has(format) && features.has("texture-formats-tier1");
}
