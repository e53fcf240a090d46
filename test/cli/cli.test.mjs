// The `wgpu-ts` command line: help, info (text and JSON, each backend, no backend), run, and npx.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { skipReason } from "../utils/backends.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const main = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const fixture = (name) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function cli(args, env = {}) {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: "utf8", timeout: 30_000, env: { ...process.env, ...env } });
  return { ...r, why: `exit ${r.status}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}` };
}

// Mesa's lavapipe ICD: where it is installed, `info` must list it (the default adapter of a GPU-less machine).
const lavapipeInstalled = ["/usr/share/vulkan/icd.d", "/etc/vulkan/icd.d"].some((d) => existsSync(d) && readdirSync(d).some((f) => f.startsWith("lvp_icd")));

test("--help lists the commands, and each command has --help", () => {
  const r = cli(["--help"]);
  assert.equal(r.status, 0, r.why);
  assert.match(r.stdout, /Usage: wgpu-ts/);
  for (const c of ["info", "run"]) {
    assert.match(r.stdout, new RegExp(`^  ${c}\\b`, "m"));
    const h = cli([c, "--help"]);
    assert.equal(h.status, 0, h.why);
    assert.match(h.stdout, new RegExp(`Usage: wgpu-ts ${c}`));
  }
  // Plugin commands (src/trace/cli.ts registers trace and replay) appear when their module is built.
  if (existsSync(fileURLToPath(new URL("../../dist/trace/cli.js", import.meta.url)))) {
    assert.match(r.stdout, /^  trace\b/m);
    assert.match(r.stdout, /^  replay\b/m);
  }
  assert.match(cli(["--version"]).stdout, /^\d+\.\d+\.\d+\n$/);
  const bad = cli(["frobnicate"]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /unknown command 'frobnicate'/);
});

test("info prints the backend, the library and the adapters", { skip: await skipReason("wgpu-native"), timeout: 30_000 }, () => {
  const r = cli(["info"]);
  assert.equal(r.status, 0, r.why);
  assert.match(r.stdout, /^wgpu-ts \d+\.\d+\.\d+, backend: wgpu-native, wgpu-native \d+\.\d+\.\d+\.\d+$/m);
  assert.match(r.stdout, /^  library: .*wgpu_native/m);
  assert.match(r.stdout, /^Adapters \([1-9]\d*\):$/m);
  assert.match(r.stdout, /^\* .+\[.*default\]$/m, "the default adapter is marked");
  assert.match(r.stdout, /features \(\d+\):/);
  assert.match(r.stdout, /maxBufferSize +\d+/);
  assert.doesNotMatch(r.stdout, /Problems:/);
  if (lavapipeInstalled) assert.match(r.stdout, /llvmpipe.*\[vulkan, cpu/, "lavapipe is listed as a Vulkan adapter");
  assert.equal(r.stderr.replace(/^Warning: .*\n/gm, ""), "", "nothing on stderr when piped (no progress line)");
});

test("info --json is machine-readable", { skip: await skipReason("wgpu-native"), timeout: 30_000 }, () => {
  const r = cli(["info", "--json"]);
  assert.equal(r.status, 0, r.why);
  const report = JSON.parse(r.stdout);
  assert.equal(report.backend, "wgpu-native");
  assert.ok(report.adapters.length >= 1);
  assert.ok(report.adapters.some((a) => a.isDefault));
  assert.equal(typeof report.objects.native.adapters.numAllocated, "number");
  if (lavapipeInstalled) assert.ok(report.adapters.some((a) => /llvmpipe/.test(a.name) && a.info.backendType === "vulkan"));
});

test("info on js-webgpu (--backend)", { skip: await skipReason("js-webgpu"), timeout: 30_000 }, () => {
  const r = cli(["--backend", "js-webgpu", "info", "--json"]);
  assert.equal(r.status, 0, r.why);
  const report = JSON.parse(r.stdout.slice(r.stdout.indexOf("{")));
  assert.equal(report.backend, "js-webgpu");
  assert.ok(report.adapters.length >= 1);
});

test("info without a usable backend exits 1 and says why", () => {
  const r = cli(["info"], { WGPU_LIB_PATH: "/nonexistent/libwgpu_native.so", WGPU_TS_BACKEND: "wgpu-native" });
  assert.equal(r.status, 1, r.why);
  assert.match(r.stdout, /Adapters \(0\)/);
  assert.match(r.stdout, /Problems:\n  - requestAdapter\(\) failed: .*WGPU_LIB_PATH=\/nonexistent/s);
});

test("info after the automatic selection fell back to js-webgpu says why wgpu-native is not used", { skip: await skipReason("js-webgpu"), timeout: 30_000 }, () => {
  const r = cli(["info"], { WGPU_LIB_PATH: "/nonexistent/libwgpu_native.so", WGPU_TS_BACKEND: "" });
  assert.equal(r.status, 0, r.why);
  assert.match(r.stdout, /backend: js-webgpu/);
  assert.match(r.stdout, /Notes:\n  - wgpu-native is not used: WGPU_LIB_PATH=\/nonexistent/);
});

test("run executes browser-style code with the globals installed and passes arguments", { skip: await skipReason("wgpu-native"), timeout: 30_000 }, () => {
  const r = cli(["run", fixture("browser-style.mjs"), "--size", "4", "x"]);
  assert.equal(r.status, 0, r.why);
  assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").pop()), { result: [10, 20, 30, 40], isDevice: true, argv: ["--size", "4", "x"], script: true });
});

test("run on js-webgpu", { skip: await skipReason("js-webgpu"), timeout: 30_000 }, () => {
  const r = cli(["--backend", "js-webgpu", "run", fixture("browser-style.mjs")]);
  assert.equal(r.status, 0, r.why);
  assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").pop()).result, [10, 20, 30, 40]);
});

test("run: a missing file exits 2, a throwing script exits 1 with its message", () => {
  const missing = cli(["run", "no/such/file.mjs"]);
  assert.equal(missing.status, 2, missing.why);
  assert.match(missing.stderr, /no\/such\/file\.mjs: no such file/);
  const throws = cli(["run", fixture("throws.mjs")]);
  assert.equal(throws.status, 1, throws.why);
  assert.match(throws.stderr, /fixture failure 1234/);
});

test("npx wgpu-ts info runs the package's own bin", { skip: await skipReason("wgpu-native"), timeout: 60_000 }, () => {
  const r = spawnSync("npx", ["--no-install", "wgpu-ts", "info"], { cwd: root, encoding: "utf8", timeout: 50_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /^Adapters \([1-9]\d*\):$/m);
  if (lavapipeInstalled) assert.match(r.stdout, /llvmpipe/);
});
