// Another project installs this checkout and imports wgpu-ts from plain Node ESM, with types.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execFileSync, spawnSync } from "node:child_process";

const root = resolve(".");

test("npm install <checkout> then `import { gpu } from 'wgpu-ts'` runs a compute workload", { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "wgpu-ts-consumer-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", root], { cwd: dir, stdio: "pipe" });
  writeFileSync(join(dir, "main.mjs"), `
    import { gpu, GPUBufferUsage, GPUMapMode } from "wgpu-ts";
    const device = await (await gpu.requestAdapter()).requestDevice();
    const b = device.createBuffer({ size: 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(b, 0, new Uint32Array([40, 2]));
    await b.mapAsync(GPUMapMode.READ);
    const [x, y] = new Uint32Array(b.getMappedRange());
    console.log("answer", x + y, gpu.backend);
  `);
  const r = spawnSync(process.execPath, ["main.mjs"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /answer 42 wgpu-native/);
  // Types are published: the exports map points at .d.ts files that exist.
  const pkg = JSON.parse(readFileSync(join(dir, "node_modules", "wgpu-ts", "package.json"), "utf8"));
  for (const [sub, entry] of Object.entries(pkg.exports)) {
    if (typeof entry === "object") assert.ok(existsSync(join(dir, "node_modules", "wgpu-ts", entry.types)), `types for ${sub}`);
  }
});
