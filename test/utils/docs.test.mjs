// The docs: every code sample in docs/guide/*.md is a file of examples/docs/ (kept identical by
// docs/samples.mjs), every such file runs and exits 0, and the API reference builds without warnings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { syncSamples } from "../../docs/samples.mjs";
import { skipReason } from "./backends.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const exampleDir = join(root, "examples", "docs");
const examples = readdirSync(exampleDir).filter((f) => f.endsWith(".mjs")).sort();

test("guide samples are the example files, and every example file is shown in a guide", () => {
  const { problems, used } = syncSamples({ write: false });
  assert.deepEqual(problems, []);
  const orphans = examples.map((f) => `examples/docs/${f}`).filter((f) => !used.has(f));
  assert.deepEqual(orphans, [], "example files no guide shows");
});

function run(file) {
  const source = readFileSync(join(exampleDir, file), "utf8");
  // Browser-style samples say how they are run: through the CLI, with the globals installed.
  const args = /npx wgpu-ts run /.test(source) ? [join(root, "dist", "cli", "main.js"), "run", join(exampleDir, file)] : [join(exampleDir, file)];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { out += d; });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code, signal) => { clearTimeout(timer); resolve({ code, signal, out }); });
  });
}

test("every example of the docs runs", { timeout: 90_000 }, async (t) => {
  const noDawn = await skipReason("js-webgpu");
  const noNative = await skipReason("wgpu-native");
  // Three at a time: lavapipe runs shaders on the CPU, and the suite runs test files in parallel too.
  const results = [];
  const queue = [...examples];
  await Promise.all(Array.from({ length: 3 }, async () => {
    for (let file; (file = queue.shift()) !== undefined;) results.push([file, await run(file)]);
  }));
  results.sort(([a], [b]) => a.localeCompare(b));
  for (const [file, r] of results) {
    const needsDawn = /from "webgpu"|import\("webgpu"\)|backends\/js-webgpu/.test(readFileSync(join(exampleDir, file), "utf8"));
    const needsNative = /backends\/wgpu-native/.test(readFileSync(join(exampleDir, file), "utf8"));
    const skip = (needsDawn && noDawn) || (needsNative && noNative) || false;
    await t.test(file, { skip }, () => {
      assert.equal(r.code, 0, `${file} exited ${r.code} (${r.signal ?? "no signal"}):\n${r.out.slice(-3000)}`);
    });
  }
});

test("npm run docs: the API reference and guides build without warnings", { timeout: 60_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), "wgpu-ts-docs-"));
  try {
    const r = spawnSync(process.execPath, [join(root, "node_modules", "typedoc", "bin", "typedoc"), "--out", out, "--logLevel", "Warn"], { cwd: root, encoding: "utf8", timeout: 55_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /warning|error/i);
    const index = readdirSync(join(out, "documents"));
    for (const page of ["getting-started", "backends", "extras", "utilities", "tracing", "performance", "troubleshooting"]) {
      assert.ok(index.includes(`${page}.html`), `guide page ${page}`);
    }
    assert.match(readFileSync(join(out, "modules.html"), "utf8"), /utils/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
