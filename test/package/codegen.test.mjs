// The generated FFI files are exactly what the codegen produces from the pinned headers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

test("generated bindings are fresh (npm run codegen -- --check)", () => {
  const r = spawnSync(process.execPath, ["codegen/main.mjs", "--check"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});

test("the codegen check detects a stale file", async () => {
  const { readFileSync, writeFileSync } = await import("node:fs");
  const p = "src/backends/wgpu-native/ffi/generated/version.ts";
  const original = readFileSync(p, "utf8");
  try {
    writeFileSync(p, original + "// tampered\n");
    const r = spawnSync(process.execPath, ["codegen/main.mjs", "--check"], { encoding: "utf8" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /version\.ts/);
  } finally {
    writeFileSync(p, original);
  }
});
