// getReport / formatReport on every backend, wgpu-native's object counts, and log routing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { getReport, formatReport, printReport } from "wgpu-ts/utils";
import { BACKENDS, backendGPU, skipReason } from "./backends.mjs";

for (const backend of BACKENDS) {
  test(`getReport on ${backend}`, { skip: await skipReason(backend), timeout: 30_000 }, async () => {
    const gpu = await backendGPU(backend);
    const report = await getReport({ gpu });
    assert.equal(report.backend, backend);
    assert.deepEqual(report.problems, []);
    assert.match(report.versions["wgpu-ts"], /^\d+\.\d+\.\d+/);
    assert.equal(report.versions.node, process.versions.node);
    assert.ok(report.system.cpuCount > 0 && report.system.totalMemoryBytes > 0);
    assert.ok(report.adapters.length >= 1);
    assert.equal(report.adapters.filter((a) => a.isDefault).length, 1, "exactly one default adapter");
    for (const a of report.adapters) {
      assert.ok(a.name.length > 0);
      assert.ok(Array.isArray(a.features) && a.features.every((f) => typeof f === "string"));
      assert.equal(typeof a.limits.maxBindGroups, "number");
      assert.ok(a.limits.maxBufferSize >= 256 * 2 ** 20);
    }
    const text = formatReport(report);
    assert.match(text, new RegExp(`backend: ${backend}`));
    assert.ok(text.includes(report.adapters[0].name));
    assert.match(text, /maxComputeWorkgroupSizeX +\d+/);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(report)));
    if (backend === "js-webgpu") assert.match(String(report.backendDetails.implementation), /dawn\.node|navigator\.gpu/);
  });
}

test("wgpu-native report: library version, JS wrapper counts and the library's own counts", { skip: await skipReason("wgpu-native"), timeout: 30_000 }, async () => {
  const native = await import("wgpu-ts/backends/wgpu-native");
  const device = await (await native.gpu.requestAdapter()).requestDevice();
  const before = await getReport({ gpu: native.gpu, adapters: false });
  const buffers = Array.from({ length: 5 }, () => device.createBuffer({ size: 256, usage: GPUBufferUsageCopyDst() }));
  const after = await getReport({ gpu: native.gpu, adapters: false });
  assert.equal(after.versions.library.name, "wgpu-native");
  assert.equal(after.versions.library.version, native.libraryInfo().version);
  assert.ok(after.versions.library.path.length > 0);
  assert.equal(after.adapters.length, 0);
  assert.equal((after.objects.js.GPUBuffer ?? 0) - (before.objects.js.GPUBuffer ?? 0), 5);
  assert.equal(after.objects.native.buffers.numKeptFromUser - before.objects.native.buffers.numKeptFromUser, 5);
  assert.ok(after.objects.native.devices.numAllocated >= 1);
  const text = formatReport(after);
  assert.match(text, /live JS wrappers: .*GPUBuffer \d+/);
  assert.match(text, /buffers +\d+ \/ +\d+ \/ +\d+, \d+ B/);
  let printed = "";
  await printReport(after, { write: (s) => { printed += s; return true; } });
  assert.equal(printed, text + "\n");
  buffers.forEach((b) => b.destroy());
});

test("wgpu-native report: estimated GPU memory of live buffers and textures, freed by destroy()", { skip: await skipReason("wgpu-native"), timeout: 30_000 }, async () => {
  const native = await import("wgpu-ts/backends/wgpu-native");
  const device = await (await native.gpu.requestAdapter()).requestDevice();
  const memory = async () => (await getReport({ gpu: native.gpu, adapters: false })).objects.memory;
  const before = await memory();
  const buffer = device.createBuffer({ size: 3 << 20, usage: 0x0008 });
  const texture = device.createTexture({ size: [128, 64, 2], mipLevelCount: 2, format: "rgba8unorm", usage: 0x04 });
  const during = await memory();
  assert.equal(during.GPUBuffer - before.GPUBuffer, 3 << 20);
  assert.equal(during.GPUTexture - before.GPUTexture, (128 * 64 + 64 * 32) * 2 * 4);
  assert.match(formatReport(await getReport({ gpu: native.gpu, adapters: false })), /estimated GPU memory: buffers \d+\.\d MiB, textures \d+/);
  buffer.destroy();
  texture.destroy();
  assert.deepEqual(await memory(), before);
  device.destroy();
});

function GPUBufferUsageCopyDst() {
  return 0x0008;
}

const child = (code, env = {}) => spawnSync(process.execPath, ["--input-type=module", "-e", code], {
  encoding: "utf8", timeout: 30_000, env: { ...process.env, ...env },
});

test("wgpu-native log output goes to the logger: WGPU_LOG_LEVEL, setLogLevel, setLogger", { skip: await skipReason("wgpu-native"), timeout: 60_000 }, () => {
  const envRun = child(`
    import { gpu } from "wgpu-ts/backends/wgpu-native";
    await (await gpu.requestAdapter()).requestDevice();`, { WGPU_LOG_LEVEL: "debug" });
  assert.equal(envRun.status, 0, envRun.stderr);
  assert.match(envRun.stderr, /^\[wgpu-native DEBUG\] /m, "records are formatted by the default console logger");

  const apiRun = child(`
    import { gpu, setLogLevel, setLogger, getLogLevel } from "wgpu-ts/backends/wgpu-native";
    const seen = [];
    setLogger((level, message) => seen.push([level, message]));
    setLogLevel("trace");
    const device = await (await gpu.requestAdapter()).requestDevice();
    const during = seen.length;
    setLogLevel("off");
    device.createBuffer({ size: 4, usage: 8 });
    await (await gpu.requestAdapter()).requestDevice();
    console.log(JSON.stringify({ during, after: seen.length, level: getLogLevel(), levels: [...new Set(seen.map(([l]) => l))], typed: seen.every(([, m]) => typeof m === "string") }));`);
  assert.equal(apiRun.status, 0, apiRun.stderr);
  const r = JSON.parse(apiRun.stdout.trim().split("\n").pop());
  assert.ok(r.during > 0, "records arrive at level trace");
  assert.equal(r.after, r.during, "nothing arrives after setLogLevel('off')");
  assert.equal(r.level, "off");
  assert.ok(r.typed);
  assert.ok(r.levels.every((l) => ["error", "warn", "info", "debug", "trace"].includes(l)), r.levels.join());
  assert.doesNotMatch(apiRun.stderr, /\[wgpu-native/, "a custom logger replaces the console output");

  const bad = child(`import "wgpu-ts/backends/wgpu-native";`, { WGPU_LOG_LEVEL: "loud" });
  assert.equal(bad.status, 0);
  assert.match(bad.stderr, /WGPU_LOG_LEVEL ignored: unknown wgpu-native log level "loud"/);

  const quiet = child(`import { gpu } from "wgpu-ts/backends/wgpu-native"; await (await gpu.requestAdapter()).requestDevice();`, { WGPU_LOG_LEVEL: "" });
  assert.doesNotMatch(quiet.stderr, /\[wgpu-native/, "off by default");
});
