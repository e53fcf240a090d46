// Texture helpers: read a texture region into a tightly packed typed array (the 256-byte row padding of
// copyTextureToBuffer removed), and write one from a tightly packed array. Portable API only.
import { GPUBufferUsage, GPUMapMode } from "../generated/flags.js";
import { withErrorScopes, type TypedArray } from "./common.js";

/** Copy facts of one texture format (and aspect): bytes per texel block, block size, natural array type. */
export interface TexelBlockInfo {
  /** Bytes of one texel block of the copied aspect. */
  bytesPerBlock: number;
  blockWidth: number;
  blockHeight: number;
  /** The typed array a read returns: one element per channel where channels are 8/16/32-bit, else bytes or packed words. */
  arrayType: "Uint8Array" | "Int8Array" | "Uint16Array" | "Int16Array" | "Uint32Array" | "Int32Array" | "Float32Array";
}

const arrays = { Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array } as const;

function plainFormat(format: string): TexelBlockInfo | undefined {
  const m = /^(r|rg|rgba|bgra)(8|16|32)(unorm|snorm|uint|sint|float)(-srgb)?$/.exec(format);
  if (!m) return undefined;
  const channels = { r: 1, rg: 2, rgba: 4, bgra: 4 }[m[1] as "r"]!;
  const bits = Number(m[2]);
  const kind = m[3]!;
  const arrayType: TexelBlockInfo["arrayType"] =
    kind === "float" ? (bits === 32 ? "Float32Array" : "Uint16Array") // float16 data is returned as raw half-float bits
      : kind === "sint" || kind === "snorm" ? (bits === 8 ? "Int8Array" : bits === 16 ? "Int16Array" : "Int32Array")
        : bits === 8 ? "Uint8Array" : bits === 16 ? "Uint16Array" : "Uint32Array";
  return { bytesPerBlock: channels * bits / 8, blockWidth: 1, blockHeight: 1, arrayType };
}

function compressedFormat(format: string): TexelBlockInfo | undefined {
  const block = (bytesPerBlock: number, blockWidth = 4, blockHeight = 4): TexelBlockInfo => ({ bytesPerBlock, blockWidth, blockHeight, arrayType: "Uint8Array" });
  if (/^bc(1|4)-/.test(format)) return block(8);
  if (/^bc[235-7]/.test(format)) return block(16);
  if (/^etc2-rgb8(a1)?unorm/.test(format) || /^eac-r11/.test(format)) return block(8);
  if (/^etc2-rgba8unorm/.test(format) || /^eac-rg11/.test(format)) return block(16);
  const astc = /^astc-(\d+)x(\d+)-/.exec(format);
  if (astc) return block(16, Number(astc[1]), Number(astc[2]));
  return undefined;
}

/**
 * Copy facts of `format` for `aspect` (default "all"). Throws a TypeError for formats that cannot be copied
 * as a whole (depth24plus, combined depth-stencil with aspect "all") or are unknown.
 */
export function texelBlockInfo(format: GPUTextureFormat, aspect: GPUTextureAspect = "all"): TexelBlockInfo {
  const one = (bytesPerBlock: number, arrayType: TexelBlockInfo["arrayType"]): TexelBlockInfo => ({ bytesPerBlock, blockWidth: 1, blockHeight: 1, arrayType });
  switch (format) {
    case "rgb10a2unorm": case "rgb10a2uint": case "rg11b10ufloat": case "rgb9e5ufloat": return one(4, "Uint32Array");
    case "stencil8": return one(1, "Uint8Array");
    case "depth16unorm": return one(2, "Uint16Array");
    case "depth32float": return one(4, "Float32Array");
    case "depth24plus-stencil8": case "depth32float-stencil8":
      if (aspect === "stencil-only") return one(1, "Uint8Array");
      if (aspect === "depth-only" && format === "depth32float-stencil8") return one(4, "Float32Array");
      throw new TypeError(`texture copies of ${format} need aspect "stencil-only"${format === "depth32float-stencil8" ? ' or "depth-only"' : ""}`);
    case "depth24plus":
      throw new TypeError("depth24plus textures cannot be copied (its depth representation is implementation-defined)");
  }
  const info = plainFormat(format) ?? compressedFormat(format);
  if (!info) throw new TypeError(`unknown texture format ${JSON.stringify(format)}`);
  return info;
}

/** Which part of a texture to read or write. Defaults: mip level 0, origin 0, the whole mip level. */
export interface TextureRegion {
  mipLevel?: number;
  origin?: GPUOrigin3D;
  /** Default: the mip level's size minus the origin. */
  size?: GPUExtent3D;
  aspect?: GPUTextureAspect;
}

function xyz(v: GPUOrigin3D | GPUExtent3D | undefined, defaults: [number, number, number], what: string): [number, number, number] {
  if (v === undefined) return defaults;
  if (Array.isArray(v) || (typeof v === "object" && v !== null && Symbol.iterator in v)) {
    const list = [...(v as Iterable<number>)];
    return [list[0] ?? defaults[0], list[1] ?? defaults[1], list[2] ?? defaults[2]];
  }
  if (typeof v !== "object" || v === null) throw new TypeError(`${what} must be an array or a dictionary`);
  const d = v as Record<string, number | undefined>;
  return "width" in d
    ? [d.width ?? defaults[0], d.height ?? defaults[1], d.depthOrArrayLayers ?? defaults[2]]
    : [d.x ?? defaults[0], d.y ?? defaults[1], d.z ?? defaults[2]];
}

interface Resolved {
  mipLevel: number;
  origin: [number, number, number];
  size: [number, number, number];
  aspect: GPUTextureAspect;
  info: TexelBlockInfo;
  bytesPerRow: number;
  rowsPerImage: number;
  byteLength: number;
}

function resolve(texture: GPUTexture, region: TextureRegion = {}, what: string): Resolved {
  if (texture === null || typeof texture !== "object") throw new TypeError(`${what}: expected a GPUTexture`);
  const mipLevel = region.mipLevel ?? 0;
  const aspect = region.aspect ?? "all";
  const info = texelBlockInfo(texture.format, aspect);
  const origin = xyz(region.origin, [0, 0, 0], `${what}: origin`);
  const is3d = texture.dimension === "3d";
  const mip: [number, number, number] = [
    Math.max(1, texture.width >> mipLevel),
    texture.dimension === "1d" ? 1 : Math.max(1, texture.height >> mipLevel),
    is3d ? Math.max(1, texture.depthOrArrayLayers >> mipLevel) : texture.depthOrArrayLayers,
  ];
  const size = xyz(region.size, [mip[0] - origin[0], mip[1] - origin[1], mip[2] - origin[2]], `${what}: size`);
  if (size.some((n) => !Number.isInteger(n) || n < 0)) throw new RangeError(`${what}: region [${origin}] + [${size}] lies outside mip level ${mipLevel} (${mip.join("x")})`);
  const blocksWide = Math.ceil(size[0] / info.blockWidth);
  const rowsPerImage = Math.ceil(size[1] / info.blockHeight);
  const bytesPerRow = blocksWide * info.bytesPerBlock;
  return { mipLevel, origin, size, aspect, info, bytesPerRow, rowsPerImage, byteLength: bytesPerRow * rowsPerImage * size[2] };
}

/**
 * Reads a texture region into a tightly packed typed array: rows of `width` texels (blocks for compressed
 * formats), images of `height` rows, `depthOrArrayLayers` images, no padding. The array type follows the
 * format (texelBlockInfo(format).arrayType), e.g. Uint8Array for rgba8unorm, Float32Array for r32float,
 * Uint16Array (raw half floats) for rgba16float. The texture needs COPY_SRC usage. Works on any WebGPU implementation.
 */
export async function readTexture(device: GPUDevice, texture: GPUTexture, region?: TextureRegion): Promise<TypedArray> {
  const r = resolve(texture, region, "readTexture");
  const Ctor = arrays[r.info.arrayType];
  if (r.byteLength === 0) return new Ctor(0);
  const paddedRow = Math.ceil(r.bytesPerRow / 256) * 256;
  const images = r.size[2];
  const staging = device.createBuffer({ label: "readTexture staging", size: paddedRow * r.rowsPerImage * images, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    await withErrorScopes(device, "readTexture", (stage) => stage("copyTextureToBuffer", () => {
      const encoder = device.createCommandEncoder({ label: "readTexture" });
      encoder.copyTextureToBuffer(
        { texture, mipLevel: r.mipLevel, origin: r.origin, aspect: r.aspect },
        { buffer: staging, bytesPerRow: paddedRow, rowsPerImage: r.rowsPerImage },
        r.size,
      );
      device.queue.submit([encoder.finish()]);
    }));
    await staging.mapAsync(GPUMapMode.READ);
    const src = new Uint8Array(staging.getMappedRange());
    const out = new Uint8Array(r.byteLength);
    for (let image = 0, o = 0; image < images; image++) {
      for (let row = 0; row < r.rowsPerImage; row++, o += r.bytesPerRow) {
        const s = (image * r.rowsPerImage + row) * paddedRow;
        out.set(src.subarray(s, s + r.bytesPerRow), o);
      }
    }
    staging.unmap();
    return new Ctor(out.buffer, 0, r.byteLength / Ctor.BYTES_PER_ELEMENT);
  } finally {
    staging.destroy();
  }
}

/**
 * Writes a tightly packed typed array (the layout readTexture returns) into a texture region through
 * queue.writeTexture. The texture needs COPY_DST usage. Throws a RangeError if `data` is too short.
 */
export function writeTexture(device: GPUDevice, texture: GPUTexture, data: ArrayBufferView | ArrayBuffer, region?: TextureRegion): void {
  const r = resolve(texture, region, "writeTexture");
  const byteLength = data instanceof ArrayBuffer ? data.byteLength : ArrayBuffer.isView(data) ? data.byteLength : NaN;
  if (Number.isNaN(byteLength)) throw new TypeError("writeTexture: data must be a typed array, DataView or ArrayBuffer");
  if (byteLength < r.byteLength) {
    throw new RangeError(`writeTexture: ${r.size.join("x")} texels of ${texture.format} need ${r.byteLength} bytes, data has ${byteLength}`);
  }
  if (r.byteLength === 0) return;
  device.queue.writeTexture(
    { texture, mipLevel: r.mipLevel, origin: r.origin, aspect: r.aspect },
    data as GPUAllowSharedBufferSource,
    { offset: 0, bytesPerRow: r.bytesPerRow, rowsPerImage: r.rowsPerImage },
    r.size,
  );
}
