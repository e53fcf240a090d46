// Offscreen images: read a rendered texture back as tightly packed RGBA8 (row padding removed by
// readTexture) and write it as a PNG (pngjs), plus decoding and a tolerant comparison for tests.
// Portable API only: works with any backend's GPUDevice / GPUTexture.
import { writeFile, readFile } from "node:fs/promises";
import pngjs from "pngjs";
import { readTexture } from "./texture.js";

/** An 8-bit RGBA image, rows top to bottom, no padding. */
export interface RGBAImage {
  width: number;
  height: number;
  /** width * height * 4 bytes */
  data: Uint8Array;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

const unit = (v: number): number => Math.max(0, Math.min(255, Math.round(v * 255)));

/** Formats the image reader understands, and how one texel becomes RGBA8. */
const converters: Record<string, (src: ArrayLike<number>, i: number, out: Uint8Array, o: number) => void> = {
  "rgba8unorm": (s, i, o, j) => { o[j] = s[i * 4]!; o[j + 1] = s[i * 4 + 1]!; o[j + 2] = s[i * 4 + 2]!; o[j + 3] = s[i * 4 + 3]!; },
  "bgra8unorm": (s, i, o, j) => { o[j] = s[i * 4 + 2]!; o[j + 1] = s[i * 4 + 1]!; o[j + 2] = s[i * 4]!; o[j + 3] = s[i * 4 + 3]!; },
  "r8unorm": (s, i, o, j) => { o[j] = o[j + 1] = o[j + 2] = s[i]!; o[j + 3] = 255; },
  "rg8unorm": (s, i, o, j) => { o[j] = s[i * 2]!; o[j + 1] = s[i * 2 + 1]!; o[j + 2] = 0; o[j + 3] = 255; },
  "rgba16float": (s, i, o, j) => { for (let c = 0; c < 4; c++) o[j + c] = unit(halfToFloat(s[i * 4 + c]!)); },
  "rgba32float": (s, i, o, j) => { for (let c = 0; c < 4; c++) o[j + c] = unit(s[i * 4 + c]!); },
  "r32float": (s, i, o, j) => { o[j] = o[j + 1] = o[j + 2] = unit(s[i]!); o[j + 3] = 255; },
};
converters["rgba8unorm-srgb"] = converters["rgba8unorm"]!;
converters["bgra8unorm-srgb"] = converters["bgra8unorm"]!;

/**
 * Reads one mip level (2D, first layer) of `texture` as RGBA8. sRGB formats are returned as stored
 * (already encoded), float formats are clamped to [0, 1]. The texture needs COPY_SRC usage.
 */
export async function readTextureImage(device: GPUDevice, texture: GPUTexture, options: { mipLevel?: number; layer?: number } = {}): Promise<RGBAImage> {
  const convert = converters[texture.format];
  if (!convert) throw new TypeError(`readTextureImage: format "${texture.format}" is not supported (supported: ${Object.keys(converters).join(", ")})`);
  const mipLevel = options.mipLevel ?? 0;
  const width = Math.max(1, texture.width >> mipLevel);
  const height = Math.max(1, texture.height >> mipLevel);
  const texels = await readTexture(device, texture, { mipLevel, origin: [0, 0, options.layer ?? 0], size: [width, height, 1] });
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) convert(texels as ArrayLike<number>, i, data, i * 4);
  return { width, height, data };
}

/** PNG bytes of an RGBA8 image. */
export function encodePNG(image: RGBAImage): Uint8Array {
  const png = new pngjs.PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return new Uint8Array(pngjs.PNG.sync.write(png, { colorType: 6 }));
}

/** Decodes PNG bytes (any PNG pngjs reads) to RGBA8. */
export function decodePNG(bytes: Uint8Array): RGBAImage {
  const png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
}

export async function writePNG(path: string, image: RGBAImage): Promise<void> {
  await writeFile(path, encodePNG(image));
}

export async function readPNG(path: string): Promise<RGBAImage> {
  return decodePNG(new Uint8Array(await readFile(path)));
}

/** Reads `texture` back and writes it to `path` as a PNG; returns the image. */
export async function saveTexturePNG(device: GPUDevice, texture: GPUTexture, path: string, options?: { mipLevel?: number; layer?: number }): Promise<RGBAImage> {
  const image = await readTextureImage(device, texture, options);
  await writePNG(path, image);
  return image;
}

export interface ImageDifference {
  /** the sizes are equal (otherwise nothing else is compared) */
  sameSize: boolean;
  /** largest absolute difference of one channel */
  maxChannelDifference: number;
  /** pixels where some channel differs by more than `tolerance` */
  differingPixels: number;
  /** mean absolute channel difference */
  meanChannelDifference: number;
}

/** Compares two RGBA8 images channel by channel. */
export function compareImages(a: RGBAImage, b: RGBAImage, tolerance = 0): ImageDifference {
  if (a.width !== b.width || a.height !== b.height) return { sameSize: false, maxChannelDifference: 255, differingPixels: Math.max(a.width * a.height, b.width * b.height), meanChannelDifference: 255 };
  let max = 0, differing = 0, sum = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    let pixelMax = 0;
    for (let c = 0; c < 4; c++) {
      const d = Math.abs(a.data[i + c]! - b.data[i + c]!);
      sum += d;
      if (d > pixelMax) pixelMax = d;
    }
    if (pixelMax > max) max = pixelMax;
    if (pixelMax > tolerance) differing++;
  }
  return { sameSize: true, maxChannelDifference: max, differingPixels: differing, meanChannelDifference: sum / a.data.length };
}
