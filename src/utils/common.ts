// Shared helpers of the utilities (portable API only).

export type TypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

/** Runs one step inside its own error scopes; returns what the step returns. */
export type Stage = <T>(name: string, step: () => T) => T;

/**
 * Runs `body`, whose steps each run inside their own validation / out-of-memory / internal error scopes,
 * and throws an Error naming the first step that produced a GPU error (its message included, the GPUError
 * as `cause`). A JS exception from a step propagates after the scopes are popped.
 */
export async function withErrorScopes<T>(device: GPUDevice, label: string, body: (stage: Stage) => Promise<T> | T): Promise<T> {
  const popped: { name: string; errors: Promise<(GPUError | null)[]> }[] = [];
  const stage: Stage = (name, step) => {
    device.pushErrorScope("out-of-memory");
    device.pushErrorScope("internal");
    device.pushErrorScope("validation");
    try {
      return step();
    } finally {
      const errors = Promise.all([device.popErrorScope(), device.popErrorScope(), device.popErrorScope()]);
      errors.catch(() => {}); // awaited below; no unhandled rejection if body throws first
      popped.push({ name, errors });
    }
  };
  const result = await body(stage);
  for (const { name, errors } of popped) {
    const error = (await errors).find((e) => e !== null);
    if (error) throw new Error(`${label}: ${name} failed: ${error.message}`, { cause: error });
  }
  return result;
}
