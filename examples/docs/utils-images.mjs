// Offscreen images: read a texture back as RGBA8, save it as PNG, compare it with a reference.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GPUTextureUsage } from "wgpu-ts";
import { getDefaultDevice, writeTexture, saveTexturePNG, readPNG, compareImages } from "wgpu-ts/utils";

const device = await getDefaultDevice();
const [width, height] = [64, 32];
const texture = device.createTexture({
  size: [width, height],
  format: "rgba8unorm",
  usage: GPUTextureUsage.COPY_SRC | GPUTextureUsage.COPY_DST | GPUTextureUsage.RENDER_ATTACHMENT,
});
// A horizontal gradient (a render pass would normally draw into the texture).
const pixels = new Uint8Array(width * height * 4);
for (let i = 0; i < width * height; i++) pixels.set([(i % width) * 4, 128, 255, 255], i * 4);
writeTexture(device, texture, pixels);

const path = join(mkdtempSync(join(tmpdir(), "wgpu-ts-")), "gradient.png");
const image = await saveTexturePNG(device, texture, path);
const difference = compareImages(image, await readPNG(path));
console.log(path.endsWith(".png"), difference.differingPixels, difference.maxChannelDifference); // true 0 0
