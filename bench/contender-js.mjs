// One JS contender in its own process:  node bench/contender-js.mjs <dawn|wgpu-ts|wgpu-ts-js> [--out=FILE] [--only=k1,k2] [--key=value ...]
// Picks the GPU object, gets an adapter and device, runs bench/workloads.mjs, prints/writes JSON.

import { writeFileSync } from 'node:fs';
import { runAll } from './workloads.mjs';
import { parseArgs } from './params.mjs';

const name = process.argv[2];
const args = process.argv.slice(3);
const p = parseArgs(args);
const outArg = args.find((a) => a.startsWith('--out='));
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice(7).split(',') : undefined;
const log = (s) => process.stderr.write(`[${name}] ${s}\n`);

// wgpu-ts-trusted: every device compiles its shaders without naga's bounds checks and loop bounding.
let trusted = null;
// Objects that must stay referenced while devices live (dawn.node's GPU object).
const keep = [];

async function getGPU() {
  switch (name) {
    case 'dawn': {
      const { create } = await import('webgpu');
      const gpu = create([]);
      keep.push(gpu);
      const pkg = (await import('webgpu/package.json', { with: { type: 'json' } }).catch(() => null))?.default;
      return { gpu, version: `webgpu (dawn.node) ${pkg?.version ?? '?'}` };
    }
    case 'wgpu-ts':
    case 'wgpu-ts-trusted': {
      const mod = await import('wgpu-ts/backends/wgpu-native');
      if (name === 'wgpu-ts-trusted') trusted = mod.setShaderRuntimeChecks;
      const gpu = mod.gpu ?? mod.default?.gpu;
      if (!gpu) throw new Error("'wgpu-ts/backends/wgpu-native' has no export 'gpu'");
      return { gpu, version: `wgpu-ts ${await pkgVersion()} on wgpu-native` };
    }
    case 'wgpu-ts-js': {
      const mod = await import('wgpu-ts/backends/js-webgpu');
      if (typeof mod.wrapGPU !== 'function') throw new Error("'wgpu-ts/backends/js-webgpu' has no export 'wrapGPU'");
      const { create } = await import('webgpu');
      const inner = create([]);
      keep.push(inner);
      const gpu = await mod.wrapGPU(inner);
      keep.push(gpu);
      return { gpu, version: `wgpu-ts ${await pkgVersion()} js-webgpu over dawn.node` };
    }
    default:
      throw new Error(`unknown JS contender '${name}'`);
  }
}

async function pkgVersion() {
  try {
    return (await import('wgpu-ts/package.json', { with: { type: 'json' } })).default.version;
  } catch {
    return '?';
  }
}

function adapterInfo(adapter) {
  const i = adapter.info ?? {};
  const o = {};
  for (const k of ['vendor', 'architecture', 'device', 'description']) if (i[k]) o[k] = String(i[k]);
  return o;
}

const result = { contender: name, runtime: `node ${process.version}`, params: p };
let code = 0;
try {
  const { gpu, version } = await getGPU();
  result.version = version;
  // The WebGPU globals a browser client reads (TensorFlow.js in rows 5a/5b: GPUBufferUsage, GPUMapMode, ...,
  // navigator.gpu), with the spec's values; the workloads themselves use numbers only.
  if (name === 'wgpu-ts' || name === 'wgpu-ts-trusted') {
    (await import('wgpu-ts')).installGlobals(gpu);
  } else {
    Object.assign(globalThis, (await import('webgpu')).globals);
    if (!globalThis.navigator) globalThis.navigator = {};
    Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true });
  }
  // A fresh adapter + device per workload (an adapter can give out only one device).
  const newDevice = async () => {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new Error('requestAdapter returned null');
    result.adapter ??= adapterInfo(adapter);
    const device = await adapter.requestDevice();
    if (!device) throw new Error('requestDevice returned null');
    trusted?.(device, { boundsChecks: false, forceLoopBounding: false });
    try {
      device.addEventListener?.('uncapturederror', (e) => log(`uncaptured error: ${e.error?.message ?? e}`));
    } catch {}
    return device;
  };
  // Fail early (whole contender skipped) if no device can be had at all.
  (await newDevice()).destroy?.();
  log(`adapter: ${JSON.stringify(result.adapter)}`);
  Object.assign(result, await runAll(newDevice, p, { only, log }));
  delete result.sink;
} catch (e) {
  result.fatal = String(e?.stack ?? e).split('\n').slice(0, 4).join(' | ');
  log(`FATAL ${result.fatal}`);
  code = 1;
}
const json = JSON.stringify(result, null, 1);
if (outArg) writeFileSync(outArg.slice(6), json);
else process.stdout.write(json + '\n');
// dawn.node can keep the event loop alive; exit explicitly.
process.exit(code);
