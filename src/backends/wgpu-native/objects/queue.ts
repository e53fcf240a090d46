// GPUQueue: submit, writeBuffer, onSubmittedWorkDone.
import { WGPUQueueWorkDoneStatus } from "../ffi/generated/enums.js";
import { DeviceChild } from "./base.js";
import type { DeviceContext } from "./context.js";
import { NativeBuffer } from "./buffer.js";
import { NativeCommandBuffer } from "./command-encoder.js";
import { releaseNow } from "../lifetime.js";
import { bytesOf, instance, sequence, u64, fail } from "../../../validate/shape.js";
import { operationError } from "../../../errors.js";
import { texelCopyTexture, dataLayout as dataLayout_, extent3D, writeTextureProblem, textureCopyToC, layoutToC, isEmptyCopy } from "../guards/texture-copies.js";

let oneHandle: BigUint64Array | undefined;

export class NativeQueue extends DeviceChild {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUQueue */
  declare readonly __brand: "GPUQueue";
  /**
   * wgpu stages writeBuffer data until the next submit, while WebGPU orders it before any later
   * mapAsync / onSubmittedWorkDone. An empty submit flushes it when nothing else did.
   */
  private unflushedWrites = false;

  /**
   * @internal wgpu-native has queued a copy that runs at the next submit (writeBuffer, writeTexture, or the
   * unmap of a buffer mapped at creation through a staging buffer).
   */
  _markUnflushed(): void {
    this.unflushedWrites = true;
  }

  /** @internal */
  _flushWrites(): void {
    if (!this.unflushedWrites || this._device._destroyed) return;
    this.unflushedWrites = false;
    this._device._rt.fn.wgpuQueueSubmit(this._handle, 0, null);
  }

  constructor(device: DeviceContext, handle: bigint, label: string) {
    super(device, handle, label, "GPUQueue", device._rt.fn.wgpuQueueRelease);
  }

  submit(commandBuffers: Iterable<GPUCommandBuffer>): undefined {
    const list = sequence(commandBuffers, "submit(commandBuffers)").map((c, i) =>
      instance(c, NativeCommandBuffer, `submit(commandBuffers)[${i}]`, "GPUCommandBuffer"));
    const dev = this._device;
    const problem = submitProblem(dev, list);
    // Every command buffer of a submit is consumed by it, also when the submit fails (spec: queue.submit
    // marks each one invalid; a later submit of a valid one from a failed call is an error too).
    for (const cb of list) cb._submitted = true;
    if (problem) { dev._validationError(`submit: ${problem}`); releaseConsumed(list); return; }
    if (dev._destroyed) { releaseConsumed(list); return; }
    this.unflushedWrites = false;
    let handles: BigUint64Array;
    if (list.length === 1) {
      // The common submit of one command buffer reuses one array (koffi reads it during the call only).
      handles = (oneHandle ??= new BigUint64Array(1));
      handles[0] = list[0]!._handle;
    } else {
      handles = new BigUint64Array(list.map((c) => c._handle));
    }
    dev._rt.fn.wgpuQueueSubmit(this._handle, handles.length, handles);
    releaseConsumed(list);
  }

  onSubmittedWorkDone(): Promise<undefined> {
    const dev = this._device;
    const rt = dev._rt;
    if (dev._destroyed) return Promise.resolve(undefined);
    this._flushWrites();
    return new Promise((resolve, reject) => {
      rt.onSubmittedWorkDone(dev._handle, this._handle, (status, message) => {
        if (status === WGPUQueueWorkDoneStatus.Success || status === WGPUQueueWorkDoneStatus.CallbackCancelled) resolve(undefined);
        else reject(operationError(`onSubmittedWorkDone: ${message || "status " + String(status)}`));
      });
    });
  }

  writeBuffer(buffer: GPUBuffer, bufferOffset: number, data: BufferSource | SharedArrayBuffer, dataOffset?: number, size?: number): undefined {
    const buf = instance(buffer, NativeBuffer, "writeBuffer(buffer)", "GPUBuffer");
    const offset = u64(bufferOffset, "writeBuffer(bufferOffset)");
    const bytes = bytesOf(data, "writeBuffer(data)");
    // Offsets and sizes count elements for typed arrays and bytes otherwise, as the spec says.
    const elem = ArrayBuffer.isView(data) && !(data instanceof DataView) ? (data as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT : 1;
    const elements = bytes.byteLength / elem;
    const start = dataOffset === undefined ? 0 : u64(dataOffset, "writeBuffer(dataOffset)");
    if (start > elements) throw operationError(`writeBuffer: dataOffset ${start} is past the end of data (${elements} elements)`);
    const count = size === undefined ? elements - start : u64(size, "writeBuffer(size)");
    if (start + count > elements) throw operationError(`writeBuffer: dataOffset + size (${start} + ${count}) exceeds data (${elements} elements)`);
    const byteCount = count * elem;
    if (byteCount % 4 !== 0) throw operationError(`writeBuffer: size in bytes (${byteCount}) is not a multiple of 4`);
    const dev = this._device;
    if (dev._destroyed) return;
    if (offset % 4 !== 0) return dev._validationError(`writeBuffer: bufferOffset ${offset} is not a multiple of 4`);
    if (buf._destroyed) return dev._validationError(`writeBuffer: buffer "${buf.label}" is destroyed`);
    if (offset + byteCount > buf.size) return dev._validationError(`writeBuffer: range [${offset}, ${offset + byteCount}) exceeds buffer "${buf.label}" of size ${buf.size}`);
    if (buf._device !== dev) return dev._validationError(`writeBuffer: buffer "${buf.label}" belongs to another device`);
    if (buf.mapState !== "unmapped") return dev._validationError(`writeBuffer: buffer "${buf.label}" is mapped or pending map`);
    if (byteCount === 0) return;
    dev._rt.fn.wgpuQueueWriteBuffer(this._handle, buf._handle, offset, bytes.subarray(start * elem, start * elem + byteCount), byteCount);
    this.unflushedWrites = true;
  }

  writeTexture(destination: GPUTexelCopyTextureInfo, data: BufferSource | SharedArrayBuffer, dataLayout: GPUTexelCopyBufferLayout, size: GPUExtent3D): undefined {
    const dst = texelCopyTexture(destination, "writeTexture(destination)");
    const bytes = bytesOf(data, "writeTexture(data)");
    const layout = dataLayout_(dataLayout, "writeTexture(dataLayout)");
    const extent = extent3D(size, "writeTexture(size)");
    const dev = this._device;
    if (dev._destroyed) return;
    if (dst.texture._device !== dev) return dev._validationError(`writeTexture: texture "${dst.texture.label}" belongs to another device`);
    const problem = writeTextureProblem(layout, bytes.byteLength, dst, extent);
    if (problem) return dev._validationError(`writeTexture: ${problem}`);
    if (isEmptyCopy(extent)) return;
    dev._rt.fn.wgpuQueueWriteTexture(this._handle, textureCopyToC(dst), bytes, bytes.byteLength, layoutToC(layout), extent);
    this.unflushedWrites = true;
  }

  /** Node has no ImageBitmap, canvas, video or image elements: no source can be converted (a TypeError, as WebIDL does). */
  copyExternalImageToTexture(_source: unknown, _destination: unknown, _copySize: unknown): undefined {
    throw new TypeError("copyExternalImageToTexture: external image sources (ImageBitmap, canvas, video, ImageData) do not exist in Node; decode the image yourself and use writeTexture");
  }

  /** @internal */
  _deviceDestroyed(): void { /* pending work-done callbacks are settled by the native side */ }
}

/**
 * Why a submit of `list` is invalid, or null. wgpu-native turns a validation error inside wgpuQueueSubmit
 * into a panic, so every submit-time rule it checks is checked here first.
 */
/** Submitted command buffers are consumed (marked _submitted above): their handles are released now (lifetime.ts). */
function releaseConsumed(list: readonly NativeCommandBuffer[]): void {
  for (const cb of list) releaseNow(cb);
}

function submitProblem(dev: NativeQueue["_device"], list: NativeCommandBuffer[]): string | null {
  // A command buffer is consumed by its first submit; the spec makes a resubmit a validation
  // error, and wgpu-native would otherwise be handed a consumed handle.
  if (list.length > 1 && new Set(list).size !== list.length) return "the same command buffer appears twice";
  for (const cb of list) {
    if (cb._submitted) return `command buffer "${cb.label}" was already submitted`;
    if (cb._invalid) return `command buffer "${cb.label}" is invalid: ${cb._invalid}`;
    if (cb._device !== dev) return `command buffer "${cb.label}" belongs to another device`;
    for (const b of cb._buffers) {
      if (b._destroyed) return `buffer "${b.label}" used by command buffer "${cb.label}" is destroyed`;
      if (b.mapState !== "unmapped") return `buffer "${b.label}" used by command buffer "${cb.label}" is ${b.mapState}`;
    }
    for (const t of cb._textures) if (t._destroyed) return `texture "${t.label}" used by command buffer "${cb.label}" is destroyed`;
    for (const q of cb._querySets) if (q._destroyed) return `query set "${q.label}" used by command buffer "${cb.label}" is destroyed`;
  }
  return null;
}
