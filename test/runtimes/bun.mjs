#!/usr/bin/env node
// `npm run test:bun`: the conformance suite in Bun (npm package `bun`, pinned) on the wgpu-native backend (koffi and
// the helper loaded as Node-API addons; results in test/runtimes/results/wgpu-native-bun.json).
// test/runtimes/process-suite.mjs runs it, one Bun process per test file. (js-webgpu over dawn.node does not run in
// Bun: requestDevice rejects with an empty AbortError.)
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runSuite } from './process-suite.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const local = `${root}node_modules/.bin/bun`;
await runSuite({
  target: 'wgpu-native/bun', backend: 'wgpu-native', runtime: 'Bun',
  command: process.env.WGPU_TS_BUN || (existsSync(local) ? local : 'bun'),
  args: (file) => ['test/runtimes/suite-entry.mjs', file],
});
