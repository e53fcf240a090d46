// GPURenderPipeline: descriptor conversion (vertex buffers, primitive, depth/stencil, multisample,
// fragment targets) and creation.
//
// Guards (wgpu-native panics on these while converting the descriptor, before any validation):
// unknown GPUColorWrite bits (`from_bits().unwrap()`), a depth format without depthWriteEnabled,
// depthWriteEnabled on a format without depth (`panic!`), a null vertex buffer layout ("unused
// vertex buffers are not supported"). The first three are validation errors here (with a native
// error object); a null layout becomes an empty one (no attributes, stride 0), and since wgpu-native
// then wants a buffer in that slot, draws bind a placeholder there (render-commands.ts).
//
// Upstream (wgpu-core 29): layouts without attributes are left out of the backend's list of vertex
// bindings, and the backend numbers the bindings by their place in that list, so the attributes of a
// layout after an empty one read the buffer of a lower slot (repro:
// test/cts/repros/wgpu_native_empty_vertex_layout_shifts_slots.py). The layouts reach wgpu-native in an
// order with every layout that has attributes first (its place in the list is then its native slot);
// _vertexSlotMap says where each slot went and draws bind the buffers there (render-commands.ts).
import { toStringView } from "../ffi/strings.js";
import { GPUColorWrite } from "../../../generated/flags.js";
import {
  textureFormatToC, primitiveTopologyToC, indexFormatToC, frontFaceToC, cullModeToC, compareFunctionToC, stencilOperationToC,
  blendOperationToC, blendFactorToC, vertexFormatToC, vertexStepModeToC,
} from "../ffi/generated/maps.js";
import { WGPUOptionalBool } from "../ffi/generated/enums.js";
import type { DeviceContext } from "./context.js";
import { NativePipelineBase } from "./binding.js";
import { programmableStage, pipelineLayoutHandle, layoutImmediateSize, layoutEmptyGroups, stageInterface, layoutEntryTypes, requiredImmediateWords, availableImmediates, layoutGroupCount } from "./compute-pipeline.js";
import { fragmentProblem, interStageProblem, filteringProblem, immediateSizeProblem, clipDistancesProblem, shuffleOverrideProblem, constantsMap, type TargetInfo } from "../guards/shader-interface.js";
import { formatInfo, checkFormatFeature } from "../guards/texture-formats.js";
import { unusableReason } from "../guards/shader-source.js";
import { createShaderModule, type NativeShaderModule } from "./shader-module.js";
import { rewriteBgraInputs, cachedBgraModule } from "../guards/vertex-bgra.js";
import { invalidRenderPipeline } from "../guards/error-objects.js";
import { vertexBufferCountProblem } from "../guards/device-limits.js";
import { dict, sequence, u32, u64, optU32, bool, enumValue, str, f64, i32 } from "../../../validate/shape.js";

const NO_SLOTS = new Uint8Array(0);

export class NativeRenderPipeline extends NativePipelineBase {
  /**
   * @internal its vertex buffer slots: 1 where a layout needs a buffer, 0 for a null layout (wgpu-native
   * still requires a buffer there; render-commands.ts binds a placeholder).
   */
  readonly _vertexSlots: Uint8Array;
  /** @internal some slot of _vertexSlots is 0 */ readonly _hasNullVertexSlot: boolean;
  /**
   * @internal the native slot of each slot when wgpu-native got the layouts in another order (an empty
   * layout before one with attributes, see the header); null when every slot is its own.
   */
  readonly _vertexSlotMap: Uint8Array | null;
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPURenderPipeline */
  declare readonly __brand: "GPURenderPipeline";
  constructor(device: DeviceContext, handle: bigint, label: string, vertexSlots: Uint8Array = NO_SLOTS, vertexSlotMap: Uint8Array | null = null) {
    super(device, handle, label, "render");
    this._vertexSlots = vertexSlots;
    this._hasNullVertexSlot = vertexSlots.includes(0);
    this._vertexSlotMap = vertexSlotMap;
  }
}

function stencilFace(v: unknown, where: string): Record<string, number> {
  const s = dict<GPUStencilFaceState>(v, where, true);
  return {
    compare: enumValue(s.compare, `${where}.compare`, compareFunctionToC, "always"),
    failOp: enumValue(s.failOp, `${where}.failOp`, stencilOperationToC, "keep"),
    depthFailOp: enumValue(s.depthFailOp, `${where}.depthFailOp`, stencilOperationToC, "keep"),
    passOp: enumValue(s.passOp, `${where}.passOp`, stencilOperationToC, "keep"),
  };
}

function blendComponent(v: unknown, where: string): Record<string, number> {
  const c = dict<GPUBlendComponent>(v, where, true);
  return {
    operation: enumValue(c.operation, `${where}.operation`, blendOperationToC, "add"),
    srcFactor: enumValue(c.srcFactor, `${where}.srcFactor`, blendFactorToC, "one"),
    dstFactor: enumValue(c.dstFactor, `${where}.dstFactor`, blendFactorToC, "zero"),
  };
}

/**
 * The inter-stage rules wgpu-core 29 leaves out: the slots the vertex stage's clip distances take
 * (guards/shader-interface.ts). Only entry points the reflection reads for certain are checked.
 */
function vertexOutputProblem(vertex: GPUVertexState, pointList: boolean, maxInterStageShaderVariables: number): string | null {
  const vi = stageInterface(vertex, "vertex");
  const p = vi && clipDistancesProblem(vi.module, vi.entry, maxInterStageShaderVariables, pointList);
  return p ? `GPURenderPipelineDescriptor.vertex: ${p}` : null;
}

/**
 * Points the native vertex stage at a module whose entry point reads the unorm8x4-bgra attributes (passed
 * as unorm8x4) in BGRA order (guards/vertex-bgra.ts); the reason it cannot where the rewrite is not certain
 * (the guard: never the raw format, which panics).
 */
function bgraVertexModule(device: DeviceContext, vertexIn: GPUVertexState, vertex: Record<string, unknown>, bgra: Array<{ location: number; where: string }>): string | null {
  const refuse = `${bgra[0]!.where} "unorm8x4-bgra" is emulated only for a WGSL vertex entry point whose float input at @location(${bgra[0]!.location}) is a parameter or struct member with a literal @location (wgpu-native 29's descriptor conversion panics on the format itself)`;
  const vi = stageInterface(vertexIn, "vertex");
  const module = vertexIn.module as unknown as NativeShaderModule;
  if (!vi || module._code === null) return refuse;
  // Locations the shader does not read need no swizzle (unorm8x4 alone is then the same attribute).
  const locations = [...new Set(bgra.map((b) => b.location))].filter((l) => vi.entry.inputs.has(l)).sort((a, b) => a - b);
  if (!locations.length) return null;
  const code = module._code;
  const rewritten = cachedBgraModule(module, `${vi.entry.name}|${locations.join(",")}`, () => {
    const src = rewriteBgraInputs(code, vi.entry, locations, vi.module.structs);
    if (src === null) return null;
    const m = createShaderModule(device, { code: src, label: module.label });
    return m._code === null ? null : m;
  });
  if (!rewritten) return refuse;
  vertex.module = rewritten._handle;
  return null;
}

/** Converts a GPURenderPipelineDescriptor; `problem` is set for inputs that must not reach native code. */
export function renderPipelineDescriptor(d: GPURenderPipelineDescriptor, device: DeviceContext): { native: Record<string, unknown>; label: string; problem: string | null; vertexSlots: Uint8Array; vertexSlotMap: Uint8Array | null } {
  const W = "GPURenderPipelineDescriptor";
  let problem: string | null = null;
  const layout = pipelineLayoutHandle(d.layout, `${W}.layout`);
  const label = d.label === undefined ? "" : str(d.label, `${W}.label`);

  const vertexIn = dict<GPUVertexState>(d.vertex, `${W}.vertex`);
  const vertex = programmableStage(vertexIn, `${W}.vertex`);
  problem ??= unusableReason(vertexIn.module as never);
  const used: number[] = [];
  const bgra: Array<{ location: number; where: string }> = [];
  const buffers = sequence<GPUVertexBufferLayout | null>(vertexIn.buffers, `${W}.vertex.buffers`, true).map((b, i) => {
    const where = `${W}.vertex.buffers[${i}]`;
    used.push(b === null || b === undefined ? 0 : 1);
    if (b === null || b === undefined) return { stepMode: vertexStepModeToC.vertex, arrayStride: 0, attributeCount: 0, attributes: null };
    const l = dict<GPUVertexBufferLayout>(b, where);
    const attributes = sequence<GPUVertexAttribute>(l.attributes, `${where}.attributes`).map((a, j) => {
      const aw = `${where}.attributes[${j}]`;
      const at = dict<GPUVertexAttribute>(a, aw);
      let format = enumValue(at.format, `${aw}.format`, vertexFormatToC);
      const shaderLocation = u32(at.shaderLocation, `${aw}.shaderLocation`);
      // wgpu-native 29 has no mapping for unorm8x4-bgra and panics ("invalid vertex format for vertex
      // attribute: 41") while converting the descriptor: it gets unorm8x4 and a vertex shader that swizzles
      // (guards/vertex-bgra.ts); where that rewrite is not certain, bgraProblem keeps it a validation error.
      if (at.format === "unorm8x4-bgra") { format = vertexFormatToC.unorm8x4!; bgra.push({ location: shaderLocation, where: `${aw}.format` }); }
      return { format, offset: u64(at.offset, `${aw}.offset`), shaderLocation };
    });
    return {
      stepMode: enumValue(l.stepMode, `${where}.stepMode`, vertexStepModeToC, "vertex"),
      arrayStride: u64(l.arrayStride, `${where}.arrayStride`),
      attributeCount: attributes.length,
      attributes: attributes.length ? attributes : null,
    };
  });
  if (bgra.length) problem ??= bgraVertexModule(device, vertexIn, vertex, bgra);
  const vertexSlots = Uint8Array.from(used);
  // Layouts with attributes first, each group in slot order (see the header): identity unless an empty
  // layout comes before one with attributes.
  const order = buffers.map((_, i) => i).sort((a, b) => Number(buffers[a]!.attributeCount === 0) - Number(buffers[b]!.attributeCount === 0) || a - b);
  let vertexSlotMap: Uint8Array | null = null;
  if (order.some((slot, k) => slot !== k)) {
    vertexSlotMap = new Uint8Array(buffers.length);
    order.forEach((slot, k) => { vertexSlotMap![slot] = k; });
  }
  const nativeBuffers = vertexSlotMap ? order.map((slot) => buffers[slot]!) : buffers;
  Object.assign(vertex, { bufferCount: nativeBuffers.length, buffers: nativeBuffers.length ? nativeBuffers : null });

  const p = dict<GPUPrimitiveState>(d.primitive, `${W}.primitive`, true);
  const primitive = {
    topology: enumValue(p.topology, `${W}.primitive.topology`, primitiveTopologyToC, "triangle-list"),
    stripIndexFormat: p.stripIndexFormat === undefined ? 0 : enumValue(p.stripIndexFormat, `${W}.primitive.stripIndexFormat`, indexFormatToC),
    frontFace: enumValue(p.frontFace, `${W}.primitive.frontFace`, frontFaceToC, "ccw"),
    cullMode: enumValue(p.cullMode, `${W}.primitive.cullMode`, cullModeToC, "none"),
    unclippedDepth: bool(p.unclippedDepth, false) ? 1 : 0,
  };

  problem ??= vertexOutputProblem(vertexIn, p.topology === "point-list", device._limitValues.maxInterStageShaderVariables ?? 16);

  let depthStencil: Record<string, unknown> | null = null;
  if (d.depthStencil !== undefined) {
    const ds = dict<GPUDepthStencilState>(d.depthStencil, `${W}.depthStencil`);
    const format = enumValue(ds.format, `${W}.depthStencil.format`, textureFormatToC);
    checkFormatFeature(device.features, ds.format, `${W}.depthStencil.format`);
    const info = formatInfo(ds.format);
    const stencilFront = stencilFace(ds.stencilFront, `${W}.depthStencil.stencilFront`);
    const stencilBack = stencilFace(ds.stencilBack, `${W}.depthStencil.stencilBack`);
    const hasDepth = info?.depth ?? false;
    if (info && !info.depth && !info.stencil) problem ??= `${W}.depthStencil.format "${ds.format}" is not a depth or stencil format`;
    else if (hasDepth && ds.depthWriteEnabled === undefined) problem ??= `${W}.depthStencil.depthWriteEnabled is required for the depth format "${ds.format}"`;
    else if (!hasDepth && ds.depthWriteEnabled) problem ??= `${W}.depthStencil.depthWriteEnabled is true but "${ds.format}" has no depth aspect`;
    else if (hasDepth && ds.depthCompare === undefined && (ds.depthWriteEnabled || stencilFront.depthFailOp !== stencilOperationToC.keep || stencilBack.depthFailOp !== stencilOperationToC.keep))
      problem ??= `${W}.depthStencil.depthCompare is required when depth is written or a stencil depthFailOp is used`;
    depthStencil = {
      format,
      depthWriteEnabled: ds.depthWriteEnabled === undefined ? WGPUOptionalBool.Undefined : ds.depthWriteEnabled ? WGPUOptionalBool.True : WGPUOptionalBool.False,
      depthCompare: ds.depthCompare === undefined ? 0 : enumValue(ds.depthCompare, `${W}.depthStencil.depthCompare`, compareFunctionToC),
      stencilFront, stencilBack,
      stencilReadMask: optU32(ds.stencilReadMask, `${W}.depthStencil.stencilReadMask`, 0xffffffff),
      stencilWriteMask: optU32(ds.stencilWriteMask, `${W}.depthStencil.stencilWriteMask`, 0xffffffff),
      depthBias: ds.depthBias === undefined ? 0 : i32(ds.depthBias, `${W}.depthStencil.depthBias`),
      depthBiasSlopeScale: ds.depthBiasSlopeScale === undefined ? 0 : f64(ds.depthBiasSlopeScale, `${W}.depthStencil.depthBiasSlopeScale`),
      depthBiasClamp: ds.depthBiasClamp === undefined ? 0 : f64(ds.depthBiasClamp, `${W}.depthStencil.depthBiasClamp`),
    };
  }

  const m = dict<GPUMultisampleState>(d.multisample, `${W}.multisample`, true);
  const multisample = {
    count: optU32(m.count, `${W}.multisample.count`, 1),
    mask: optU32(m.mask, `${W}.multisample.mask`, 0xffffffff),
    alphaToCoverageEnabled: bool(m.alphaToCoverageEnabled, false) ? 1 : 0,
  };

  let fragment: Record<string, unknown> | null = null;
  if (d.fragment !== undefined && d.fragment !== null) {
    const f = dict<GPUFragmentState>(d.fragment, `${W}.fragment`);
    fragment = programmableStage(f, `${W}.fragment`);
    problem ??= unusableReason(f.module as never);
    const targetList = sequence<GPUColorTargetState | null>(f.targets, `${W}.fragment.targets`);
    const targets = targetList.map((t, i) => {
      const where = `${W}.fragment.targets[${i}]`;
      if (t === null || t === undefined) return { format: 0, blend: null, writeMask: 0 };
      const c = dict<GPUColorTargetState>(t, where);
      const format = enumValue(c.format, `${where}.format`, textureFormatToC);
      checkFormatFeature(device.features, c.format, `${where}.format`);
      const writeMask = optU32(c.writeMask, `${where}.writeMask`, GPUColorWrite.ALL);
      if (writeMask & ~GPUColorWrite.ALL) problem ??= `${where}.writeMask 0x${writeMask.toString(16)} has unknown GPUColorWrite bits`;
      let blend: Record<string, unknown> | null = null;
      if (c.blend !== undefined) {
        const b = dict<GPUBlendState>(c.blend, `${where}.blend`);
        blend = { color: blendComponent(b.color, `${where}.blend.color`), alpha: blendComponent(b.alpha, `${where}.blend.alpha`) };
      }
      return { format, blend, writeMask };
    });
    Object.assign(fragment, { targetCount: targets.length, targets: targets.length ? targets : null });
    // The spec's rules on the shader interface that wgpu-native does not apply (guards/shader-interface.ts).
    const fi = problem ? null : stageInterface(f, "fragment");
    if (fi) {
      const infos: Array<TargetInfo | null> = targetList.map((t, i) => (t === null || t === undefined ? null : {
        writeMask: (targets[i] as { writeMask: number }).writeMask,
        blend: t.blend !== undefined,
        colorSrcFactor: t.blend?.color?.srcFactor, colorDstFactor: t.blend?.color?.dstFactor,
      }));
      problem ??= fragmentProblem(fi.entry, infos, multisample.alphaToCoverageEnabled === 1)
        ?? filteringProblem(fi.entry, layoutEntryTypes(d.layout), "fragment entry point")
        ?? immediateSizeProblem(fi.module, fi.entry, availableImmediates(device, d.layout), "fragment entry point")
        ?? shuffleOverrideProblem(fi.module, fi.entry, constantsMap(f.constants), "fragment entry point");
      const vi = problem ? null : stageInterface(vertexIn, "vertex");
      if (vi) problem ??= interStageProblem(vi.entry, fi.entry);
    }
  }
  if (!problem) {
    const vi = stageInterface(vertexIn, "vertex");
    if (vi) problem = filteringProblem(vi.entry, layoutEntryTypes(d.layout), "vertex entry point")
      ?? immediateSizeProblem(vi.module, vi.entry, availableImmediates(device, d.layout), "vertex entry point");
  }
  // Spec (GPUMultisampleState): alpha to coverage needs a multisampled pipeline; wgpu-core does not check it.
  if (multisample.alphaToCoverageEnabled && multisample.count === 1) problem ??= `${W}.multisample.alphaToCoverageEnabled is true but multisample.count is 1`;

  return {
    label,
    problem,
    vertexSlots,
    vertexSlotMap,
    native: { label: toStringView(label), layout: layout || null, vertex, primitive, depthStencil, multisample, fragment },
  };
}

export function createRenderPipeline(device: DeviceContext, descriptor: GPURenderPipelineDescriptor): NativeRenderPipeline {
  const d = dict<GPURenderPipelineDescriptor>(descriptor, "GPURenderPipelineDescriptor");
  const { native, label, problem: descriptorProblem, vertexSlots, vertexSlotMap } = renderPipelineDescriptor(d, device);
  // vertexSlots has one entry per GPUVertexState.buffers entry, null ones included (device-limits.ts).
  const problem = descriptorProblem ?? vertexBufferCountProblem(device, vertexSlots.length);
  const fn = device._rt.fn;
  if (problem) {
    return new NativeRenderPipeline(device, invalidRenderPipeline(device, `createRenderPipeline: ${problem}`, native), label);
  }
  const handle = fn.wgpuDeviceCreateRenderPipeline(device._handle, native) as bigint;
  const pipeline = new NativeRenderPipeline(device, handle, label, vertexSlots, vertexSlotMap);
  pipeline._immediateSize = layoutImmediateSize(d.layout);
  const stages = [stageInterface(d.vertex, "vertex"), d.fragment ? stageInterface(d.fragment, "fragment") : null];
  if (pipeline._immediateSize) pipeline._immediateWords = requiredImmediateWords(stages);
  pipeline._groupCount = layoutGroupCount(d.layout, d.fragment ? stages : [stages[0]!]);
  pipeline._emptyGroups = layoutEmptyGroups(d.layout);
  return pipeline;
}
