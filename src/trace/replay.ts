// Re-executes a portable trace on any backend: the same calls in the same order on a fresh device,
// uploads from data.bin, and (with check) every readback compared with the bytes recorded.
import { loadTrace, TraceFormatError, type LoadedTrace, type TraceRecord } from "./format.js";
import { isWgpuNativeDevice } from "./hooks.js";

export interface ReplayOptions {
  /**
   * The GPU to replay on. Default: WGPU_TS_BACKEND's backend when set, else the backend the trace was
   * recorded on when it is available here, else the auto backend's choice.
   */
  gpu?: GPU;
  /** Options for requestAdapter. */
  adapterOptions?: GPURequestAdapterOptions;
  /** Compare every readback (and promise outcome) with the trace. */
  check?: boolean;
  /** Called every `progressEvery` records. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

export interface Mismatch { record: number; what: string }

export interface ReplayResult {
  records: number;
  calls: number;
  readbacks: number;
  readbacksChecked: number;
  /** Readbacks not compared: they hold timestamp query results. */
  readbacksSkipped: number;
  readbackBytes: number;
  uploadBytes: number;
  /** Uncaptured errors during the replay / in the trace. */
  errors: { replay: number; trace: number };
  mismatches: Mismatch[];
  /** Differences that do not fail a check (uncaptured error counts). */
  notes: string[];
  adapter: string;
}

const BYTE_VIEWS: Record<string, new (b: ArrayBuffer, o: number, l: number) => ArrayBufferView> = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
  BigInt64Array: BigInt64Array as never, BigUint64Array: BigUint64Array as never, DataView: DataView as never,
};

export async function replayTrace(dirOrTrace: string | LoadedTrace, options: ReplayOptions = {}): Promise<ReplayResult> {
  const trace = typeof dirOrTrace === "string" ? loadTrace(dirOrTrace) : dirOrTrace;
  const gpu = options.gpu ?? await defaultGPU(trace.header.backend);
  const adapter = await gpu.requestAdapter(options.adapterOptions);
  if (!adapter) throw new Error("replay: no adapter available");
  const h = trace.header;
  const desc: GPUDeviceDescriptor = {};
  if (h.device.label !== undefined) desc.label = h.device.label;
  if (h.device.requiredFeatures) desc.requiredFeatures = h.device.requiredFeatures as GPUFeatureName[];
  if (h.device.requiredLimits) desc.requiredLimits = h.device.requiredLimits;
  if (h.device.defaultQueue) desc.defaultQueue = h.device.defaultQueue;
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice(desc);
  } catch (e) {
    // A backend's own features (wgpu-native's push-constants) are not in adapter.features but are accepted by
    // name, so the features are only blamed once the request failed.
    const missing = (h.device.requiredFeatures ?? []).filter((f) => !adapter.features.has(f));
    if (missing.length) {
      throw new Error(`replay: the trace needs feature(s) ${missing.join(", ")}, which adapter "${adapter.info.device || adapter.info.description}" lacks (${(e as Error).message})`);
    }
    throw e;
  }
  const result: ReplayResult = {
    records: trace.records.length, calls: 0, readbacks: 0, readbacksChecked: 0, readbacksSkipped: 0, readbackBytes: 0, uploadBytes: 0,
    errors: { replay: 0, trace: 0 }, mismatches: [], notes: [], adapter: adapter.info.device || adapter.info.description || adapter.info.vendor,
  };
  device.addEventListener("uncapturederror", () => { result.errors.replay++; });
  const objects = new Map<number, any>([[h.root, device]]);
  const promises = new Map<number, Promise<unknown>>();
  const creating = new Map<number, { id: number }>();
  const mapped = new Map<number, Array<[number, ArrayBuffer]>>();
  const mismatch = (r: TraceRecord, what: string) => { if (options.check) result.mismatches.push({ record: r.n, what }); };
  let extras: Record<string, Function> | undefined;
  // Timestamps differ from run to run: buffers that received timestamp query results (directly or
  // copied) are not compared.
  const timestampSets = new Set<number>();
  const timestamped = new Set<number>();
  const idOf = (v: unknown): number | undefined => (v && typeof v === "object" && "$o" in (v as object) ? (v as { $o: number }).$o : undefined);

  const obj = (id: number | undefined, r: TraceRecord): any => {
    const o = id === undefined ? undefined : objects.get(id);
    if (o === undefined) throw new TraceFormatError(`record ${r.n}: object #${id} is not known at this point of the trace`);
    return o;
  };
  const de = (v: unknown, r: TraceRecord): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x) => de(x, r));
    const o = v as Record<string, any>;
    if ("$o" in o) return obj(o.$o, r);
    if ("$b" in o) {
      const bytes = trace.blob(o);
      result.uploadBytes += bytes.byteLength;
      const copy = bytes.slice().buffer;
      if (o.$t === "ArrayBuffer") return copy;
      if (o.$t === "SharedArrayBuffer") { const sab = new SharedArrayBuffer(bytes.byteLength); new Uint8Array(sab).set(bytes); return sab; }
      const View = BYTE_VIEWS[o.$t as string] ?? Uint8Array;
      const per = (View as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
      return new View(copy, 0, o.$t === "DataView" ? bytes.byteLength : bytes.byteLength / per);
    }
    if ("$u" in o) return undefined;
    if ("$num" in o) return Number(o.$num);
    if ("$big" in o) return BigInt(o.$big);
    if ("$f" in o) return () => {};
    if ("$x" in o) throw new Error(`record ${r.n}: an argument is ${o.$x && o.$x !== "object" ? `a ${o.$x}` : "an object"} that the trace could not record (not an object of the traced device, e.g. one of another device); this call cannot be replayed`);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = de(x, r);
    return out;
  };

  const every = options.progressEvery ?? 1000;
  for (let i = 0; i < trace.records.length; i++) {
    const r = trace.records[i]!;
    if (options.onProgress && i % every === 0) options.onProgress(i, trace.records.length);
    if (r.e !== undefined) { result.errors.trace++; continue; }
    if (r.th !== undefined) continue; // the call threw in the traced program; it threw here too (or is reported below)
    if (r.g !== undefined) { objects.set(r.r!, obj(r.o, r)[r.g]); continue; }
    if (r.s !== undefined) { obj(r.o, r)[r.s] = de(r.v, r); continue; }
    if (r.p !== undefined) {
      const p = promises.get(r.p);
      if (!p) continue;
      promises.delete(r.p);
      let ok = true, value: unknown;
      try { value = await p; } catch (e) { ok = false; value = e; }
      if (ok !== r.ok) {
        mismatch(r, `the promise of record ${r.p} ${ok ? "resolved" : `rejected (${(value as Error)?.message})`} but ${r.ok ? "resolved" : `rejected (${r.err})`} in the trace`);
      } else if (ok && !creating.has(r.p)) {
        const traced = !!r.v && typeof r.v === "object" && "$err" in (r.v as object);
        const got = !!value && typeof value === "object" && typeof (value as Error).message === "string";
        if (traced !== got) mismatch(r, `the promise of record ${r.p} gave ${got ? `an error (${(value as Error).message})` : "no error"}, the trace ${traced ? `an error (${(r.v as { msg?: string }).msg})` : "none"}`);
      }
      const c = creating.get(r.p);
      if (c && ok) objects.set(c.id, value);
      creating.delete(r.p);
      continue;
    }
    const args = (r.a ?? []).map((a) => de(a, r));
    let target: any, fn: Function;
    if (r.x !== undefined) {
      extras ??= await loadExtras(device);
      fn = extras[r.x] as Function;
      if (typeof fn !== "function") throw new Error(`record ${r.n}: backend extra ${r.x} is not available on this backend`);
      target = undefined;
    } else {
      target = obj(r.o, r);
      fn = target[r.m!];
      if (typeof fn !== "function") throw new Error(`record ${r.n}: ${r.t ?? "object"} #${r.o} has no method ${r.m} on this backend`);
    }
    if (r.m === "createQuerySet" && (r.a?.[0] as { type?: string } | undefined)?.type === "timestamp") timestampSets.add(r.r!);
    if (r.m === "resolveQuerySet" && timestampSets.has(idOf(r.a?.[0])!)) timestamped.add(idOf(r.a?.[3])!);
    if (r.m === "copyBufferToBuffer" && timestamped.has(idOf(r.a?.[0])!)) timestamped.add(idOf(typeof r.a?.[1] === "object" ? r.a?.[1] : r.a?.[2])!);
    if (r.m === "unmap" && r.wr) {
      const ranges = mapped.get(r.o!) ?? [];
      for (const [off, ref] of r.wr) {
        const range = ranges.find(([o]) => o === off);
        const bytes = trace.blob(ref);
        result.uploadBytes += bytes.byteLength;
        if (range) new Uint8Array(range[1]).set(bytes.subarray(0, range[1].byteLength));
        else mismatch(r, `unmap: no range at offset ${off} was mapped in the replay`);
      }
    }
    if (r.m === "unmap" || r.m === "destroy") mapped.delete(r.o!);
    result.calls++;
    let value: unknown;
    const threwInTrace = trace.records[i + 1]?.th === r.n;
    try {
      value = fn.apply(target, args);
    } catch (e) {
      if (!threwInTrace) mismatch(r, `${r.m ?? r.x} threw in the replay: ${(e as Error).message}`);
      if (!options.check && !threwInTrace) throw e;
      continue;
    }
    if (threwInTrace) mismatch(r, `${r.m ?? r.x} threw in the trace but not in the replay`);
    if (r.m === "getMappedRange") {
      const ab = value as ArrayBuffer;
      const off = Number(args[0] ?? 0);
      (mapped.get(r.o!) ?? mapped.set(r.o!, []).get(r.o!)!).push([off, ab]);
      if (r.rd) {
        result.readbacks++;
        result.readbackBytes += ab.byteLength;
        if (options.check && timestamped.has(r.o!)) {
          result.readbacksSkipped++;
        } else if (options.check) {
          result.readbacksChecked++;
          const want = trace.blob(r.rd), got = new Uint8Array(ab);
          const at = firstDifference(want, got);
          if (at >= 0) mismatch(r, `readback of buffer #${r.o} at offset ${off}: ${at === Math.min(want.length, got.length) ? `length ${got.length} differs from the trace's ${want.length}` : `byte ${at} is ${got[at]}, the trace has ${want[at]}`}`);
        }
      }
    }
    if (value && typeof (value as Promise<unknown>).then === "function") {
      const p = value as Promise<unknown>;
      p.catch(() => {}); // settled (and compared) at its settlement record
      promises.set(r.n, p);
      if (r.r !== undefined) creating.set(r.n, { id: r.r });
    } else if (r.r !== undefined) {
      objects.set(r.r, value);
    }
  }
  // Let uncaptured-error events of the last calls arrive.
  await new Promise((res) => setTimeout(res, 0));
  // Not a mismatch: a trace cut short by a crash can miss errors still queued when the process died.
  if (result.errors.replay !== result.errors.trace)
    result.notes.push(`${result.errors.replay} uncaptured error(s) in the replay, ${result.errors.trace} in the trace`);
  device.destroy();
  return result;
}

async function defaultGPU(traced: string): Promise<GPU> {
  const { resolveAutoBackend } = await import("../backends/auto.js");
  if (!process.env.WGPU_TS_BACKEND) {
    try {
      if (traced === "wgpu-native") return (await import("../backends/wgpu-native/index.js")).gpu;
      if (traced === "js-webgpu") return (await import("../backends/js-webgpu/index.js")).gpu as unknown as GPU;
    } catch { /* not available here: auto below */ }
  }
  return (await resolveAutoBackend()) as unknown as GPU;
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

async function loadExtras(device: unknown): Promise<Record<string, Function>> {
  if (!isWgpuNativeDevice(device)) {
    const backend = (device as { constructor?: { name?: string } }).constructor?.name;
    throw new Error(`this trace calls wgpu-native backend extras; replay it on the wgpu-native backend (the device is a ${backend})`);
  }
  return (await import("../backends/wgpu-native/extras.js")) as unknown as Record<string, Function>;
}
