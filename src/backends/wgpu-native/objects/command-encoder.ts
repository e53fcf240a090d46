// GPUCommandEncoder and GPUCommandBuffer. Encoder-level commands go straight to native code; pass
// commands are recorded and replayed when the pass ends (see encoding/).
import { toStringView } from "../ffi/strings.js";
import { runtime } from "../runtime.js";
import { replayComputePass } from "../encoding/replay.js";
import { CommandStream } from "../encoding/stream.js";
import { helper } from "../native-helper.js";
import { DeviceChild } from "./base.js";
import type { NativeDevice } from "./device.js";
import { NativeBuffer } from "./buffer.js";
import { NativeComputePassEncoder } from "./compute-pass.js";
import { NativeBindGroup } from "./binding.js";
import { dict, instance, str, u64, optU64 } from "../../../validate/shape.js";

export class NativeCommandBuffer extends DeviceChild {
  /** @internal */ _submitted = false;
  /** @internal why it is invalid, or null */ readonly _invalid: string | null;
  /** @internal buffers its commands use: submit checks them (wgpu-native's submit errors are fatal) */
  readonly _buffers: ReadonlySet<NativeBuffer>;
  constructor(device: NativeDevice, handle: bigint, label: string, invalid: string | null, buffers: ReadonlySet<NativeBuffer> = new Set()) {
    super(device, handle, label, "GPUCommandBuffer", device._rt.fn.wgpuCommandBufferRelease);
    this._invalid = invalid;
    this._buffers = buffers;
  }
}

type EncoderState = "open" | "locked" | "ended";

const NO_DESCRIPTOR: GPUComputePassDescriptor = Object.freeze({});

let replayReady: boolean | undefined;
/** The native replayer, initialised on first use (false: replay through koffi). */
function nativeReplay(): boolean {
  if (replayReady === undefined) {
    replayReady = false;
    if (helper && process.env.WGPU_TS_JS_REPLAY !== "1") {
      try {
        helper.initReplay(runtime().library.path);
        replayReady = true;
      } catch { /* stays on the koffi path */ }
    }
  }
  return replayReady;
}

export class NativeCommandEncoder extends DeviceChild {
  private state: EncoderState = "open";
  /** Set when a command was issued in a state that makes the encoder invalid (reported at finish). */
  private invalid: string | null = null;
  private readonly used = new Set<NativeBuffer>();
  /** One stream serves every pass of this encoder in turn (only one pass is open at a time). */
  private stream: CommandStream | null = null;
  /** @internal created on the first pass: encoders used only for copies never pay for it */
  get _stream(): CommandStream { return (this.stream ??= new CommandStream()); }

  constructor(device: NativeDevice, descriptor: GPUCommandEncoderDescriptor) {
    const label = descriptor.label === undefined ? "" : str(descriptor.label, "GPUCommandEncoderDescriptor.label");
    const handle = device._rt.fn.wgpuDeviceCreateCommandEncoder(device._handle, { label: toStringView(label) }) as bigint;
    super(device, handle, label, "GPUCommandEncoder", device._rt.fn.wgpuCommandEncoderRelease);
  }

  /** Encoder commands are only valid while no pass is open; otherwise the encoder becomes invalid. */
  private usable(what: string): boolean {
    if (this.state === "open") return true;
    if (this.state === "ended") this._device._validationError(`${what}: command encoder "${this.label}" has already finished`);
    else this.invalid ??= `${what} was called while a pass was open`;
    return false;
  }

  beginComputePass(descriptor?: GPUComputePassDescriptor): NativeComputePassEncoder {
    const d = descriptor === undefined ? NO_DESCRIPTOR : dict<GPUComputePassDescriptor>(descriptor, "GPUComputePassDescriptor", true);
    const label = d.label === undefined ? "" : str(d.label, "GPUComputePassDescriptor.label");
    const pass = new NativeComputePassEncoder(this, label, d.timestampWrites);
    if (!this.usable("beginComputePass")) pass._ended = true;
    else this.state = "locked";
    return pass;
  }

  /** @internal replays a finished compute pass into the native encoder. */
  _endComputePass(pass: NativeComputePassEncoder): void {
    if (this.state !== "locked") return;
    this.state = "open";
    const s = pass._stream;
    for (const r of s.refs) {
      if (r instanceof NativeBindGroup) for (const b of r._buffers) this.used.add(b);
      else if (r instanceof NativeBuffer) this.used.add(r);
    }
    try {
      if (nativeReplay() && pass._descriptor.timestampWrites === undefined) {
        const label = pass.label === "" ? null : (toStringView(pass.label).data as Uint8Array);
        if (helper!.replayCompute(this._handle, label, s.words, s.length, s.handles, s.refs.length)) return;
      }
      const fn = this._device._rt.fn;
      const native = fn.wgpuCommandEncoderBeginComputePass(this._handle, { label: toStringView(pass.label), timestampWrites: null }) as bigint;
      try {
        replayComputePass(fn, native, s);
        fn.wgpuComputePassEncoderEnd(native);
      } finally {
        fn.wgpuComputePassEncoderRelease(native);
      }
    } finally {
      s.reset();
    }
  }

  copyBufferToBuffer(source: GPUBuffer, a: number | GPUBuffer, b?: GPUBuffer | number, c?: number, d?: number): void {
    const src = instance(source, NativeBuffer, "copyBufferToBuffer(source)", "GPUBuffer");
    let srcOffset: number, dst: NativeBuffer, dstOffset: number, size: number;
    if (a instanceof NativeBuffer) {
      // copyBufferToBuffer(source, destination, size?)
      dst = a;
      srcOffset = 0;
      dstOffset = 0;
      size = b === undefined ? Math.max(0, src.size) : u64(b, "copyBufferToBuffer(size)");
    } else {
      srcOffset = u64(a, "copyBufferToBuffer(sourceOffset)");
      dst = instance(b, NativeBuffer, "copyBufferToBuffer(destination)", "GPUBuffer");
      dstOffset = u64(c, "copyBufferToBuffer(destinationOffset)");
      size = d === undefined ? Math.max(0, src.size - srcOffset) : u64(d, "copyBufferToBuffer(size)");
    }
    if (!this.usable("copyBufferToBuffer")) return;
    this.used.add(src).add(dst);
    this._device._rt.fn.wgpuCommandEncoderCopyBufferToBuffer(this._handle, src._handle, srcOffset, dst._handle, dstOffset, size);
  }

  clearBuffer(buffer: GPUBuffer, offset?: number, size?: number): void {
    const b = instance(buffer, NativeBuffer, "clearBuffer(buffer)", "GPUBuffer");
    const off = optU64(offset, "clearBuffer(offset)", 0);
    const len = size === undefined ? 0xffffffffffffffffn : BigInt(u64(size, "clearBuffer(size)"));
    if (!this.usable("clearBuffer")) return;
    this.used.add(b);
    this._device._rt.fn.wgpuCommandEncoderClearBuffer(this._handle, b._handle, off, len);
  }

  pushDebugGroup(groupLabel: string): void {
    const text = str(groupLabel, "pushDebugGroup(groupLabel)");
    if (this.usable("pushDebugGroup")) this._device._rt.fn.wgpuCommandEncoderPushDebugGroup(this._handle, toStringView(text));
  }
  popDebugGroup(): void {
    if (this.usable("popDebugGroup")) this._device._rt.fn.wgpuCommandEncoderPopDebugGroup(this._handle);
  }
  insertDebugMarker(markerLabel: string): void {
    const text = str(markerLabel, "insertDebugMarker(markerLabel)");
    if (this.usable("insertDebugMarker")) this._device._rt.fn.wgpuCommandEncoderInsertDebugMarker(this._handle, toStringView(text));
  }

  finish(descriptor?: GPUCommandBufferDescriptor): NativeCommandBuffer {
    const d = dict<GPUCommandBufferDescriptor>(descriptor, "GPUCommandBufferDescriptor", true);
    const label = d.label === undefined ? "" : str(d.label, "GPUCommandBufferDescriptor.label");
    const dev = this._device;
    let invalid = this.invalid;
    if (this.state === "locked") invalid ??= "finish() was called while a pass was open";
    if (this.state === "ended") invalid ??= "finish() was called twice";
    if (invalid) {
      dev._validationError(`finish: command encoder "${this.label}" is invalid: ${invalid}`);
      this.state = "ended";
      return new NativeCommandBuffer(dev, 0n, label, invalid);
    }
    this.state = "ended";
    const [handle, errors] = dev._capturing(() => dev._rt.fn.wgpuCommandEncoderFinish(this._handle, { label: toStringView(label) }) as bigint);
    return new NativeCommandBuffer(dev, handle, label, errors.length ? errors[0]!.message : null, this.used);
  }
}
