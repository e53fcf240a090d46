// What an object may ask of its device, and a pass of its encoder: the internal contract between
// NativeDevice / NativeCommandEncoder (which implement these) and the objects they create. Children
// import these interfaces, never device.ts or command-encoder.ts, so objects/ has no import circle.
import type { Runtime } from "../runtime.js";
import type { GPUError } from "../../../errors.js";
import type { CommandStream } from "../encoding/stream.js";
import type { NativeFunctions } from "../ffi/generated/functions.js";

/** Anything submit must find not destroyed (textures, query sets). */
export type Destroyable = { readonly _destroyed: boolean; readonly label: string };

/** The device as its children see it (errors go through its error scopes, see device.ts). */
export interface DeviceContext {
  /** the native device handle */
  readonly _handle: bigint;
  /** the loaded library: `_rt.fn` are its functions, `_rt.cb` its callbacks */
  readonly _rt: Runtime;
  readonly label: string;
  readonly features: GPUSupportedFeatures;
  /** writeBuffer calls are batched until the queue flushes them (before a map or a submit) */
  readonly queue: { readonly _handle: bigint; _flushWrites(): void; _markUnflushed(): void };
  /** the device's limits by name (aliases included) */
  readonly _limitValues: Record<string, number>;
  /** set when the device is lost or destroyed: errors are then silent, as the spec says */
  readonly _destroyed: boolean;
  /** buffers mapped now: device loss unmaps them */
  readonly _mapped: Set<{ unmap(): undefined | void }>;
  /** reports a GPUValidationError through the error scopes */
  _validationError(message: string): undefined;
  /** reports any GPUError through the error scopes */
  _reportError(err: GPUError): void;
  /** runs f, reporting the native errors it raises, and also returns them */
  _capturing<T>(f: () => T): [T, GPUError[]];
  /** Counts the errors reported so far (what _capturing would collect): a cheaper "did this call fail?" for hot paths. */
  readonly _errorSerial: number;
  /** runs f and returns the native errors it raises without reporting them (deliberate error objects) */
  _capturingSilently<T>(f: () => T): [T, GPUError[]];
  /** loses the device now, with this message */
  _loseNow(message: string): void;
}

/** The adapter as the device it creates sees it. */
export interface AdapterContext {
  readonly _handle: bigint;
  readonly info: GPUAdapterInfo;
  /** a new GPUAdapterInfo with the same values (device.adapterInfo is not adapter.info, as the spec says) */
  _copyInfo(): GPUAdapterInfo;
  /** adapters are single-use: a second device from it is born lost */
  _consumed: boolean;
}

/** The command encoder as its passes see it. */
export interface EncoderContext {
  readonly _device: DeviceContext;
  /** the stream every pass of the encoder records into, one pass at a time */
  readonly _stream: CommandStream;
  /** end() of a compute or render pass hands the pass itself over: the encoder replays its stream (encoding/pass-end.ts) */
  _endPass(pass: EndingPass): void;
}

/** What a pass tells its encoder when it ends (compute and render passes implement it). */
export interface EndingPass {
  readonly _stream: CommandStream;
  readonly label: string;
  /** a compute pass without timestamp writes: it may be replayed merged with its neighbours (pass-end.ts) */
  readonly _coalescible: boolean;
  /** set when a JS-side check failed while recording: the encoder becomes invalid instead of replaying */
  readonly _invalid: string | null;
  /** textures and query sets its descriptor names (attachments, timestamp writes): submit checks them */
  _descriptorUses(): { textures: Iterable<Destroyable>; querySets: Iterable<Destroyable> };
  /** why the pass makes the encoder invalid, or null */
  _endProblem(): string | null;
  /** begins the native pass on `encoder`, replays `records` (its part of the stream), ends it (encoding/pass-end.ts) */
  _replay(fn: NativeFunctions, encoder: bigint, records: CommandStream): void;
}
