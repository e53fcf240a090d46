#!/usr/bin/env node
// Keeps the code samples of the guides identical to the example files that the test suite runs.
// In docs/guide/*.md, a sample is a fenced block right after a marker line:
//   <!-- sample: examples/docs/NAME.mjs -->
// `node docs/samples.mjs` rewrites each such block from its file; `--check` only reports differences
// (and fenced js/ts blocks without a marker) and exits 1 if there are any. `npm run docs` runs the rewrite.
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const guideDir = join(root, "docs", "guide");
const MARKER = /^<!-- sample: (\S+) -->$/;
const CODE_FENCE = /^```(js|javascript|mjs|ts|typescript)\s*$/;

/** Parses a guide: returns its lines, and each sample's marker line, fence start/end and file. */
export function parseGuide(text) {
  const lines = text.split("\n");
  const samples = [];
  const unmarked = [];
  for (let i = 0; i < lines.length; i++) {
    const m = MARKER.exec(lines[i]);
    if (m) {
      if (!/^```/.test(lines[i + 1] ?? "")) throw new Error(`line ${i + 1}: a sample marker must be followed by a fenced block`);
      let end = i + 2;
      while (end < lines.length && lines[end] !== "```") end++;
      samples.push({ line: i + 1, file: m[1], start: i + 1, end });
      i = end;
      continue;
    }
    if (CODE_FENCE.test(lines[i])) unmarked.push(i + 1);
    if (/^```/.test(lines[i])) { // skip over any other fenced block
      let end = i + 1;
      while (end < lines.length && lines[end] !== "```") end++;
      i = end;
    }
  }
  return { lines, samples, unmarked };
}

function render(lines, samples) {
  const out = [...lines];
  for (const s of [...samples].reverse()) {
    const code = readFileSync(join(root, s.file), "utf8").replace(/\n$/, "");
    out.splice(s.start, s.end - s.start + 1, "```js", ...code.split("\n"), "```");
  }
  return out.join("\n");
}

export function guides() {
  return readdirSync(guideDir).filter((f) => f.endsWith(".md")).sort().map((f) => join(guideDir, f));
}

/** Problems (stale or unmarked samples, missing files) per guide; with write, stale samples are rewritten. */
export function syncSamples({ write = false } = {}) {
  const problems = [];
  const used = new Set();
  for (const path of guides()) {
    const text = readFileSync(path, "utf8");
    const name = relative(root, path);
    const { lines, samples, unmarked } = parseGuide(text);
    for (const line of unmarked) problems.push(`${name}:${line}: a code block that is not an example file (add a <!-- sample: examples/docs/... --> marker)`);
    const missing = samples.filter((s) => !existsSync(join(root, s.file)));
    for (const s of missing) problems.push(`${name}:${s.line}: ${s.file} does not exist`);
    if (missing.length) continue;
    samples.forEach((s) => used.add(s.file));
    const expected = render(lines, samples);
    if (expected !== text) {
      if (write) writeFileSync(path, expected);
      else problems.push(`${name}: samples differ from their files (run node docs/samples.mjs)`);
    }
  }
  return { problems, used };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes("--check");
  const { problems } = syncSamples({ write: !check });
  for (const p of problems) console.error(p);
  process.exit(problems.length ? 1 : 0);
}
