// Diagnostics: the same report as `npx wgpu-ts info`, as an object and as text.
import { getReport, formatReport } from "wgpu-ts/utils";

const report = await getReport();
console.log(report.backend, report.versions.library?.version);
for (const adapter of report.adapters) {
  console.log(`${adapter.isDefault ? "*" : " "} ${adapter.name}: ${adapter.features.length} features, maxBufferSize ${adapter.limits.maxBufferSize}`);
}
console.log(formatReport(report).split("\n")[0]); // wgpu-ts 0.1.0, backend: wgpu-native, wgpu-native 29.0.1.1
