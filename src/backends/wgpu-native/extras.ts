// wgpu-native backend extras: the functional API of the wgpu-py spec page (request_device_tracing,
// create_pipeline_layout, set_push_constants) and wgpu-py's other native extras, TypeScript-style.
// This module only converts arguments (TypeErrors naming the field) and calls the @internal methods
// of the recorders and encoders (objects/), which check and encode next to the standard commands.
// index.ts exports the functions wrapped once for tracing (trace/hooks.ts `traced`), so they accept
// the objects of a traced device too.
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import koffi from "koffi";
import { GPUShaderStage } from "../../generated/flags.js";
import { WGPUNativeSType, WGPUInstanceBackend, WGPUInstanceFlag, WGPUDx12Compiler, WGPUGles3MinorVersion, WGPUGLFenceBehaviour, WGPUDxcMaxShaderModel, WGPUPipelineStatisticName, WGPUNativeQueryType } from "./ffi/generated/enums.js";
import { setInstanceExtrasFields } from "./runtime.js";
import { NativeBuffer } from "./objects/buffer.js";
import { NativeCommandEncoder } from "./objects/command-encoder.js";
import { NativeComputePassEncoder } from "./objects/compute-pass.js";
import { NativeRenderPassEncoder } from "./objects/render-pass.js";
import { CommandRecorder } from "./objects/command-recorder.js";
import { NativeQuerySet } from "./objects/query-set.js";
import { statisticsOrder, STATISTIC_NAMES, type PipelineStatisticName } from "./statistics.js";
import { toStringView } from "./ffi/strings.js";
import { NativeAdapter } from "./objects/adapter.js";
import { NativeGPU } from "./objects/gpu.js";
import { NativeDevice } from "./objects/device.js";
import type { DeviceContext } from "./objects/context.js";
import { createPipelineLayout as createLayout, NativePipelineLayout } from "./objects/binding.js";
import { createShaderModule as createModule, deviceRuntimeChecks, ALL_RUNTIME_CHECKS, NativeShaderModule } from "./objects/shader-module.js";
import { WGPUShaderRuntimeChecks } from "./ffi/generated/enums.js";
import { invalidPipelineLayout, invalidQuerySet } from "./guards/error-objects.js";
import { bytesOf, dict, fail, instance, sequence, str, u32, u64, optU64, describe, enumValue } from "../../validate/shape.js";

const SHADER_STAGES = GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT | GPUShaderStage.COMPUTE;

// ---- device tracing ---------------------------------------------------------------------------

export interface RequestDeviceTracingOptions {
  label?: string;
  requiredFeatures?: Iterable<GPUFeatureName | string>;
  requiredLimits?: Record<string, number | undefined>;
  defaultQueue?: GPUQueueDescriptor;
}

/**
 * Whether the pinned wgpu-native writes wgpu-core's own trace when `WGPUDeviceExtras.tracePath`
 * is set. It is built without wgpu-core's "trace" cargo feature: the path is accepted and ignored
 * (checked by test/extras/tracing.test.mjs, which looks for any file written by it).
 */
export const NATIVE_TRACE_SUPPORTED = false;

/**
 * Like `adapter.requestDevice`, but every call on the device and its children is streamed to
 * `tracePath` (created if missing) as a portable trace that `npx wgpu-ts replay` re-executes on any
 * backend. `WGPUDeviceExtras.tracePath` is chained too, so a wgpu-native built with wgpu-core's
 * trace feature also writes its own trace there (the pinned library is not; see the README).
 */
export async function requestDeviceTracing(adapter: GPUAdapter, tracePath: string, options: RequestDeviceTracingOptions = {}): Promise<GPUDevice> {
  const a = instance(adapter, NativeAdapter, "requestDeviceTracing(adapter)", "GPUAdapter");
  const dir = resolvePath(str(tracePath, "requestDeviceTracing(tracePath)"));
  const opts = dict<RequestDeviceTracingOptions>(options, "requestDeviceTracing(options)", true);
  if (existsSync(dir)) {
    if (readdirSync(dir).length > 0) console.warn(`wgpu-ts: requestDeviceTracing: ${dir} is not empty; the trace files in it are replaced`);
  } else {
    mkdirSync(dir, { recursive: true });
  }
  const descriptor: GPUDeviceDescriptor = {
    label: opts.label, requiredFeatures: opts.requiredFeatures as Iterable<GPUFeatureName> | undefined,
    requiredLimits: opts.requiredLimits as Record<string, number> | undefined, defaultQueue: opts.defaultQueue,
  };
  const extras = { chain: { next: null, sType: WGPUNativeSType.DeviceExtras }, tracePath: toStringView(dir) };
  const device = await a._requestDevice(descriptor, koffi.as(extras, "WGPUDeviceExtras *"));
  const { traceDevice } = await import("../../trace/recorder.js");
  return traceDevice(device, dir, { adapter: a, descriptor, backend: "wgpu-native" });
}

// ---- push constants (wgpu-native 29: immediates) -----------------------------------------------

export interface PushConstantLayout { visibility: number; start: number; end: number }
export interface PipelineLayoutDescriptorWithPushConstants {
  label?: string;
  bindGroupLayouts: Iterable<GPUBindGroupLayout>;
  pushConstantLayouts?: Iterable<PushConstantLayout>;
}

/** The push-constant ranges declared for each layout made by createPipelineLayout (checked by setPushConstants). */
const declaredRanges = new WeakMap<object, readonly PushConstantLayout[]>();

/**
 * `device.createPipelineLayout` plus `pushConstantLayouts` ({ visibility, start, end }, GPUShaderStage
 * flags). wgpu-native 29 has one block of immediate data per layout: its size is the largest `end`.
 */
export function createPipelineLayout(device: GPUDevice, descriptor: PipelineLayoutDescriptorWithPushConstants): GPUPipelineLayout {
  const dev = nativeDevice(device, "createPipelineLayout(device)");
  const d = dict<PipelineLayoutDescriptorWithPushConstants>(descriptor, "createPipelineLayout(descriptor)");
  const ranges = sequence<PushConstantLayout>(d.pushConstantLayouts, "createPipelineLayout(descriptor).pushConstantLayouts", true).map((r, i) => {
    const where = `createPipelineLayout(descriptor).pushConstantLayouts[${i}]`;
    const x = dict<PushConstantLayout>(r, where);
    return Object.freeze({ visibility: u32(x.visibility, `${where}.visibility`), start: u32(x.start, `${where}.start`), end: u32(x.end, `${where}.end`) });
  });
  const problem = pushConstantProblem(dev, ranges);
  const size = ranges.reduce((m, r) => Math.max(m, r.end), 0);
  let layout: NativePipelineLayout;
  if (problem) {
    layout = invalidPipelineLayout(dev, `createPipelineLayout: ${problem}`, (size) => createLayout(dev, d as GPUPipelineLayoutDescriptor, size));
  } else {
    layout = createLayout(dev, d as GPUPipelineLayoutDescriptor, size);
  }
  declaredRanges.set(layout, Object.freeze(ranges));
  return layout;
}

function pushConstantProblem(dev: DeviceContext, ranges: readonly PushConstantLayout[]): string | null {
  if (ranges.length === 0) return null;
  if (!dev.features.has("immediates")) return `pushConstantLayouts need the "push-constants" feature on the device`;
  const limit = dev._limitValues.maxImmediateSize ?? 0;
  for (const [i, r] of ranges.entries()) {
    const at = `pushConstantLayouts[${i}]`;
    if (r.visibility === 0 || r.visibility & ~SHADER_STAGES) return `${at}.visibility 0x${r.visibility.toString(16)} is not a non-empty set of GPUShaderStage flags`;
    if (r.start % 4 || r.end % 4) return `${at}: start ${r.start} and end ${r.end} must be multiples of 4`;
    if (r.start >= r.end) return `${at}: start ${r.start} must be less than end ${r.end}`;
    if (r.end > limit) return `${at}: end ${r.end} exceeds maxPushConstantSize ${limit}`;
  }
  return null;
}

/**
 * Sets `sizeInBytes` bytes of push constants at `offset`, from `data` (any ArrayBuffer or view)
 * starting at byte `dataOffset`, on a compute pass, render pass or render bundle encoder.
 */
export function setPushConstants(passEncoder: GPUComputePassEncoder | GPURenderPassEncoder | GPURenderBundleEncoder, visibility: number, offset: number, sizeInBytes: number, data: BufferSource, dataOffset = 0): void {
  const enc = instance(passEncoder, CommandRecorder, "setPushConstants(passEncoder)", "GPUComputePassEncoder, GPURenderPassEncoder or GPURenderBundleEncoder of the wgpu-native backend");
  const vis = u32(visibility, "setPushConstants(visibility)");
  const off = u32(offset, "setPushConstants(offset)");
  const size = u32(sizeInBytes, "setPushConstants(sizeInBytes)");
  const bytes = bytesOf(data, "setPushConstants(data)");
  const start = u64(dataOffset, "setPushConstants(dataOffset)");
  if (start + size > bytes.byteLength) throw new RangeError(`setPushConstants: dataOffset + sizeInBytes (${start} + ${size}) exceeds data (${bytes.byteLength} bytes)`);
  enc._setPushConstants(vis, off, bytes.subarray(start, start + size));
}

function nativeDevice(v: unknown, field: string): NativeDevice {
  if (!(v instanceof NativeDevice)) fail(field, `expected a GPUDevice of the wgpu-native backend, got ${describe(v)}`);
  return v;
}

/** The push-constant ranges declared on a layout made by createPipelineLayout (for tools and tests). */
export function pushConstantLayoutsOf(layout: GPUPipelineLayout): readonly PushConstantLayout[] {
  return declaredRanges.get(layout) ?? [];
}

// ---- recording into a pass ----------------------------------------------------------------------

/** A render pass, or (kinds "any") a compute or render pass, of this backend; else a TypeError. */
function passOf(v: unknown, field: string, kinds: "render"): NativeRenderPassEncoder;
function passOf(v: unknown, field: string, kinds: "any"): NativeComputePassEncoder | NativeRenderPassEncoder;
function passOf(v: unknown, field: string, kinds: "render" | "any"): NativeComputePassEncoder | NativeRenderPassEncoder {
  if (v instanceof NativeRenderPassEncoder || (kinds === "any" && v instanceof NativeComputePassEncoder)) return v;
  fail(field, `expected a ${kinds === "render" ? "GPURenderPassEncoder" : "GPUComputePassEncoder or GPURenderPassEncoder"} of the wgpu-native backend, got ${describe(v)}`);
}

// ---- multi-draw ---------------------------------------------------------------------------------

export interface MultiDrawOptions { offset?: number; count: number }
export interface MultiDrawCountOptions { offset?: number; countBuffer: GPUBuffer; countBufferOffset?: number; maxCount: number }

function multiDraw(indexed: boolean, what: string, pass: unknown, buffer: unknown, options: MultiDrawOptions): void {
  const b = instance(buffer, NativeBuffer, `${what}(buffer)`, "GPUBuffer");
  const o = dict<MultiDrawOptions>(options, `${what}(options)`);
  const offset = optU64(o.offset, `${what}(options).offset`, 0);
  const count = u32(o.count, `${what}(options).count`);
  passOf(pass, `${what}(pass)`, "render")._multiDrawIndirect(indexed, b, offset, count);
}

function multiDrawCount(indexed: boolean, what: string, pass: unknown, buffer: unknown, options: MultiDrawCountOptions): void {
  const b = instance(buffer, NativeBuffer, `${what}(buffer)`, "GPUBuffer");
  const o = dict<MultiDrawCountOptions>(options, `${what}(options)`);
  const offset = optU64(o.offset, `${what}(options).offset`, 0);
  const cb = instance(o.countBuffer, NativeBuffer, `${what}(options).countBuffer`, "GPUBuffer");
  const cOffset = optU64(o.countBufferOffset, `${what}(options).countBufferOffset`, 0);
  const maxCount = u32(o.maxCount, `${what}(options).maxCount`);
  passOf(pass, `${what}(pass)`, "render")._multiDrawIndirectCount(indexed, b, offset, cb, cOffset, maxCount);
}

/** `count` draws whose GPUDrawIndirectArgs are packed in `buffer` from `offset` (render passes). */
export function multiDrawIndirect(pass: GPURenderPassEncoder, buffer: GPUBuffer, options: MultiDrawOptions): void {
  multiDraw(false, "multiDrawIndirect", pass, buffer, options);
}

/** `count` indexed draws whose GPUDrawIndexedIndirectArgs are packed in `buffer` from `offset`. */
export function multiDrawIndexedIndirect(pass: GPURenderPassEncoder, buffer: GPUBuffer, options: MultiDrawOptions): void {
  multiDraw(true, "multiDrawIndexedIndirect", pass, buffer, options);
}

/** Like multiDrawIndirect, the number of draws read from `countBuffer` (capped at maxCount). Feature "multi-draw-indirect-count". */
export function multiDrawIndirectCount(pass: GPURenderPassEncoder, buffer: GPUBuffer, options: MultiDrawCountOptions): void {
  multiDrawCount(false, "multiDrawIndirectCount", pass, buffer, options);
}

/** Like multiDrawIndexedIndirect, the number of draws read from `countBuffer`. Feature "multi-draw-indirect-count". */
export function multiDrawIndexedIndirectCount(pass: GPURenderPassEncoder, buffer: GPUBuffer, options: MultiDrawCountOptions): void {
  multiDrawCount(true, "multiDrawIndexedIndirectCount", pass, buffer, options);
}

// ---- pipeline statistics ------------------------------------------------------------------------

export interface StatisticsQuerySetDescriptor { label?: string; count: number; statistics: Iterable<PipelineStatisticName> }
export type { PipelineStatisticName };

const statisticToC: Record<string, number> = {
  "vertex-shader-invocations": WGPUPipelineStatisticName.VertexShaderInvocations,
  "clipper-invocations": WGPUPipelineStatisticName.ClipperInvocations,
  "clipper-primitives-out": WGPUPipelineStatisticName.ClipperPrimitivesOut,
  "fragment-shader-invocations": WGPUPipelineStatisticName.FragmentShaderInvocations,
  "compute-shader-invocations": WGPUPipelineStatisticName.ComputeShaderInvocations,
};

/**
 * A query set of pipeline-statistics queries (feature "pipeline-statistics-query"). Each query
 * resolves to one u64 per statistic, in the order given here (resolveQuerySet reorders wgpu's
 * fixed order; its destination then needs COPY_DST besides QUERY_RESOLVE).
 */
export function createStatisticsQuerySet(device: GPUDevice, descriptor: StatisticsQuerySetDescriptor): GPUQuerySet {
  const W = "createStatisticsQuerySet(descriptor)";
  const dev = nativeDevice(device, "createStatisticsQuerySet(device)");
  const d = dict<StatisticsQuerySetDescriptor>(descriptor, W);
  const count = u32(d.count, `${W}.count`);
  const names = sequence<string>(d.statistics, `${W}.statistics`).map((n, i) => { enumValue(n, `${W}.statistics[${i}]`, statisticToC); return n as PipelineStatisticName; });
  const label = d.label === undefined ? "" : str(d.label, `${W}.label`);
  let problem: string | null = null;
  if (!dev.features.has("pipeline-statistics-query")) problem = `the device was created without the "pipeline-statistics-query" feature`;
  else if (names.length === 0) problem = "statistics is empty";
  else if (new Set(names).size !== names.length) problem = `statistics lists a statistic twice (${names.join(", ")})`;
  const fn = dev._rt.fn;
  let handle: bigint, invalid: boolean;
  if (problem) {
    handle = invalidQuerySet(dev, `createStatisticsQuerySet: ${problem}`, label);
    invalid = true;
  } else {
    const extras = {
      chain: { next: null, sType: WGPUNativeSType.QuerySetDescriptorExtras },
      pipelineStatistics: Uint32Array.from(names, (n) => statisticToC[n]!), pipelineStatisticCount: names.length,
    };
    let errors: unknown[];
    [handle, errors] = dev._capturing(() => fn.wgpuDeviceCreateQuerySet(dev._handle, {
      nextInChain: koffi.as(extras, "WGPUQuerySetDescriptorExtras *"), label: toStringView(label), type: WGPUNativeQueryType.PipelineStatistics, count,
    }) as bigint);
    invalid = errors.length > 0;
  }
  const q = new NativeQuerySet(dev, handle, label, "pipeline-statistics" as GPUQueryType, count);
  q._invalid = invalid;
  statisticsOrder.set(q, names.map((n) => statisticToC[n]!));
  return q;
}

/** Starts pipeline-statistics query `queryIndex` of `querySet` in a compute or render pass. */
export function beginPipelineStatisticsQuery(pass: GPUComputePassEncoder | GPURenderPassEncoder, querySet: GPUQuerySet, queryIndex: number): void {
  const what = "beginPipelineStatisticsQuery";
  const q = instance(querySet, NativeQuerySet, `${what}(querySet)`, "GPUQuerySet");
  const index = u32(queryIndex, `${what}(queryIndex)`);
  passOf(pass, `${what}(pass)`, "any")._beginPipelineStatistics(q, index);
}

/** Ends the pipeline-statistics query begun in this pass. */
export function endPipelineStatisticsQuery(pass: GPUComputePassEncoder | GPURenderPassEncoder): void {
  passOf(pass, "endPipelineStatisticsQuery(pass)", "any")._endPipelineStatistics();
}

/** The statistics of a query set from createStatisticsQuerySet, in the order its values resolve to. */
export function statisticsOf(querySet: GPUQuerySet): readonly PipelineStatisticName[] {
  const order = statisticsOrder.get(querySet);
  return order ? order.map((c) => STATISTIC_NAMES[c]!) : [];
}

// ---- timestamps ---------------------------------------------------------------------------------

/**
 * Writes a timestamp into query `queryIndex` of a timestamp query set, from a command encoder
 * (feature "timestamp-query-inside-encoders") or a compute / render pass ("timestamp-query-inside-passes").
 */
export function writeTimestamp(encoderOrPass: GPUCommandEncoder | GPUComputePassEncoder | GPURenderPassEncoder, querySet: GPUQuerySet, queryIndex: number): void {
  const what = "writeTimestamp";
  const q = instance(querySet, NativeQuerySet, `${what}(querySet)`, "GPUQuerySet");
  const index = u32(queryIndex, `${what}(queryIndex)`);
  if (encoderOrPass instanceof NativeCommandEncoder) encoderOrPass._writeTimestamp(q, index);
  else passOf(encoderOrPass, `${what}(encoderOrPass)`, "any")._writeTimestamp(q, index);
}

// ---- shader runtime checks (trusted shader modules) ------------------------------------------------

/**
 * Which of naga's runtime checks a shader module gets (wgpu.h WGPUShaderRuntimeChecks). Both default to true.
 *
 * `device.createShaderModule` (no setShaderRuntimeChecks on the device) compiles in all checks, except forced
 * loop bounding in a WGSL module whose loops all provably end (counted `for` loops: `for (var i = a; i < E; i++)`
 * with E unchanged by the loop, and the like; guards/loop-termination.ts has the rules and why each is safe),
 * counting those a capped bound makes provable (a power-of-two step or an inclusive condition toward a runtime
 * bound: `i < E; i += 16u` is compiled as `i < min(E, 4294967280u)`, which changes no execution that ends,
 * guards/loop-caps.ts).
 * Loop bounding guards only against loops that never end, so such a module loses no safety by dropping it.
 * {@link getShaderModuleRuntimeChecks} says what a module got. An explicit choice (createShaderModuleTrusted,
 * setShaderRuntimeChecks) is used exactly as given, with or without such a proof.
 *
 * - `boundsChecks: false`: no clamping of array/vector/matrix indices and buffer accesses. The spec's guarantee
 *   that a shader never reads or writes outside its resources then rests on the driver alone: Vulkan's
 *   robustBufferAccess still bounds storage/uniform buffer accesses to the bound buffer, but nothing bounds
 *   workgroup, private or function arrays; an out-of-range index there is undefined behaviour (other
 *   invocations' data, a crash, a lost device).
 * - `forceLoopBounding: false`: no hidden iteration counter in every loop. A loop that never ends is then
 *   undefined behaviour for drivers whose compilers assume forward progress (it may be deleted, or hang the GPU
 *   until the device is lost) instead of being cut off.
 *
 * Only for shaders you wrote or checked: never for WGSL from untrusted input.
 */
export interface ShaderRuntimeChecks { boundsChecks?: boolean; forceLoopBounding?: boolean }

function runtimeChecksMask(checks: unknown, field: string): number {
  const c = dict<ShaderRuntimeChecks>(checks, field, true);
  const flag = (v: unknown, name: string): boolean => {
    if (v === undefined) return true;
    if (typeof v !== "boolean") fail(`${field}.${name}`, `expected a boolean, got ${describe(v)}`);
    return v;
  };
  let mask = ALL_RUNTIME_CHECKS;
  if (!flag(c.boundsChecks, "boundsChecks")) mask &= ~WGPUShaderRuntimeChecks.BoundsChecks;
  if (!flag(c.forceLoopBounding, "forceLoopBounding")) mask &= ~WGPUShaderRuntimeChecks.ForceLoopBounding;
  return mask;
}

/**
 * `device.createShaderModule` with the chosen runtime checks (wgpuDeviceCreateShaderModuleTrusted).
 * See {@link ShaderRuntimeChecks} for what dropping each check costs in safety.
 */
export function createShaderModuleTrusted(device: GPUDevice, descriptor: GPUShaderModuleDescriptor, checks: ShaderRuntimeChecks = {}): GPUShaderModule {
  const dev = nativeDevice(device, "createShaderModuleTrusted(device)");
  return createModule(dev, descriptor, runtimeChecksMask(checks, "createShaderModuleTrusted(checks)"));
}

/**
 * Sets the runtime checks that every later `device.createShaderModule` on `device` compiles in, for clients
 * that create their modules themselves (TensorFlow.js, ...), exactly as given (`{}`: all checks, even in modules
 * whose loops are proven to end); `null` restores the default (all checks, less forced loop bounding where every
 * loop is proven to end). See {@link ShaderRuntimeChecks} for the safety trade-off.
 */
export function setShaderRuntimeChecks(device: GPUDevice, checks: ShaderRuntimeChecks | null): void {
  const dev = nativeDevice(device, "setShaderRuntimeChecks(device)");
  if (checks === null) { deviceRuntimeChecks.delete(dev); return; }
  deviceRuntimeChecks.set(dev, runtimeChecksMask(checks, "setShaderRuntimeChecks(checks)"));
}

function checksOf(mask: number): Required<ShaderRuntimeChecks> {
  return { boundsChecks: (mask & WGPUShaderRuntimeChecks.BoundsChecks) !== 0, forceLoopBounding: (mask & WGPUShaderRuntimeChecks.ForceLoopBounding) !== 0 };
}

/**
 * The runtime checks `device.createShaderModule` compiles in on `device` as set by setShaderRuntimeChecks; without
 * a setting, those of a module whose loops are not all proven to end (all checks).
 */
export function getShaderRuntimeChecks(device: GPUDevice): Required<ShaderRuntimeChecks> {
  return checksOf(deviceRuntimeChecks.get(nativeDevice(device, "getShaderRuntimeChecks(device)")) ?? ALL_RUNTIME_CHECKS);
}

/**
 * The runtime checks a shader module was compiled with, and, for a WGSL module created with the default checks,
 * whether every one of its loops was proven to end (`loopsProven`) and why not (`loopProblems`, "wgsl:LINE: why"),
 * and which loop bounds were capped for the proof (`loopBoundsCapped`, "wgsl:LINE: ..."; the proof is then of
 * the capped code).
 */
export function getShaderModuleRuntimeChecks(module: GPUShaderModule): Required<ShaderRuntimeChecks> & { loopsProven: boolean | null; loopProblems: string[]; loopBoundsCapped: string[] } {
  const m = instance(module, NativeShaderModule, "getShaderModuleRuntimeChecks(module)", "GPUShaderModule");
  const proof = m._loopProof;
  return {
    ...checksOf(m._runtimeChecks), loopsProven: proof ? proof.proven : null, loopProblems: proof ? [...proof.problems] : [],
    loopBoundsCapped: [...m._cappedLoops],
  };
}

// ---- adapter enumeration ------------------------------------------------------------------------------

export interface EnumerateAdaptersOptions {
  /** Native APIs to list: a WGPUInstanceBackend bit mask or names ("vulkan", "gl", "metal", "dx12", "primary", ...). Default: all. */
  backends?: number | Iterable<string>;
}

/**
 * Every adapter the native instance sees (wgpu-py's `enumerate_adapters_async`; wgpuInstanceEnumerateAdapters),
 * each a GPUAdapter that can give out one device: a program drives several GPUs with one device per adapter.
 * The same GPU appears once per native API (Vulkan and GL, say): pass `backends` to list one API's.
 */
export async function enumerateAdapters(options: EnumerateAdaptersOptions = {}): Promise<GPUAdapter[]> {
  const o = dict<EnumerateAdaptersOptions>(options, "enumerateAdapters(options)", true);
  const backends = o.backends === undefined ? null : bits(o.backends, WGPUInstanceBackend, "enumerateAdapters(options).backends");
  // A NativeGPU holds no state of its own (the instance is the runtime's): any one enumerates the same adapters.
  return new NativeGPU().enumerateAdapters(backends);
}

// ---- instance extras ----------------------------------------------------------------------------

export interface InstanceExtras {
  /** Native APIs to use: a WGPUInstanceBackend bit mask or names ("vulkan", "gl", "metal", "dx12", "primary", "secondary"). Default: all. */
  backends?: number | Iterable<string>;
  /** WGPUInstanceFlag bits or names ("debug", "validation", "discard-hal-labels", "gpu-based-validation", ...). */
  flags?: number | Iterable<string>;
  dx12Compiler?: "fxc" | "dxc";
  dxcPath?: string;
  dxcMaxShaderModel?: number;
  gles3MinorVersion?: "automatic" | 0 | 1 | 2;
  glFenceBehavior?: "normal" | "auto-finish";
}

const kebab = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

function bits(v: unknown, table: Record<string, number>, field: string): number {
  if (typeof v === "number") return u32(v, field);
  const names = Object.fromEntries(Object.entries(table).map(([k, n]) => [kebab(k), n]));
  return sequence<string>(v, field).reduce((acc, n, i) => acc | enumValue(n, `${field}[${i}]`, names), 0);
}

/**
 * Options of the native instance (WGPUInstanceExtras): which native APIs, validation and debug
 * flags, shader compilers. Only before the first adapter request; afterwards the instance exists
 * and this throws.
 */
export function setInstanceExtras(extras: InstanceExtras = {}): void {
  const W = "setInstanceExtras(extras)";
  const e = dict<InstanceExtras>(extras, W, true);
  const fields: Record<string, unknown> = {};
  if (e.backends !== undefined) fields.backends = bits(e.backends, WGPUInstanceBackend, `${W}.backends`);
  if (e.flags !== undefined) fields.flags = bits(e.flags, WGPUInstanceFlag, `${W}.flags`);
  if (e.dx12Compiler !== undefined) fields.dx12ShaderCompiler = enumValue(e.dx12Compiler, `${W}.dx12Compiler`, { fxc: WGPUDx12Compiler.Fxc, dxc: WGPUDx12Compiler.Dxc });
  if (e.dxcPath !== undefined) fields.dxcPath = toStringView(str(e.dxcPath, `${W}.dxcPath`));
  if (e.dxcMaxShaderModel !== undefined) {
    const m = Math.round(Number(e.dxcMaxShaderModel) * 10) - 60;
    if (!(m >= 0 && m <= 7)) fail(`${W}.dxcMaxShaderModel`, `expected 6.0 ... 6.7, got ${describe(e.dxcMaxShaderModel)}`);
    fields.dxcMaxShaderModel = WGPUDxcMaxShaderModel.V6_0 + m;
  }
  if (e.gles3MinorVersion !== undefined) {
    const table: Record<string, number> = { automatic: WGPUGles3MinorVersion.Automatic, 0: WGPUGles3MinorVersion.Version0, 1: WGPUGles3MinorVersion.Version1, 2: WGPUGles3MinorVersion.Version2 };
    fields.gles3MinorVersion = enumValue(String(e.gles3MinorVersion), `${W}.gles3MinorVersion`, table);
  }
  if (e.glFenceBehavior !== undefined) fields.glFenceBehaviour = enumValue(e.glFenceBehavior, `${W}.glFenceBehavior`, { normal: WGPUGLFenceBehaviour.Normal, "auto-finish": WGPUGLFenceBehaviour.AutoFinish });
  if (!setInstanceExtrasFields(fields)) {
    throw new Error("setInstanceExtras: the wgpu-native instance already exists (an adapter was requested or the library was loaded); call it before the first requestAdapter()");
  }
}

// ---- native features and limits ------------------------------------------------------------------

/**
 * Every feature wgpu-native reports for an adapter (or has enabled on a device), its own ones included
 * ("mappable-primary-buffers", "vertex-writable-storage", "push-constants", ...). `adapter.features` lists only
 * WebGPU names, so that code requesting every listed feature keeps WebGPU's validation; a native name given in
 * `requiredFeatures` is accepted when it is in this set (and is then listed in that device's `features`).
 */
export function nativeFeatures(of: GPUAdapter | GPUDevice): ReadonlySet<string> {
  if (of instanceof NativeAdapter || of instanceof NativeDevice) return of._nativeFeatures;
  return fail("nativeFeatures(of)", `expected a GPUAdapter or GPUDevice of the wgpu-native backend, got ${describe(of)}`);
}

/**
 * The limits wgpu-native reports, uncapped. `adapter.limits` caps a few counts that drivers report far beyond
 * any use (LIMIT_CEILINGS in objects/limits.ts: lavapipe reports 1,000,000 bindings per bind group).
 */
export function nativeLimits(of: GPUAdapter | GPUDevice): Readonly<Record<string, number>> {
  if (of instanceof NativeAdapter || of instanceof NativeDevice) return Object.freeze({ ...of._nativeLimits });
  return fail("nativeLimits(of)", `expected a GPUAdapter or GPUDevice of the wgpu-native backend, got ${describe(of)}`);
}

export { LIMIT_CEILINGS } from "./objects/limits.js";
