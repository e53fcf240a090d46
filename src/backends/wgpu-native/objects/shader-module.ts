// GPUShaderModule from WGSL. wgpuShaderModuleGetCompilationInfo panics in wgpu-native, so the
// compilation info is built from the validation error naga raises inside wgpuDeviceCreateShaderModule.
import koffi from "koffi";
import { WGPUSType, WGPUShaderRuntimeChecks } from "../ffi/generated/enums.js";
import { toStringView } from "../ffi/strings.js";
import { DeviceChild } from "./base.js";
import type { DeviceContext } from "./context.js";
import type { GPUError } from "../../../errors.js";
import { wgslNestingDepth, wgslOversizedVariable, WGSL_DEPTH_LIMIT, WGSL_IDENTIFIER_LIMIT, GLSL_DEPTH_LIMIT, WGSL_PRIVATE_FUNCTION_BYTES, PRIVATE_FUNCTION_REFUSED_BYTES } from "../guards/wgsl-depth.js";
import { dict, sequence, str } from "../../../validate/shape.js";
import { shaderLanguage, nativeShaderSource, rewriteSubgroupsEnable, rewriteSubgroupIdRequires, rewriteSwizzleAssignmentRequires, rewriteSubgroupIds, rewriteSubgroupElect, rewriteDefaultSampling, rewriteExternalTextures, shiftColumn, type Insert } from "../guards/shader-source.js";
import { rewritePushConstants } from "../immediates.js";
import { platformObjects, attributes } from "../../../platform-object.js";
import { invalidShaderModule } from "../guards/error-objects.js";
import { deferredGroupIndexError } from "../guards/device-limits.js";
import { proveLoopTermination, type LoopTermination } from "../guards/loop-termination.js";
import { rewriteWorkgroupZeroing } from "../guards/workgroup-zero.js";
import { rewriteSwizzleAssignments } from "../guards/swizzle-assignment.js";
import { rewriteSubgroupWorkgroups } from "../guards/subgroup-workgroups.js";
import { capLoopBounds } from "../guards/loop-caps.js";
import { isConstantIndexError, rewriteLetIndices } from "../guards/let-index.js";
import { rewriteStructAlign } from "../guards/struct-align.js";
import { rememberInterface, rememberParse, type ParsedWgsl } from "../guards/shader-interface.js";

export class NativeCompilationMessage {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUCompilationMessage */
  declare readonly __brand: "GPUCompilationMessage";
  constructor(
    readonly message: string,
    readonly type: GPUCompilationMessageType,
    readonly lineNum: number,
    readonly linePos: number,
    readonly offset: number,
    readonly length: number,
  ) {}
}

export class NativeCompilationInfo {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUCompilationInfo */
  declare readonly __brand: "GPUCompilationInfo";
  constructor(readonly messages: readonly NativeCompilationMessage[]) {}
}

export class NativeShaderModule extends DeviceChild {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUShaderModule */
  declare readonly __brand: "GPUShaderModule";
  /** @internal */ readonly _messages: readonly NativeCompilationMessage[];
  /**
   * @internal why pipelines must not use the module: a GLSL/SPIR-V source that failed to parse (no native
   * id), or a module wgpu-native refused for a reason the spec gives its pipelines (device-limits.ts)
   */
  _unusable: string | null = null;
  /** @internal its WGSL source (null for GLSL/SPIR-V): pipelines reflect on it (guards/shader-interface.ts) */
  _code: string | null = null;
  /** @internal the WGPUShaderRuntimeChecks it was created with (extras' getShaderModuleRuntimeChecks reads it) */
  _runtimeChecks: number;
  /**
   * @internal the loop-termination proof of a WGSL module created with the default checks (of the compiled code:
   * the user's, or the user's with capped loop bounds), else null
   */
  _loopProof: LoopTermination | null = null;
  /** @internal the loop bounds guards/loop-caps.ts capped in the compiled code ("wgsl:LINE: ..."), else empty */
  _cappedLoops: readonly string[] = [];
  constructor(device: DeviceContext, handle: bigint, label: string, messages: NativeCompilationMessage[], runtimeChecks = ALL_RUNTIME_CHECKS) {
    super(device, handle, label, "GPUShaderModule", device._rt.fn.wgpuShaderModuleRelease);
    this._messages = Object.freeze(messages);
    this._runtimeChecks = runtimeChecks;
  }
  async getCompilationInfo(): Promise<GPUCompilationInfo> {
    return new NativeCompilationInfo(this._messages);
  }
}

/** Turns naga's diagnostic ("... error: text\n  ┌─ wgsl:LINE:COL") into compilation messages. */
export function messagesFromErrors(errors: GPUError[], code: string, column: (line: number, column: number) => number = (_l, c) => c): NativeCompilationMessage[] {
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === "\n") lineStarts.push(i + 1);
  return errors.map((e) => {
    // naga reports 1-based line:column with columns counted in Unicode scalar values; WebGPU
    // counts UTF-16 code units, so walk the line to convert.
    const loc = /wgsl:(\d+):(\d+)/.exec(e.message);
    const lineNum = loc ? Number(loc[1]) : 0;
    let linePos = 0, offset = 0, length = 0;
    if (lineNum > 0) {
      const start = lineStarts[lineNum - 1] ?? 0;
      const lineText = code.slice(start, lineStarts[lineNum] ?? code.length);
      const chars = Array.from(lineText);
      const col = column(lineNum, Number(loc![2])) - 1;
      const before = chars.slice(0, col).join("").length;
      linePos = before + 1;
      offset = start + before;
      // The caret underline (^^^^) below the quoted source line gives the span's length.
      const carets = /^[\s\d]*│\s*(\s*)(\^+)/m.exec(e.message.split(/wgsl:\d+:\d+/)[1] ?? "");
      const spanChars = carets ? carets[2]!.length : 1;
      length = chars.slice(col, col + spanChars).join("").length || 1;
    }
    const summary = /(?:parsing|validation) error: ([^\n]+)/.exec(e.message)?.[1] ?? e.message.trim().split("\n").pop()!.trim();
    return new NativeCompilationMessage(summary + "\n" + e.message, "error", lineNum, linePos, offset, length);
  });
}

/**
 * WGSL as naga accepts it: workgroup variables zeroed by a prologue of the compute entry points (given as
 * `zeroing`, guards/workgroup-zero.ts), push_constant spelled immediate, `requires subgroup_id;` and
 * `requires swizzle_assignment;` dropped, swizzle assignments spelled out (guards/swizzle-assignment.ts),
 * `enable subgroups;` dropped, subgroupElect() defined (rewriteSubgroupElect) and the subgroup built-ins' id
 * arguments made u32 (rewriteSubgroupIds) and multi-dimensional workgroups of entry points with subgroup ids
 * flattened (guards/subgroup-workgroups.ts) where the device has "subgroups" and the module enables them,
 * texture_external as texture_2d<f32> (rewriteExternalTextures), the default interpolation sampling spelled out
 * (rewriteDefaultSampling), struct members' alignment spelled out where naga would derive it short
 * (guards/struct-align.ts), and with `letIndices` let-bound indices made runtime expressions (guards/let-index.ts);
 * the inserts of these map message columns back to the user's code.
 */
function naga(device: DeviceContext, code: string, zeroing: { code: string; inserts: Insert[][] }, letIndices: boolean): { code: string; inserts: Insert[][] } {
  const swizzles = rewriteSwizzleAssignments(rewriteSwizzleAssignmentRequires(rewriteSubgroupIdRequires(rewritePushConstants(zeroing.code))));
  const c = swizzles.code;
  const subgroups = device.features.has("subgroups");
  const enabled = subgroups ? rewriteSubgroupsEnable(c) : c;
  // The subgroup built-ins exist only in a module that enables them: elsewhere naga's refusals are the answer.
  const ids = enabled !== c ? rewriteSubgroupIds(rewriteSubgroupElect(enabled)) : { code: enabled, inserts: [] };
  const flat = enabled !== c ? rewriteSubgroupWorkgroups(ids.code, device._limitValues.maxComputeWorkgroupSizeX ?? 0) : { code: ids.code, inserts: [] };
  const external = rewriteExternalTextures(flat.code);
  const sampling = rewriteDefaultSampling(external.code);
  const aligned = rewriteStructAlign(sampling.code);
  const indices = letIndices ? rewriteLetIndices(aligned.code) : { code: aligned.code, inserts: [] };
  return { code: indices.code, inserts: [...zeroing.inserts, swizzles.inserts, ids.inserts, flat.inserts, external.inserts, sampling.inserts, aligned.inserts, indices.inserts] };
}

/**
 * The runtime checks naga compiles into a shader (wgpu.h WGPUShaderRuntimeChecks). wgpuDeviceCreateShaderModule
 * uses all of them; wgpuDeviceCreateShaderModuleTrusted takes the set explicitly. The extras in extras.ts let a
 * program drop bounds checks and/or forced loop bounding, per module or as a device's default.
 */
export const ALL_RUNTIME_CHECKS = WGPUShaderRuntimeChecks.BoundsChecks | WGPUShaderRuntimeChecks.ForceLoopBounding |
  WGPUShaderRuntimeChecks.RayQueryInitializationTracking | WGPUShaderRuntimeChecks.TaskShaderDispatchTracking |
  WGPUShaderRuntimeChecks.MeshShaderPrimitiveIndicesClamp;

/** All checks but forced loop bounding: the default for a WGSL module whose loops are all proven to end. */
export const PROVEN_LOOPS_RUNTIME_CHECKS = ALL_RUNTIME_CHECKS & ~WGPUShaderRuntimeChecks.ForceLoopBounding;

/**
 * A device's runtime checks for createShaderModule, as set by setShaderRuntimeChecks (the program's explicit
 * choice, used as given); absent = the default (all checks, less loop bounding where every loop is proven).
 */
export const deviceRuntimeChecks = new WeakMap<DeviceContext, number>();

export function createShaderModule(device: DeviceContext, descriptor: GPUShaderModuleDescriptor, runtimeChecks?: number): NativeShaderModule {
  const explicit = runtimeChecks ?? deviceRuntimeChecks.get(device);
  const d = dict<GPUShaderModuleDescriptor>(descriptor, "GPUShaderModuleDescriptor");
  const language = shaderLanguage(d.code);
  if (language !== "wgsl") return createNonWgslModule(device, d, language, explicit ?? ALL_RUNTIME_CHECKS);
  const code = str(d.code, "GPUShaderModuleDescriptor.code");
  const label = d.label === undefined ? "" : str(d.label, "GPUShaderModuleDescriptor.label");
  sequence(d.compilationHints, "GPUShaderModuleDescriptor.compilationHints", true)
    .forEach((h, i) => dict(h, `GPUShaderModuleDescriptor.compilationHints[${i}]`));
  // Guard: naga's parser overflows the native stack (SIGSEGV) on deeply nested WGSL (wgsl-depth.ts).
  const nesting = wgslNestingDepth(code);
  if (nesting.depth > WGSL_DEPTH_LIMIT) return tooDeepModule(device, label, nesting);
  if (nesting.longestIdentifier > WGSL_IDENTIFIER_LIMIT) {
    return refusedModule(device, label, nesting.identifierLine, nesting.identifierColumn,
      `createShaderModule: an identifier at wgsl:${nesting.identifierLine}:${nesting.identifierColumn} is ${nesting.longestIdentifier} characters long ` +
      `(limit ${WGSL_IDENTIFIER_LIMIT}); as an entry point name it would not fit in SPIR-V and the device would be lost.`);
  }
  const big = wgslOversizedVariable(code);
  if (big) {
    return refusedModule(device, label, big.line, big.column,
      `createShaderModule: var "${big.name}" at wgsl:${big.line}:${big.column} needs at least ${big.bytes} bytes in the ${big.space} address space ` +
      `(over wgpu-ts's bound of ${PRIVATE_FUNCTION_REFUSED_BYTES} on wgpu-native, whose compile time grows with the size; WGSL guarantees ${WGSL_PRIVATE_FUNCTION_BYTES}); ` +
      "use a storage buffer or workgroup memory instead.");
  }
  // The default: forced loop bounding only guards loops that may never end (guards/loop-termination.ts), so
  // a module whose loops are all proven to end is compiled without it; bounds checks and the rest stay.
  let checks = explicit ?? ALL_RUNTIME_CHECKS;
  let proof: LoopTermination | null = null;
  let parsed: ParsedWgsl | undefined;
  if (explicit === undefined) {
    proof = proveLoopTermination(code, (p) => { parsed = p; });
    if (proof.proven && proof.loops > 0) checks = PROVEN_LOOPS_RUNTIME_CHECKS;
  }
  // Where the only loops not proven are counted ones that a capped bound makes provable (guards/loop-caps.ts),
  // the module is compiled with the caps and without loop bounding; the proof is then that of the capped code.
  const capped = proof && !proof.proven ? capLoopBounds(code, proof, parsed) : null;
  // The proof is of the user's code (or the capped code); the zeroing prologue adds only counted loops to constant
  // or override counts (guards/workgroup-zero.ts), which end as well. It reads the user's parse for the
  // interface and the code it is given (capped or not) for its offsets: the caps change only loop conditions.
  const zeroing = rewriteWorkgroupZeroing(capped ? capped.code : code, parsed);
  // Set once naga refuses the module for a constant index out of bounds that may be a let (guards/let-index.ts).
  let letIndices = false;
  const compile = (z: { code: string; inserts: Insert[][] }): { rewritten: ReturnType<typeof naga>; handle: bigint; errors: GPUError[] } => {
    const rewritten = naga(device, code, z, letIndices);
    const source = { chain: { next: null, sType: WGPUSType.ShaderSourceWGSL }, code: toStringView(rewritten.code) };
    if (code === "") source.code = { data: new Uint8Array(1), length: 0 };
    const desc = { nextInChain: koffi.as(source, "WGPUShaderSourceWGSL *"), label: toStringView(label) };
    const [handle, errors] = device._capturingSilently(() => (checks === ALL_RUNTIME_CHECKS
      ? device._rt.fn.wgpuDeviceCreateShaderModule(device._handle, desc)
      : device._rt.fn.wgpuDeviceCreateShaderModuleTrusted(device._handle, desc, checks)) as bigint);
    return { rewritten, handle, errors };
  };
  if (capped) checks = PROVEN_LOOPS_RUNTIME_CHECKS;
  const first = { code: zeroing.code, inserts: capped ? [capped.inserts, zeroing.inserts] : [zeroing.inserts] };
  let { rewritten, handle, errors } = compile(first);
  if (errors.some((e) => isConstantIndexError(e.message)) && rewriteLetIndices(code).inserts.length) {
    // naga's validator took an index for a constant; WGSL takes a let-bound one for a runtime value. Compiled
    // again with such indices made runtime expressions (the other rewrites add no let and no index of one):
    // what still fails is the module's own error, reported at the user's columns.
    letIndices = true;
    device._rt.fn.wgpuShaderModuleRelease(handle);
    ({ rewritten, handle, errors } = compile(first));
  }
  if (errors.length && (zeroing.inserts.length || capped)) {
    // The user's code decides validity and messages: an invalid module is compiled again as written (no caps,
    // no prologue), with the checks its own proof gives.
    device._rt.fn.wgpuShaderModuleRelease(handle);
    checks = explicit ?? (proof?.proven && proof.loops > 0 ? PROVEN_LOOPS_RUNTIME_CHECKS : ALL_RUNTIME_CHECKS);
    ({ rewritten, handle, errors } = compile({ code, inserts: [] }));
  } else if (capped) {
    proof = capped.proof;
  }
  // A @group index over maxBindGroups is the pipelines' error, not the module's (device-limits.ts): the
  // module stays valid to the program and every pipeline made from it reports the error.
  const deferred = errors.length === 1 ? deferredGroupIndexError(errors[0]!.message) : null;
  if (!deferred) for (const e of errors) device._reportError(e);
  const module = new NativeShaderModule(device, handle, label,
    deferred ? [] : messagesFromErrors(errors, code, (line, col) => shiftColumn(rewritten.inserts, line, col)), checks);
  module._loopProof = proof;
  if (capped && proof === capped.proof) module._cappedLoops = Object.freeze(capped.capped);
  if (deferred) module._unusable = deferred;
  // Pipelines reflect on the source of a valid module, lazily (guards/shader-interface.ts).
  if (!errors.length) {
    module._code = code;
    if (parsed) rememberParse(module, parsed);
    if (zeroing.reflected !== undefined) rememberInterface(module, zeroing.reflected);
  }
  return module;
}

/** A validation error instead of the parse that would crash; the native module is an error object. */
function tooDeepModule(device: DeviceContext, label: string, at: { depth: number; line: number; column: number }): NativeShaderModule {
  const message = `createShaderModule: the WGSL nests too deeply (estimated parser depth ${at.depth} > ${WGSL_DEPTH_LIMIT}, ` +
    `peak at wgsl:${at.line}:${at.column}); wgpu-native's parser would overflow the stack. ` +
    "Reduce the nesting of parentheses, calls or template types, or split long operator chains.";
  return refusedModule(device, label, at.line, at.column, message);
}

/** The module is refused with a validation error; the native module is an error object. */
function refusedModule(device: DeviceContext, label: string, line: number, column: number, message: string): NativeShaderModule {
  const handle = invalidShaderModule(device, message, label);
  return new NativeShaderModule(device, handle, label, [new NativeCompilationMessage(message, "error", line, column, 0, 0)]);
}

/** GLSL or SPIR-V input (a backend extension, see shader-source.ts). */
function createNonWgslModule(device: DeviceContext, d: GPUShaderModuleDescriptor, language: "glsl" | "spirv", checks: number): NativeShaderModule {
  const label = d.label === undefined ? "" : str(d.label, "GPUShaderModuleDescriptor.label");
  if (language === "glsl") {
    // Guard: naga's GLSL parser overflows the stack even earlier than the WGSL one (an operator chain of
    // ~1,660 terms, ~1,220 nested parentheses: SIGSEGV).
    const nesting = wgslNestingDepth(String(d.code));
    if (nesting.depth > GLSL_DEPTH_LIMIT) {
      return refusedModule(device, label, nesting.line, nesting.column,
        `createShaderModule: the GLSL nests too deeply (estimated parser depth ${nesting.depth} > ${GLSL_DEPTH_LIMIT}, peak at line ${nesting.line}:${nesting.column}); ` +
        "wgpu-native's parser would overflow the stack. Reduce the nesting or split long operator chains.");
    }
  }
  const source = nativeShaderSource(language, d, label);
  const desc = { nextInChain: source, label: toStringView(label) };
  const [handle, errors] = device._capturing(() => (checks === ALL_RUNTIME_CHECKS
    ? device._rt.fn.wgpuDeviceCreateShaderModule(device._handle, desc)
    : device._rt.fn.wgpuDeviceCreateShaderModuleTrusted(device._handle, desc, checks)) as bigint);
  const messages = errors.map((e) => new NativeCompilationMessage(e.message, "error", 0, 0, 0, 0));
  const module = new NativeShaderModule(device, handle, label, messages, checks);
  if (errors.length) module._unusable = `its ${language === "glsl" ? "GLSL" : "SPIR-V"} source failed to compile: ${errors[0]!.message.split("\n")[0]}`;
  return module;
}

platformObjects(NativeCompilationMessage);
attributes(NativeCompilationMessage, "message", "type", "lineNum", "linePos", "offset", "length");
platformObjects(NativeCompilationInfo);
attributes(NativeCompilationInfo, "messages");
