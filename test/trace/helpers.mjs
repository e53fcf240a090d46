// Helpers of the trace tests: run fixtures and the CLI in fresh processes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;
export const cli = join(root, 'dist/cli/main.js');
export const T = Object.freeze({ timeout: 60_000 });

export function tmp(prefix = 'wgpu-ts-trace-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs node with args in a fresh process; returns { status, stdout, stderr }. */
export function node(args, env = {}) {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

export function fixture(name, ...args) {
  return node([join(root, 'test/trace/fixtures', name), ...args]);
}

export function wgpuTs(...args) {
  return node([cli, ...args]);
}
