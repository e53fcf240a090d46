#!/usr/bin/env node
// Fetches the pinned wgpu-native build from the `wgpu` wheel on PyPI and extracts
// the shared library and both C headers into vendor/wgpu-native/ (git-ignored).
// No Python package is installed: the wheel is only used as a carrier.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";

import { PINNED } from "../codegen/config.mjs";

const WHEEL_VERSION = PINNED.wheel;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dest = join(root, "vendor", "wgpu-native");
const wanted = ["libwgpu_native-release.so", "webgpu.h", "wgpu.h", "webgpu.idl"];

function pickWheel(files) {
  const tag = process.platform === "linux" ? (process.arch === "arm64" ? "aarch64" : "x86_64")
    : process.platform === "darwin" ? (process.arch === "arm64" ? "arm64" : "x86_64") : "win_amd64";
  const plat = process.platform === "linux" ? "manylinux" : process.platform === "darwin" ? "macosx" : "win";
  const wheel = files.find((f) => f.filename.endsWith(".whl") && f.filename.includes(plat) && f.filename.includes(tag));
  if (!wheel) throw new Error(`no wgpu ${WHEEL_VERSION} wheel for ${process.platform}/${process.arch} on PyPI`);
  return wheel;
}

async function main() {
  const stamp = join(dest, "VERSION");
  if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === WHEEL_VERSION && !process.argv.includes("--force")) {
    console.log(`wgpu-native from wgpu ${WHEEL_VERSION} already in ${dest}`);
    return;
  }
  // PEP 691 JSON form of the simple index (the only PyPI API some mirrors serve).
  const index = await fetch("https://pypi.org/simple/wgpu/", { headers: { Accept: "application/vnd.pypi.simple.v1+json" } });
  if (!index.ok) throw new Error(`PyPI index: HTTP ${index.status}`);
  const meta = await index.json();
  const wheel = pickWheel(meta.files.filter((f) => f.filename.startsWith(`wgpu-${WHEEL_VERSION}-`)));
  console.log(`downloading ${wheel.filename} (${(wheel.size / 1e6).toFixed(1)} MB)`);
  const res = await fetch(wheel.url);
  if (!res.ok) throw new Error(`download failed: HTTP ${res.status} for ${wheel.url}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (sha !== wheel.hashes.sha256) throw new Error(`sha256 mismatch for ${wheel.filename}: got ${sha}`);
  const files = unzipSync(bytes, { filter: (f) => wanted.some((w) => f.name.endsWith("/resources/" + w) || f.name.endsWith("/" + w.replace(".so", ".dylib"))) });
  mkdirSync(dest, { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    const base = name.split("/").pop();
    writeFileSync(join(dest, base), data);
    console.log(`  ${base}  ${data.length} bytes`);
  }
  writeFileSync(stamp, WHEEL_VERSION + "\n");
}

main().catch((e) => { console.error(`fetch-wgpu-native: ${e.message}`); process.exit(1); });
