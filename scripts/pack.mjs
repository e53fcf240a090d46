#!/usr/bin/env node
// `npm run pack`: writes every tarball that would be published into release/ (or --out DIR):
//   wgpu-ts-<version>.tgz                     dist/ (compiled afresh from src/, no source maps) + README.md; package.json
//                                             without scripts and devDependencies, with
//                                             every platform package as an optionalDependency at this exact version
//   wgpu-ts-native-<platform>-<version>.tgz   one per row of scripts/platforms.mjs: that platform's libwgpu_native from
//                                             its wheel (sha256-checked), plus the Node-API helper for linux-x64 when
//                                             packing on linux-x64 (the only platform it can be built for here)
// and release/manifest.json (names, sizes, sha256, file counts: what the report and the install test read).
// Needs npm ci (TypeScript) and, for the helper, a C compiler with Node's headers; wheels come from vendor/wheels/ or
// PyPI (scripts/fetch-wgpu-native.mjs).
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { PLATFORMS, WHEEL_VERSION, NATIVE_VERSION, packageName, hostId } from "./platforms.mjs";
import { wheelFor, extractFromWheel, HEADERS } from "./fetch-wgpu-native.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outArg = process.argv.indexOf("--out");
const out = resolve(outArg > 0 ? process.argv[outArg + 1] : join(root, "release"));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const HELPER = "wgpu_ts_native.node";

const fill = (text, fields) => text.replace(/\{\{(\w+)\}\}/g, (_, k) => {
  if (!(k in fields)) throw new Error(`template field ${k} has no value`);
  return fields[k];
});

/** `npm pack` in dir, into out; returns npm's description of the tarball. */
function npmPack(dir) {
  const r = spawnSync("npm", ["pack", "--json", "--pack-destination", out], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm pack in ${dir} failed:\n${r.stderr}`);
  const [info] = JSON.parse(r.stdout);
  const bytes = readFileSync(join(out, info.filename));
  return {
    name: info.name, version: info.version, file: info.filename, size: info.size, unpackedSize: info.unpackedSize,
    entryCount: info.entryCount, sha256: createHash("sha256").update(bytes).digest("hex"), files: info.files.map((f) => f.path),
  };
}

function platformPackage(row, staging, template, readme) {
  const dir = join(staging, `native-${row.id}`);
  mkdirSync(dir, { recursive: true });
  return (async () => {
    const wheel = await wheelFor(row);
    const host = row.id === hostId();
    const files = extractFromWheel(wheel, host ? [row.library, ...HEADERS] : [row.library]);
    writeFileSync(join(dir, row.library), files[row.library]);
    let helper = null;
    if (host && row.id === "linux-x64") {
      const headers = mkdtempSync(join(tmpdir(), "wgpu-ts-headers-"));
      for (const h of HEADERS) writeFileSync(join(headers, h), files[h]);
      execFileSync(process.execPath, [join(root, "scripts", "build-native.mjs"), "--required", "--out", join(dir, HELPER), "--headers", headers], { stdio: "inherit" });
      rmSync(headers, { recursive: true, force: true });
      helper = HELPER;
    }
    const name = packageName(row.id);
    const manifest = {
      name, version: pkg.version, ...template,
      repository: pkg.repository,
      os: [row.os], cpu: [row.cpu], ...(row.libc ? { libc: [row.libc] } : {}),
      files: [...template.files, row.library, ...(helper ? [helper] : [])],
      "wgpu-ts": { library: row.library, helper, wgpuNative: NATIVE_VERSION, wheel: row.wheel, wheelSha256: row.sha256 },
    };
    const fields = {
      name, id: row.id, nativeVersion: NATIVE_VERSION, wheelVersion: WHEEL_VERSION, wheel: row.wheel, sha256: row.sha256,
      library: row.library, libcNote: row.libc ? `/\`libc\` (${row.libc}; the wheel is manylinux_2_28: glibc >= 2.28)` : "",
      helperNote: helper ? `\`${helper}\`, built from wgpu-ts ${pkg.version}'s native/ sources (Node-API, any Node >= 20; Deno and Bun load it too).`
        : "not included (it is built for linux-x64 only): wgpu-ts copies mapped ranges and replays passes through koffi instead, as `wgpu-ts info` says.",
    };
    for (const [k, v] of Object.entries(manifest)) if (typeof v === "string") manifest[k] = fill(v, fields);
    writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(dir, "README.md"), fill(readme, fields));
    return npmPack(dir);
  })();
}

function mainPackage(staging) {
  const dir = join(staging, "wgpu-ts");
  mkdirSync(dir, { recursive: true });
  // A clean compile (dist/ of the checkout can hold outputs of files since moved or deleted; tsc never removes them),
  // without source maps: they would point at src/, which is not published.
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.json"), "--outDir", join(dir, "dist"), "--sourceMap", "false"], { stdio: "inherit" });
  chmodSync(join(dir, "dist", "cli", "main.js"), 0o755);
  cpSync(join(root, "README.md"), join(dir, "README.md"));
  const { scripts, devDependencies, ...published } = pkg;
  published.files = ["dist"];
  published.optionalDependencies = {
    ...Object.fromEntries(PLATFORMS.map((row) => [packageName(row.id), pkg.version])),
    ...pkg.optionalDependencies,
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(published, null, 2)}\n`);
  return npmPack(dir);
}

async function main() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), "wgpu-ts-pack-"));
  try {
    const template = JSON.parse(readFileSync(join(root, "packages", "native", "template.json"), "utf8"));
    const readme = readFileSync(join(root, "packages", "native", "README.md"), "utf8");
    const tarballs = [mainPackage(staging)];
    for (const row of PLATFORMS) tarballs.push(await platformPackage(row, staging, template, readme));
    const manifest = { version: pkg.version, wheel: WHEEL_VERSION, wgpuNative: NATIVE_VERSION, packedOn: hostId(), tarballs };
    writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 1)}\n`);
    const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
    console.log(`\nrelease tarballs in ${out}:`);
    for (const t of tarballs) {
      console.log(`  ${t.file.padEnd(44)} ${mb(t.size).padStart(9)} packed, ${mb(t.unpackedSize).padStart(9)} unpacked, ${String(t.entryCount).padStart(4)} files`);
    }
    const total = tarballs.reduce((s, t) => s + t.size, 0);
    console.log(`  total ${mb(total)} packed; an install on one platform fetches wgpu-ts and one native package`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`pack: ${e.message}`); process.exit(1); });
