// `wgpu-ts/utils` is exported with its types: a TypeScript consumer type-checks, and the result types of
// computeWithBuffers follow the output specs (test/utils/fixtures/consumer.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

test("a TypeScript consumer of wgpu-ts/utils type-checks", { timeout: 60_000 }, () => {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));
  const r = spawnSync(process.execPath, [tsc, "-p", "test/utils/fixtures/tsconfig.json"], { cwd: root, encoding: "utf8", timeout: 55_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
