#!/usr/bin/env node
// Builds native/build/wgpu_ts_native.node (optional helper: zero-copy mapped ranges, native pass replay, blocking
// waits off the main thread). Needs a C compiler and Node's headers; without them wgpu-ts falls back to copying mapped
// ranges and replaying passes through koffi (libraryInfo().helper / `wgpu-ts info` say so).
//   node scripts/build-native.mjs                 into native/build/ (set-up of a clone; skips with a warning)
//   node scripts/build-native.mjs --out FILE --required   for scripts/pack.mjs: any failure is an error
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const includeDirs = [join(dirname(process.execPath), "..", "include", "node"), "/usr/include/node", "/usr/local/include/node"];
const include = includeDirs.find((d) => existsSync(join(d, "node_api.h")));
const outArg = process.argv.indexOf("--out");
const out = outArg > 0 ? process.argv[outArg + 1] : join(root, "native", "build", "wgpu_ts_native.node");
const required = process.argv.includes("--required");
if (!include) {
  console.warn(`build-native: node_api.h not found in ${includeDirs.join(", ")}; skipping (mapped ranges will be copied)`);
  process.exit(required ? 1 : 0);
}
mkdirSync(dirname(out), { recursive: true });
const cc = process.env.CC ?? "cc";
try {
  // webgpu.h of the pinned library (fetched by scripts/fetch-wgpu-native.mjs) types the replayer's calls.
  const headersArg = process.argv.indexOf("--headers");
  const headers = headersArg > 0 ? process.argv[headersArg + 1] : join(root, "vendor", "wgpu-native");
  if (!existsSync(join(headers, "webgpu.h"))) throw new Error(`${headers}/webgpu.h missing: run node scripts/fetch-wgpu-native.mjs first`);
  // glibc 2.34 moved dlopen/dlsym into libc under a new symbol version; binding the x86-64 base version instead
  // keeps the prebuilt helper loadable on the glibc 2.28 the library itself needs (manylinux_2_28).
  const compat = [];
  if (process.platform === "linux" && process.arch === "x64") {
    const header = join(mkdtempSync(join(tmpdir(), "wgpu-ts-build-")), "glibc-compat.h");
    writeFileSync(header, '__asm__(".symver dlopen,dlopen@GLIBC_2.2.5");\n__asm__(".symver dlsym,dlsym@GLIBC_2.2.5");\n');
    compat.push("-include", header);
  }
  execFileSync(cc, ["-O2", "-shared", "-fPIC", "-Wall", ...compat, "-I", include, "-I", headers, "-I", join(root, "native"),
    join(root, "native", "addon.c"), join(root, "native", "replay.c"), join(root, "native", "events.c"), join(root, "native", "lifetime.c"), "-o", out, "-ldl", "-lpthread"], { stdio: "inherit" });
  console.log(`build-native: built ${out}`);
} catch (e) {
  console.warn(`build-native: ${cc} failed (${e.message}); mapped ranges will be copied`);
  if (required) process.exit(1);
}
