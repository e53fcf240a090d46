// The one place backend code meets the tracer. A backend's extras functions (push constants,
// multi-draw, ...) take objects that may be traced proxies; while no trace is active the only cost
// is the `hooks.active` branch. The recorder (recorder.ts) installs itself here when it starts.

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
