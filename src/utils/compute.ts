// computeWithBuffers: run a compute shader over typed arrays in one call and get typed arrays back.
import { GPUBufferUsage, GPUMapMode } from "../generated/flags.js";
import { getDefaultDevice } from "./device.js";
import { withErrorScopes, type TypedArray } from "./common.js";

export type { TypedArray } from "./common.js";

/** Element type names accepted in an output spec, and the typed array each one gives. */
export interface ElementArrays {
  i8: Int8Array; u8: Uint8Array; i16: Int16Array; u16: Uint16Array; f16: Uint16Array;
  i32: Int32Array; u32: Uint32Array; f32: Float32Array; f64: Float64Array; i64: BigInt64Array; u64: BigUint64Array;
}
export type ElementType = keyof ElementArrays;

/** A typed array constructor (Float32Array, Uint32Array, ...). */
export type TypedArrayConstructor<T extends TypedArray = TypedArray> = {
  new (buffer: ArrayBuffer, byteOffset?: number, length?: number): T;
  readonly BYTES_PER_ELEMENT: number;
};

/** An output binding: a byte size (read back as a Uint8Array), or an element type and a length. */
export type OutputSpec = number | { type: ElementType | TypedArrayConstructor; length: number };

/** The typed array computeWithBuffers returns for an output spec. */
export type OutputArray<S> = S extends number ? Uint8Array
  : S extends { type: infer T } ? (T extends ElementType ? ElementArrays[T] : T extends TypedArrayConstructor<infer A> ? A : TypedArray)
  : TypedArray;

export interface ComputeWithBuffersOptions<O extends Record<number, OutputSpec>> {
  /** Data uploaded to each binding of group `group` before the dispatch, keyed by binding number. */
  inputs?: Record<number, ArrayBufferView | ArrayBuffer>;
  /** Bindings read back after the dispatch, keyed by binding number. A binding in both maps is read back after being written. */
  outputs: O;
  /** WGSL source, or a shader module already created on the same device. */
  shader: string | GPUShaderModule;
  /** Entry point (default: the shader's only compute entry point). */
  entryPoint?: string;
  /** Values of pipeline-overridable constants. */
  constants?: Record<string, number>;
  /** Workgroup counts: x, or [x, y?, z?]. */
  workgroups: number | readonly [number, number?, number?];
  /** The bind group index the buffers are bound to (default 0). */
  group?: number;
  /** The device to run on (default: getDefaultDevice()). */
  device?: GPUDevice;
  /** Label prefix of the objects created (useful in validation messages). */
  label?: string;
}

const elementArrays: Record<ElementType, TypedArrayConstructor> = {
  i8: Int8Array, u8: Uint8Array, i16: Int16Array, u16: Uint16Array, f16: Uint16Array,
  i32: Int32Array, u32: Uint32Array, f32: Float32Array, f64: Float64Array, i64: BigInt64Array, u64: BigUint64Array,
};

const align4 = (n: number) => Math.max(4, Math.ceil(n / 4) * 4);

function bindingNumber(key: string, where: string): number {
  const n = Number(key);
  if (!Number.isInteger(n) || n < 0 || String(n) !== key) throw new TypeError(`computeWithBuffers: ${where} key ${JSON.stringify(key)} is not a binding number`);
  return n;
}

function bytesOf(data: ArrayBufferView | ArrayBuffer, where: string): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError(`computeWithBuffers: ${where} must be a typed array, DataView or ArrayBuffer`);
}

function outputLayout(spec: OutputSpec, where: string): { ctor: TypedArrayConstructor; byteLength: number; length: number } {
  if (typeof spec === "number") {
    if (!Number.isInteger(spec) || spec <= 0) throw new TypeError(`computeWithBuffers: ${where} must be a positive byte size`);
    return { ctor: Uint8Array, byteLength: spec, length: spec };
  }
  if (spec === null || typeof spec !== "object") throw new TypeError(`computeWithBuffers: ${where} must be a byte size or { type, length }`);
  const ctor = typeof spec.type === "string" ? elementArrays[spec.type] : spec.type;
  if (typeof ctor !== "function" || typeof ctor.BYTES_PER_ELEMENT !== "number") {
    throw new TypeError(`computeWithBuffers: ${where}.type must be one of ${Object.keys(elementArrays).join(", ")} or a typed array constructor`);
  }
  if (!Number.isInteger(spec.length) || spec.length <= 0) throw new TypeError(`computeWithBuffers: ${where}.length must be a positive integer`);
  return { ctor, byteLength: spec.length * ctor.BYTES_PER_ELEMENT, length: spec.length };
}

function workgroupCounts(w: ComputeWithBuffersOptions<never>["workgroups"]): [number, number, number] {
  const list = typeof w === "number" ? [w] : Array.isArray(w) ? w : undefined;
  if (!list || list.length < 1 || list.length > 3) throw new TypeError("computeWithBuffers: workgroups must be a count or [x, y?, z?]");
  const [x, y = 1, z = 1] = list as number[];
  for (const v of [x, y, z]) if (!Number.isInteger(v) || v! < 0) throw new TypeError("computeWithBuffers: workgroup counts must be non-negative integers");
  return [x!, y, z];
}

/**
 * Runs a compute shader once over storage buffers and returns the outputs as typed arrays.
 *
 * Each binding of `inputs` and `outputs` gets one buffer (STORAGE), bound to group `group` of an `"auto"`
 * pipeline layout, so the shader must use every binding it is given. Inputs are uploaded, the shader is
 * dispatched with `workgroups`, outputs are copied back. A shader or binding error rejects with an Error
 * that carries the implementation's validation message. Works on any WebGPU implementation.
 *
 * @example
 * const { 1: out } = await computeWithBuffers({
 *   inputs: { 0: new Float32Array([1, 2, 3, 4]) },
 *   outputs: { 1: { type: "f32", length: 4 } },
 *   shader: `@group(0) @binding(0) var<storage, read> a: array<f32>;
 *            @group(0) @binding(1) var<storage, read_write> b: array<f32>;
 *            @compute @workgroup_size(4) fn main(@builtin(global_invocation_id) i: vec3u) { b[i.x] = a[i.x] * 2.0; }`,
 *   workgroups: 1,
 * });
 */
export async function computeWithBuffers<O extends Record<number, OutputSpec>>(
  options: ComputeWithBuffersOptions<O>,
): Promise<{ [K in keyof O]: OutputArray<O[K]> }> {
  if (options === null || typeof options !== "object") throw new TypeError("computeWithBuffers: expected an options object");
  const { inputs = {}, outputs, shader, entryPoint, constants, group = 0, label = "computeWithBuffers" } = options;
  if (outputs === null || typeof outputs !== "object") throw new TypeError("computeWithBuffers: outputs must be an object keyed by binding number");
  if (typeof shader !== "string" && (shader === null || typeof shader !== "object")) throw new TypeError("computeWithBuffers: shader must be WGSL source or a GPUShaderModule");
  const [wx, wy, wz] = workgroupCounts(options.workgroups);

  const uploads = new Map<number, Uint8Array>();
  for (const [k, v] of Object.entries(inputs)) uploads.set(bindingNumber(k, "inputs"), bytesOf(v, `inputs[${k}]`));
  const reads = new Map<number, ReturnType<typeof outputLayout>>();
  for (const [k, v] of Object.entries(outputs)) reads.set(bindingNumber(k, "outputs"), outputLayout(v as OutputSpec, `outputs[${k}]`));
  if (reads.size === 0) throw new TypeError("computeWithBuffers: outputs is empty");
  const bindings = [...new Set([...uploads.keys(), ...reads.keys()])].sort((a, b) => a - b);

  const device = options.device ?? await getDefaultDevice();
  const buffers = new Map<number, GPUBuffer>();
  // Outputs are packed into one MAP_READ buffer (one mapAsync), each at a 4-byte aligned offset.
  const readOffsets = new Map<number, number>();
  let readSize = 0;
  for (const b of reads.keys()) {
    readOffsets.set(b, readSize);
    readSize += align4(reads.get(b)!.byteLength);
  }
  let staging: GPUBuffer | undefined;
  try {
    await withErrorScopes(device, label, async (stage) => {
      const module = stage("shader module", () => typeof shader === "string" ? device.createShaderModule({ label: `${label} shader`, code: shader }) : shader);
      const pipeline = stage("compute pipeline", () => device.createComputePipeline({
        label: `${label} pipeline`,
        layout: "auto",
        compute: { module, ...(entryPoint !== undefined && { entryPoint }), ...(constants !== undefined && { constants }) },
      }));
      for (const b of bindings) {
        const size = align4(Math.max(uploads.get(b)?.byteLength ?? 0, reads.get(b)?.byteLength ?? 0));
        const data = uploads.get(b);
        const buffer = stage(`buffer for binding ${b}`, () => device.createBuffer({
          label: `${label} binding ${b}`, size, mappedAtCreation: data !== undefined,
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
        }));
        buffers.set(b, buffer);
        if (data) {
          new Uint8Array(buffer.getMappedRange()).set(data);
          buffer.unmap();
        }
      }
      const bindGroup = stage(`bind group ${group} (every binding given must be used by the entry point; the layout is "auto")`, () => device.createBindGroup({
        label: `${label} bind group`,
        layout: pipeline.getBindGroupLayout(group),
        entries: bindings.map((binding) => ({ binding, resource: { buffer: buffers.get(binding)! } })),
      }));
      staging = device.createBuffer({ label: `${label} readback`, size: readSize, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      stage("dispatch", () => {
        const encoder = device.createCommandEncoder({ label: `${label} encoder` });
        const pass = encoder.beginComputePass({ label: `${label} pass` });
        pass.setPipeline(pipeline);
        pass.setBindGroup(group, bindGroup);
        pass.dispatchWorkgroups(wx, wy, wz);
        pass.end();
        for (const [b, off] of readOffsets) encoder.copyBufferToBuffer(buffers.get(b)!, 0, staging!, off, align4(reads.get(b)!.byteLength));
        device.queue.submit([encoder.finish()]);
      });
    });
    await staging!.mapAsync(GPUMapMode.READ);
    const mapped = staging!.getMappedRange();
    const result: Record<number, TypedArray> = {};
    for (const [b, { ctor, byteLength, length }] of reads) {
      const copy = mapped.slice(readOffsets.get(b)!, readOffsets.get(b)! + byteLength);
      result[b] = new ctor(copy, 0, length);
    }
    staging!.unmap();
    return result as { [K in keyof O]: OutputArray<O[K]> };
  } finally {
    for (const b of buffers.values()) b.destroy();
    staging?.destroy();
  }
}
