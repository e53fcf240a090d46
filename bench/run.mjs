#!/usr/bin/env node
// The benchmark suite of issue 6, one command:
//
//   node bench/run.mjs [--quick] [--contenders=c,wgpu-py,dawn,wgpu-ts,wgpu-ts-js] [--only=1b_compute_encode,...]
//                      [--label=NAME] [--md=BENCHMARKS.md] [--json-dir=bench/out] [--no-md] [--timeout=SECONDS]
//                      [--no-build]   (use the existing bench/build/floor)   [--<param>=N]  (override one size of the preset)
//   node bench/run.mjs --from-json=DIR [--label=NAME] [--md=...]      (re-render saved results, e.g. from the GPU machine)
//
// Runs each contender in its own child process (one after the other, never two at once), collects their JSON,
// prints a table (rows = workloads, columns = contenders, cost ratio to the C floor per row) and writes/updates the
// section `--label` of BENCHMARKS.md (other sections, e.g. another machine's, are kept). A contender that fails
// to start is skipped and the table says why.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { FULL, QUICK, ROWS, toArgs } from './params.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(benchDir, '..');
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const a = argv.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  if (!a) return def;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : true;
};

const ALL = ['c', 'wgpu-py', 'dawn', 'wgpu-ts', 'wgpu-ts-js'];
const quick = !!opt('quick', false);
// --<param>=<value> overrides one size of the chosen preset (e.g. --mm_reps=64 on a fast GPU)
const params = { ...(quick ? QUICK : FULL) };
for (const k of Object.keys(params)) {
  const v = opt(k, null);
  if (v != null && v !== true) params[k] = Number(v);
}
const contenders = String(opt('contenders', ALL.join(','))).split(',').filter(Boolean);
const only = opt('only', null);
const jsonDir = resolve(root, String(opt('json-dir', 'bench/out')));
const mdPath = resolve(root, String(opt('md', 'BENCHMARKS.md')));
const fromJson = opt('from-json', null);
const timeoutS = Number(opt('timeout', quick ? 300 : 900));
const vendorLib = join(root, 'vendor', 'wgpu-native', 'libwgpu_native-release.so');

const DESCRIPTIONS = {
  c: 'C floor: bench/c/floor.c on webgpu.h of the same libwgpu_native',
  'wgpu-py': 'wgpu-py (Python, cffi) on libwgpu_native',
  dawn: 'dawn.node (npm `webgpu`)',
  'wgpu-ts': "wgpu-ts on wgpu-native (`wgpu-ts/backends/wgpu-native`)",
  'wgpu-ts-js': "wgpu-ts js-webgpu over dawn.node (`wgpu-ts/backends/js-webgpu`)",
  'wgpu-ts-trusted': 'wgpu-ts on wgpu-native with setShaderRuntimeChecks(device, { boundsChecks: false, forceLoopBounding: false }) (opt-in, not in the default list)',
};

function log(s) {
  process.stderr.write(`${s}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// contender processes

function commandFor(name) {
  const args = [...toArgs(params), ...(only ? [`--only=${only}`] : [])];
  const env = { ...process.env };
  switch (name) {
    case 'c': {
      const exe = join(benchDir, 'build', 'floor');
      const notes = [];
      if (!opt('no-build', false)) {
        const build = spawnSync('bash', [join(benchDir, 'build-c.sh')], { cwd: root, encoding: 'utf8', env });
        if (build.status !== 0) {
          const why = lastLine(build.stderr || build.stdout || String(build.error));
          if (!existsSync(exe)) return { skip: `C build failed: ${why}` };
          notes.push(`C build failed here (${why}); used the existing bench/build/floor`);
        }
      }
      return { cmd: exe, args: [`--shaders=${join(benchDir, 'shaders')}`, ...args], env, notes };
    }
    case 'wgpu-py': {
      const py = process.env.PYTHON || 'python3';
      // Same library as the other wgpu-native contenders (wgpu==0.32.0 ships the identical build).
      if (existsSync(vendorLib) && !env.WGPU_LIB_PATH) env.WGPU_LIB_PATH = vendorLib;
      // A carried `pip install --target` folder (GPU machine), see bench/README.md.
      // (prepare-device.sh: pylib = wgpu + pycparser, pylib-cpXY = cffi for CPython X.Y)
      const pylib = join(benchDir, 'build', 'pylib');
      if (existsSync(pylib)) {
        const tag = spawnSync(py, ['-c', 'import sys; print("cp%d%d" % sys.version_info[:2])'], { encoding: 'utf8' }).stdout?.trim();
        const cffi = join(benchDir, 'build', `pylib-${tag}`);
        const have = spawnSync(py, ['-c', 'import cffi'], { encoding: 'utf8' }).status === 0;
        env.PYTHONPATH = [pylib, !have && existsSync(cffi) ? cffi : null, env.PYTHONPATH].filter(Boolean).join(':');
      }
      return { cmd: py, args: [join(benchDir, 'wgpu_py_bench.py'), ...args], env };
    }
    case 'dawn':
    case 'wgpu-ts':
    case 'wgpu-ts-js':
    case 'wgpu-ts-trusted':
      return { cmd: process.execPath, args: [join(benchDir, 'contender-js.mjs'), name, ...args], env };
    default:
      return { skip: `unknown contender '${name}'` };
  }
}

function lastLine(s) {
  const lines = String(s ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^Warning: max(Dynamic|Storage)/.test(l));
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

function runContender(name) {
  return new Promise((done) => {
    const c = commandFor(name);
    if (c.skip) return done({ contender: name, skipped: c.skip });
    const outFile = join(jsonDir, `${name}.json`);
    try {
      writeFileSync(outFile, '');
    } catch {}
    const t0 = Date.now();
    const show = (a) => (a.startsWith(root + '/') ? relative(root, a) : a);
    log(`\n=== ${name}: ${show(c.cmd)} ${c.args.map(show).join(' ')}`);
    let child;
    try {
      child = spawn(c.cmd, [...c.args, `--out=${outFile}`], { cwd: root, env: c.env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      return done({ contender: name, skipped: `cannot start: ${e.message}` });
    }
    let errTail = '';
    const onData = (d) => {
      const s = d.toString();
      errTail = (errTail + s).slice(-4000);
      for (const line of s.split('\n')) if (line.trim() && !/^Warning: max(Dynamic|Storage)/.test(line)) log(`  ${line}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      errTail += `\n(timed out after ${timeoutS} s)`;
      child.kill('SIGKILL');
    }, timeoutS * 1000);
    child.on('error', (e) => {
      clearTimeout(timer);
      done({ contender: name, skipped: `cannot start ${c.cmd}: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let r = null;
      try {
        r = JSON.parse(readFileSync(outFile, 'utf8'));
      } catch {}
      const secs = (Date.now() - t0) / 1000;
      if (!r) return done({ contender: name, skipped: `exit ${code ?? signal}, no results: ${lastLine(errTail)}`, seconds: secs });
      r.seconds = secs;
      if (c.notes?.length) r.notes = [...(r.notes ?? []), ...c.notes];
      if (r.fatal) r.skipped = r.fatal.split(' | ')[0];
      else if (code !== 0) r.notes = [...(r.notes ?? []), `process exited with ${code ?? signal}`];
      done(r);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// formatting

function fmt(x) {
  if (x == null || !Number.isFinite(x)) return '-';
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 100) return x.toFixed(1);
  if (a >= 10) return x.toFixed(2);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(2);
}

/** Cost relative to the C floor: >1 means slower than the floor, for rates and times alike. */
function costRatio(row, v, c) {
  if (!(v > 0) || !(c > 0)) return null;
  return row.dir === 'lower' ? v / c : c / v;
}

function cell(row, r, c) {
  if (!r) return '';
  if (r.skipped) return 'skipped';
  const x = r.rows?.[row.key];
  if (!x) return r.errors?.[row.key] ? 'ERROR' : 'n/a';
  let s = fmt(x.median);
  if (row.key === '4_matmul' && x.check && !x.check.ok) s += ' WRONG';
  const cx = c && !c.skipped ? c.rows?.[row.key] : null;
  if (cx && r !== c) {
    const k = costRatio(row, x.median, cx.median);
    if (k != null) s += ` (${k.toFixed(2)}x)`;
  }
  return s;
}

function table(header, lines) {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? ':--' : '--:')).join(' | ')} |`,
    ...lines.map((l) => `| ${l.join(' | ')} |`),
  ].join('\n');
}

function textTable(header, lines) {
  const all = [header, ...lines];
  const w = header.map((_, i) => Math.max(...all.map((l) => String(l[i]).length)));
  const fmtLine = (l) => l.map((x, i) => (i === 0 ? String(x).padEnd(w[i]) : String(x).padStart(w[i]))).join('  ');
  return [fmtLine(header), w.map((n) => '-'.repeat(n)).join('  '), ...lines.map(fmtLine)].join('\n');
}

function rowLabel(row, p) {
  let l = row.label;
  const MiB = (b) => `${(b / 1048576).toFixed(0)} MiB`;
  if (['2b_write_big', '2c_readback', '2d_mapped_write', '2g_memcpy'].includes(row.key)) l = l.replace('big', MiB(p.big_bytes));
  if (row.key.startsWith('2e') || row.key.startsWith('2f')) l = l.replace('4K', `${p.tex_w}x${p.tex_h}`);
  if (row.key === '4_matmul') l = l.replace('n x n', `${p.mm_n}x${p.mm_n}, ${p.mm_reps}/submit`);
  return `${l} [${row.unit}]`;
}

function machine() {
  const cpus = os.cpus();
  const m = {
    cpu: `${cpus[0]?.model ?? '?'} x ${cpus.length}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    'load avg before the run': os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
  const smi = spawnSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'], { encoding: 'utf8' });
  if (smi.status === 0 && smi.stdout.trim()) m.gpu = smi.stdout.trim().split('\n').join('; ');
  return m;
}

function adapterName(r) {
  const a = r?.adapter;
  if (!a) return null;
  return [a.device || a.vendor, a.description].filter(Boolean).join(' / ');
}

function render(results, meta) {
  const c = results.find((r) => r.contender === 'c');
  const p = results.find((r) => r.params)?.params ?? params;
  const names = results.map((r) => r.contender);
  const shown = ROWS.filter((row) => results.some((r) => r.rows?.[row.key] || r.errors?.[row.key]));
  const lines = shown.map((row) => [rowLabel(row, p), ...results.map((r) => cell(row, r, c))]);
  const header = ['workload', ...names];

  // bandwidth as % of the same process's memcpy
  const bwRows = shown.filter((r) => r.unit === 'GB/s' && r.key !== '2g_memcpy');
  const bwLines = bwRows.map((row) => [
    row.label.replace(/ \(.*\)$/, ''),
    ...results.map((r) => {
      const x = r.rows?.[row.key]?.median;
      const m = r.rows?.['2g_memcpy']?.median;
      return x && m ? `${((100 * x) / m).toFixed(0)}%` : '';
    }),
  ]);

  // raw numbers
  const rawLines = shown.map((row) => [
    `${row.key} [${row.unit}]`,
    ...results.map((r) => {
      const x = r.rows?.[row.key];
      return x ? `${fmt(x.median)} [${fmt(x.min)}, ${fmt(x.max)}]` : '';
    }),
  ]);

  const notes = [];
  for (const r of results) {
    if (r.skipped) notes.push(`**${r.contender}** skipped: ${r.skipped}`);
    for (const [k, e] of Object.entries(r.errors ?? {})) notes.push(`**${r.contender}** ${k} failed: ${e}`);
    for (const n of r.notes ?? []) notes.push(`**${r.contender}**: ${n}`);
    const chk = r.rows?.['4_matmul']?.check;
    if (chk) notes.push(`**${r.contender}** matmul check (256 sampled entries vs CPU, exact inputs): max abs error ${chk.max_abs_err}${chk.ok ? '' : ' — WRONG'}`);
  }

  const goals = goalLines(results);
  const adapters = [...new Set(results.map(adapterName).filter(Boolean))];
  const versions = results.filter((r) => r.version).map((r) => `${r.contender}: ${r.version} (${r.runtime ?? ''})`);

  const md = [
    `## ${meta.label}`,
    '',
    `- date: ${meta.date}`,
    `- command: \`${meta.command}\`${meta.quick ? ' (quick preset: fewer runs and iterations, see bench/params.mjs)' : ''}`,
    `- machine: ${Object.entries(meta.machine).map(([k, v]) => `${k} ${v}`).join('; ')}`,
    `- adapter: ${adapters.join('; ') || '?'}`,
    `- versions: ${versions.join('; ')}`,
    `- runs per workload: ${p.runs} measured (+1 warm-up); cell = median; (Nx) = cost relative to the C floor (time ratio; for GB/s and GFLOP/s rows the inverse rate ratio), >1 = slower than C`,
    '',
    table(header, lines),
    '',
    'Bandwidth as % of the same process\'s memcpy (row 2g):',
    '',
    ...(bwLines.length ? [table(['workload', ...names], bwLines)] : ['(no bandwidth rows in this run)']),
    '',
    ...(goals.length ? ['Goals of issue 6:', '', ...goals.map((g) => `- ${g}`), ''] : []),
    'Raw numbers, median [min, max]:',
    '',
    table(['row', ...names], rawLines),
    '',
    ...(notes.length ? ['Notes:', '', ...notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
  const text = [textTable(header, lines), '', ...goals, ...notes.map((n) => n.replace(/\*\*/g, ''))].join('\n');
  return { md, text };
}

function goalLines(results) {
  const get = (name) => results.find((r) => r.contender === name && !r.skipped);
  const c = get('c'), ts = get('wgpu-ts'), tsjs = get('wgpu-ts-js'), dawn = get('dawn'), py = get('wgpu-py');
  const med = (r, k) => r?.rows?.[k]?.median;
  const out = [];
  if (ts && c) {
    for (const k of ['1b_compute_encode', '1c_render_draw']) {
      const t = med(ts, k), f = med(c, k);
      if (!t || !f) continue;
      const parts = [`${k}: wgpu-ts ${(t / f).toFixed(2)}x C (goal <= 1.5x) ${t / f <= 1.5 ? 'MET' : 'MISSED'}`];
      for (const [n, o] of [['dawn', dawn], ['wgpu-py', py]]) {
        const x = med(o, k);
        if (x) parts.push(`${(x / t).toFixed(2)}x faster than ${n} (goal >= 2x) ${x / t >= 2 ? 'MET' : 'MISSED'}`);
      }
      out.push(parts.join('; '));
    }
  }
  if (ts) {
    const m = med(ts, '2g_memcpy');
    for (const k of ['2b_write_big', '2c_readback', '2d_mapped_write', '2e_tex_upload', '2f_tex_readback']) {
      const x = med(ts, k);
      if (x && m) out.push(`${k}: wgpu-ts ${((100 * x) / m).toFixed(0)}% of memcpy (goal >= 80%) ${x / m >= 0.8 ? 'MET' : 'MISSED'}`);
    }
  }
  if (tsjs && dawn) {
    const over = [];
    for (const row of ROWS) {
      if (row.key === '2g_memcpy') continue;
      const a = med(tsjs, row.key), b = med(dawn, row.key);
      if (!a || !b) continue;
      const k = row.dir === 'lower' ? a / b : b / a;
      over.push(`${row.key.split('_')[0]} ${((k - 1) * 100).toFixed(0)}%`);
    }
    out.push(`js-webgpu wrapping cost over dawn.node (goal <= 10%): ${over.join(', ')}`);
  }
  return out;
}

function updateMd(section, label) {
  const begin = `<!-- bench:begin ${label} -->`;
  const end = `<!-- bench:end ${label} -->`;
  const block = `${begin}\n${section}\n${end}`;
  let doc = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '';
  if (!doc.trim()) {
    doc = [
      '# Benchmarks',
      '',
      'Written by `node bench/run.mjs` (see bench/README.md). Each section is one machine/run; rerunning with the',
      'same `--label` replaces that section only. Workloads: issue 6; sizes: bench/params.mjs.',
      '',
    ].join('\n');
  }
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i >= 0 && j > i) doc = doc.slice(0, i) + block + doc.slice(j + end.length);
  else doc = doc.replace(/\s*$/, '\n\n') + block + '\n';
  writeFileSync(mdPath, doc);
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  mkdirSync(jsonDir, { recursive: true });
  let results = [];
  let meta;
  if (fromJson) {
    const dir = resolve(root, String(fromJson));
    const saved = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    results = saved.results;
    meta = saved.meta;
    if (opt('label', null)) meta.label = String(opt('label'));
  } else {
    const t0 = Date.now();
    const mach = machine();
    for (const name of contenders) results.push(await runContender(name));
    const first = results.find((r) => r.adapter && !r.skipped);
    meta = {
      label: String(opt('label', `${adapterName(first)?.split(' / ')[0] ?? os.hostname()}${quick ? ', quick' : ''}`)),
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      command: `node bench/run.mjs ${argv.filter((a) => !a.startsWith('--json-dir') && !a.startsWith('--md=')).join(' ')}`.trim(),
      quick,
      machine: mach,
      seconds: (Date.now() - t0) / 1000,
    };
    writeFileSync(join(jsonDir, 'run.json'), JSON.stringify({ meta, results }, null, 1));
  }
  const { md, text } = render(results, meta);
  process.stdout.write(`\n${meta.label} — ${meta.date}${meta.seconds ? ` (${meta.seconds.toFixed(0)} s)` : ''}\n${text}\n`);
  if (!opt('no-md', false)) {
    updateMd(md, meta.label);
    log(`\nwrote section "${meta.label}" of ${relative(process.cwd(), mdPath) || mdPath}; raw JSON in ${relative(process.cwd(), jsonDir)}`);
  }
  // Exit non-zero only if the floor itself could not run.
  const c = results.find((r) => r.contender === 'c');
  process.exit(c && c.skipped ? 1 : 0);
}

await main();
