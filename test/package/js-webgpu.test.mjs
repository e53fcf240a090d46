// The js-webgpu and auto backends as a user meets them: wrapGPU over dawn.node, the auto backend's choice in
// Node (and its error when nothing is available), a browser bundle without Node built-ins, and Deno loading
// wgpu-ts from a local path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function run(code, env = {}, args = []) {
  const r = spawnSync(process.execPath, [...args, '--input-type=module', '-e', code], {
    cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env },
  });
  return { ...r, out: `${r.stdout}${r.stderr}` };
}

// Makes `import('webgpu')` fail as if the package were not installed.
const HIDE_DAWN = `data:text/javascript,${encodeURIComponent(`
  import { register } from 'node:module';
  register('data:text/javascript,' + encodeURIComponent(\`
    export async function resolve(specifier, context, next) {
      if (specifier === 'webgpu') { const e = new Error("Cannot find package 'webgpu'"); e.code = 'ERR_MODULE_NOT_FOUND'; throw e; }
      return next(specifier, context);
    }\`));`)}`;

test('wrapGPU(dawn.node): backend, adapters of the implementation, wgpu-ts error classes recognise its errors, GC-safe', () => {
  const r = run(`
    import { create, globals } from 'webgpu';
    import { wrapGPU } from 'wgpu-ts/backends/js-webgpu';
    import { GPUValidationError, GPUError, GPUOutOfMemoryError } from 'wgpu-ts';
    let gpu = wrapGPU(create([]), { globals });
    const adapter = await gpu.requestAdapter();
    const device = await adapter.requestDevice();
    console.log(gpu.backend, adapter instanceof globals.GPUAdapter);
    gpu = null; // only the device is left: the implementation must stay alive (dawn.node aborts otherwise)
    globalThis.gc(); await new Promise((r) => setTimeout(r, 20)); globalThis.gc();
    device.pushErrorScope('validation');
    device.createBuffer({ size: 4, usage: 0 });
    const e = await device.popErrorScope();
    console.log(e instanceof GPUValidationError, e instanceof GPUError, e instanceof GPUOutOfMemoryError);
    const b = device.createBuffer({ size: 4, usage: globals.GPUBufferUsage.MAP_READ | globals.GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(b, 0, new Uint32Array([7]));
    await b.mapAsync(globals.GPUMapMode.READ);
    console.log('read', new Uint32Array(b.getMappedRange())[0]);`, {}, ['--expose-gc']);
  assert.equal(r.status, 0, r.out);
  assert.match(r.stdout, /^js-webgpu true\ntrue true false\nread 7\n$/);
});

test('auto in Node: wgpu-native first; js-webgpu over dawn.node when the library is missing or when forced', () => {
  const code = `import { gpu } from 'wgpu-ts'; import 'wgpu-ts/backends/auto';
    const a = await gpu.requestAdapter(); console.log(gpu.backend, !!a);`;
  assert.match(run(code).stdout, /^wgpu-native true$/m);
  assert.match(run(code, { WGPU_LIB_PATH: '/nonexistent/libwgpu_native.so' }).stdout, /^js-webgpu true$/m);
  assert.match(run(code, { WGPU_TS_BACKEND: 'js-webgpu' }).stdout, /^js-webgpu true$/m);
  // The facade with nothing imported makes the same choice.
  const plain = run(`import { gpu } from 'wgpu-ts'; await gpu.requestAdapter(); console.log(gpu.backend);`, { WGPU_LIB_PATH: '/nonexistent/x.so' });
  assert.match(plain.stdout, /^js-webgpu$/m, plain.out);
});

test('auto in Node with nothing available: one error listing each backend, why and the fix', () => {
  const code = `import { gpu } from 'wgpu-ts';
    try { await gpu.requestAdapter(); console.log('no error'); } catch (e) { console.log('ERR ' + e.message); }`;
  const r = run(code, { WGPU_LIB_PATH: '/nonexistent/libwgpu_native.so' }, ['--import', HIDE_DAWN]);
  assert.match(r.stdout, /ERR wgpu-ts: no backend available in node\. Tried:/, r.out);
  assert.match(r.stdout, /- wgpu-native: .*WGPU_LIB_PATH=\/nonexistent/, r.out);
  assert.match(r.stdout, /npm run setup/, r.out);
  assert.match(r.stdout, /- js-webgpu: .*npm install webgpu/, r.out);
  const bogus = run(code, { WGPU_TS_BACKEND: 'metal' });
  assert.match(bogus.stdout, /ERR wgpu-ts: WGPU_TS_BACKEND=metal is not a backend; expected one of: wgpu-native, js-webgpu/, bogus.out);
});

test('a browser bundle of wgpu-ts (facade, auto, js-webgpu) reaches no Node built-in and no native code', async () => {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: {
      contents: `export * from 'wgpu-ts'; export { gpu as autoGPU } from 'wgpu-ts/backends/auto';
        export { wrapGPU, gpu as jsGPU } from 'wgpu-ts/backends/js-webgpu';`,
      resolveDir: root, loader: 'js',
    },
    bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent', absWorkingDir: root, metafile: true,
  });
  assert.deepEqual(result.errors, []);
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.includes('dist/backends/js-webgpu/wrap.js'), inputs.join(', '));
  assert.deepEqual(inputs.filter((f) => /wgpu-native|koffi|node_modules/.test(f)), [], 'Node-only modules reached the bundle');
  const text = result.outputFiles[0].text;
  assert.doesNotMatch(text, /(from|import\(|require\()\s*["']node:/, 'a node: import reached the bundle');
});

// In Deno the facade picks wgpu-native when Deno may load native code (--allow-ffi, --allow-read, --allow-env; `deno
// eval` grants all), else js-webgpu over Deno's navigator.gpu; WGPU_TS_BACKEND=js-webgpu chooses the latter.
for (const [what, args, env, expected] of [
  ['all permissions: wgpu-native', ['eval'], {}, /^wgpu-native 9 true$/m],
  ['WGPU_TS_BACKEND=js-webgpu: js-webgpu over navigator.gpu', ['eval'], { WGPU_TS_BACKEND: 'js-webgpu' }, /^js-webgpu 9 true$/m],
  ['no --allow-ffi: js-webgpu over navigator.gpu, without a permission prompt', ['run', '--allow-read', '--allow-env', '-'], {}, /^js-webgpu 9 true$/m],
]) {
  test(`Deno loads wgpu-ts from a local path; with nothing imported the facade chooses (${what})`, () => {
    const deno = `${root}node_modules/.bin/deno`;
    assert.ok(existsSync(deno), 'node_modules/.bin/deno is missing (devDependency `deno`; run npm ci)');
    const source = `
      import { gpu, installGlobals } from './dist/index.js';
      const a = await gpu.requestAdapter(); const d = await a.requestDevice();
      installGlobals();
      const b = d.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      const e = d.createCommandEncoder(); d.queue.writeBuffer(b, 0, new Uint32Array([9])); d.queue.submit([e.finish()]);
      await b.mapAsync(GPUMapMode.READ);
      console.log(gpu.backend, new Uint32Array(b.getMappedRange())[0], navigator.gpu === gpu);`;
    const stdin = args.at(-1) === '-';
    const r = spawnSync(deno, stdin ? args : [...args, source], {
      cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env }, input: stdin ? source : undefined,
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, expected);
  });
}

test('Bun loads wgpu-ts from a local path; with nothing imported the facade chooses wgpu-native', () => {
  const bun = `${root}node_modules/.bin/bun`;
  assert.ok(existsSync(bun), 'node_modules/.bin/bun is missing (devDependency `bun`; run npm ci)');
  const r = spawnSync(bun, ['-e', `
    import { gpu } from './dist/index.js';
    const d = await (await gpu.requestAdapter()).requestDevice();
    const b = d.createBuffer({ size: 4, usage: 1 | 8 });
    d.queue.writeBuffer(b, 0, new Uint32Array([9]));
    await b.mapAsync(1);
    console.log(gpu.backend, new Uint32Array(b.getMappedRange())[0]);`], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^wgpu-native 9$/m);
});
