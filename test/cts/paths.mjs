// Where the CTS runner finds its input and puts its output (one place, so every script agrees).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const ctsToolDir = fileURLToPath(new URL('.', import.meta.url));

/** The gpuweb/cts checkout: WGPU_TS_CTS_DIR (a user's clone) or ../shared/cts beside the project. */
export function ctsDir() {
  return resolve(process.env.WGPU_TS_CTS_DIR ?? join(projectRoot, '../shared/cts'));
}

/** The commit line of the CTS (CTS_VERSION.txt where the checkout has one, else git's HEAD). */
export function ctsVersion() {
  const v = join(ctsDir(), 'CTS_VERSION.txt');
  if (existsSync(v)) return readFileSync(v, 'utf8').split('\n')[0].trim();
  const head = join(ctsDir(), '.git/HEAD');
  if (existsSync(head)) return `git ${readFileSync(head, 'utf8').trim()}`;
  return 'unknown';
}

// Ignored by git (.gitignore: test/cts/out/).
export const outDir = join(projectRoot, 'test/cts/out');
export const buildDir = () => join(outDir, 'build');
export const defaultResultsDir = (backend) => join(outDir, 'results', backend);
export const expectationsPath = join(ctsToolDir, 'expectations.txt');
