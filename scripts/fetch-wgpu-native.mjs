#!/usr/bin/env node
// Fetches the pinned wgpu-native build from the `wgpu` wheel on PyPI and extracts the shared library and the C
// headers into vendor/wgpu-native/ (git-ignored): the set-up of a clone (`npm run setup`, scripts/setup.sh).
// No Python package is installed: the wheel is only used as a carrier. Every wheel's sha256 is pinned in
// scripts/platforms.mjs; a download that differs is refused. Wheels are cached in vendor/wheels/.
//   node scripts/fetch-wgpu-native.mjs [--force]      this machine's library + headers into vendor/wgpu-native/
// scripts/pack.mjs imports wheelFor() / extractFromWheel() for the per-platform packages.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync, existsSync, readFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";

import { WHEEL_VERSION, PLATFORMS, platform, hostId } from "./platforms.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dest = join(root, "vendor", "wgpu-native");
const wheelCache = join(root, "vendor", "wheels");
export const HEADERS = ["webgpu.h", "wgpu.h", "webgpu.idl"];

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** The wheel of a platform row (from vendor/wheels/ when cached there with the pinned hash, else from PyPI). */
export async function wheelFor(row) {
  const cached = join(wheelCache, row.wheel);
  if (existsSync(cached)) {
    const bytes = new Uint8Array(readFileSync(cached));
    if (sha256(bytes) === row.sha256) return bytes;
  }
  // PEP 691 JSON form of the simple index (the only PyPI API some mirrors serve).
  const index = await fetch("https://pypi.org/simple/wgpu/", { headers: { Accept: "application/vnd.pypi.simple.v1+json" } });
  if (!index.ok) throw new Error(`PyPI index: HTTP ${index.status}`);
  const file = (await index.json()).files.find((f) => f.filename === row.wheel);
  if (!file) throw new Error(`${row.wheel} is not on PyPI (any more?)`);
  console.log(`downloading ${file.filename} (${(file.size / 1e6).toFixed(1)} MB)`);
  const res = await fetch(file.url);
  if (!res.ok) throw new Error(`download failed: HTTP ${res.status} for ${file.url}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const got = sha256(bytes);
  if (got !== row.sha256) {
    throw new Error(`sha256 mismatch for ${row.wheel}: got ${got}, pinned ${row.sha256} (scripts/platforms.mjs)` +
      (file.hashes?.sha256 === got ? "; PyPI lists the new hash: the wheel was replaced upstream" : ""));
  }
  mkdirSync(wheelCache, { recursive: true });
  writeFileSync(`${cached}.part`, bytes);
  renameSync(`${cached}.part`, cached);
  return bytes;
}

/** Files of the wheel's wgpu/resources/ by base name (each name must be there). */
export function extractFromWheel(bytes, names) {
  const files = unzipSync(bytes, { filter: (f) => names.some((n) => f.name === `wgpu/resources/${n}`) });
  const out = {};
  for (const [name, data] of Object.entries(files)) out[name.split("/").pop()] = data;
  const missing = names.filter((n) => !out[n]);
  if (missing.length) throw new Error(`not in the wheel: ${missing.join(", ")}`);
  return out;
}

async function main() {
  const row = platform();
  if (!row) {
    throw new Error(`PyPI has no wgpu ${WHEEL_VERSION} wheel for ${hostId()} (there are: ${PLATFORMS.map((p) => p.id).join(", ")}); ` +
      "build wgpu-native yourself and set WGPU_LIB_PATH");
  }
  const stamp = join(dest, "VERSION");
  if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === WHEEL_VERSION && existsSync(join(dest, row.library)) &&
    !process.argv.includes("--force")) {
    console.log(`wgpu-native from wgpu ${WHEEL_VERSION} already in ${dest}`);
    return;
  }
  const files = extractFromWheel(await wheelFor(row), [row.library, ...HEADERS]);
  mkdirSync(dest, { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    writeFileSync(join(dest, name), data);
    console.log(`  ${name}  ${data.length} bytes`);
  }
  writeFileSync(stamp, WHEEL_VERSION + "\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => { console.error(`fetch-wgpu-native: ${e.message}`); process.exit(1); });
}
