#!/usr/bin/env node
// Fetches GLFW (the windowing library of wgpu-ts/window) from the pinned `glfw` wheel on PyPI and extracts the
// shared libraries into vendor/glfw/ (git-ignored): libglfw.so for X11 and for Wayland on Linux,
// libglfw.3.dylib on macOS, glfw3.dll on Windows. No Python package is installed: the wheel is only a carrier.
// The wheel's sha256 is pinned here (not only taken from the index), so a changed upload is refused.
//   node scripts/fetch-glfw.mjs [--force]
// Without network access, Debian's libglfw3 (apt-get install libglfw3) is found by wgpu-ts/window instead.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";

export const GLFW_WHEEL_VERSION = "2.9.0";
const TAGS = "py2.py27.py3.py30.py31.py32.py33.py34.py35.py36.py37.py38.p39.p310.p311.p312.p313";
/** platform tag of the wheel -> its sha256 (PyPI, glfw 2.9.0; GLFW 3.4 inside). */
const WHEELS = {
  "manylinux2014_x86_64": "7f85b58546880466ac445fc564c5c831ca93c8a99795ab8eaf0a2d521af293d7",
  "manylinux2014_aarch64": "fcc430cb21984afba74945b7df38a5e1a02b36c0b4a2a2bab42b4a26d7cc51d6",
  "macosx_11_0_arm64": "aef5b555673b9555216e4cd7bc0bdbbb9983f66c620a85ba7310cfcfda5cd38c",
  "macosx_10_6_intel": "183da99152f63469e9263146db2eb1b6cc4ee0c4082b280743e57bd1b0a3bd70",
  "win_amd64": "9aa3ae51601601c53838315bd2a03efb1e6bebecd072b2f64ddbd0b2556d511a",
};

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dest = join(root, "vendor", "glfw");

function platformTag() {
  if (process.platform === "linux") return process.arch === "arm64" ? "manylinux2014_aarch64" : "manylinux2014_x86_64";
  if (process.platform === "darwin") return process.arch === "arm64" ? "macosx_11_0_arm64" : "macosx_10_6_intel";
  if (process.platform === "win32") return "win_amd64";
  throw new Error(`no glfw wheel for ${process.platform}/${process.arch}`);
}

/** wheel member -> file name under vendor/glfw/ */
function members(name) {
  const m = /^glfw\/(?:(x11|wayland)\/)?(libglfw\.so|libglfw\.3\.dylib|glfw3\.dll|msvcr120\.dll)$/.exec(name);
  if (!m) return undefined;
  return m[1] ? `${m[1]}/${m[2]}` : m[2];
}

async function main() {
  const stamp = join(dest, "VERSION");
  if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === GLFW_WHEEL_VERSION && !process.argv.includes("--force")) {
    console.log(`GLFW from glfw ${GLFW_WHEEL_VERSION} already in ${dest}`);
    return;
  }
  const tag = platformTag();
  const filename = `glfw-${GLFW_WHEEL_VERSION}-${TAGS}-none-${tag}.whl`;
  const index = await fetch("https://pypi.org/simple/glfw/", { headers: { Accept: "application/vnd.pypi.simple.v1+json" } });
  if (!index.ok) throw new Error(`PyPI index: HTTP ${index.status}`);
  const wheel = (await index.json()).files.find((f) => f.filename === filename);
  if (!wheel) throw new Error(`${filename} is not on PyPI`);
  console.log(`downloading ${wheel.filename} (${(wheel.size / 1e3).toFixed(0)} kB)`);
  const res = await fetch(wheel.url);
  if (!res.ok) throw new Error(`download failed: HTTP ${res.status} for ${wheel.url}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (sha !== WHEELS[tag]) throw new Error(`sha256 mismatch for ${filename}: got ${sha}, pinned ${WHEELS[tag]}`);
  const files = unzipSync(bytes, { filter: (f) => members(f.name) !== undefined });
  for (const [name, data] of Object.entries(files)) {
    const out = join(dest, members(name));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, data);
    console.log(`  ${members(name)}  ${data.length} bytes`);
  }
  writeFileSync(stamp, GLFW_WHEEL_VERSION + "\n");
}

main().catch((e) => { console.error(`fetch-glfw: ${e.message}`); process.exit(1); });
