// GPUShaderModule from WGSL. wgpuShaderModuleGetCompilationInfo panics in wgpu-native, so the
// compilation info is built from the validation error naga raises inside wgpuDeviceCreateShaderModule.
import koffi from "koffi";
import { WGPUSType } from "../ffi/generated/enums.js";
import { toStringView } from "../ffi/strings.js";
import { DeviceChild } from "./base.js";
import type { NativeDevice } from "./device.js";
import type { GPUError } from "../../../errors.js";
import { dict, str } from "../../../validate/shape.js";

export class NativeCompilationMessage {
  constructor(
    readonly message: string,
    readonly type: GPUCompilationMessageType,
    readonly lineNum: number,
    readonly linePos: number,
    readonly offset: number,
    readonly length: number,
  ) { Object.freeze(this); }
}

export class NativeShaderModule extends DeviceChild {
  /** @internal */ readonly _messages: readonly NativeCompilationMessage[];
  constructor(device: NativeDevice, handle: bigint, label: string, messages: NativeCompilationMessage[]) {
    super(device, handle, label, "GPUShaderModule", device._rt.fn.wgpuShaderModuleRelease);
    this._messages = Object.freeze(messages);
  }
  async getCompilationInfo(): Promise<GPUCompilationInfo> {
    return Object.freeze({ messages: this._messages }) as unknown as GPUCompilationInfo;
  }
}

/** Turns naga's diagnostic ("... error: text\n  ┌─ wgsl:LINE:COL") into compilation messages. */
export function messagesFromErrors(errors: GPUError[], code: string): NativeCompilationMessage[] {
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === "\n") lineStarts.push(i + 1);
  return errors.map((e) => {
    const loc = /wgsl:(\d+):(\d+)/.exec(e.message);
    const lineNum = loc ? Number(loc[1]) : 0;
    const linePos = loc ? Number(loc[2]) : 0;
    const offset = lineNum > 0 ? Math.min(code.length, (lineStarts[lineNum - 1] ?? 0) + Math.max(0, linePos - 1)) : 0;
    const summary = /(?:parsing|validation) error: ([^\n]+)/.exec(e.message)?.[1] ?? e.message.trim().split("\n").pop()!.trim();
    return new NativeCompilationMessage(summary + "\n" + e.message, "error", lineNum, linePos, offset, lineNum > 0 ? 1 : 0);
  });
}

export function createShaderModule(device: NativeDevice, descriptor: GPUShaderModuleDescriptor): NativeShaderModule {
  const d = dict<GPUShaderModuleDescriptor>(descriptor, "GPUShaderModuleDescriptor");
  const code = str(d.code, "GPUShaderModuleDescriptor.code");
  const label = d.label === undefined ? "" : str(d.label, "GPUShaderModuleDescriptor.label");
  const source = { chain: { next: null, sType: WGPUSType.ShaderSourceWGSL }, code: toStringView(code) };
  if (code === "") source.code = { data: new Uint8Array(1), length: 0 };
  const [handle, errors] = device._capturing(() =>
    device._rt.fn.wgpuDeviceCreateShaderModule(device._handle, {
      nextInChain: koffi.as(source, "WGPUShaderSourceWGSL *"),
      label: toStringView(label),
    }) as bigint);
  return new NativeShaderModule(device, handle, label, messagesFromErrors(errors, code));
}
