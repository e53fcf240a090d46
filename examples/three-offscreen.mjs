// three.js's WebGPURenderer in Node, rendering into wgpu-ts's OffscreenCanvas with an animation loop
// (renderer.setAnimationLoop, driven by requestAnimationFrame), then the last frame written as a PNG.
//   node examples/three-offscreen.mjs [out.png] [frames]      (needs `three`: npm install three)
//   node examples/three-offscreen.mjs --window                  (the same scene in a window: wgpu-ts/window)
import { writeFileSync } from "node:fs";
import { installGlobals } from "wgpu-ts";
import "wgpu-ts/backends/wgpu-native"; // the backend whose GPU* interface classes installGlobals() installs
installGlobals(); // navigator.gpu, GPU* globals, OffscreenCanvas, requestAnimationFrame, self: before three loads
const THREE = await import("three/webgpu");
const { createThreeScene } = await import("./three-scene.mjs");

const inWindow = process.argv.includes("--window");
const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const out = args[0] ?? "three.png";
const frameCount = Number(args[1] ?? 10);

let canvas, win;
if (inWindow) {
  const { openWindow } = await import("wgpu-ts/window");
  win = openWindow({ title: "wgpu-ts: three.js", width: 320, height: 240 });
  canvas = win.canvas;
} else {
  canvas = new OffscreenCanvas(320, 240);
}

const renderer = new THREE.WebGPURenderer({ canvas, antialias: false });
renderer.setSize(canvas.width, canvas.height, false);
await renderer.init();

const { scene, camera, update } = createThreeScene(THREE, canvas.width / canvas.height);

let frames = 0;
await new Promise((done) => {
  renderer.setAnimationLoop(() => {
    update(frames);
    renderer.render(scene, camera);
    if (++frames === frameCount) { renderer.setAnimationLoop(null); done(); }
  });
});
if (win) {
  console.log(`three.js r${THREE.REVISION}: ${frames} frames in a window (${renderer.backend.isWebGPUBackend ? "WebGPU" : "fallback"} backend)`);
  if (process.env.WGPU_TS_HOLD_WINDOW) {
    // For the window test: keep the last frame on screen until a line arrives on stdin.
    console.log(JSON.stringify({ window: String(win.native.window) }));
    await new Promise((r) => process.stdin.once("data", r));
    process.stdin.pause();
  }
  win.close();
} else {
  // The frame is presented after the loop's callback; read what the canvas shows.
  await new Promise((r) => requestAnimationFrame(r));
  const blob = await canvas.convertToBlob({ type: "image/png" });
  writeFileSync(out, Buffer.from(await blob.arrayBuffer()));
  console.log(`three.js r${THREE.REVISION}: ${frames} frames, wrote ${out} (${canvas.width}x${canvas.height}, ${renderer.backend.isWebGPUBackend ? "WebGPU" : "fallback"} backend)`);
}
renderer.dispose();
