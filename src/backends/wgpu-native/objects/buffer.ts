// GPUBuffer: creation, mapping state machine, mapped ranges, destroy.
import { GPUBufferUsage, GPUMapMode } from "../../../generated/flags.js";
import { WGPUMapAsyncStatus } from "../ffi/generated/enums.js";
import { toStringView } from "../ffi/strings.js";
import { mapRange, unmapRange, type MappedRange } from "../mapped-memory.js";
import { RawStruct } from "../ffi/raw-struct.js";
import { DeviceChild } from "./base.js";
import { setLiveBytes } from "../lifetime.js";
import { invalidBuffer } from "../guards/error-objects.js";
import type { DeviceContext } from "./context.js";
import { dict, u32, u64, optU64, bool, str } from "../../../validate/shape.js";
import { operationError, abortError } from "../../../errors.js";
import { attributes, flattenAccessors } from "../../../platform-object.js";

const MAP_READ = GPUMapMode.READ, MAP_WRITE = GPUMapMode.WRITE;

type State = "unmapped" | "pending" | "mapped";

/**
 * A buffer's mapping state, in one plain internal object: the wrapper's own fields live in accessor slots
 * (platform-object.ts), ~25 ns an access against ~3 for a plain field, and a map round trip touched some 40 of
 * them; a new buffer also initialises one slot instead of ten.
 */
class MapState {
  state: State = "unmapped";
  mode = 0;
  offset = 0;
  end = 0;
  /** the ranges getMappedRange handed out, and their spans; null until the first one */
  ranges: MappedRange[] | null = null;
  spans: Array<[number, number]> | null = null;
  pendingReject: ((e: unknown) => void) | null = null;
  /** The pending map reached wgpu-native (false for one that failed validation: nothing to cancel there). */
  pendingNative = false;
  /** The current mapping is the one of mappedAtCreation. */
  atCreation = false;
  generation = 0;
}

export class NativeBuffer extends DeviceChild {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUBuffer */
  declare readonly __brand: "GPUBuffer";
  readonly size: number;
  readonly usage: number;
  /** @internal */ _destroyed = false;
  /**
   * @internal the native buffer is an error object (or its device was lost at creation). wgpu-native
   * treats mapping calls on such buffers as fatal (a panic), so they never reach native code.
   */
  _invalid = false;
  private readonly mapping = new MapState();
  /** @internal an error buffer's mapping at creation, allocated by createBuffer (spec: a RangeError there if it cannot be) */
  _errorMapping: ArrayBuffer | undefined = undefined;

  constructor(device: DeviceContext, handle: bigint, label: string, size: number, usage: number, mappedAtCreation: boolean) {
    super(device, handle, label, "GPUBuffer", device._rt.fn.wgpuBufferRelease);
    this.size = size;
    this.usage = usage;
    setLiveBytes(this, size);
    if (mappedAtCreation) {
      const m = this.mapping;
      m.state = "mapped";
      m.mode = MAP_WRITE;
      m.offset = 0;
      m.end = size;
      m.atCreation = true;
      device._mapped.add(this);
    }
  }

  get mapState(): GPUBufferMapState { return this.mapping.state; }

  mapAsync(mode: number, offset?: number, size?: number): Promise<undefined> {
    try {
      return this.mapAsyncChecked(mode, offset, size);
    } catch (e) {
      // WebIDL: a promise-returning operation reports argument errors as a rejection.
      return Promise.reject(e);
    }
  }

  private mapAsyncChecked(mode: number, offset?: number, size?: number): Promise<undefined> {
    const m = u32(mode, "mapAsync(mode)");
    const off = optU64(offset, "mapAsync(offset)", 0);
    const bufferSize = this.size;
    const len = size === undefined ? Math.max(0, bufferSize - off) : u64(size, "mapAsync(size)");
    const dev = this._device;
    const ms = this.mapping;
    // Content timeline: a buffer already mapped or being mapped rejects at once (spec: [[pending_map]] is
    // not null; the CTS expects the validation error too).
    if (ms.state !== "unmapped") {
      const msg = `mapAsync: buffer "${this.label}" is already ${ms.state === "pending" ? "being mapped" : "mapped"}`;
      dev._validationError(msg);
      return Promise.reject(operationError(msg));
    }
    // Device timeline: the remaining checks fail the map there. The buffer is "pending" until the rejection
    // arrives from the completion task (as a real map would), and an unmap() meanwhile turns it into an AbortError.
    if (dev._destroyed) return this.failMapLater(abortError("mapAsync: the device is lost"));
    const usage = this.usage;
    const problem = this._destroyed ? `buffer "${this.label}" is destroyed`
      : this._invalid ? `buffer "${this.label}" is invalid (its creation failed)`
      : m !== MAP_READ && m !== MAP_WRITE ? `mode must be exactly one of GPUMapMode.READ or GPUMapMode.WRITE, got ${m}`
      : m === MAP_READ && !(usage & MAP_READ) ? `buffer "${this.label}" lacks GPUBufferUsage.MAP_READ`
      : m === MAP_WRITE && !(usage & MAP_WRITE) ? `buffer "${this.label}" lacks GPUBufferUsage.MAP_WRITE`
      : off % 8 !== 0 ? `offset ${off} is not a multiple of 8`
      : len % 4 !== 0 ? `size ${len} is not a multiple of 4`
      : off + len > bufferSize ? `range [${off}, ${off + len}) exceeds the buffer size ${bufferSize}`
      : null;
    if (problem !== null) {
      dev._validationError(`mapAsync: ${problem}`);
      return this.failMapLater(operationError(`mapAsync: ${problem}`));
    }
    const rt = dev._rt;
    dev.queue._flushWrites();
    ms.state = "pending";
    ms.pendingNative = true;
    dev._mapped.add(this);
    const generation = ++ms.generation;
    const handle = this._handle;
    return new Promise<undefined>((resolve, reject) => {
      ms.pendingReject = reject;
      // The continuation runs in a later task (runtime.ts delivers completions asynchronously, in order), so an
      // unmap() or destroy() issued meanwhile has already bumped the generation: then it is discarded.
      rt.mapAsync(dev._handle, handle, m, off, len, (status, message) =>
        this.settleMap(generation, status, status === WGPUMapAsyncStatus.Success ? "" : message, m, off, len, resolve, reject));
    });
  }

  /** A map that failed on the device timeline: "pending" now, rejected with `error` from the completion task. */
  private failMapLater(error: Error): Promise<undefined> {
    const ms = this.mapping;
    ms.state = "pending";
    ms.pendingNative = false;
    this._device._mapped.add(this);
    const generation = ++ms.generation;
    return new Promise<undefined>((_resolve, reject) => {
      ms.pendingReject = reject;
      this._device._rt.defer(() => {
        if (generation !== ms.generation || ms.state !== "pending") return; // unmap/destroy rejected it already
        ms.pendingReject = null;
        ms.state = "unmapped";
        this._device._mapped.delete(this);
        reject(error);
      });
    });
  }

  private settleMap(generation: number, status: number, message: string, m: number, off: number, len: number,
    resolve: (v: undefined) => void, reject: (e: unknown) => void): void {
    const ms = this.mapping;
    if (generation !== ms.generation || ms.state !== "pending") return; // aborted by unmap/destroy
    ms.pendingReject = null;
    if (status === WGPUMapAsyncStatus.Success) {
      ms.state = "mapped";
      ms.mode = m;
      ms.offset = off;
      ms.end = off + len;
      resolve(undefined);
    } else {
      ms.state = "unmapped";
      this._device._mapped.delete(this);
      const text = message || `status ${String(status)}`;
      reject(status === WGPUMapAsyncStatus.Aborted ? abortError(`mapAsync: ${text}`) : operationError(`mapAsync: ${text}`));
    }
  }

  getMappedRange(offset?: number, size?: number): ArrayBuffer {
    const off = optU64(offset, "getMappedRange(offset)", 0);
    // Spec: a missing size runs to the end of the buffer (not of the mapped range), so it fails on a partial map.
    const len = size === undefined ? Math.max(0, this.size - off) : u64(size, "getMappedRange(size)");
    const ms = this.mapping;
    if (ms.state !== "mapped") throw operationError(`getMappedRange: buffer "${this.label}" is not mapped`);
    if (this._destroyed) throw operationError(`getMappedRange: buffer "${this.label}" is destroyed`);
    if (off % 8 !== 0) throw operationError(`getMappedRange: offset ${off} is not a multiple of 8`);
    if (len % 4 !== 0) throw operationError(`getMappedRange: size ${len} is not a multiple of 4`);
    if (off < ms.offset || off + len > ms.end)
      throw operationError(`getMappedRange: range [${off}, ${off + len}) is outside the mapped range [${ms.offset}, ${ms.end})`);
    for (const [s, e] of ms.spans ?? []) {
      if (off < e && s < off + len) throw operationError(`getMappedRange: range [${off}, ${off + len}) overlaps a range already returned [${s}, ${e})`);
    }
    const ranges = (ms.ranges ??= []), spans = (ms.spans ??= []);
    let address = 0n;
    if (this._invalid || this._device._destroyed) {
      // Error buffers still map at creation (spec), over JS memory (the whole range: the memory createBuffer allocated).
      const whole = this._errorMapping && off === 0 && len === this._errorMapping.byteLength;
      const buffer = whole ? this._errorMapping! : new ArrayBuffer(len);
      this._errorMapping = undefined;
      ranges.push({ buffer, address: 0n, length: 0, copy: true });
      spans.push([off, off + len]);
      return buffer;
    }
    if (len > 0) {
      address = this._device._rt.fn.wgpuBufferGetMappedRange(this._handle, off, len) as bigint;
      if (!address) throw operationError(`getMappedRange: wgpu-native returned no mapping for [${off}, ${off + len})`);
    }
    const r = mapRange(address, len, ms.mode === MAP_READ);
    ranges.push(r);
    spans.push([off, off + len]);
    return r.buffer;
  }

  unmap(): undefined {
    const ms = this.mapping;
    const dev = this._device;
    if (ms.state === "pending") {
      ms.generation++;
      ms.state = "unmapped";
      dev._mapped.delete(this);
      const reject = ms.pendingReject;
      ms.pendingReject = null;
      reject?.(abortError(`mapAsync: buffer "${this.label}" was unmapped before the mapping completed`));
      if (ms.pendingNative && !this._destroyed && !this._invalid && !dev._destroyed) dev._rt.fn.wgpuBufferUnmap(this._handle);
      return;
    }
    if (ms.state !== "mapped") return;
    const destroyed = this._destroyed;
    if (ms.ranges !== null) {
      // (Only when ranges were handed out: a map that was awaited and unmapped without one has none to end.)
      const writable = ms.mode === MAP_WRITE;
      for (const r of ms.ranges) unmapRange(r, writable && !destroyed);
      ms.ranges = null;
      ms.spans = null;
    }
    if (this._errorMapping !== undefined) this._errorMapping = undefined;
    ms.state = "unmapped";
    dev._mapped.delete(this);
    if (!destroyed && !this._invalid && !dev._destroyed) {
      dev._rt.fn.wgpuBufferUnmap(this._handle);
      // wgpu-core maps a buffer without MAP_WRITE at creation through a staging buffer, copied into it by the
      // next submit: a later mapAsync (MAP_READ buffers) or GPU use must come after that submit, or the data is lost.
      if (ms.atCreation && !(this.usage & MAP_WRITE)) dev.queue._markUnflushed();
    }
    ms.atCreation = false;
  }

  destroy(): undefined {
    if (this._destroyed) return;
    this.unmap();
    this._destroyed = true;
    setLiveBytes(this, 0);
    this._device._rt.fn.wgpuBufferDestroy(this._handle);
  }
}

/** every GPUBufferUsage bit */
const KNOWN_USAGE = Object.values(GPUBufferUsage).reduce((a, b) => a | b, 0);

let rawDescriptor: RawStruct | undefined;
function newRawDescriptor(): RawStruct {
  const raw = new RawStruct("WGPUBufferDescriptor");
  raw.nullString("label");
  return raw;
}

export function createBuffer(device: DeviceContext, descriptor: GPUBufferDescriptor): NativeBuffer {
  const d = dict<GPUBufferDescriptor>(descriptor, "GPUBufferDescriptor");
  const size = u64(d.size, "GPUBufferDescriptor.size");
  const usage = u32(d.usage, "GPUBufferDescriptor.usage");
  const mappedAtCreation = bool(d.mappedAtCreation, false);
  const label = d.label === undefined ? "" : str(d.label, "GPUBufferDescriptor.label");
  if (mappedAtCreation && size % 4 !== 0) throw new RangeError(`GPUBufferDescriptor.size: ${size} must be a multiple of 4 when mappedAtCreation is true`);
  const fn = device._rt.fn;
  // Guards for inputs wgpu-native panics on (unknown usage bits: `from_bits().expect`) or that it
  // would try to allocate (sizes over the limit). They are validation errors; the native object is
  // created as an error object without its own, duplicate, error message.
  let problem: string | null = null;
  if (usage & ~KNOWN_USAGE) problem = `GPUBufferDescriptor.usage 0x${usage.toString(16)} has unknown bits (known: 0x${KNOWN_USAGE.toString(16)})`;
  else if (size > (device._limitValues.maxBufferSize ?? Number.MAX_SAFE_INTEGER)) problem = `GPUBufferDescriptor.size ${size} exceeds maxBufferSize ${device._limitValues.maxBufferSize}`;
  // Spec (createBuffer, content timeline): mappedAtCreation creates the mapping's memory before any
  // device-timeline validation, and a failed allocation throws a RangeError (CreateByteDataBlock). A
  // valid buffer maps wgpu-native's memory; an error buffer maps JS memory, allocated here, so a size
  // no ArrayBuffer can hold throws now and reports no validation error.
  let errorMapping: ArrayBuffer | undefined;
  if (problem && mappedAtCreation) {
    try { errorMapping = new ArrayBuffer(size); } catch (e) {
      throw new RangeError(`createBuffer: mappedAtCreation cannot allocate the ${size}-byte mapping (${(e as Error).message})`);
    }
  }
  let handle: bigint, failed: boolean;
  if (problem) {
    handle = invalidBuffer(device, `createBuffer: ${problem}`, label);
    failed = true;
  } else {
    // Any error reported during the call (wgpu-native's, through the uncaptured-error callback) makes it invalid.
    const serial = device._errorSerial;
    if (label === "") {
      // Hot path (unlabelled buffers): a pre-laid-out descriptor instead of koffi's object conversion.
      const raw = (rawDescriptor ??= newRawDescriptor());
      raw.u64("usage", usage);
      raw.u64("size", size);
      raw.u32("mappedAtCreation", mappedAtCreation ? 1 : 0);
      handle = fn.wgpuDeviceCreateBuffer(device._handle, raw.bytes) as bigint;
    } else {
      handle = fn.wgpuDeviceCreateBuffer(device._handle, { label: toStringView(label), usage, size, mappedAtCreation: mappedAtCreation ? 1 : 0 }) as bigint;
    }
    failed = device._errorSerial !== serial;
  }
  const buffer = new NativeBuffer(device, handle, label, size, usage, mappedAtCreation);
  buffer._invalid = failed || !handle || device._destroyed;
  buffer._errorMapping = errorMapping;
  return buffer;
}

attributes(NativeBuffer, "size", "usage");
flattenAccessors(NativeBuffer, "mapState");
