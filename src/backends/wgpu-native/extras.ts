// wgpu-native backend extras: the functional API of the wgpu-py spec page (request_device_tracing,
// create_pipeline_layout, set_push_constants) and wgpu-py's other native extras, TypeScript-style.
// Every function accepts the objects of a traced device too (src/trace/): while no trace is active
// the only cost is one `hooks.active` branch.
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import koffi from "koffi";
import { hooks } from "../../trace/hooks.js";
import { WGPUNativeSType } from "./ffi/generated/enums.js";
import { toStringView } from "./ffi/strings.js";
import { NativeAdapter } from "./objects/adapter.js";
import { NativeDevice } from "./objects/device.js";
import { createPipelineLayout as createLayout, NativePipelineLayout } from "./objects/binding.js";
import { checkRange, type ImmediatesEncoder } from "./immediates.js";
import { bytesOf, dict, fail, instance, sequence, str, u32, u64, describe } from "../../validate/shape.js";

const SHADER_STAGES = 0x7;

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
  return traceDevice(device as unknown as GPUDevice, dir, { adapter: a as unknown as GPUAdapter, descriptor, backend: "wgpu-native" });
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
  if (hooks.active) return hooks.tracer!.call("createPipelineLayout", [device, descriptor], createPipelineLayoutImpl);
  return createPipelineLayoutImpl(device, descriptor);
}

function createPipelineLayoutImpl(device: GPUDevice, descriptor: PipelineLayoutDescriptorWithPushConstants): GPUPipelineLayout {
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
    dev._validationError(`createPipelineLayout: ${problem}`);
    // An invalid layout natively too (an immediate size over the limit), without its duplicate message.
    [layout] = dev._capturingSilently(() => createLayout(dev, d as GPUPipelineLayoutDescriptor, (dev._limitValues.maxImmediateSize ?? 0) + 4));
  } else {
    layout = createLayout(dev, d as GPUPipelineLayoutDescriptor, size);
  }
  declaredRanges.set(layout, Object.freeze(ranges));
  return layout as unknown as GPUPipelineLayout;
}

function pushConstantProblem(dev: NativeDevice, ranges: readonly PushConstantLayout[]): string | null {
  if (ranges.length === 0) return null;
  if (!dev.features.has("immediates")) return `pushConstantLayouts need the "push-constants" feature on the device`;
  const limit = dev._limitValues.maxImmediateSize ?? 0;
  let seen = 0;
  for (const [i, r] of ranges.entries()) {
    const at = `pushConstantLayouts[${i}]`;
    if (r.visibility === 0 || r.visibility & ~SHADER_STAGES) return `${at}.visibility 0x${r.visibility.toString(16)} is not a non-empty set of GPUShaderStage flags`;
    if (r.start % 4 || r.end % 4) return `${at}: start ${r.start} and end ${r.end} must be multiples of 4`;
    if (r.start >= r.end) return `${at}: start ${r.start} must be less than end ${r.end}`;
    if (r.end > limit) return `${at}: end ${r.end} exceeds maxPushConstantSize ${limit}`;
    if (seen & r.visibility) return `${at}: a shader stage in visibility 0x${r.visibility.toString(16)} already has a push-constant range (one range per stage)`;
    seen |= r.visibility;
  }
  return null;
}

/**
 * Sets `sizeInBytes` bytes of push constants at `offset`, from `data` (any ArrayBuffer or view)
 * starting at byte `dataOffset`, on a compute pass, render pass or render bundle encoder.
 */
export function setPushConstants(passEncoder: GPUComputePassEncoder | GPURenderPassEncoder | GPURenderBundleEncoder, visibility: number, offset: number, sizeInBytes: number, data: BufferSource, dataOffset = 0): void {
  if (hooks.active) return hooks.tracer!.call("setPushConstants", [passEncoder, visibility, offset, sizeInBytes, data, dataOffset], setPushConstantsImpl);
  setPushConstantsImpl(passEncoder, visibility, offset, sizeInBytes, data, dataOffset);
}

function setPushConstantsImpl(passEncoder: unknown, visibility: number, offset: number, sizeInBytes: number, data: BufferSource, dataOffset = 0): void {
  const enc = immediatesEncoder(passEncoder, "setPushConstants(passEncoder)");
  const vis = u32(visibility, "setPushConstants(visibility)");
  const off = u32(offset, "setPushConstants(offset)");
  const size = u32(sizeInBytes, "setPushConstants(sizeInBytes)");
  const bytes = bytesOf(data, "setPushConstants(data)");
  const start = u64(dataOffset, "setPushConstants(dataOffset)");
  if (start + size > bytes.byteLength) throw new RangeError(`setPushConstants: dataOffset + sizeInBytes (${start} + ${size}) exceeds data (${bytes.byteLength} bytes)`);
  const dev = deviceOf(enc);
  if (vis === 0 || vis & ~SHADER_STAGES) { dev._validationError(`setPushConstants: visibility 0x${vis.toString(16)} is not a non-empty set of GPUShaderStage flags`); return; }
  const r = checkRange(dev, "setPushConstants", off, bytes.subarray(start, start + size));
  if (r) enc._setImmediates(r[0], r[1]);
}

function nativeDevice(v: unknown, field: string): NativeDevice {
  if (!(v instanceof NativeDevice)) fail(field, `expected a GPUDevice of the wgpu-native backend, got ${describe(v)}`);
  return v;
}

function immediatesEncoder(v: unknown, field: string): ImmediatesEncoder {
  if (v && typeof v === "object" && typeof (v as ImmediatesEncoder)._setImmediates === "function") return v as ImmediatesEncoder;
  fail(field, `expected a GPUComputePassEncoder, GPURenderPassEncoder or GPURenderBundleEncoder of the wgpu-native backend, got ${describe(v)}`);
}

/** The device of a compute/render pass (through its command encoder) or of a render bundle encoder. */
function deviceOf(enc: object): NativeDevice {
  const e = enc as { _device?: NativeDevice; _encoder?: { _device: NativeDevice } };
  return (e._device ?? e._encoder?._device)!;
}

/** The push-constant ranges declared on a layout made by createPipelineLayout (for tools and tests). */
export function pushConstantLayoutsOf(layout: GPUPipelineLayout): readonly PushConstantLayout[] {
  return declaredRanges.get(layout) ?? [];
}
