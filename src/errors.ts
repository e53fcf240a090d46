// The WebGPU error classes, shared by every backend so that `instanceof` works across them.
import { platformObjects, attributes } from "./platform-object.js";

export class GPUError extends Error {
  constructor(message: string = "") {
    // GPUError is abstract in the IDL (no constructor): only its subclasses can be created.
    if (new.target === GPUError) throw new TypeError("Illegal constructor: GPUError is abstract");
    super(String(message));
    this.name = new.target.name;
  }
}
export class GPUValidationError extends GPUError {}
export class GPUOutOfMemoryError extends GPUError {}
export class GPUInternalError extends GPUError {}

export type GPUPipelineErrorReason = "validation" | "internal";

export class GPUPipelineError extends DOMException {
  readonly reason: GPUPipelineErrorReason;
  constructor(message: string = "", options?: { reason: GPUPipelineErrorReason }) {
    const reason = options?.reason;
    if (reason !== "validation" && reason !== "internal") {
      throw new TypeError(`GPUPipelineError: options.reason must be "validation" or "internal", got ${String(reason)}`);
    }
    super(String(message), "GPUPipelineError");
    this.reason = reason;
  }
}

export class GPUUncapturedErrorEvent extends Event {
  readonly error: GPUError;
  constructor(type: string, init: { error: GPUError }) {
    super(type);
    this.error = init.error;
  }
}

/** Spec-style DOMException helpers (DOMException is global in Node >= 17, Deno and browsers). */
export function operationError(message: string): DOMException {
  return new DOMException(message, "OperationError");
}
export function abortError(message: string): DOMException {
  return new DOMException(message, "AbortError");
}

export class GPUDeviceLostInfo {
  /** type-level only, no field at run time: tsc takes the class for @webgpu/types' GPUDeviceLostInfo */
  declare readonly __brand: "GPUDeviceLostInfo";
  readonly reason: "unknown" | "destroyed";
  readonly message: string;
  constructor(reason: "unknown" | "destroyed", message: string) {
    this.reason = reason;
    this.message = message;
  }
}

platformObjects(GPUError);
platformObjects(GPUPipelineError);
attributes(GPUPipelineError, "reason");
platformObjects(GPUUncapturedErrorEvent);
attributes(GPUUncapturedErrorEvent, "error");
platformObjects(GPUDeviceLostInfo);
attributes(GPUDeviceLostInfo, "reason", "message");
