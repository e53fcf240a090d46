// A start-up check for applications: say clearly why there is no GPU, instead of failing later.
import { gpu } from "wgpu-ts";
import { getReport } from "wgpu-ts/utils";

let adapter = null;
try {
  adapter = await gpu.requestAdapter();
} catch (e) {
  // No backend could load: the message lists each backend tried, why it failed and the fix.
  console.error(e.message);
}
if (!adapter) {
  const report = await getReport({ adapters: false });
  console.error("No WebGPU adapter. Problems:", report.problems, "Run `npx wgpu-ts info` for details.");
  process.exit(1);
}
console.log(`using ${adapter.info.device || adapter.info.description}${adapter.info.isFallbackAdapter ? " (software fallback: expect it to be slow)" : ""}`);
