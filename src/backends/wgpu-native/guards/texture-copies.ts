// Texel copies: copyBufferToTexture, copyTextureToBuffer, copyTextureToTexture (encoder) and
// writeTexture (queue), with the spec's rules checked in TS first so that mistakes get a message
// naming the rule (bytesPerRow alignment, block alignment, bounds, usages). What passes goes to
// wgpu-native, which validates again (its errors are ordinary validation errors here).
import { textureAspectToC } from "../ffi/generated/maps.js";
import { GPUBufferUsage, GPUTextureUsage } from "../../../generated/flags.js";
import { WGPU_COPY_STRIDE_UNDEFINED } from "../ffi/generated/enums.js";
import { NativeBuffer } from "../objects/buffer.js";
import { NativeTexture, extent3D, origin3D } from "../objects/texture.js";
import { copyAspect, formatInfo, srgbTwin } from "./texture-formats.js";
import { dict, instance, optU32, optU64, enumValue } from "../../../validate/shape.js";

const { COPY_SRC, COPY_DST } = GPUTextureUsage;
const { COPY_SRC: BUFFER_COPY_SRC, COPY_DST: BUFFER_COPY_DST } = GPUBufferUsage;

export interface Extent { width: number; height: number; depthOrArrayLayers: number }
export interface TextureCopy { texture: NativeTexture; mipLevel: number; origin: { x: number; y: number; z: number }; aspect: GPUTextureAspect }
export interface DataLayout { offset: number; bytesPerRow: number | undefined; rowsPerImage: number | undefined }

export function texelCopyTexture(v: unknown, where: string): TextureCopy {
  const d = dict<GPUTexelCopyTextureInfo>(v, where);
  const texture = instance(d.texture, NativeTexture, `${where}.texture`, "GPUTexture");
  enumValue(d.aspect, `${where}.aspect`, textureAspectToC, "all");
  return { texture, mipLevel: optU32(d.mipLevel, `${where}.mipLevel`, 0), origin: origin3D(d.origin, `${where}.origin`), aspect: (d.aspect ?? "all") as GPUTextureAspect };
}

export function dataLayout(v: unknown, where: string): DataLayout {
  const d = dict<GPUTexelCopyBufferLayout>(v, where);
  return {
    offset: optU64(d.offset, `${where}.offset`, 0),
    bytesPerRow: d.bytesPerRow === undefined ? undefined : optU32(d.bytesPerRow, `${where}.bytesPerRow`, 0),
    rowsPerImage: d.rowsPerImage === undefined ? undefined : optU32(d.rowsPerImage, `${where}.rowsPerImage`, 0),
  };
}

export function texelCopyBuffer(v: unknown, where: string): DataLayout & { buffer: NativeBuffer } {
  const d = dict<GPUTexelCopyBufferInfo>(v, where);
  return { ...dataLayout(d, where), buffer: instance(d.buffer, NativeBuffer, `${where}.buffer`, "GPUBuffer") };
}

export { extent3D };

/** Size of a mip level (physical: rounded up to whole texel blocks when `physical`). */
export function mipSize(t: NativeTexture, level: number, physical = false): Extent {
  const w = Math.max(1, t.width >> level);
  const h = t.dimension === "1d" ? 1 : Math.max(1, t.height >> level);
  const d = t.dimension === "3d" ? Math.max(1, t.depthOrArrayLayers >> level) : t.depthOrArrayLayers;
  if (!physical) return { width: w, height: h, depthOrArrayLayers: d };
  const f = formatInfo(t.format);
  const bw = f?.blockWidth ?? 1, bh = f?.blockHeight ?? 1;
  return { width: Math.ceil(w / bw) * bw, height: Math.ceil(h / bh) * bh, depthOrArrayLayers: d };
}

/** The texture side of a copy: usage, level, aspect, block alignment, bounds. Returns block info or a problem. */
function checkTextureSide(c: TextureCopy, size: Extent, usage: number, usageName: string, direction: "to-buffer" | "from-buffer", role: string, allowMultisampled = false):
  { bytesPerBlock: number; blockWidth: number; blockHeight: number } | string {
  const t = c.texture;
  // A destroyed texture is not checked here: encoder copies report it at submit (the spec's rule),
  // writeTexture checks it itself.
  if (t._invalid) return `${role} texture "${t.label}" is invalid`;
  if (!(t.usage & usage)) return `${role} texture "${t.label}" lacks GPUTextureUsage.${usageName}`;
  if (t.sampleCount !== 1 && !allowMultisampled) return `${role} texture "${t.label}" is multisampled (sampleCount ${t.sampleCount}); only texture-to-texture copies can copy it`;
  if (c.mipLevel >= t.mipLevelCount) return `${role} mipLevel ${c.mipLevel} is out of range (texture "${t.label}" has ${t.mipLevelCount} levels)`;
  const aspect = copyAspect(t.format, c.aspect, direction);
  if (typeof aspect === "string") return `${role}: ${aspect}`;
  const { blockWidth: bw, blockHeight: bh } = aspect;
  if (c.origin.x % bw || c.origin.y % bh) return `${role} origin (${c.origin.x}, ${c.origin.y}) is not a multiple of the ${bw}x${bh} texel block of "${t.format}"`;
  if (size.width % bw || size.height % bh) return `copy size ${size.width}x${size.height} is not a multiple of the ${bw}x${bh} texel block of "${t.format}"`;
  const m = mipSize(t, c.mipLevel, true);
  if (c.origin.x + size.width > m.width || c.origin.y + size.height > m.height || c.origin.z + size.depthOrArrayLayers > m.depthOrArrayLayers)
    return `${role} region origin (${c.origin.x}, ${c.origin.y}, ${c.origin.z}) + size ${size.width}x${size.height}x${size.depthOrArrayLayers} exceeds mip level ${c.mipLevel} of texture "${t.label}" (${m.width}x${m.height}x${m.depthOrArrayLayers})`;
  // A 1d texture's level is 1 high and 1 deep, so the bounds check above keeps copies of it to one row
  // (an empty copy of height or depth 0 is valid).
  return aspect;
}

/** The spec's "validating linear texture data": returns the bytes the copy reads/writes or a problem. */
function checkLinearLayout(layout: DataLayout, byteSize: number, block: { bytesPerBlock: number; blockWidth: number; blockHeight: number }, size: Extent, what: string): string | null {
  const widthInBlocks = size.width / block.blockWidth;
  const heightInBlocks = size.height / block.blockHeight;
  const bytesInLastRow = widthInBlocks * block.bytesPerBlock;
  if (heightInBlocks > 1 && layout.bytesPerRow === undefined) return `bytesPerRow is required when the copy has more than one row of blocks (${heightInBlocks})`;
  if (size.depthOrArrayLayers > 1 && layout.rowsPerImage === undefined) return `rowsPerImage is required when the copy has more than one image (${size.depthOrArrayLayers})`;
  if (layout.bytesPerRow !== undefined && layout.bytesPerRow < bytesInLastRow) return `bytesPerRow ${layout.bytesPerRow} is less than the ${bytesInLastRow} bytes of one row of the copy (${widthInBlocks} blocks of ${block.bytesPerBlock} bytes)`;
  if (layout.rowsPerImage !== undefined && layout.rowsPerImage < heightInBlocks) return `rowsPerImage ${layout.rowsPerImage} is less than the copy's ${heightInBlocks} rows of blocks`;
  const bytesPerRow = layout.bytesPerRow ?? 0;
  const rowsPerImage = layout.rowsPerImage ?? 0;
  // The spec's requiredBytesInCopy, term by term: an empty copy can still need bytes (width 0 with
  // several rows or images), and empty copies are validated here alone (see isEmptyCopy).
  let required = 0;
  if (size.depthOrArrayLayers > 1) required += bytesPerRow * rowsPerImage * (size.depthOrArrayLayers - 1);
  if (size.depthOrArrayLayers > 0) {
    if (heightInBlocks > 1) required += bytesPerRow * (heightInBlocks - 1);
    if (heightInBlocks > 0) required += bytesInLastRow;
  }
  if (layout.offset + required > byteSize) return `the copy needs ${required} bytes from offset ${layout.offset}, past the end of the ${what} (${byteSize} bytes)`;
  return null;
}

/** copyBufferToTexture / copyTextureToBuffer rules; null when valid. */
export function bufferTextureCopyProblem(buf: DataLayout & { buffer: NativeBuffer }, tex: TextureCopy, size: Extent, direction: "to-buffer" | "from-buffer"): string | null {
  const b = buf.buffer;
  const toBuffer = direction === "to-buffer";
  if (b._invalid) return `buffer "${b.label}" is invalid`;
  if (!(b.usage & (toBuffer ? BUFFER_COPY_DST : BUFFER_COPY_SRC))) return `buffer "${b.label}" lacks GPUBufferUsage.${toBuffer ? "COPY_DST" : "COPY_SRC"}`;
  const block = checkTextureSide(tex, size, toBuffer ? COPY_SRC : COPY_DST, toBuffer ? "COPY_SRC" : "COPY_DST", direction, toBuffer ? "source" : "destination");
  if (typeof block === "string") return block;
  if (buf.bytesPerRow !== undefined && buf.bytesPerRow % 256 !== 0) return `bytesPerRow ${buf.bytesPerRow} is not a multiple of 256 (copies between buffers and textures need 256-byte aligned rows)`;
  const isDepthStencil = !formatInfo(tex.texture.format)?.color;
  const offsetAlign = isDepthStencil ? 4 : block.bytesPerBlock;
  if (buf.offset % offsetAlign !== 0) return `buffer offset ${buf.offset} is not a multiple of ${offsetAlign}${isDepthStencil ? " (depth/stencil copies)" : ` (the texel block size of "${tex.texture.format}")`}`;
  return checkLinearLayout(buf, b.size, block, size, `buffer "${b.label}"`);
}

/** queue.writeTexture rules; null when valid. */
export function writeTextureProblem(layout: DataLayout, dataSize: number, tex: TextureCopy, size: Extent): string | null {
  if (tex.texture._destroyed) return `destination texture "${tex.texture.label}" is destroyed`;
  const block = checkTextureSide(tex, size, COPY_DST, "COPY_DST", "from-buffer", "destination");
  if (typeof block === "string") return block;
  return checkLinearLayout(layout, dataSize, block, size, "data");
}

/** copyTextureToTexture rules; null when valid. */
export function textureTextureCopyProblem(src: TextureCopy, dst: TextureCopy, size: Extent): string | null {
  const s = src.texture, d = dst.texture;
  if (s.sampleCount !== d.sampleCount) return `source and destination sample counts differ (${s.sampleCount} vs ${d.sampleCount})`;
  if (s.format !== d.format && srgbTwin(s.format) !== d.format) return `formats "${s.format}" and "${d.format}" are not copy-compatible (they must be equal or differ only in -srgb)`;
  const fi = formatInfo(s.format);
  const isDepthStencil = !!fi && !fi.color;
  if (isDepthStencil) {
    const all = (a: GPUTextureAspect): boolean => a === "all" || (fi!.depth && !fi!.stencil && a === "depth-only") || (fi!.stencil && !fi!.depth && a === "stencil-only");
    if (!all(src.aspect) || !all(dst.aspect)) return `copies of the depth/stencil format "${s.format}" must copy all aspects`;
  }
  // Aspect "all" of a combined format is not a single copyable aspect for buffer copies, but is for T2T:
  // check blocks and bounds with the color/first-aspect rules.
  const srcAspect = isDepthStencil ? { ...src, aspect: fi!.depth ? "depth-only" as const : "stencil-only" as const } : src;
  const dstAspect = isDepthStencil ? { ...dst, aspect: fi!.depth ? "depth-only" as const : "stencil-only" as const } : dst;
  const blockS = checkTextureSideT2T(srcAspect, size, COPY_SRC, "COPY_SRC", "source of copyTextureToTexture");
  if (typeof blockS === "string") return blockS;
  const blockD = checkTextureSideT2T(dstAspect, size, COPY_DST, "COPY_DST", "destination of copyTextureToTexture");
  if (typeof blockD === "string") return blockD;
  if (isDepthStencil || s.sampleCount > 1) {
    const ms = mipSize(s, src.mipLevel), md = mipSize(d, dst.mipLevel);
    const whole = (m: Extent, o: { x: number; y: number }): boolean => o.x === 0 && o.y === 0 && size.width === m.width && size.height === m.height;
    if (!whole(ms, src.origin) || !whole(md, dst.origin)) return `copies of ${isDepthStencil ? "depth/stencil" : "multisampled"} textures must cover whole subresources`;
  }
  if (s === d && src.mipLevel === dst.mipLevel) {
    const overlap = s.dimension === "3d" || (src.origin.z < dst.origin.z + size.depthOrArrayLayers && dst.origin.z < src.origin.z + size.depthOrArrayLayers);
    if (overlap) return `source and destination subresources of texture "${s.label}" overlap`;
  }
  return null;
}

function checkTextureSideT2T(c: TextureCopy, size: Extent, usage: number, usageName: string, role: string) {
  // Depth aspects that cannot be buffer-copied can still be texture-copied: check with "to-buffer" rules
  // for blocks/bounds, but let non-copyable depth pass (wgpu-native validates the rest).
  const f = formatInfo(c.texture.format);
  if (f && !f.color && f.depth && f.depthCopyBytes === undefined) {
    const t = c.texture;
    if (t._invalid) return `${role} texture "${t.label}" is invalid`;
    if (!(t.usage & usage)) return `${role} texture "${t.label}" lacks GPUTextureUsage.${usageName}`;
    if (c.mipLevel >= t.mipLevelCount) return `${role} mipLevel ${c.mipLevel} is out of range (texture "${t.label}" has ${t.mipLevelCount} levels)`;
    return { bytesPerBlock: 4, blockWidth: 1, blockHeight: 1 };
  }
  return checkTextureSide(c, size, usage, usageName, "to-buffer", role, true);
}

/**
 * A copy with no texels: valid copies of this kind change nothing, and wgpu-native panics on some
 * of them ("invalid bytesPerRow" for the bytesPerRow 0 that the spec allows when a row is empty),
 * so once the TS rules pass they are not handed to native code.
 */
export function isEmptyCopy(size: Extent): boolean {
  return size.width === 0 || size.height === 0 || size.depthOrArrayLayers === 0;
}

/** Native WGPUTexelCopyTextureInfo */
export function textureCopyToC(c: TextureCopy): Record<string, unknown> {
  return { texture: c.texture._handle, mipLevel: c.mipLevel, origin: c.origin, aspect: textureAspectToC[c.aspect]! };
}

/** Native WGPUTexelCopyBufferLayout */
export function layoutToC(l: DataLayout): Record<string, unknown> {
  return { offset: l.offset, bytesPerRow: l.bytesPerRow ?? WGPU_COPY_STRIDE_UNDEFINED, rowsPerImage: l.rowsPerImage ?? WGPU_COPY_STRIDE_UNDEFINED };
}
