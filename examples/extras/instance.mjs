// Instance options, before the first adapter request: node examples/extras/instance.mjs
import { gpu, setInstanceExtras } from "wgpu-ts/backends/wgpu-native";

setInstanceExtras({ backends: ["vulkan"], flags: ["validation"] });
const adapter = await gpu.requestAdapter();
console.log(adapter ? `${adapter.info.description} via ${adapter.info.backendType}` : "no Vulkan adapter");
try {
  setInstanceExtras({ backends: ["gl"] });
} catch (e) {
  console.log("too late:", e.message);
}
