// Choosing a backend explicitly: importing a backend module makes it the one behind `gpu` from "wgpu-ts".
import "wgpu-ts/backends/wgpu-native";
import { gpu, activeBackend } from "wgpu-ts";

const adapter = await gpu.requestAdapter();
console.log(gpu.backend, activeBackend().backend, adapter.info.backendType); // wgpu-native wgpu-native vulkan (on Linux)
