#!/usr/bin/env node
// `npm test`: the whole suite with node:test (its own summary ends the output).
// Files: test/**/*.test.mjs. Extra arguments are passed to node --test (e.g. --test-name-pattern).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
function find(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === "fixtures" ? [] : find(p);
    return n.endsWith(".test.mjs") ? [p] : [];
  });
}
const files = find(join(root, "test")).map((f) => relative(root, f)).sort();
const r = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...process.argv.slice(2), ...files], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
