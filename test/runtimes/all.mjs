#!/usr/bin/env node
// `npm run test:runtimes`: the conformance suite on js-webgpu over dawn.node (Node), in headless Chromium and in
// Deno, and on wgpu-native in Deno and Bun, one after the other (each run goes on even if an earlier one failed).
// Exit code 0 only if all passed.
import { spawnSync } from 'node:child_process';

const runs = [['js-webgpu on dawn.node', 'dawn.mjs'], ['js-webgpu on chromium', 'browser.mjs'], ['js-webgpu on deno', 'deno.mjs'],
  ['wgpu-native on deno', 'deno.mjs', '--backend', 'wgpu-native'], ['wgpu-native on bun', 'bun.mjs']];
const results = [];
for (const [name, script, ...args] of runs) {
  const t0 = Date.now();
  console.log(`\n# ===== conformance suite: ${name} =====`);
  const r = spawnSync(process.execPath, [new URL(script, import.meta.url).pathname, ...args], { stdio: 'inherit' });
  results.push({ name, ok: r.status === 0, s: ((Date.now() - t0) / 1000).toFixed(1) });
}
console.log('\n# ===== runtimes =====');
for (const r of results) console.log(`# ${r.ok ? 'ok    ' : 'FAILED'} ${r.name} (${r.s} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`runtimes: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
