// wgpu-ts/trace: portable API traces of any backend's device (see docs/trace-format.md).
//   traceDevice(device, dir)  record a device (any backend) into dir
//   replayTrace(dir, opts)    re-execute a trace, optionally checking readbacks
//   loadTrace / summarize     read and summarize a trace
// wgpu-native's requestDeviceTracing (wgpu-ts/backends/wgpu-native) requests a device and traces it.
export { traceDevice, stopTracing, flushTraces, type TraceDeviceOptions } from "./recorder.js";
export { replayTrace, type ReplayOptions, type ReplayResult, type Mismatch } from "./replay.js";
export { loadTrace, TraceFormatError, FORMAT, VERSION, type LoadedTrace, type TraceHeader, type TraceRecord } from "./format.js";
export { summarize, formatSummary, type TraceSummary } from "./summary.js";
