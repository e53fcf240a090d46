#!/usr/bin/env node
// `npm run test:deno`: the conformance suite in Deno (npm package `deno`), on the js-webgpu backend (Deno's own
// navigator.gpu, deno_webgpu over wgpu-core; results in test/runtimes/results/js-webgpu-deno.json), or with
// --backend wgpu-native (`npm run test:deno:wgpu-native`: wgpu-ts's native backend, koffi and the helper loaded as
// Node-API addons; results in wgpu-native-deno.json). test/runtimes/process-suite.mjs runs it, one Deno process per
// test file (`deno run --allow-all`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runSuite } from './process-suite.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const local = `${root}node_modules/.bin/deno`;
const backend = process.argv.includes('--backend') ? process.argv[process.argv.indexOf('--backend') + 1] : 'js-webgpu';
if (!['js-webgpu', 'wgpu-native'].includes(backend)) throw new Error(`--backend ${backend}: expected js-webgpu or wgpu-native`);
await runSuite({
  target: `${backend}/deno`, backend, runtime: 'Deno',
  command: process.env.WGPU_TS_DENO || (existsSync(local) ? local : 'deno'),
  args: (file) => ['run', '--allow-all', '--quiet', 'test/runtimes/suite-entry.mjs', file],
});
