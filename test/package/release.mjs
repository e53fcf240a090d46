#!/usr/bin/env node
// `npm run test:release`: what a new user gets from the published packages, tried with the tarballs of `npm run pack`
// (release/; made first when missing, or always with --pack). Into a fresh project in the temp directory (no
// checkout, no set-up step, no environment variable: WGPU_*, LD_LIBRARY_PATH and the like are removed):
//   1. `npm install` of release/wgpu-ts-<v>.tgz and this platform's release/wgpu-ts-native-<platform>-<v>.tgz only
//      (the other platform packages are optional dependencies npm cannot find unpublished: it skips them, as it skips
//      the ones for other platforms once published). Install scripts are not run (--ignore-scripts): nothing needs one.
//   2. examples/compute.mjs (copied, unchanged) in Node, Deno and Bun must print its self-check on wgpu-native, with
//      the library from node_modules/@wgpu-ts/native-<platform> and, on linux-x64, the helper active.
//   3. `npx wgpu-ts info` names the package and the helper.
//   4. a second project with only the main tarball (as if the platform package's download failed): importing the
//      native backend fails with the fix (the package to install).
//   5. the tarballs: the main one carries no library, scripts or sources; each platform one its library, os and cpu.
//   6. as once published: a local registry serving release/ (test/package/local-registry.mjs, the rest forwarded to
//      the public registry): `npm install wgpu-ts`, Deno's `npm:wgpu-ts` (global cache, no node_modules) and
//      `bun add wgpu-ts` each get the platform package by themselves and run compute on wgpu-native.
// Prints TAP-like lines, the install times and the sizes; exit code 0 only if every check passed.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const release = join(root, 'release');
const host = `${process.platform}-${process.arch}`;
const bin = (name) => process.env[`WGPU_TS_${name.toUpperCase()}`] || join(root, 'node_modules', '.bin', name);
const COMPUTE_LINE = /^doubled 1048576 floats on ".*" \(([a-z-]+)\): \[0, 1, 2, 3, …\] ✓$/m;

if (process.argv.includes('--pack') || !existsSync(join(release, 'manifest.json'))) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'pack.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
const manifest = JSON.parse(readFileSync(join(release, 'manifest.json'), 'utf8'));
const main = manifest.tarballs.find((t) => t.name === 'wgpu-ts');
const native = manifest.tarballs.find((t) => t.name === `@wgpu-ts/native-${host}`);

// A user's environment: nothing of this project's set-up.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) =>
  !/^(WGPU_|VK_|LD_LIBRARY_PATH$|NODE_PATH$|NODE_OPTIONS$|DENO_|BUN_|npm_)/.test(k)));

let n = 0;
const counts = { passed: 0, failed: 0 };
async function check(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    counts.passed++;
    console.log(`ok ${++n} - ${name} (${Date.now() - t0} ms)${detail ? `: ${detail}` : ''}`);
  } catch (e) {
    counts.failed++;
    console.log(`not ok ${++n} - ${name} (${Date.now() - t0} ms)`);
    for (const line of String(e?.stack ?? e).split('\n').slice(0, 40)) console.log(`#   ${line}`);
  }
}

function run(cwd, command, args, timeout = 120_000, env = {}) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...cleanEnv, ...env } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function freshProject(tag) {
  const dir = mkdtempSync(join(tmpdir(), `wgpu-ts-release-${tag}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `fresh-${tag}`, private: true, type: 'module' }));
  return dir;
}

const timings = {};
function install(dir, tarballs, extra = []) {
  const t0 = Date.now();
  // --prefer-offline: koffi & co. from npm's cache when there (CI's npm ci put them there), else from the registry.
  run(dir, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...extra, ...tarballs.map((t) => join(release, t.file))], 600_000);
  return (Date.now() - t0) / 1000;
}

const dirs = [];
try {
  if (!native) throw new Error(`release/ has no package for ${host} (${manifest.tarballs.map((t) => t.name).join(', ')})`);
  const dir = freshProject('full');
  dirs.push(dir);
  await check(`npm install ${main.file} ${native.file} in a fresh project`, () => {
    timings.install = install(dir, [main, native]);
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
    const installed = Object.keys(lock.packages).filter((p) => p && existsSync(join(dir, p))).map((p) => p.replace(/^node_modules\//, ''));
    return `${timings.install.toFixed(1)} s; ${installed.length} packages: ${installed.join(', ')}`;
  });
  copyFileSync(join(root, 'examples', 'compute.mjs'), join(dir, 'compute.mjs'));
  writeFileSync(join(dir, 'which.mjs'), [
    "import { gpu } from 'wgpu-ts';",
    "const adapter = await gpu.requestAdapter();",
    "const { libraryInfo } = await import('wgpu-ts/backends/wgpu-native');",
    "console.log(JSON.stringify({ backend: gpu.backend, adapter: !!adapter, ...libraryInfo() }));",
  ].join('\n'));
  const packageDir = join(dir, 'node_modules', '@wgpu-ts', `native-${host}`);
  const runtimes = [
    ['Node', process.execPath, []],
    ['Deno', bin('deno'), ['run', '--allow-all', '--quiet']],
    ['Bun', bin('bun'), []],
  ];
  for (const [name, command, prefix] of runtimes) {
    await check(`examples/compute.mjs on wgpu-native in ${name}, library from the platform package`, () => {
      const t0 = Date.now();
      const out = run(dir, command, [...prefix, 'compute.mjs']);
      const m = COMPUTE_LINE.exec(out);
      if (!m) throw new Error(`no self-check line:\n${out}`);
      if (m[1] !== 'wgpu-native') throw new Error(`ran on ${m[1]}: ${m[0]}`);
      const seconds = (Date.now() - t0) / 1000;
      const info = JSON.parse(run(dir, command, [...prefix, 'which.mjs']).trim().split('\n').pop());
      if (info.backend !== 'wgpu-native') throw new Error(`auto chose ${info.backend}`);
      if (!info.path.startsWith(packageDir + '/')) throw new Error(`library from ${info.path}, not from ${packageDir}`);
      if (!info.source.startsWith(`package @wgpu-ts/native-${host} `)) throw new Error(`source: ${info.source}`);
      const wantHelper = native.files.includes('wgpu_ts_native.node');
      if (wantHelper && !(info.helper.startsWith(`active (${packageDir}/`) && info.zeroCopyMapping)) throw new Error(`helper: ${info.helper}`);
      if (!wantHelper && !info.helper.startsWith('not available: ')) throw new Error(`helper: ${info.helper}`);
      return `${m[0]} in ${seconds.toFixed(1)} s; ${info.source}; helper ${info.helper.split(' (')[0]}`;
    });
  }
  await check('npx wgpu-ts info names the platform package and the helper', () => {
    const out = run(dir, 'npx', ['--no-install', 'wgpu-ts', 'info']);
    for (const want of [`source: package @wgpu-ts/native-${host} ${manifest.version}`, 'helper: ', `library: ${packageDir}/`]) {
      if (!out.includes(want)) throw new Error(`"${want}" missing:\n${out}`);
    }
    return out.split('\n').filter((l) => /^\s+(source|helper):/.test(l)).map((l) => l.trim()).join('; ');
  });

  const bare = freshProject('omit');
  dirs.push(bare);
  // (--omit=optional cannot stand for this: it also leaves out koffi's own per-platform binary.)
  await check('without the platform package the native backend says which package to install', () => {
    timings.installMainOnly = install(bare, [main]);
    writeFileSync(join(bare, 'load.mjs'), "const m = await import('wgpu-ts/backends/wgpu-native');\ntry { m.ensureLoaded(); console.log('loaded?!'); } catch (e) { console.log(e.message); }\n");
    const out = run(bare, process.execPath, ['load.mjs']);
    const want = `npm install @wgpu-ts/native-${host}@${manifest.version}`;
    if (!out.includes(want)) throw new Error(`the error does not say \`${want}\`:\n${out}`);
    return `${timings.installMainOnly.toFixed(1)} s install; "${out.split('\n').find((l) => l.startsWith('Fix:'))}"`;
  });

  await check('the tarballs hold what they should', () => {
    const bad = main.files.filter((f) => !/^(dist\/|package\.json$|README\.md$)/.test(f));
    if (bad.length) throw new Error(`wgpu-ts carries ${bad.join(', ')}`);
    const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', 'wgpu-ts', 'package.json'), 'utf8'));
    if (pkg.scripts) throw new Error(`the published package.json has scripts: ${JSON.stringify(pkg.scripts)}`);
    for (const t of manifest.tarballs.filter((x) => x !== main)) {
      if (pkg.optionalDependencies?.[t.name] !== manifest.version) throw new Error(`${t.name} is not an optionalDependency at ${manifest.version}`);
      if (!t.files.some((f) => /wgpu_native-release\.(so|dylib|dll)$/.test(f))) throw new Error(`${t.file} has no library: ${t.files.join(', ')}`);
    }
    const own = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    if (own.os[0] !== process.platform || own.cpu[0] !== process.arch) throw new Error(`${own.name}: os ${own.os}, cpu ${own.cpu}`);
    return `${manifest.tarballs.length} tarballs`;
  });
  // As once published: a registry that serves release/ (test/package/local-registry.mjs; everything else comes from
  // the public registry), and each runtime's own package manager asked for `wgpu-ts` alone.
  const registry = spawn(process.execPath, [join(root, 'test', 'package', 'local-registry.mjs'), release], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let text = '';
      registry.stdout.on('data', (d) => {
        text += d;
        const m = /listening (\S+)/.exec(text);
        if (m) resolve(m[1]);
      });
      registry.on('exit', (code) => reject(new Error(`the local registry exited with ${code}`)));
    });
    const expectCompute = (out, where) => {
      const m = COMPUTE_LINE.exec(out);
      if (!m || m[1] !== 'wgpu-native') throw new Error(`no self-check line on wgpu-native:\n${out}`);
      const info = JSON.parse(out.trim().split('\n').pop());
      if (!info.source.startsWith(`package @wgpu-ts/native-${host} `) || !info.path.startsWith(where)) throw new Error(`library: ${info.path} (${info.source})`);
      return `${m[0]}; ${info.path}`;
    };
    const whichSource = (spec) => [
      `import { gpu } from '${spec}';`,
      'await gpu.requestAdapter();',
      `const { libraryInfo } = await import('${spec}/backends/wgpu-native');`,
      'console.log(JSON.stringify(libraryInfo()));',
    ].join('\n');

    const npmDir = freshProject('registry-npm');
    dirs.push(npmDir);
    await check('from a registry: `npm install wgpu-ts` picks @wgpu-ts/native-<platform> by itself; compute in Node', () => {
      const t0 = Date.now();
      run(npmDir, 'npm', ['install', '--registry', url, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', 'wgpu-ts'], 600_000);
      timings.registryNpm = (Date.now() - t0) / 1000;
      copyFileSync(join(root, 'examples', 'compute.mjs'), join(npmDir, 'compute.mjs'));
      writeFileSync(join(npmDir, 'which.mjs'), whichSource('wgpu-ts'));
      const out = run(npmDir, process.execPath, ['compute.mjs']) + run(npmDir, process.execPath, ['which.mjs']);
      return `${timings.registryNpm.toFixed(1)} s install; ${expectCompute(out, join(npmDir, 'node_modules', '@wgpu-ts', `native-${host}`))}`;
    });

    const denoDir = freshProject('registry-deno');
    dirs.push(denoDir);
    rmSync(join(denoDir, 'package.json'));
    await check('from a registry: Deno with `npm:wgpu-ts` (no package.json, no node_modules, an empty DENO_DIR); compute', () => {
      const spec = `npm:wgpu-ts@${manifest.version}`;
      const compute = readFileSync(join(root, 'examples', 'compute.mjs'), 'utf8').replace(/from "wgpu-ts"/, `from "${spec}"`);
      if (!compute.includes(spec)) throw new Error('examples/compute.mjs no longer imports from "wgpu-ts"');
      writeFileSync(join(denoDir, 'compute.mjs'), compute);
      writeFileSync(join(denoDir, 'which.mjs'), whichSource(spec));
      const env = { DENO_DIR: join(denoDir, 'deno-dir'), NPM_CONFIG_REGISTRY: url };
      const t0 = Date.now();
      const out = run(denoDir, bin('deno'), ['run', '--allow-all', '--quiet', 'compute.mjs'], 600_000, env);
      timings.registryDenoFirstRun = (Date.now() - t0) / 1000;
      const all = out + run(denoDir, bin('deno'), ['run', '--allow-all', '--quiet', 'which.mjs'], 120_000, env);
      return `first run (download included) ${timings.registryDenoFirstRun.toFixed(1)} s; ${expectCompute(all, join(denoDir, 'deno-dir'))}`;
    });

    const bunDir = freshProject('registry-bun');
    dirs.push(bunDir);
    await check('from a registry: `bun add wgpu-ts` (an empty Bun cache); compute in Bun', () => {
      const env = { BUN_CONFIG_REGISTRY: url, BUN_INSTALL_CACHE_DIR: join(bunDir, 'bun-cache') };
      const t0 = Date.now();
      run(bunDir, bin('bun'), ['add', 'wgpu-ts'], 600_000, env);
      timings.registryBun = (Date.now() - t0) / 1000;
      copyFileSync(join(root, 'examples', 'compute.mjs'), join(bunDir, 'compute.mjs'));
      writeFileSync(join(bunDir, 'which.mjs'), whichSource('wgpu-ts'));
      const out = run(bunDir, bin('bun'), ['compute.mjs']) + run(bunDir, bin('bun'), ['which.mjs']);
      return `${timings.registryBun.toFixed(1)} s install; ${expectCompute(out, join(bunDir, 'node_modules', '@wgpu-ts', `native-${host}`))}`;
    });
  } finally {
    registry.kill();
  }
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

const mb = (x) => `${(x / 1e6).toFixed(2)} MB`;
console.log('# tarballs (npm pack):');
for (const t of manifest.tarballs) console.log(`#   ${t.file}: ${mb(t.size)} packed, ${mb(t.unpackedSize)} unpacked, ${t.entryCount} files`);
console.log(`# install times: ${Object.entries(timings).map(([k, s]) => `${k} ${s.toFixed(1)} s`).join(', ')}`);
console.log(`release: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed === 0 && counts.passed > 0 ? 0 : 1);
