// wgpu-ts/backends/wgpu-native: the wgpu-native backend (koffi FFI over webgpu.h + wgpu.h).
// Importing this module registers it as the backend behind `import { gpu } from "wgpu-ts"`.
import { registerBackend } from "../../selection.js";
import { NativeGPU } from "./objects/gpu.js";
import { runtime } from "./runtime.js";
import { liveObjectCounts } from "./lifetime.js";
import { zeroCopyMapping } from "./mapped-memory.js";
import { helperStatus } from "./native-helper.js";

import { interfaces } from "./interfaces.js";

const nativeGPU = new NativeGPU();
nativeGPU.interfaces = interfaces;

/** This backend's GPU object (usable directly, whatever the facade uses). */
export const gpu: GPU & { readonly backend: "wgpu-native" } = nativeGPU;

registerBackend(nativeGPU);

/** Loads the library now (throws the actionable not-found / version error). */
export function ensureLoaded(): void {
  runtime();
}

/**
 * Which library was loaded, its version, where it was found (source: "package @wgpu-ts/native-<platform> <version>",
 * "checkout vendor/", "WGPU_LIB_PATH", "system") and whether the Node-API helper is active (helper: "active (<path>)"
 * or "not available: <why>; <what that costs>").
 */
export function libraryInfo(): { path: string; version: string; source: string; helper: string; zeroCopyMapping: boolean } {
  const lib = runtime().library;
  return { path: lib.path, version: lib.version, source: lib.source, helper: helperStatus, zeroCopyMapping };
}

export { liveObjectCounts };
/** Estimated GPU memory (bytes) of live, not destroyed buffers and textures, per type. */
export { liveObjectBytes } from "./lifetime.js";
export { LibraryNotFoundError } from "./library.js";

// Diagnostics: wgpu-native's log output routed to a logger (WGPU_LOG_LEVEL or setLogLevel()).
export { setLogLevel, getLogLevel, setLogger, consoleLogger, type LogLevel, type Logger } from "./logging.js";
import { applyLogLevelFromEnv } from "./logging.js";
applyLogLevelFromEnv();

// wgpu-native's own object counts (wgpuGenerateReport), for leak checks and diagnostics.
export { generateReport, nativeObjectCounts, type NativeReport, type GlobalReport, type RegistryReport, type HubKind } from "./report.js";

// Backend extras (the wgpu-py spec page's functional API): tracing, push constants, multi-draw, queries.
// The ones that take GPU objects are exported wrapped once for tracing (a traced device's objects are
// proxies); these local exports take precedence over the plain ones of `export *`.
export * from "./extras.js";
import * as extras from "./extras.js";
import { tracedTable } from "../../trace/hooks.js";
export const {
  createPipelineLayout, setPushConstants, multiDrawIndirect, multiDrawIndexedIndirect, multiDrawIndirectCount, multiDrawIndexedIndirectCount,
  createStatisticsQuerySet, beginPipelineStatisticsQuery, endPipelineStatisticsQuery, writeTimestamp, createShaderModuleTrusted, setShaderRuntimeChecks,
} = tracedTable(extras, [
  "createPipelineLayout", "setPushConstants", "multiDrawIndirect", "multiDrawIndexedIndirect", "multiDrawIndirectCount", "multiDrawIndexedIndirectCount",
  "createStatisticsQuerySet", "beginPipelineStatisticsQuery", "endPipelineStatisticsQuery", "writeTimestamp", "createShaderModuleTrusted", "setShaderRuntimeChecks",
]);

// Timestamp queries resolve to ticks: nanoseconds per tick of a queue.
export { getTimestampPeriod } from "./objects/query-set.js";
