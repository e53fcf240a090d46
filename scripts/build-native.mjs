#!/usr/bin/env node
// Builds native/build/wgpu_ts_native.node (optional helper: zero-copy mapped ranges).
// Needs a C compiler and Node's headers; on failure wgpu-ts falls back to copying mapped ranges.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const includeDirs = [join(dirname(process.execPath), "..", "include", "node"), "/usr/include/node", "/usr/local/include/node"];
const include = includeDirs.find((d) => existsSync(join(d, "node_api.h")));
const out = join(root, "native", "build", "wgpu_ts_native.node");
if (!include) {
  console.warn(`build-native: node_api.h not found in ${includeDirs.join(", ")}; skipping (mapped ranges will be copied)`);
  process.exit(0);
}
mkdirSync(dirname(out), { recursive: true });
const cc = process.env.CC ?? "cc";
try {
  // webgpu.h of the pinned library (fetched by scripts/fetch-wgpu-native.mjs) types the replayer's calls.
  const headers = join(root, "vendor", "wgpu-native");
  if (!existsSync(join(headers, "webgpu.h"))) throw new Error(`${headers}/webgpu.h missing: run node scripts/fetch-wgpu-native.mjs first`);
  execFileSync(cc, ["-O2", "-shared", "-fPIC", "-Wall", "-I", include, "-I", headers, "-I", join(root, "native"),
    join(root, "native", "addon.c"), join(root, "native", "replay.c"), "-o", out, "-ldl"], { stdio: "inherit" });
  console.log(`build-native: built ${out}`);
} catch (e) {
  console.warn(`build-native: ${cc} failed (${e.message}); mapped ranges will be copied`);
}
