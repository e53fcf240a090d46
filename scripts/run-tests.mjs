#!/usr/bin/env node
// `npm test`: the whole suite with node:test (its own summary ends the test output).
// Files: test/**/*.test.mjs. Extra arguments are passed to node --test (e.g. --test-name-pattern).
// Beside the usual reporter, test/runtimes/results-reporter.mjs collects the results of the conformance files
// (test/conformance/) for test/runtimes/results/wgpu-native.json (per test group; the README table is made from
// it by test/runtimes/readme-table.mjs). A filtered run (extra arguments) does not write it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
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
const extra = process.argv.slice(2);
const tmp = mkdtempSync(join(tmpdir(), "wgpu-ts-results-"));
const collected = join(tmp, "conformance.json");
const reporters = [
  `--test-reporter=${process.stdout.isTTY ? "spec" : "tap"}`, "--test-reporter-destination=stdout",
  `--test-reporter=${join(root, "test/runtimes/results-reporter.mjs")}`, `--test-reporter-destination=${collected}`,
];
const t0 = Date.now();
const r = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...reporters, ...extra, ...files], { cwd: root, stdio: "inherit" });
const wallSeconds = (Date.now() - t0) / 1000;
try {
  const records = JSON.parse(readFileSync(collected, "utf8"));
  if (extra.length) {
    console.log(`# filtered run (${extra.join(" ")}): test/runtimes/results/wgpu-native.json not written`);
  } else {
    const { writeResults, printGroups } = await import("../test/runtimes/results.mjs");
    let implementation = "wgpu-native";
    try {
      implementation = `wgpu-native ${(await import("wgpu-ts/backends/wgpu-native")).libraryInfo().version}`;
    } catch { /* the library did not load: the tests said why */ }
    printGroups(writeResults("wgpu-native", records, { implementation, runtime: `Node ${process.version}`, wallSeconds, note: "wall time of the whole npm test" }));
  }
} catch (e) {
  console.log(`# conformance results not collected: ${e.message}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(r.status ?? 1);
