// Texture helpers: write a tightly packed typed array into a texture and read it back, without
// dealing with the 256-byte row alignment of texture-to-buffer copies.
import { GPUTextureUsage } from "wgpu-ts";
import { getDefaultDevice, readTexture, writeTexture, texelBlockInfo } from "wgpu-ts/utils";

const device = await getDefaultDevice();
const width = 33, height = 3; // 132-byte rows: padded to 256 in the copy, unpadded by the helpers
const texture = device.createTexture({
  size: [width, height],
  format: "rgba8unorm",
  usage: GPUTextureUsage.COPY_SRC | GPUTextureUsage.COPY_DST | GPUTextureUsage.TEXTURE_BINDING,
});
const pixels = Uint8Array.from({ length: width * height * 4 }, (_, i) => i % 251);
writeTexture(device, texture, pixels);

const back = await readTexture(device, texture);
console.log(back.length === pixels.length && back.every((v, i) => v === pixels[i])); // true

// A region: 2x2 texels at (4, 1), as a Uint8Array of 16 bytes.
const region = await readTexture(device, texture, { origin: [4, 1], size: [2, 2] });
console.log(region.length, texelBlockInfo("rgba8unorm").bytesPerBlock); // 16 4
