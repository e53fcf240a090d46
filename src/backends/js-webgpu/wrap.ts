// The js-webgpu backend: wgpu-ts over a JavaScript WebGPU implementation (a browser's or Deno's
// navigator.gpu, or Google's dawn.node from npm `webgpu`, or any object handed to wrapGPU()).
//
// Design: only the GPU object is wrapped. Adapters, devices and everything below them are the
// implementation's own objects, so the hot path costs nothing extra and they interoperate with the
// rest of the platform (canvas contexts, external images, ...). What wgpu-ts adds:
//   - `backend` ("js-webgpu") and `implementationName` on the GPU object;
//   - implementation discovery (navigator.gpu, else dawn.node in Node) with actionable errors;
//   - the implementation's interface and error classes for installGlobals(), and `instanceof` of wgpu-ts's
//     exported error classes (GPUValidationError, ...) recognising the implementation's errors;
//   - the implementation object is kept referenced for the life of the process: dawn.node aborts the
//     process if its GPU object is collected while one of its devices still lives.
// Nothing here imports a Node built-in: this module is part of browser bundles.
import type { BackendGPU } from "../../backend.js";
import {
  GPUError, GPUValidationError, GPUOutOfMemoryError, GPUInternalError, GPUPipelineError, GPUUncapturedErrorEvent, GPUDeviceLostInfo,
} from "../../errors.js";
import { detectRuntime } from "../../runtime-env.js";

/** Where installGlobals() keeps the navigator.gpu it replaced, so the implementation stays reachable. */
export const IMPLEMENTATION_GPU = Symbol.for("wgpu-ts.implementationGPU");

export interface WrapOptions {
  /**
   * The implementation's globals (GPUBufferUsage, GPUValidationError, GPUDevice, ...), e.g. `globals` of npm
   * `webgpu`. installGlobals() puts them on globalThis when this GPU serves the facade. Default: the GPU*
   * classes found on globalThis (right for a browser's or Deno's navigator.gpu).
   */
  globals?: Record<string, unknown>;
  /** A name for the implementation (shown by `implementationName` and in errors). */
  name?: string;
}

/** A found implementation: the GPU object, its globals and a name for messages. */
export interface Implementation {
  gpu: GPU;
  globals?: Record<string, unknown>;
  name: string;
}

/** A wgpu-ts GPU over a JS WebGPU implementation (what wrapGPU returns and the module's `gpu` is). */
export type WrappedGPU = GPU & {
  readonly backend: "js-webgpu";
  /** The wrapped implementation's GPU object (undefined until it has been found). */
  readonly implementation: GPU | undefined;
  /** e.g. "dawn.node (npm webgpu)", "navigator.gpu (browser)". */
  readonly implementationName: string | undefined;
};

// Implementations stay referenced for the whole process (see the header). One per wrapGPU() call.
const keptAlive = new Set<object>();

/** True for GPU objects made by wgpu-ts (every one has a `backend` property); a real implementation has none. */
export function isWgpuTsGPU(value: unknown): boolean {
  return typeof value === "object" && value !== null && "backend" in value;
}

const INTERFACE_NAME = /^(GPU|WGSL)[A-Za-z]*$/;

function interfacesOf(source: Record<string, unknown>): Record<string, Function> {
  const out: Record<string, Function> = {};
  for (const name of Object.getOwnPropertyNames(source)) {
    if (!INTERFACE_NAME.test(name)) continue;
    let value: unknown;
    try {
      value = source[name];
    } catch {
      continue;
    }
    // Flag namespaces (GPUBufferUsage, ...) are plain objects; classes are functions.
    if (typeof value === "function" || (typeof value === "object" && value !== null)) out[name] = value as Function;
  }
  return out;
}

// `instanceof` on wgpu-ts's error classes also accepts the implementation's instances of the same class.
const ERROR_CLASSES: Record<string, Function> = {
  GPUError, GPUValidationError, GPUOutOfMemoryError, GPUInternalError, GPUPipelineError, GPUUncapturedErrorEvent, GPUDeviceLostInfo,
};
const foreignClasses = new Map<Function, Function[]>();
const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];

function bridgeErrorClasses(interfaces: Record<string, Function>): void {
  for (const [name, ours] of Object.entries(ERROR_CLASSES)) {
    const theirs = interfaces[name];
    if (typeof theirs !== "function" || theirs === ours) continue;
    let list = foreignClasses.get(ours);
    if (!list) {
      foreignClasses.set(ours, (list = []));
      // Looked up by `this`: subclasses inherit the static method and must use their own list.
      Object.defineProperty(ours, Symbol.hasInstance, {
        configurable: true,
        value(this: Function, value: unknown): boolean {
          if (ordinaryHasInstance.call(this, value)) return true;
          const others = foreignClasses.get(this);
          if (others) for (const c of others) if (value instanceof (c as any)) return true;
          return false;
        },
      });
    }
    if (!list.includes(theirs)) list.push(theirs);
  }
}

function describeRuntime(): string {
  const r = detectRuntime();
  return r === "unknown" ? "this runtime" : r === "browser" ? "this browser" : r[0]!.toUpperCase() + r.slice(1);
}

/** navigator.gpu of this runtime when it is a real implementation (not a wgpu-ts GPU put there by installGlobals). */
export function navigatorImplementation(): Implementation | undefined {
  const g = globalThis as Record<PropertyKey, any>;
  const stashed = g[IMPLEMENTATION_GPU];
  let nav: unknown;
  try {
    nav = g.navigator?.gpu;
  } catch {
    nav = undefined;
  }
  const found = [nav, stashed].find((c) => c && typeof (c as GPU).requestAdapter === "function" && !isWgpuTsGPU(c));
  if (!found) return undefined;
  return { gpu: found as GPU, name: `navigator.gpu (${detectRuntime()})` };
}

const WEBGPU_PACKAGE = "webgpu";

/** dawn.node from npm `webgpu` (Node only). Rejects with the reason and the fix when it is not installed. */
export async function loadDawnNode(): Promise<Implementation> {
  let mod: { create?: (flags: string[]) => GPU; globals?: Record<string, unknown> };
  try {
    // A variable specifier: bundlers leave it alone, so browser bundles never try to include dawn.node.
    mod = await import(/* @vite-ignore */ /* webpackIgnore: true */ WEBGPU_PACKAGE);
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const notFound = err?.code === "ERR_MODULE_NOT_FOUND" || /Cannot find (package|module) 'webgpu'/.test(String(err?.message));
    throw new Error(notFound
      ? "npm package `webgpu` (Google's dawn.node) is not installed; fix: `npm install webgpu`"
      : `npm package \`webgpu\` (dawn.node) failed to load: ${String(err?.message ?? e).split("\n")[0]}`);
  }
  if (typeof mod.create !== "function") throw new Error("npm package `webgpu` has no create() export (expected dawn.node's API)");
  return { gpu: mod.create([]), globals: mod.globals, name: "dawn.node (npm webgpu)" };
}

/**
 * Finds this runtime's implementation: navigator.gpu where it exists (browsers, Deno, or anything installed
 * there); in Node, dawn.node from npm `webgpu`. The error says what was looked at and how to get one.
 */
export async function findImplementation(): Promise<Implementation> {
  const nav = navigatorImplementation();
  if (nav) return nav;
  const runtime = detectRuntime();
  if (runtime === "node" || runtime === "bun") {
    try {
      return await loadDawnNode();
    } catch (e) {
      throw new Error(`wgpu-ts js-webgpu: no WebGPU implementation in ${describeRuntime()}: navigator.gpu is not defined, and ` +
        `${(e as Error).message}. (Or hand one over: wrapGPU(implementation).)`);
    }
  }
  const fix = runtime === "browser"
    ? "use a browser with WebGPU enabled, on a secure context (https: or http://localhost)"
    : runtime === "deno"
      ? "use a Deno build that exposes navigator.gpu (older versions need --unstable-webgpu)"
      : "hand an implementation over with wrapGPU(implementation)";
  throw new Error(`wgpu-ts js-webgpu: no WebGPU implementation in ${describeRuntime()}: navigator.gpu is not defined; fix: ${fix}.`);
}

/** wgpu-ts's GPU over a JS WebGPU implementation. */
export class JsWebGPU implements BackendGPU {
  // A prototype getter, not a field: a platform GPU object has no own enumerable properties.
  get backend(): "js-webgpu" { return "js-webgpu"; }
  #impl: GPU | undefined;
  #name: string | undefined;
  #interfaces: Record<string, Function> = {};
  #finding: Promise<GPU> | undefined;
  readonly #find: (() => Promise<Implementation>) | undefined;

  /** `implementation`: an implementation now, or a function that finds one at first use. */
  constructor(implementation: Implementation | (() => Promise<Implementation>)) {
    if (typeof implementation === "function") this.#find = implementation;
    else this.#adopt(implementation);
  }

  #adopt(found: Implementation): GPU {
    const impl = found.gpu;
    if (!impl || typeof impl.requestAdapter !== "function") {
      throw new TypeError(`wgpu-ts js-webgpu: ${found.name} is not a WebGPU GPU object (it has no requestAdapter())`);
    }
    if (isWgpuTsGPU(impl)) {
      throw new TypeError(`wgpu-ts js-webgpu: cannot wrap a wgpu-ts GPU (backend "${(impl as unknown as BackendGPU).backend}"); pass the implementation itself`);
    }
    keptAlive.add(impl);
    this.#impl = impl;
    this.#name = found.name;
    this.#interfaces = interfacesOf(found.globals ?? (globalThis as Record<string, unknown>));
    bridgeErrorClasses(this.#interfaces);
    return impl;
  }

  /** The implementation, found on first use. Rejects with the actionable error when there is none. */
  ready(): Promise<GPU> {
    if (this.#impl) return Promise.resolve(this.#impl);
    if (!this.#finding) {
      const find = this.#find!;
      this.#finding = find().then((found) => this.#adopt(found));
      // A failed search may succeed later (e.g. navigator.gpu installed afterwards): do not cache failure.
      this.#finding.catch(() => { this.#finding = undefined; });
    }
    return this.#finding;
  }

  get implementation(): GPU | undefined { return this.#impl; }
  get implementationName(): string | undefined { return this.#name; }
  /** The implementation's classes and flag namespaces, for installGlobals(). */
  get interfaces(): Readonly<Record<string, Function>> { return this.#interfaces; }

  requestAdapter(options?: GPURequestAdapterOptions): Promise<GPUAdapter | null> {
    const impl = this.#impl;
    if (impl) return impl.requestAdapter(options);
    return this.ready().then((i) => i.requestAdapter(options));
  }

  getPreferredCanvasFormat(): GPUTextureFormat {
    const impl = this.#impl ?? navigatorImplementation()?.gpu;
    return impl && typeof impl.getPreferredCanvasFormat === "function" ? impl.getPreferredCanvasFormat() : "bgra8unorm";
  }

  get wgslLanguageFeatures(): WGSLLanguageFeatures {
    return (this.#impl?.wgslLanguageFeatures ?? new Set<string>()) as WGSLLanguageFeatures;
  }

  get [Symbol.toStringTag](): string { return "GPU"; }
}

/**
 * A wgpu-ts GPU over `implementation`, e.g. `wrapGPU(create([]), { globals })` with `create`/`globals` from npm
 * `webgpu` (dawn.node). Adapters and devices are the implementation's own objects. The implementation is kept
 * referenced for the life of the process. To make it the backend behind `gpu` of "wgpu-ts", pass the result to
 * selectBackend().
 */
export function wrapGPU(implementation: GPU, options: WrapOptions = {}): WrappedGPU {
  return new JsWebGPU({ gpu: implementation, globals: options.globals, name: options.name ?? "wrapped implementation" }) as unknown as WrappedGPU;
}

/** The module-wide js-webgpu GPU: navigator.gpu, or dawn.node in Node, found at first use. */
export const defaultJsWebGPU = new JsWebGPU(findImplementation);
