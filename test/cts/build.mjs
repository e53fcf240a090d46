// Builds the WebGPU CTS (gpuweb/cts, read-only input) into test/cts/out/build/ as CommonJS for Node, the way the
// CTS's own `grunt build-node` lays it out (src/ -> out/, resources copied), but with esbuild instead of tsc:
// the CTS is written for per-file transpilation (its tsconfig sets isolatedModules; its standalone build uses
// babel), so no type-checking and no pinned typescript/@webgpu/types are needed to run it, and the whole build
// takes seconds instead of minutes on a 2-core machine.
// The build is cached: a stamp holds a hash of every source file's path, size and content; an unchanged tree is
// not rebuilt.
//   node test/cts/build.mjs [--force]      (also called by run.mjs)
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ctsDir, buildDir } from './paths.mjs';

// Bump when this script's output layout or options change, so old caches are rebuilt.
const BUILD_FORMAT = 3;
// Browser/worker-only entry points the Node build leaves out (as the CTS's node.tsconfig.json does).
const EXCLUDED = new Set([
  'common/runtime/wpt.ts',
  'common/runtime/standalone.ts',
  'common/runtime/helper/test_worker.ts',
  'webgpu/web_platform/worker/worker_launcher.ts',
]);

function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? walk(p, base) : [relative(base, p)];
  }).sort();
}

/** Hash of the CTS sources (every file under src/, content included) and of the build format. */
export function sourceHash(src) {
  const h = createHash('sha256').update(`format ${BUILD_FORMAT}\n`);
  for (const f of walk(src)) h.update(`${f}\0`).update(readFileSync(join(src, f))).update('\0');
  return h.digest('hex');
}

/** Builds if needed; returns { dir, built } where dir holds common/, webgpu/, resources/. */
export async function buildCts({ force = false, log = console.error } = {}) {
  const src = join(ctsDir(), 'src');
  if (!existsSync(join(src, 'common/runtime/cmdline.ts'))) {
    throw new Error(`no CTS sources in ${ctsDir()} (set WGPU_TS_CTS_DIR to a clone of gpuweb/cts)`);
  }
  const out = buildDir();
  const stampPath = join(out, 'build-stamp.json');
  const hash = sourceHash(src);
  if (!force && existsSync(stampPath)) {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
    if (stamp.hash === hash) return { dir: out, built: false };
  }
  const t0 = Date.now();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const { build } = await import('esbuild');
  const files = walk(src);
  // .ts and the plain ES-module .js sources (src/external/) alike become CommonJS (as tsc's allowJs does).
  const entryPoints = files
    .filter((f) => !f.startsWith('resources/') && !EXCLUDED.has(f) && !f.endsWith('.d.ts') && /\.(ts|js)$/.test(f))
    .map((f) => join(src, f));
  await build({
    entryPoints, outdir: out, outbase: src, bundle: false, format: 'cjs', platform: 'node', target: 'node20',
    logLevel: 'error', sourcemap: false,
    // The CTS's tsconfig targets es2020, i.e. TypeScript's assign-in-constructor semantics for class fields;
    // fixtures rely on subclasses' uninitialized field declarations not resetting values set by the base class.
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, target: 'es2020' } },
  });
  // The resources (images, videos, shader data) are used as they are.
  if (existsSync(join(src, 'resources'))) cpSync(join(src, 'resources'), join(out, 'resources'), { recursive: true });
  // The project's package.json says "type": "module"; the build is CommonJS.
  writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(stampPath, JSON.stringify({ hash, cts: ctsDir(), files: entryPoints.length, date: new Date().toISOString() }, null, 2) + '\n');
  log(`cts: built ${entryPoints.length} files from ${ctsDir()} into ${relative(process.cwd(), out) || out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { dir: out, built: true };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { built, dir } = await buildCts({ force: process.argv.includes('--force') });
  if (!built) console.error(`cts: ${dir} is up to date`);
}
