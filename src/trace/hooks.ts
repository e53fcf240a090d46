// The one place backend code meets the tracer. A backend's extras functions (push constants,
// multi-draw, ...) take objects that may be traced proxies: the backend exports them wrapped by
// `traced`, and while no trace is active the only cost is the `hooks.active` branch. The recorder
// (recorder.ts) installs itself here when it starts.

export interface ExtrasTracer {
  /**
   * Records backend extra `name` called with `args` (which may hold traced proxies), runs `impl` on
   * the unwrapped arguments and returns its result, wrapped when it is a GPU object of a traced device.
   * Objects that are not traced pass straight through.
   */
  call<T>(name: string, args: unknown[], impl: (...args: any[]) => T): T;
}

/**
 * While set, the wgpu-native backend's adapter.requestDevice() calls this instead (`wgpu-ts record`
 * traces the first device of a script this way, trace/cli.ts); `plain` is the untraced request.
 */
export type RequestDeviceHook = (
  adapter: GPUAdapter, descriptor: GPUDeviceDescriptor | undefined, plain: (descriptor?: GPUDeviceDescriptor) => Promise<GPUDevice>,
) => Promise<GPUDevice>;

export const hooks: { active: boolean; tracer: ExtrasTracer | null; requestDevice: RequestDeviceHook | null } = {
  active: false, tracer: null, requestDevice: null,
};

/**
 * `impl` as backend extra `name`: recorded (and its arguments unwrapped) while a trace is active,
 * called directly otherwise. A backend wraps its exported extras table with it once.
 */
export function traced<A extends unknown[], R>(name: string, impl: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => (hooks.active ? hooks.tracer!.call(name, args, impl) : impl(...args));
}

/** The functions `names` of a backend's extras table, each wrapped by `traced` under its own name. */
export function tracedTable<T extends Record<string, unknown>, K extends keyof T & string>(table: T, names: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const name of names) out[name] = traced(name, table[name] as (...args: unknown[]) => unknown) as T[K];
  return out;
}

/** Whether `device` is a device of the wgpu-native backend (set by that backend's device module when it loads). */
export function isWgpuNativeDevice(device: unknown): boolean {
  return nativeDeviceCheck?.(device) ?? false;
}
let nativeDeviceCheck: ((device: unknown) => boolean) | null = null;
/** The wgpu-native backend names its device class here (trace replay asks before loading its extras). */
export function setWgpuNativeDeviceCheck(check: (device: unknown) => boolean): void { nativeDeviceCheck = check; }
