// Shared shape of every wrapper: the owned native handle, the device it reports errors to, a label.
import { own } from "../lifetime.js";
import type { DeviceContext } from "./context.js";
import { platformObjects } from "../../../platform-object.js";
import { REF_STREAM, REF_EPOCH, REF_INDEX } from "../encoding/stream.js";

export type { Destroyable } from "./context.js";

/** Initial value of [REF_STREAM]: an object, so the field never changes representation (a JIT deopt). */
const NO_STREAM = Object.freeze({});

export abstract class NativeObject {
  /** @internal the owned native handle (a koffi 3 BigInt pointer) */
  readonly _handle: bigint;
  private _label: string;
  /** @internal index of this object in the command stream that last referenced it (encoding/stream.ts) */
  [REF_STREAM]: unknown = NO_STREAM;
  /** @internal */ [REF_EPOCH] = 0;
  /** @internal */ [REF_INDEX] = 0;
  /** @internal the native helper's ownership record of the handle (lifetime.ts), 0 when the JS registry owns it */
  _owned = 0;

  constructor(handle: bigint, label: string | undefined, type: string, release: ((h: bigint) => void) | null) {
    this._handle = handle;
    this._label = label ?? "";
    if (release && handle) this._owned = own(this, type, handle, release);
  }

  /** Labels live in JS (wgpu-native's SetLabel functions panic); assignment converts like a USVString. */
  get label(): string { return this._label; }
  set label(v: string) { this._label = String(v); }
}

export abstract class DeviceChild extends NativeObject {
  /** @internal */ readonly _device: DeviceContext;
  constructor(device: DeviceContext, handle: bigint, label: string | undefined, type: string, release: ((h: bigint) => void) | null) {
    super(handle, label, type, release);
    this._device = device;
  }
}

// Internals (`_handle`, ...) are non-enumerable own properties: objects look like the platform's.
platformObjects(NativeObject, REF_STREAM, REF_EPOCH, REF_INDEX);
