// Each backend module exports its own `gpu`, usable directly whatever the facade uses:
// here wgpu-native and js-webgpu (over dawn.node from npm `webgpu`) in one process.
import { gpu as nativeGPU } from "wgpu-ts/backends/wgpu-native";
import { gpu as jsGPU, wrapGPU } from "wgpu-ts/backends/js-webgpu";

for (const gpu of [nativeGPU, jsGPU]) {
  const adapter = await gpu.requestAdapter();
  console.log(`${gpu.backend}: ${adapter ? adapter.info.description || adapter.info.device : "no adapter"}`);
}

// wrapGPU() puts wgpu-ts over any WebGPU implementation you already have.
const { create, globals } = await import("webgpu");
const wrapped = wrapGPU(create([]), { globals, name: "my dawn.node" });
const device = await (await wrapped.requestAdapter()).requestDevice();
console.log(wrapped.backend, wrapped.implementationName, device.limits.maxBindGroups >= 4); // js-webgpu my dawn.node true
device.destroy();
