// The GPU implementations the CTS can run on. Each setup() installs what the CTS expects to find in a browser
// (the GPU* interface classes for `instanceof`, GPUBufferUsage & co.) and returns the GPU object to test.
// Imported by child.mjs only (a child process per spec file), so a native abort never reaches the runner.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// The CTS's fixture (tryTrackForCleanup) tests every canvas context it gets with `instanceof WebGLRenderingContext`
// and `instanceof WebGL2RenderingContext`, globals a browser has wherever it has canvases. installGlobals() gives Node
// an OffscreenCanvas (wgpu-ts/canvas) but Node has no WebGL, so the two names are defined here as classes nothing is
// an instance of (getContext('webgl') is null).
function defineNoWebGL() {
  for (const name of ['WebGLRenderingContext', 'WebGL2RenderingContext']) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value: class {}, writable: true, configurable: true });
  }
}

export const BACKENDS = {
  // wgpu-ts's native backend (wgpu-native over koffi), with the globals from wgpu-ts's installGlobals().
  'wgpu-native': {
    describe: async () => {
      const native = await import('wgpu-ts/backends/wgpu-native');
      return `wgpu-ts ${require('wgpu-ts/package.json').version} on wgpu-native ${native.libraryInfo().version}`;
    },
    setup: async () => {
      const native = await import('wgpu-ts/backends/wgpu-native');
      const { installGlobals } = await import('wgpu-ts');
      installGlobals(native.gpu);
      defineNoWebGL();
      return native.gpu;
    },
  },
  // dawn.node (npm `webgpu`) directly: the reference implementation the wgpu-native results are compared with.
  dawn: {
    describe: async () => `dawn.node ${require('webgpu/package.json').version} (npm webgpu)`,
    setup: async () => {
      const { create, globals } = await import('webgpu');
      Object.assign(globalThis, globals);
      return create([]);
    },
  },
  // wgpu-ts's js-webgpu backend over dawn.node: what a wgpu-ts user on dawn.node gets.
  'js-webgpu': {
    describe: async () => `wgpu-ts ${require('wgpu-ts/package.json').version} js-webgpu on dawn.node ${require('webgpu/package.json').version}`,
    setup: async () => {
      const js = await import('wgpu-ts/backends/js-webgpu');
      const { installGlobals } = await import('wgpu-ts');
      await js.getImplementation();
      installGlobals(js.gpu);
      defineNoWebGL();
      return js.gpu;
    },
  },
};
