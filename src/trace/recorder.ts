// The portable trace recorder. traceDevice(device, dir) returns a stand-in for `device` whose every
// object (queue, buffers, encoders, passes, ...) is a Proxy of the backend's own: each call is
// written to trace.jsonl *before* it runs (a crash leaves the trace readable up to the crash), with
// its arguments, the identity of every object involved and the bytes of every upload in data.bin.
// It works at the level of the portable WebGPU API, so it traces any backend. Devices that are not
// traced are never touched: tracing costs nothing unless it is used.
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { crc32, DATA_FILE, FORMAT, RECORDS_FILE, VERSION, type TraceHeader, type TraceRecord } from "./format.js";
import { hooks, type ExtrasTracer } from "./hooks.js";

/** Methods whose result is a new object of the trace, by the interface they are called on ("*": any). */
const CREATES: Record<string, string> = {
  createBuffer: "GPUBuffer", createTexture: "GPUTexture", createView: "GPUTextureView", createSampler: "GPUSampler",
  createBindGroupLayout: "GPUBindGroupLayout", getBindGroupLayout: "GPUBindGroupLayout", createBindGroup: "GPUBindGroup",
  createPipelineLayout: "GPUPipelineLayout", createShaderModule: "GPUShaderModule",
  createComputePipeline: "GPUComputePipeline", createComputePipelineAsync: "GPUComputePipeline",
  createRenderPipeline: "GPURenderPipeline", createRenderPipelineAsync: "GPURenderPipeline",
  createCommandEncoder: "GPUCommandEncoder", beginComputePass: "GPUComputePassEncoder", beginRenderPass: "GPURenderPassEncoder",
  createRenderBundleEncoder: "GPURenderBundleEncoder", createQuerySet: "GPUQuerySet", createStatisticsQuerySet: "GPUQuerySet",
  finish: "GPUCommandBuffer",
};
/** Interfaces whose calls only record into the encoder (batched to disk; the others are flushed at once). */
const ENCODING = new Set(["GPUComputePassEncoder", "GPURenderPassEncoder", "GPURenderBundleEncoder"]);
const MAP_READ = 1;
/** Event handler attributes (onuncapturederror), not methods such as onSubmittedWorkDone. */
const HANDLER = /^on[a-z]+$/;

export interface TraceDeviceOptions {
  /** The adapter the device came from (its info goes into the header). */
  adapter?: GPUAdapter;
  /** The descriptor the device was requested with (replay requests the same). */
  descriptor?: GPUDeviceDescriptor;
  /** Name of the backend (informational). */
  backend?: string;
}

interface Entry {
  id: number; type: string; real: object; proxy: object; methods: Map<PropertyKey, Function>;
  /** on<event> handlers as the program set them (the backend's object holds wrappers) */
  handlers?: Map<string, unknown>;
  /** event listeners of the program -> the wrappers registered on the backend's object */
  listeners?: WeakMap<object, EventListener>;
}
interface MapState { mode: number; ranges: Array<[number, ArrayBuffer]> }

const active = new Set<Recorder>();

class Recorder {
  private readonly fd: number;
  private readonly dataFd: number;
  private dataOffset = 0;
  private seq = 0;
  private nextId = 1;
  private pending: string[] = [];
  private pendingBytes = 0;
  private readonly byReal = new WeakMap<object, Entry>();
  private readonly byProxy = new WeakMap<object, Entry>();
  private readonly maps = new Map<number, MapState>();
  private userErrorListeners = 0;
  private userErrorHandler = false;
  private closed = false;
  readonly root: object;

  constructor(device: GPUDevice, dir: string, opts: TraceDeviceOptions) {
    mkdirSync(dir, { recursive: true });
    this.fd = openSync(join(dir, RECORDS_FILE), "w");
    this.dataFd = openSync(join(dir, DATA_FILE), "w");
    const info = opts.adapter?.info as unknown as Record<string, unknown> | undefined;
    const d = opts.descriptor ?? {};
    const header: TraceHeader = {
      format: FORMAT, version: VERSION, created: new Date().toISOString(),
      backend: opts.backend ?? (device as unknown as { backend?: string }).backend ?? "unknown",
      adapter: info ? Object.fromEntries(["vendor", "architecture", "device", "description", "backendType", "adapterType", "isFallbackAdapter"]
        .filter((k) => info[k] !== undefined).map((k) => [k, info[k]])) : null,
      device: {
        label: d.label,
        requiredFeatures: d.requiredFeatures ? Array.from(d.requiredFeatures, String) : undefined,
        requiredLimits: d.requiredLimits as Record<string, number> | undefined,
        defaultQueue: d.defaultQueue ? { label: d.defaultQueue.label } : undefined,
      },
      features: [...device.features],
      root: 1,
    };
    writeSync(this.fd, JSON.stringify(header) + "\n");
    this.root = this.wrap(device, "GPUDevice");
    device.addEventListener("uncapturederror", (ev) => {
      const err = (ev as GPUUncapturedErrorEvent).error;
      this.write({ n: ++this.seq, e: errorKind(err), msg: err.message }, true);
      // The recorder's listener must not hide an error the program itself does not listen for.
      if (this.userErrorListeners === 0 && !this.userErrorHandler) console.warn(`wgpu-ts: uncaptured ${err.constructor.name} on device "${device.label}": ${err.message}`);
    });
    active.add(this);
    hooks.tracer = tracer;
    hooks.active = true;
  }

  // ---- output ---------------------------------------------------------------------------------

  private write(rec: TraceRecord, flush: boolean): void {
    if (this.closed) return;
    const line = JSON.stringify(rec) + "\n";
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (flush || this.pendingBytes > 1 << 16) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0 || this.closed) return;
    writeSync(this.fd, this.pending.join(""));
    this.pending = [];
    this.pendingBytes = 0;
  }

  private blob(bytes: Uint8Array): [number, number, number] {
    const off = this.dataOffset;
    if (bytes.byteLength) writeSync(this.dataFd, bytes);
    this.dataOffset += bytes.byteLength;
    return [off, bytes.byteLength, crc32(bytes)];
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    closeSync(this.fd);
    closeSync(this.dataFd);
    active.delete(this);
    if (active.size === 0) { hooks.active = false; hooks.tracer = null; }
  }

  // ---- objects --------------------------------------------------------------------------------

  owns(proxy: unknown): boolean {
    return typeof proxy === "object" && proxy !== null && this.byProxy.has(proxy);
  }

  private wrap(real: object, type: string, id = this.nextId++): object {
    const known = this.byReal.get(real);
    if (known) return known.proxy;
    const entry: Entry = { id, type, real, proxy: null as unknown as object, methods: new Map() };
    const rec = this;
    entry.proxy = new Proxy(real, {
      get(target, prop) {
        if (typeof prop === "string" && HANDLER.test(prop) && entry.handlers?.has(prop)) return entry.handlers.get(prop);
        const value = Reflect.get(target, prop, target);
        if (typeof prop === "symbol" || prop.startsWith("_")) return typeof value === "function" ? value.bind(target) : value;
        if (HANDLER.test(prop)) return value;
        if (typeof value === "function") {
          let m = entry.methods.get(prop);
          if (!m) entry.methods.set(prop, m = rec.method(entry, prop, value));
          return m;
        }
        if (prop === "queue" && value && typeof value === "object") {
          const q = rec.byReal.get(value);
          if (q) return q.proxy;
          const qid = rec.nextId++;
          rec.write({ n: ++rec.seq, o: entry.id, g: prop, r: qid, t: "GPUQueue" }, true);
          return rec.wrap(value, "GPUQueue", qid);
        }
        return value;
      },
      set(target, prop, value) {
        if (typeof prop === "string" && !prop.startsWith("_")) {
          if (HANDLER.test(prop) && (typeof value === "function" || value === null)) {
            if (prop === "onuncapturederror") rec.userErrorHandler = typeof value === "function";
            // The program's handler sees the traced object as `this` and as the event's target.
            (entry.handlers ??= new Map()).set(prop, value);
            const handler = value as Function | null;
            return Reflect.set(target, prop, handler && ((ev: Event) => handler.call(entry.proxy, eventFor(ev, entry.proxy))), target);
          } else if (typeof value !== "function") {
            rec.write({ n: ++rec.seq, o: entry.id, s: prop, v: rec.ser(value) }, !ENCODING.has(entry.type));
          }
        }
        return Reflect.set(target, prop, value, target);
      },
    });
    this.byReal.set(real, entry);
    this.byProxy.set(entry.proxy, entry);
    return entry.proxy;
  }

  /** The traced version of method `name` of one object. */
  private method(entry: Entry, name: string, fn: Function): Function {
    const rec = this;
    if (name === "addEventListener" || name === "removeEventListener") {
      return function (this: unknown, type: string, listener: unknown, options?: unknown) {
        if (type === "uncapturederror" && listener) rec.userErrorListeners += name === "addEventListener" ? 1 : -1;
        if (!listener || (typeof listener !== "function" && typeof listener !== "object")) return fn.call(entry.real, type, listener, options);
        // Listeners see the traced object as the event's target (the backend dispatches on its own).
        const map = (entry.listeners ??= new WeakMap());
        let wrapper = map.get(listener as object);
        if (!wrapper) {
          const l = listener as EventListener | EventListenerObject;
          wrapper = (ev: Event) => {
            const e = eventFor(ev, entry.proxy);
            if (typeof l === "function") l.call(entry.proxy, e); else l.handleEvent(e);
          };
          map.set(listener as object, wrapper);
        }
        return fn.call(entry.real, type, wrapper, options);
      };
    }
    if (name === "dispatchEvent") return fn.bind(entry.real);
    return function (this: unknown, ...args: unknown[]) { return rec.invoke(entry, name, fn, args); };
  }

  private invoke(entry: Entry, name: string, fn: Function, args: unknown[]): unknown {
    const n = ++this.seq;
    const record: TraceRecord = { n, o: entry.id, m: name, a: args.map((a) => this.ser(a)) };
    const creates = CREATES[name] === undefined ? undefined : name === "finish" && entry.type === "GPURenderBundleEncoder" ? "GPURenderBundle" : CREATES[name];
    if (creates) { record.r = this.nextId++; record.t = creates; }
    const real = args.map((a) => this.unwrap(a));
    if (name === "getMappedRange") return this.getMappedRange(entry, record, fn, real);
    if (name === "unmap" || name === "destroy") this.beforeUnmap(entry, record, name);
    if (name === "mapAsync") this.maps.set(entry.id, { mode: Number(real[0]), ranges: [] });
    this.write(record, !ENCODING.has(entry.type));
    let result: unknown;
    try {
      result = fn.apply(entry.real, real);
    } catch (e) {
      this.write({ n: ++this.seq, th: n, msg: String((e as Error)?.message ?? e) }, true);
      throw e;
    }
    if (name === "createBuffer" && (real[0] as GPUBufferDescriptor | undefined)?.mappedAtCreation) this.maps.set(record.r!, { mode: 2, ranges: [] });
    if (result && typeof (result as Promise<unknown>).then === "function") return this.settle(n, result as Promise<unknown>, record.r, creates);
    if (creates && result && typeof result === "object") return this.wrap(result, creates, record.r);
    return result;
  }

  private settle(n: number, p: Promise<unknown>, id: number | undefined, type: string | undefined): Promise<unknown> {
    return p.then((v) => {
      const out: TraceRecord = { n: ++this.seq, p: n, ok: true };
      if (v && typeof v === "object" && id !== undefined && type) {
        this.write(out, true);
        return this.wrap(v, type, id);
      }
      if (v !== undefined) out.v = this.describeValue(v);
      this.write(out, true);
      return v;
    }, (e: unknown) => {
      this.write({ n: ++this.seq, p: n, ok: false, err: String((e as Error)?.message ?? e) }, true);
      throw e;
    });
  }

  private getMappedRange(entry: Entry, record: TraceRecord, fn: Function, real: unknown[]): ArrayBuffer {
    let ab: ArrayBuffer;
    try {
      ab = fn.apply(entry.real, real) as ArrayBuffer;
    } catch (e) {
      this.write(record, true);
      this.write({ n: ++this.seq, th: record.n, msg: String((e as Error)?.message ?? e) }, true);
      throw e;
    }
    const state = this.maps.get(entry.id);
    if (state?.mode === MAP_READ) record.rd = { $b: this.blob(new Uint8Array(ab)) };
    else if (state) state.ranges.push([Number(real[0] ?? 0), ab]);
    this.write(record, true);
    return ab;
  }

  /** The contents of a WRITE mapping are uploads: recorded when the mapping ends. */
  private beforeUnmap(entry: Entry, record: TraceRecord, name: string): void {
    const state = this.maps.get(entry.id);
    if (!state) return;
    this.maps.delete(entry.id);
    if (name !== "unmap" || state.mode === MAP_READ) return;
    const wr: Array<[number, unknown]> = [];
    for (const [off, ab] of state.ranges) if (ab.byteLength) wr.push([off, { $b: this.blob(new Uint8Array(ab)) }]);
    if (wr.length) record.wr = wr;
  }

  // ---- values ---------------------------------------------------------------------------------

  /** JSON form of an argument: objects of the trace by id, bytes into data.bin. */
  ser(v: unknown): unknown {
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number") return Number.isFinite(v) ? v : { $num: String(v) };
    if (v === undefined) return { $u: 1 };
    if (typeof v === "bigint") return { $big: String(v) };
    if (typeof v === "function") return { $f: 1 };
    if (typeof v !== "object") return String(v);
    const e = this.byProxy.get(v) ?? this.byReal.get(v);
    if (e) return { $o: e.id };
    if (v instanceof ArrayBuffer) return { $t: "ArrayBuffer", $b: this.blob(new Uint8Array(v)) };
    if (typeof SharedArrayBuffer !== "undefined" && v instanceof SharedArrayBuffer) return { $t: "SharedArrayBuffer", $b: this.blob(new Uint8Array(v)) };
    if (ArrayBuffer.isView(v)) return { $t: v.constructor.name, $b: this.blob(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
    if (Array.isArray(v)) return v.map((x) => this.ser(x));
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      if (typeof (v as Iterable<unknown>)[Symbol.iterator] === "function") return Array.from(v as Iterable<unknown>, (x) => this.ser(x));
      // Not an object of this trace (e.g. of another device) and not data: replay cannot rebuild it.
      return { $x: (v as object).constructor?.name || "object" };
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = this.ser(x);
    return out;
  }

  /** The backend's own objects in place of proxies, deeply (descriptors hold objects too). */
  unwrap(v: unknown): unknown {
    if (v === null || typeof v !== "object") return v;
    const e = this.byProxy.get(v);
    if (e) return e.real;
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && v instanceof SharedArrayBuffer)) return v;
    if (Array.isArray(v)) return v.map((x) => this.unwrap(x));
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      if (typeof (v as Iterable<unknown>)[Symbol.iterator] === "function" && !(typeof v === "string")) return Array.from(v as Iterable<unknown>, (x) => this.unwrap(x));
      return v;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = this.unwrap(x);
    return out;
  }

  private describeValue(v: unknown): unknown {
    if (v === null || typeof v !== "object") return this.ser(v);
    if (v instanceof Error || (typeof (v as { message?: unknown }).message === "string" && /Error$/.test((v as object).constructor?.name ?? ""))) {
      return { $err: errorKind(v as Error), msg: (v as Error).message };
    }
    return { $x: (v as object).constructor?.name ?? "object" };
  }

  // ---- backend extras -------------------------------------------------------------------------

  extra<T>(name: string, args: unknown[], impl: (...a: any[]) => T): T {
    const n = ++this.seq;
    const record: TraceRecord = { n, x: name, a: args.map((a) => this.ser(a)) };
    const creates = CREATES[name];
    if (creates) { record.r = this.nextId++; record.t = creates; }
    const encoding = args.some((a) => { const e = a && typeof a === "object" ? this.byProxy.get(a) : undefined; return e && ENCODING.has(e.type); });
    this.write(record, !encoding);
    let result: T;
    try {
      result = impl(...args.map((a) => this.unwrap(a)));
    } catch (e) {
      this.write({ n: ++this.seq, th: n, msg: String((e as Error)?.message ?? e) }, true);
      throw e;
    }
    if (creates && result && typeof result === "object") return this.wrap(result as object, creates, record.r) as T;
    return result;
  }
}

/** The event as the program sees it: target and currentTarget are the traced object. */
function eventFor(ev: Event, target: object): Event {
  return new Proxy(ev, {
    get(t, p) {
      if (p === "target" || p === "currentTarget" || p === "srcElement") return target;
      const v = Reflect.get(t, p, t);
      return typeof v === "function" ? v.bind(t) : v;
    },
  });
}

function errorKind(e: { message: string; constructor?: { name?: string }; name?: string }): string {
  const name = e.constructor?.name ?? e.name ?? "Error";
  return name === "GPUValidationError" ? "validation" : name === "GPUOutOfMemoryError" ? "out-of-memory" : name === "GPUInternalError" ? "internal" : name;
}

/** The hooks' tracer: routes an extras call to the recorder that owns one of its arguments. */
const tracer: ExtrasTracer = {
  call<T>(name: string, args: unknown[], impl: (...a: any[]) => T): T {
    for (const r of active) if (args.some((a) => r.owns(a))) return r.extra(name, args, impl);
    return impl(...args);
  },
};

const recorders = new WeakMap<object, Recorder>();

process.on("exit", () => { for (const r of active) r.flush(); });

/**
 * Starts tracing `device` into directory `dir` (created if missing; trace.jsonl and data.bin are
 * replaced). Use the returned device, and objects made from it, instead of `device`.
 */
export function traceDevice(device: GPUDevice, dir: string, options: TraceDeviceOptions = {}): GPUDevice {
  const r = new Recorder(device, dir, options);
  recorders.set(r.root, r);
  return r.root as GPUDevice;
}

/** Flushes and closes the trace of a device returned by traceDevice / requestDeviceTracing. */
export function stopTracing(device: GPUDevice): void {
  recorders.get(device)?.close();
}

/** Writes out records still buffered (those of an unfinished pass). Called at exit automatically. */
export function flushTraces(): void {
  for (const r of active) r.flush();
}
