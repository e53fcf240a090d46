// Compute pipelines (render pipelines join them with the render surface).
import { toStringView } from "../ffi/strings.js";
import type { DeviceContext } from "./context.js";
import { NativePipelineBase, NativePipelineLayout } from "./binding.js";
import { NativeShaderModule } from "./shader-module.js";
import { unusableReason } from "../guards/shader-source.js";
import { invalidComputePipeline } from "../guards/error-objects.js";
import { dict, instance, str, f64, fail, describe } from "../../../validate/shape.js";
import { moduleInterface, findEntry, computeProblem, shuffleOverrideProblem, filteringProblem, constantsMap, immediateWords, immediateSizeProblem, type EntryInterface, type ModuleInterface, type LayoutEntryTypes } from "../guards/shader-interface.js";

export class NativeComputePipeline extends NativePipelineBase {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUComputePipeline */
  declare readonly __brand: "GPUComputePipeline";
  constructor(device: DeviceContext, handle: bigint, label: string) { super(device, handle, label, "compute"); }
}

/** GPUProgrammableStage -> WGPUComputeState-shaped fields (shared with the render stages). */
export function programmableStage(s: GPUProgrammableStage, where: string): Record<string, unknown> {
  const stage = dict<GPUProgrammableStage>(s, where);
  const module = instance(stage.module, NativeShaderModule, `${where}.module`, "GPUShaderModule");
  const constants = stage.constants === undefined ? [] : Object.entries(dict<Record<string, unknown>>(stage.constants, `${where}.constants`)).map(([key, v]) => {
    if (typeof v !== "number" && typeof v !== "boolean") fail(`${where}.constants.${key}`, `expected a number or boolean, got ${describe(v)}`);
    return { key: toStringView(key), value: f64(Number(v), `${where}.constants.${key}`) };
  });
  return {
    module: module._handle,
    entryPoint: stage.entryPoint === undefined ? toStringView(undefined) : toStringView(str(stage.entryPoint, `${where}.entryPoint`)),
    constantCount: constants.length,
    constants: constants.length ? constants : null,
  };
}

/**
 * The immediate data size of a pipeline's layout. wgpu-core's derived ("auto") layouts have none (its
 * set_immediates then reports "overruns the immediate data range with a size of 0"): shaders that read
 * var<immediate> need an explicit layout with immediateSize there (a wgpu-native limit).
 */
export function layoutImmediateSize(layout: unknown): number {
  return layout instanceof NativePipelineLayout ? layout._immediateSize : 0;
}

/** Bit i: group i of the pipeline's layout is empty (explicit layouts only; see emptyBindGroup). */
export function layoutEmptyGroups(layout: unknown): number {
  return layout instanceof NativePipelineLayout ? layout._emptyGroups : 0;
}

/** The reflected interface of a stage's entry point, or null (no WGSL source, unreadable, ambiguous). */
export function stageInterface(s: GPUProgrammableStage, stage: EntryInterface["stage"]): { module: ModuleInterface; entry: EntryInterface } | null {
  const module = s.module as unknown as NativeShaderModule;
  if (!(module instanceof NativeShaderModule) || module._code === null) return null;
  const m = moduleInterface(module, module._code);
  const entry = m && findEntry(m, stage, s.entryPoint === undefined ? undefined : String(s.entryPoint));
  return m && entry ? { module: m, entry } : null;
}

/** An explicit layout's bind group entry types (the rules skip "auto" layouts: wgpu-core derives those). */
export function layoutEntryTypes(layout: unknown): LayoutEntryTypes | null {
  return layout instanceof NativePipelineLayout ? layout._groupTypes : null;
}

/** How many bind groups a pipeline's layout has (see NativePipelineBase._groupCount). */
export function layoutGroupCount(layout: unknown, stages: Array<{ module: ModuleInterface; entry: EntryInterface } | null>): number {
  if (layout instanceof NativePipelineLayout) return layout._groupTypes.length;
  let n = 0;
  for (const s of stages) {
    if (!s) return 0;
    for (const g of s.entry.globals) { const v = s.module.vars.get(g); if (v && v.group >= 0) n = Math.max(n, v.group + 1); }
  }
  return n;
}

/** The immediate data bytes a pipeline's shaders may use: its layout's immediateSize, maxImmediateSize for "auto". */
export function availableImmediates(device: DeviceContext, layout: unknown): number {
  return layout instanceof NativePipelineLayout ? layout._immediateSize : device._limitValues.maxImmediateSize ?? 0;
}

/** The immediate data words the stages require together (sorted), or null for none. */
export function requiredImmediateWords(stages: Array<{ module: ModuleInterface; entry: EntryInterface } | null>): Uint16Array | null {
  const all = new Set<number>();
  for (const s of stages) if (s) for (const w of immediateWords(s.module, s.entry) ?? []) all.add(w);
  return all.size ? Uint16Array.from([...all].sort((a, b) => a - b)) : null;
}

export function pipelineLayoutHandle(layout: unknown, where: string): bigint {
  if (layout === "auto") return 0n;
  return instance(layout, NativePipelineLayout, where, "GPUPipelineLayout or \"auto\"")._handle;
}

export function createComputePipeline(device: DeviceContext, descriptor: GPUComputePipelineDescriptor): NativeComputePipeline {
  const d = dict<GPUComputePipelineDescriptor>(descriptor, "GPUComputePipelineDescriptor");
  const layout = pipelineLayoutHandle(d.layout, "GPUComputePipelineDescriptor.layout");
  const compute = programmableStage(d.compute, "GPUComputePipelineDescriptor.compute");
  const label = d.label === undefined ? "" : str(d.label, "GPUComputePipelineDescriptor.label");
  // Guard: a GLSL/SPIR-V module that failed to parse has no native id (a pipeline from it panics).
  let unusable = unusableReason((d.compute as GPUProgrammableStage).module as never);
  // The spec's rules wgpu-native does not apply (guards/shader-interface.ts), the workgroup size and
  // storage limits (maxComputeWorkgroupStorageSize: device-limits.ts's table) among them.
  const iface = unusable ? null : stageInterface(d.compute, "compute");
  if (iface) {
    unusable = computeProblem(iface.module, iface.entry, constantsMap(d.compute.constants), device._limitValues)
      ?? filteringProblem(iface.entry, layoutEntryTypes(d.layout), "compute entry point")
      ?? immediateSizeProblem(iface.module, iface.entry, availableImmediates(device, d.layout), "compute entry point")
      ?? shuffleOverrideProblem(iface.module, iface.entry, constantsMap(d.compute.constants), "compute entry point");
  }
  if (unusable) {
    const h = invalidComputePipeline(device, `createComputePipeline: ${unusable}`, { label: toStringView(label), layout: layout || null, compute });
    return new NativeComputePipeline(device, h, label);
  }
  const handle = device._rt.fn.wgpuDeviceCreateComputePipeline(device._handle, {
    label: toStringView(label), layout: layout || null, compute,
  }) as bigint;
  const pipeline = new NativeComputePipeline(device, handle, label);
  pipeline._immediateSize = layoutImmediateSize(d.layout);
  pipeline._immediateWords = requiredImmediateWords([iface]);
  pipeline._groupCount = layoutGroupCount(d.layout, [iface]);
  pipeline._emptyGroups = layoutEmptyGroups(d.layout);
  return pipeline;
}
