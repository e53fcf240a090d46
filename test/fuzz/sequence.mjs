// The fuzzer's vocabulary: a seeded generator of API-call sequences (plain JSON, so a failing sequence can
// be stored, minimized and replayed as a regression test) and the executor that runs one on a device and
// checks the invariants:
//   - every synchronous failure is a JS exception of a spec'd kind (TypeError, RangeError, OperationError,
//     AbortError, GPUPipelineError) with a message that is not a leaked engine/FFI error;
//   - every GPU error (error scopes, uncapturederror) is a GPUError with a non-empty message;
//   - every promise settles (mapAsync, onSubmittedWorkDone, popErrorScope, ...), rejections are spec'd kinds;
//   - a mapped range is detached once its buffer is no longer mapped (no access to freed memory);
//   - valid work still computes the right result (a checked readback), also when every JS reference to
//     its objects was dropped right after submit;
//   - afterwards the device still works (a probe compute + readback with no error), unless it was lost.
// A crash (Rust panic -> abort, or a signal) is caught by the parent process (see lib.mjs).
//
// Values in a sequence are JSON "specs": plain JSON stands for itself; objects with a "$" key stand for
// values JSON cannot hold ({"$":"nan"}, {"$":"undef"}, {"$":"big","v":"8"}, ...) or for objects of the
// run ({"$":"ref","k":"buffer","i":3} is the 4th most recent live buffer, {"$":"foreign","k":"buffer"} a
// buffer of another device). References resolve at execution time, so deleting ops from a sequence (to
// minimize it) always leaves a runnable sequence.
import { Rng } from "./rng.mjs";
import { genShaderSpec, buildWgsl, ENTRY_POINTS } from "./wgsl.mjs";
import { RENDER_GEN, RENDER_RECEIVERS, renderHandlers, renderWgsl } from "./render-ops.mjs";
import { BINDING_GEN, bindingHandlers } from "./binding-ops.mjs";
import { WORKGROUP_GEN, workgroupHandlers } from "./workgroup-ops.mjs";
import { LOOP_CAP_GEN, loopCapHandlers } from "./loop-cap-ops.mjs";
import { INDEX_GEN, indexHandlers } from "./index-ops.mjs";
import { LAYOUT_GEN, layoutHandlers } from "./layout-ops.mjs";

// ---- generation -----------------------------------------------------------------------------------

const U = { "$": "undef" };
const EDGE_NUMBERS = [
  0, 1, 2, 3, 4, 7, 8, 255, 256, 1023, 4096, 65535, 65536, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 4,
  2 ** 53 - 1, 2 ** 53, 2 ** 64, 1e300, -1, -4, -(2 ** 31), 1.5, 0.5, 4.9,
  { "$": "nan" }, { "$": "inf" }, { "$": "-inf" }, { "$": "-0" }, "8", "abc", "", null, U, true, false, {}, [],
  { "$": "big", "v": "8" }, { "$": "sym" }, { "$": "fn" }, { "$": "valueOf", "v": 4 }, { "$": "throwingValueOf" },
];
const JUNK = [U, null, 0, 1, -1, "x", "", true, {}, [], { "$": "sym" }, { "$": "fn" }, { "$": "big", "v": "1" },
  { "$": "proxyThrow" }, { "$": "nan" }, { "$": "foreignJunk" }];

const KINDS = ["buffer", "module", "bgl", "bg", "pl", "pipe", "enc", "pass", "cb", "range", "promise"];
// Every kind an op can drop or relabel (textures and render objects included).
const DROP_KINDS = [...KINDS, "texture", "view", "sampler", "queryset", "rpipe", "rpass", "rbe", "bundle"];
const LABELLED = ["buffer", "module", "bgl", "bg", "pl", "pipe", "enc", "pass", "cb", "texture", "view", "sampler", "queryset", "rpipe", "rpass", "rbe", "bundle"];

function num(rng, valid, edgeP = 0.15) {
  if (rng.chance(edgeP)) return rng.pick(EDGE_NUMBERS);
  return typeof valid === "function" ? valid() : rng.pick(valid);
}
function ref(rng, k, junkP = 0.04, foreignP = 0.03, undefP = 0.01) {
  const x = rng.f();
  if (x < junkP) return rng.pick(JUNK);
  if (x < junkP + foreignP) return { "$": "foreign", "k": k };
  if (x < junkP + foreignP + undefP) return U;
  // mostly recent objects: small indices
  return { "$": "ref", "k": k, "i": rng.chance(0.7) ? rng.int(3) : rng.int(16) };
}
function label(rng) {
  return rng.weighted([[8, U], [4, "fuzz"], [1, ""], [1, "a\u0000b"], [1, "\ud800"], [1, { "$": "str", "n": 70000 }], [1, 42], [1, null], [1, { "$": "sym" }]]);
}
function maybeExtra(rng, obj) {
  if (rng.chance(0.05)) obj[rng.pick(["extra", "__proto__x", "nextInChain", "size2", "constructor"])] = rng.pick(JUNK);
  return obj;
}
function maybeJunkDict(rng, make, p = 0.04) {
  return rng.chance(p) ? rng.pick([U, null, 5, "x", [], { "$": "proxyThrow" }]) : make();
}

const BUFFER_USAGES = [0x9, 0x6, 0x8c, 0x48, 0x188, 0xc, 0x30, 0x204, 0x80, 0x8, 0x4, 0x1, 0x2, 0x84, 0x4c, 0x18c];
const DATA_TYPES = ["Uint8Array", "Uint16Array", "Uint32Array", "Int32Array", "Float32Array", "Float64Array", "BigUint64Array", "DataView", "ArrayBuffer", "SharedArrayBuffer", "Int8Array"];

function data(rng) {
  return {
    "$": "data",
    "t": rng.weighted([[6, "Uint32Array"], [3, "Uint8Array"], [2, "Float32Array"], [3, rng.pick(DATA_TYPES)]]),
    "n": num(rng, [1, 2, 4, 8, 16, 64, 256]),
    "off": rng.chance(0.1) ? rng.pick([1, 2, 4, 8]) : 0,
    "det": rng.chance(0.03),
  };
}

function layoutEntry(rng) {
  const e = {
    binding: num(rng, [0, 0, 1, 2, 3], 0.08),
    visibility: num(rng, [4, 4, 4, 6, 7], 0.08),
  };
  const kind = rng.weighted([[8, "buffer"], [1, "sampler"], [1, "texture"], [1, "storageTexture"], [0.3, "none"], [0.3, "two"], [0.1, "externalTexture"]]);
  const buffer = () => maybeJunkDict(rng, () => maybeExtra(rng, {
    type: rng.weighted([[4, "storage"], [2, "read-only-storage"], [2, "uniform"], [1, U], [0.3, "bogus"], [0.2, 7]]),
    hasDynamicOffset: rng.chance(0.2) ? true : rng.chance(0.05) ? "yes" : U,
    minBindingSize: rng.chance(0.7) ? U : num(rng, [0, 4, 16, 256]),
  }));
  const sampler = () => ({ type: rng.pick([U, "filtering", "non-filtering", "comparison", "bogus"]) });
  const texture = () => ({ sampleType: rng.pick([U, "float", "unfilterable-float", "depth", "sint", "uint", "bogus"]), viewDimension: rng.pick([U, "2d", "3d", "cube", "1d", "2d-array", "bogus"]), multisampled: rng.pick([U, true, false]) });
  const storageTexture = () => ({ access: rng.pick([U, "write-only", "read-only", "read-write", "bogus"]), format: rng.pick(["rgba8unorm", "r32float", "rgba32float", "bgra8unorm", "depth24plus", "bogus", U]), viewDimension: rng.pick([U, "2d", "3d", "cube"]) });
  if (kind === "buffer" || kind === "two") e.buffer = buffer();
  if (kind === "sampler" || kind === "two") e.sampler = sampler();
  if (kind === "texture") e.texture = texture();
  if (kind === "storageTexture") e.storageTexture = storageTexture();
  if (kind === "externalTexture") e.externalTexture = {};
  return maybeExtra(rng, e);
}

function bindGroupEntry(rng) {
  const resource = rng.weighted([
    [4, () => ({ buffer: ref(rng, "buffer"), offset: rng.chance(0.7) ? U : num(rng, [0, 256, 4]), size: rng.chance(0.7) ? U : num(rng, [4, 16, 64, 256]) })],
    [2, () => ref(rng, "buffer")],
    [0.5, () => ({ "$": "ref", "k": rng.pick(["bgl", "module", "pipe", "enc"]), "i": 0 })],
    [0.5, () => rng.pick(JUNK)],
    [0.8, () => ref(rng, rng.pick(["sampler", "view", "view"]))],
  ])();
  return maybeExtra(rng, { binding: num(rng, [0, 0, 1, 2, 3], 0.08), resource });
}

function shaderCode(rng) {
  if (rng.chance(0.02)) return rng.pick([U, null, 5, {}, { "$": "toStringObj", "v": "@compute @workgroup_size(1) fn main() {}" }]);
  return { "$": "wgsl", ...genShaderSpec(rng) };
}

function constants(rng) {
  if (rng.chance(0.7)) return U;
  const c = {};
  const n = rng.range(1, 3);
  for (let i = 0; i < n; i++) {
    const key = rng.pick(["factor", "wg", "bogus", "", "x\u0000", "0", "factor2"]);
    c[key] = rng.chance(0.7) ? rng.pick([1, 2.5, 0, 4, 64, 256, 1024, -1, true]) : rng.pick(EDGE_NUMBERS);
  }
  return c;
}

function dynamicOffsets(rng) {
  return rng.weighted([
    [6, () => U],
    [2, () => [num(rng, [0, 256, 512], 0.1)]],
    [1, () => [0, 256]],
    [1, () => ({ "$": "u32a", "v": [0, 256, 512, 4], "start": rng.pick([U, 0, 1, 3, 5]), "len": rng.pick([U, 0, 1, 2, 4, 10]) })],
    [0.5, () => rng.pick(JUNK)],
  ])();
}

/** Op table: name -> [weight, generator of the op's argument specs]. */
const GEN = {
  createBuffer: [10, (rng) => [maybeJunkDict(rng, () => maybeExtra(rng, {
    size: num(rng, [0, 4, 16, 16, 64, 256, 1024, 4096, 65536]),
    usage: rng.chance(0.85) ? rng.pick(BUFFER_USAGES) : rng.pick([0, 0x3, 0x400, 0x800, 0xffffffff, rng.int(0x400), rng.int(0x1000), -1, { "$": "nan" }, "9"]),
    mappedAtCreation: rng.chance(0.15) ? true : rng.chance(0.05) ? rng.pick([1, "", "no", null]) : U,
    label: label(rng),
  }))]],
  bufferDestroy: [3, (rng) => [ref(rng, "buffer")]],
  mapAsync: [7, (rng) => [ref(rng, "buffer"), rng.chance(0.85) ? rng.pick([1, 2]) : rng.pick([0, 3, 4, -1, { "$": "nan" }, "1", U]),
    rng.chance(0.7) ? U : num(rng, [0, 8, 16, 256]), rng.chance(0.7) ? U : num(rng, [0, 4, 8, 16, 64]), rng.chance(0.5)]],
  getMappedRange: [6, (rng) => [ref(rng, "buffer"), rng.chance(0.7) ? U : num(rng, [0, 8, 16]), rng.chance(0.7) ? U : num(rng, [0, 4, 8, 16])]],
  unmap: [5, (rng) => [ref(rng, "buffer")]],
  rangeTouch: [4, (rng) => [ref(rng, "range", 0, 0, 0), rng.u32()]],
  writeBuffer: [6, (rng) => [ref(rng, "buffer"), num(rng, [0, 0, 4, 8, 16, 256]), data(rng), rng.chance(0.8) ? U : num(rng, [0, 1, 2, 4]), rng.chance(0.8) ? U : num(rng, [0, 1, 2, 4, 16])]],
  createShaderModule: [6, (rng) => [maybeJunkDict(rng, () => maybeExtra(rng, { code: shaderCode(rng), label: label(rng), compilationHints: rng.chance(0.05) ? rng.pick([[], [{}], [5], "x", [{ entryPoint: "main" }]]) : U }))]],
  getCompilationInfo: [1, (rng) => [ref(rng, "module")]],
  createBindGroupLayout: [5, (rng) => [maybeJunkDict(rng, () => maybeExtra(rng, {
    entries: rng.chance(0.03) ? rng.pick(JUNK) : Array.from({ length: rng.weighted([[3, 1], [2, 2], [1, 0], [1, 3], [0.1, 20]]) }, () => layoutEntry(rng)),
    label: label(rng),
  }))]],
  createBindGroup: [7, (rng) => [maybeJunkDict(rng, () => maybeExtra(rng, {
    layout: rng.chance(0.5) ? { "$": "autoLayout", "p": rng.int(3), "g": rng.chance(0.9) ? 0 : num(rng, [1, 2, 3, 4, 2 ** 32 - 1]) } : ref(rng, "bgl"),
    entries: rng.chance(0.03) ? rng.pick(JUNK) : Array.from({ length: rng.weighted([[4, 1], [2, 2], [1, 0], [1, 3]]) }, () => bindGroupEntry(rng)),
    label: label(rng),
  }))]],
  createPipelineLayout: [3, (rng) => [maybeJunkDict(rng, () => maybeExtra(rng, {
    bindGroupLayouts: rng.chance(0.03) ? rng.pick(JUNK) : Array.from({ length: rng.weighted([[3, 1], [2, 2], [1, 0], [0.5, 5]]) }, () => (rng.chance(0.05) ? null : ref(rng, "bgl"))),
    label: label(rng),
  }))]],
  createComputePipeline: [7, (rng) => [maybeJunkDict(rng, () => maybeExtra(rng, {
    layout: rng.chance(0.7) ? "auto" : rng.chance(0.9) ? ref(rng, "pl") : rng.pick(["Auto", U, null, 5]),
    compute: maybeJunkDict(rng, () => maybeExtra(rng, {
      module: rng.chance(0.2) ? { "$": "freshModule", "code": shaderCode(rng) } : ref(rng, "module"),
      entryPoint: rng.chance(0.6) ? U : rng.pick(ENTRY_POINTS),
      constants: constants(rng),
    })),
    label: label(rng),
  })), rng.chance(0.2)]],
  getBindGroupLayout: [3, (rng) => [ref(rng, "pipe"), num(rng, [0, 0, 1, 2, 3], 0.2)]],
  createCommandEncoder: [7, (rng) => [rng.chance(0.1) ? rng.pick([U, null, { label: "e" }, 5, { "$": "proxyThrow" }]) : U]],
  beginComputePass: [7, (rng) => [ref(rng, "enc"), rng.chance(0.1) ? rng.pick([null, 5, { label: "p" }, { timestampWrites: {} }, { timestampWrites: { querySet: null } }, { "$": "proxyThrow" }]) : U]],
  copyBufferToBuffer: [6, (rng) => [ref(rng, "enc"), ref(rng, "buffer"), num(rng, [0, 0, 4, 16]), ref(rng, "buffer"), num(rng, [0, 0, 4, 16]), num(rng, [4, 16, 64, 0]), rng.chance(0.15)]],
  clearBuffer: [3, (rng) => [ref(rng, "enc"), ref(rng, "buffer"), rng.chance(0.6) ? U : num(rng, [0, 4, 16]), rng.chance(0.6) ? U : num(rng, [0, 4, 16, 64])]],
  encDebug: [2, (rng) => [ref(rng, "enc"), rng.pick(["push", "pop", "insert"]), rng.chance(0.9) ? "g" : rng.pick(JUNK)]],
  finish: [6, (rng) => [ref(rng, "enc"), rng.chance(0.1) ? rng.pick([null, 5, { label: "cb" }, { "$": "proxyThrow" }]) : U]],
  setPipeline: [7, (rng) => [ref(rng, "pass"), ref(rng, "pipe")]],
  setBindGroup: [7, (rng) => [ref(rng, "pass"), num(rng, [0, 0, 0, 1, 3], 0.1), rng.chance(0.05) ? null : ref(rng, "bg"), dynamicOffsets(rng)]],
  dispatch: [7, (rng) => {
    const big = () => num(rng, [1, 1, 2, 4], 0.1);
    const x = big(), y = rng.chance(0.7) ? U : big(), z = rng.chance(0.8) ? U : big();
    return [ref(rng, "pass"), x, y, z];
  }],
  dispatchIndirect: [2, (rng) => [ref(rng, "pass"), ref(rng, "buffer"), num(rng, [0, 0, 4, 12, 16])]],
  passDebug: [2, (rng) => [ref(rng, "pass"), rng.pick(["push", "pop", "insert"]), rng.chance(0.9) ? "g" : rng.pick(JUNK)]],
  passEnd: [7, (rng) => [ref(rng, "pass")]],
  submit: [7, (rng) => [rng.chance(0.05) ? rng.pick(JUNK) : Array.from({ length: rng.weighted([[6, 1], [2, 2], [1, 0], [0.5, 3]]) }, () => ref(rng, "cb"))]],
  onSubmittedWorkDone: [3, (rng) => [rng.chance(0.5)]],
  pushErrorScope: [3, (rng) => [rng.chance(0.95) ? rng.pick(["validation", "out-of-memory", "internal"]) : rng.pick(["bogus", U, 1])]],
  popErrorScope: [3, () => []],
  deviceDestroy: [0.25, () => []],
  drop: [4, (rng) => [rng.pick(DROP_KINDS), rng.int(4)]],
  gc: [1.5, () => []],
  await: [2, () => []],
  yield: [2, () => []],
  setLabel: [1, (rng) => [rng.pick(LABELLED), rng.int(3), label(rng)]],
  checkedWork: [2, (rng) => [rng.range(1, 4), rng.chance(0.5), rng.chance(0.3)]],
  readState: [1, (rng) => [rng.pick(LABELLED), rng.int(3)]],
  extraDevice: [0.15, (rng) => [rng.pick(["fresh", "fresh", "reuseAdapter", "weirdDesc", "weirdAdapterOptions"]), rng.int(1000)]],
  // A valid compute setup (pipeline, bind group, open pass with both set), so the random ops after it reach
  // dispatches, pass ends, finishes and submits that wgpu-native accepts.
  validComputeSetup: [3, (rng) => [rng.chance(0.5), rng.chance(0.3)]],
  // A mappable buffer mapped at creation, filled, unmapped, then mapped again (or copied out): the data must be
  // there (wgpu-native stages MAP_READ buffers mapped at creation until the next submit).
  mappableMappedAtCreation: [2, (rng) => [rng.pick(["read", "write"]), rng.pick([4, 16, 256, 4096]), rng.pick(["map", "map", "copy"]), rng.chance(0.3)]],
};

Object.assign(GEN, RENDER_GEN, BINDING_GEN, WORKGROUP_GEN, LOOP_CAP_GEN, INDEX_GEN, LAYOUT_GEN);
const OP_NAMES = Object.keys(GEN);
const OP_WEIGHTS = OP_NAMES.map((n) => [GEN[n][0], n]);

/** Extra generators registered for objects that exist only once the backend has them (textures). */
export function registerOps(table) {
  for (const [name, entry] of Object.entries(table)) {
    GEN[name] = entry;
    if (!OP_NAMES.includes(name)) { OP_NAMES.push(name); OP_WEIGHTS.push([entry[0], name]); }
  }
}

/** The sequence of a seed: [[opName, ...argSpecs], ...]. */
export function generate(seed, { minOps = 10, maxOps = 60 } = {}) {
  const rng = new Rng(seed);
  const n = rng.range(minOps, maxOps);
  const ops = [];
  for (let i = 0; i < n; i++) {
    const name = rng.weighted(OP_WEIGHTS);
    ops.push([name, ...GEN[name][1](rng)]);
  }
  return ops;
}

// ---- execution ------------------------------------------------------------------------------------

const OK_ERROR_NAMES = new Set(["TypeError", "RangeError", "OperationError", "AbortError", "GPUPipelineError", "FuzzUserError"]);
// Messages that mean an engine or FFI error leaked out instead of a checked one.
const LEAKED = /Cannot read propert|is not a function|is not defined|undefined is not|null is not|Maximum call stack|Invalid typed array length|Invalid array length|Cannot convert a BigInt|internal error|Unexpected \w+ value|koffi|Cannot create property|Cannot perform|Cannot mix BigInt|out of memory|Invalid atomic access|detached/i;

const SLOW_OP_MS = 3000;
const SLOW_OK = new Set(["await", "destroyBoundThenSubmit", "checkedWork", "mappableMappedAtCreation", "extraDevice", "mapAsync", "onSubmittedWorkDone", "createComputePipeline", "createRenderPipeline", "workgroupZero", "letIndex", "structLayout"]);

export class FuzzUserError extends Error { constructor(m) { super(m); this.name = "FuzzUserError"; } }

export function describeError(e) {
  if (e === null || e === undefined) return String(e);
  return `${e.name ?? e.constructor?.name}: ${String(e.message).split("\n")[0].slice(0, 200)}`;
}

/** Why a thrown/rejected value is not an acceptable failure, or null. */
export function badException(e) {
  if (!(e instanceof Error) && !(typeof DOMException !== "undefined" && e instanceof DOMException)) return `threw a non-Error: ${String(e)}`;
  if (e.name === "FuzzUserError") return null;
  if (!OK_ERROR_NAMES.has(e.name)) return `unexpected exception kind ${describeError(e)}`;
  if (typeof e.message !== "string" || e.message.trim().length < 8) return `exception without a useful message: ${describeError(e)}`;
  if (LEAKED.test(e.message)) return `leaked engine/FFI error: ${describeError(e)}`;
  return null;
}

// Small values (also as little-endian u32 words), so data that ends up as indirect dispatch/draw
// arguments stays small work instead of a legitimate multi-minute draw.
function fill(view, n) {
  const bytes = view.BYTES_PER_ELEMENT === undefined || view.BYTES_PER_ELEMENT === 1;
  for (let i = 0; i < n; i++) {
    const v = bytes ? (i % 4 === 0 ? (i * 7 + 1) % 13 : 0) : (i * 7 + 1) % 13;
    view[i] = typeof view[i] === "bigint" ? BigInt(v) : v;
  }
}

function makeData(s) {
  const n = Math.max(0, Math.min(Number.isFinite(Number(s.n)) ? Math.trunc(Number(s.n)) : 4, 1 << 16));
  const off = s.off | 0;
  let v;
  switch (s.t) {
    case "ArrayBuffer": v = new ArrayBuffer(n); fill(new Uint8Array(v), n); break;
    case "SharedArrayBuffer": v = new SharedArrayBuffer(n); fill(new Uint8Array(v), n); break;
    case "DataView": { const b = new ArrayBuffer(n + off); fill(new Uint8Array(b), n + off); v = new DataView(b, off, n); break; }
    default: {
      const C = globalThis[s.t] ?? Uint8Array;
      const b = new ArrayBuffer((n + off) * C.BYTES_PER_ELEMENT);
      v = new C(b, off * C.BYTES_PER_ELEMENT, n);
      fill(v, n);
    }
  }
  if (s.det) {
    const buf = v instanceof ArrayBuffer ? v : v.buffer;
    if (buf instanceof ArrayBuffer) structuredClone(buf, { transfer: [buf] });
  }
  return v;
}

export const PROBE_WGSL = `
@group(0) @binding(0) var<storage, read_write> data: array<u32>;
@compute @workgroup_size(4)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < arrayLength(&data)) { data[id.x] = data[id.x] * 3u + id.x + 1u; }
}`;

function withTimeout(p, ms, what) {
  let t;
  return Promise.race([p, new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`TIMEOUT: ${what} did not settle within ${ms} ms`)), ms); })]).finally(() => clearTimeout(t));
}

/**
 * Runs `ops` on `device`. env: { gpu, foreign (objects of another device), gc, trace(i, name) }.
 * Returns { failures: string[], lost: boolean, errors: number, exceptions: number }.
 */
export async function execute(ops, device, env) {
  const pools = new Proxy(Object.fromEntries(KINDS.map((k) => [k, []])), { get: (t, k) => (t[k] ??= []) });
  const failures = [];
  const fail = (msg) => { if (failures.length < 20) failures.push(msg); };
  const stats = { errors: 0, exceptions: 0 };
  const gpuErrors = [];
  let scopeDepth = 0;
  let destroyed = false;
  let currentOp = "";
  const extraDevices = [];
  const onUncaptured = (ev) => gpuErrors.push([currentOp, ev.error]);
  device.addEventListener("uncapturederror", onUncaptured);
  const messages = [];
  const note = (e) => { if (env.collectMessages && messages.length < 100) messages.push(`${e?.name}: ${String(e?.message).replace(/\s+/g, " ").slice(0, 400)}`); };
  const checkGpuError = (where, e) => {
    stats.errors++;
    note(e);
    if (!(e instanceof GPUError)) return fail(`${where}: error is not a GPUError: ${describeError(e)}`);
    if (typeof e.message !== "string" || e.message.trim() === "") fail(`${where}: ${e.constructor.name} with an empty message`);
  };
  const track = (p, what, { expectReject = false } = {}) => {
    const entry = { what, settled: false };
    entry.promise = withTimeout(Promise.resolve(p), 15_000, what).then(
      (v) => { entry.settled = true; return v; },
      (e) => {
        entry.settled = true;
        note(e);
        if (String(e?.message).startsWith("TIMEOUT")) { fail(`${what}: ${e.message}`); return; }
        const bad = badException(e);
        if (bad) fail(`${what} rejected badly: ${bad}`);
      });
    pools.promise.push(entry);
    return entry.promise;
  };
  const ctx = { pools, env, device, fresh: (code) => device.createShaderModule({ code: materialize(code, ctx) }) };
  const resolve = (spec) => materialize(spec, ctx);
  const push = (k, v) => { if (v !== undefined && v !== null) pools[k].push(v); return v; };

  const H = {
    createBuffer(d) {
      // Valid buffers up to maxBufferSize (256 MiB) are fine but only cost memory: keep them <= 16 MiB.
      try { const n = Number(d?.size); if (n > 16 << 20 && n <= 2 ** 28) return; } catch { /* junk: let the API see it */ }
      push("buffer", device.createBuffer(d));
    },
    bufferDestroy(b) { b.destroy(); },
    mapAsync(b, mode, off, size, awaitNow) {
      const p = b.mapAsync(mode, off, size);
      if (!(p instanceof Promise)) fail("mapAsync did not return a promise");
      const t = track(p, "mapAsync");
      return awaitNow ? t : undefined;
    },
    getMappedRange(b, off, size) {
      const ab = b.getMappedRange(off, size);
      if (!(ab instanceof ArrayBuffer)) fail(`getMappedRange returned ${describeError(ab)}`);
      push("range", { buffer: b, ab, len: ab.byteLength });
    },
    unmap(b) { b.unmap(); },
    rangeTouch(r, v) {
      if (!r || !r.ab) return;
      if (r.buffer.mapState !== "mapped" && r.ab.byteLength !== 0) fail(`a range of a ${r.buffer.mapState} buffer is still attached (${r.ab.byteLength} bytes)`);
      if (r.ab.byteLength >= 4) {
        const u = new Uint32Array(r.ab, 0, Math.floor(r.ab.byteLength / 4));
        u[0] = v % 16;
        u[u.length - 1] ^= u[0];
      }
    },
    writeBuffer(b, off, d, dOff, size) { device.queue.writeBuffer(b, off, d, dOff, size); },
    createShaderModule(d) { push("module", device.createShaderModule(d)); },
    getCompilationInfo(m) { track(m.getCompilationInfo(), "getCompilationInfo"); },
    createBindGroupLayout(d) { push("bgl", device.createBindGroupLayout(d)); },
    createBindGroup(d) { push("bg", device.createBindGroup(d)); },
    createPipelineLayout(d) { push("pl", device.createPipelineLayout(d)); },
    createComputePipeline(d, async) {
      if (!async) return void push("pipe", device.createComputePipeline(d));
      const p = device.createComputePipelineAsync(d);
      return track(p.then((pipe) => { push("pipe", pipe); }), "createComputePipelineAsync");
    },
    getBindGroupLayout(p, i) { push("bgl", p.getBindGroupLayout(i)); },
    createCommandEncoder(d) { push("enc", device.createCommandEncoder(d)); },
    beginComputePass(e, d) { push("pass", e.beginComputePass(d)); },
    copyBufferToBuffer(e, src, so, dst, dof, size, short) {
      if (short) e.copyBufferToBuffer(src, dst, size); else e.copyBufferToBuffer(src, so, dst, dof, size);
    },
    clearBuffer(e, b, off, size) { e.clearBuffer(b, off, size); },
    encDebug(e, which, l) { if (which === "push") e.pushDebugGroup(l); else if (which === "pop") e.popDebugGroup(); else e.insertDebugMarker(l); },
    finish(e, d) { push("cb", e.finish(d)); },
    setPipeline(p, pipe) { p.setPipeline(pipe); },
    setBindGroup(p, i, bg, offs) {
      if (offs && offs.u32a) p.setBindGroup(i, bg, offs.u32a, offs.start, offs.len);
      else p.setBindGroup(i, bg, offs);
    },
    dispatch(p, x, y, z) {
      // Guard the fuzzer itself against legitimately huge valid work (it would only be slow, not wrong).
      const dims = [x, y, z].map((v) => (typeof v === "number" && Number.isFinite(v) ? Math.max(1, Math.trunc(v)) : 1));
      if (dims[0] * dims[1] * dims[2] > 70_000 && dims.filter((d) => d > 1).length > 1) return;
      p.dispatchWorkgroups(x, y, z);
    },
    dispatchIndirect(p, b, off) { p.dispatchWorkgroupsIndirect(b, off); },
    passDebug(p, which, l) { if (which === "push") p.pushDebugGroup(l); else if (which === "pop") p.popDebugGroup(); else p.insertDebugMarker(l); },
    passEnd(p) { p.end(); },
    submit(list) { device.queue.submit(list); },
    onSubmittedWorkDone(awaitNow) { const t = track(device.queue.onSubmittedWorkDone(), "onSubmittedWorkDone"); return awaitNow ? t : undefined; },
    pushErrorScope(f) { device.pushErrorScope(f); scopeDepth++; },
    popErrorScope() {
      const p = device.popErrorScope();
      const empty = scopeDepth === 0;
      if (!empty) scopeDepth--;
      return track(p.then((e) => {
        if (empty && !destroyed) fail("popErrorScope on an empty stack resolved instead of rejecting");
        if (e !== null) checkGpuError("popErrorScope", e);
      }), "popErrorScope");
    },
    deviceDestroy() { device.destroy(); destroyed = true; },
    drop(k, i) { const p = pools[k]; if (p.length) p.splice(p.length - 1 - (i % p.length), 1); },
    gc() { env.gc?.(); },
    async await() { await Promise.all(pools.promise.map((e) => e.promise)); },
    async yield() { await new Promise((r) => setImmediate(r)); },
    setLabel(k, i, l) {
      const p = pools[k];
      if (!p.length) return;
      const o = p[p.length - 1 - (i % p.length)];
      if (o && typeof o === "object" && "label" in o) o.label = l;
    },
    readState(k, i) {
      const p = pools[k];
      if (!p.length) return;
      const o = p[p.length - 1 - (i % p.length)];
      if (o && typeof o === "object") for (const key of ["label", "size", "usage", "mapState"]) void o[key];
    },
    validComputeSetup(indirect, mapRead) {
      const storage = push("buffer", device.createBuffer({ size: 256, usage: 0x8c | (indirect ? 0x100 : 0) }));
      if (mapRead) push("buffer", device.createBuffer({ size: 256, usage: 0x9 }));
      const pipe = push("pipe", device.createComputePipeline({ layout: "auto", compute: { module: push("module", device.createShaderModule({ code: PROBE_WGSL })) } }));
      const bg = push("bg", device.createBindGroup({ layout: pipe.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: storage } }] }));
      const enc = push("enc", device.createCommandEncoder());
      const pass = push("pass", enc.beginComputePass());
      pass.setPipeline(pipe);
      pass.setBindGroup(0, bg);
    },
    async mappableMappedAtCreation(kind, words, check, viaSubmit) {
      if (destroyed) return;
      const usage = kind === "read" ? 0x9 /* MAP_READ|COPY_DST */ : 0x6 /* MAP_WRITE|COPY_SRC */;
      const b = device.createBuffer({ size: words * 4, usage, mappedAtCreation: true });
      push("buffer", b);
      const want = Uint32Array.from({ length: words }, (_, i) => (i * 2654435761 + words) >>> 0);
      new Uint32Array(b.getMappedRange()).set(want);
      b.unmap();
      if (viaSubmit) device.queue.submit([]);
      let got;
      if (check === "copy" && kind === "write") {
        const out = device.createBuffer({ size: words * 4, usage: 0x9 });
        const enc = device.createCommandEncoder();
        enc.copyBufferToBuffer(b, 0, out, 0, words * 4);
        device.queue.submit([enc.finish()]);
        await withTimeout(out.mapAsync(1), 15_000, "mappableMappedAtCreation copy mapAsync");
        got = new Uint32Array(out.getMappedRange().slice(0));
        out.destroy();
      } else {
        await withTimeout(b.mapAsync(kind === "read" ? 1 : 2), 15_000, "mappableMappedAtCreation mapAsync");
        got = new Uint32Array(b.getMappedRange().slice(0));
        b.unmap();
      }
      for (let i = 0; i < words; i++) {
        if (got[i] !== want[i]) { fail(`mappableMappedAtCreation(${kind}, ${check}): word ${i} is ${got[i]}, written ${want[i]}`); break; }
      }
    },
    async checkedWork(n, dropRefs, viaMap) {
      if (destroyed) return;
      await checkedWork(device, n, dropRefs, viaMap, env, fail);
    },
    async extraDevice(mode, salt) {
      const gpu = env.gpu;
      if (mode === "weirdAdapterOptions") {
        const opts = [{ powerPreference: "bogus" }, { powerPreference: "low-power" }, { forceFallbackAdapter: true }, { featureLevel: "bogus" }, 5, { "$": "proxyThrow" }][salt % 6];
        const p = gpu.requestAdapter(resolve(opts));
        await track(p, "requestAdapter");
        return;
      }
      const adapter = await gpu.requestAdapter();
      if (!adapter) return fail("requestAdapter() returned null");
      const descs = [{}, { requiredFeatures: ["bogus"] }, { requiredFeatures: ["timestamp-query"] }, { requiredLimits: { maxBindGroups: 2 ** 32 } },
        { requiredLimits: { bogus: 1 } }, { requiredLimits: { maxBufferSize: -1 } }, { requiredLimits: { minUniformBufferOffsetAlignment: 3 } },
        { requiredLimits: { maxStorageBufferBindingSize: { "$": "nan" } } }, { label: { "$": "str", "n": 70000 } }, { defaultQueue: 5 }, { requiredFeatures: "x" },
        { requiredLimits: { maxComputeWorkgroupsPerDimension: { "$": "big", "v": "5" } } }];
      const desc = mode === "weirdDesc" ? descs[salt % descs.length] : {};
      const run = async (a) => {
        try {
          const d = await withTimeout(a.requestDevice(resolve(desc)), 15_000, "requestDevice");
          extraDevices.push(d);
          return d;
        } catch (e) {
          if (String(e?.message).startsWith("TIMEOUT")) fail(e.message);
          else { const bad = badException(e); if (bad) fail(`requestDevice: ${bad}`); }
          return null;
        }
      };
      const d = await run(adapter);
      if (mode === "reuseAdapter") {
        const d2 = await run(adapter);
        if (d2) {
          const info = await withTimeout(d2.lost, 15_000, "lost of a device from a consumed adapter").catch((e) => fail(e.message));
          if (info && typeof info.message !== "string") fail("device.lost info has no message");
          d2.createBuffer({ size: 16, usage: 8 }); // must be silent on a lost device
        }
      }
      if (d && salt % 3 === 0) d.destroy();
    },
  };

  Object.assign(H, renderHandlers({ device, push, track }));
  Object.assign(H, bindingHandlers({ device, push, fail, lost: () => destroyed }));
  Object.assign(H, workgroupHandlers({ device, fail, lost: () => destroyed, withTimeout }));
  Object.assign(H, loopCapHandlers({ device, fail, lost: () => destroyed, withTimeout }));
  Object.assign(H, indexHandlers({ device, fail, lost: () => destroyed, withTimeout }));
  Object.assign(H, layoutHandlers({ device, fail, lost: () => destroyed, withTimeout }));
  Object.assign(H, env.handlers ?? {});
  // Huge valid draws are only slow: skip them like huge dispatches.
  const draw = H.rDraw;
  H.rDraw = (r, a, b, c, d) => {
    const n = (typeof a === "number" && Number.isFinite(a) ? a : 1) * (typeof b === "number" && Number.isFinite(b) ? b : 1);
    if (n > 1_000_000) return;
    draw(r, a, b, c, d);
  };

  // The object an op calls a method on: when the sequence has none of that kind (or drew junk), the op is
  // skipped; calling a method on junk would only test the fuzzer's own code.
  const RECEIVER = {
    bufferDestroy: "destroy", mapAsync: "mapAsync", getMappedRange: "getMappedRange", unmap: "unmap", getCompilationInfo: "getCompilationInfo",
    getBindGroupLayout: "getBindGroupLayout", beginComputePass: "beginComputePass", copyBufferToBuffer: "copyBufferToBuffer",
    clearBuffer: "clearBuffer", encDebug: "pushDebugGroup", finish: "finish", setPipeline: "setPipeline", setBindGroup: "setBindGroup",
    dispatch: "dispatchWorkgroups", dispatchIndirect: "dispatchWorkgroupsIndirect", passDebug: "pushDebugGroup", passEnd: "end",
    ...RENDER_RECEIVERS,
    ...(env.receivers ?? {}),
  };
  const hasMethod = (o, m) => { try { return o !== null && typeof o === "object" && typeof o[m] === "function"; } catch { return false; } };

  for (let i = 0; i < ops.length; i++) {
    const [name, ...specs] = ops[i];
    currentOp = `op ${i} ${name}`;
    env.trace?.(i, name);
    const h = H[name];
    if (!h) { fail(`unknown op ${name}`); continue; }
    let args;
    try {
      args = specs.map(resolve);
    } catch (e) {
      // Building an argument can call the API too (a fresh shader module, an auto layout).
      stats.exceptions++;
      const bad = badException(e);
      if (bad) fail(`op ${i} ${name} (argument): ${bad}`);
      continue;
    }
    if (RECEIVER[name] && !hasMethod(args[0], RECEIVER[name])) continue;
    const t0 = performance.now();
    try {
      const r = h(...args);
      if (r && typeof r.then === "function") await withTimeout(r, 20_000, `op ${i} ${name}`);
      // A call that takes seconds to fail or to do small work is a hang in the making.
      const ms = performance.now() - t0;
      if (ms > SLOW_OP_MS && !SLOW_OK.has(name)) fail(`op ${i} ${name} took ${ms.toFixed(0)} ms`);
    } catch (e) {
      stats.exceptions++;
      note(e);
      if (String(e?.message).startsWith("TIMEOUT")) { fail(`op ${i} ${name}: ${e.message}`); continue; }
      const bad = badException(e);
      if (bad) fail(`op ${i} ${name}: ${bad}`);
    }
  }

  // Every promise must settle.
  await Promise.all(pools.promise.map((e) => e.promise));
  // Unbalanced scopes are popped (their errors checked) before the probe.
  while (scopeDepth > 0) {
    scopeDepth--;
    try {
      const e = await withTimeout(device.popErrorScope(), 10_000, "popErrorScope at the end");
      if (e !== null) checkGpuError("popErrorScope(end)", e);
    } catch (e) { fail(`popErrorScope at the end: ${describeError(e)}`); }
  }
  await new Promise((r) => setTimeout(r, 0)); // let queued uncapturederror events arrive
  device.removeEventListener("uncapturederror", onUncaptured);
  for (const [where, e] of gpuErrors) checkGpuError(`uncapturederror (${where})`, e);

  // Retained ranges of buffers that are no longer mapped must be detached.
  for (const r of pools.range) {
    if (r.buffer.mapState !== "mapped" && r.ab.byteLength !== 0) fail(`a range of a ${r.buffer.mapState} buffer is still attached after the sequence`);
  }

  let lost = destroyed;
  const lostState = await Promise.race([device.lost.then((info) => info), new Promise((r) => setTimeout(() => r(null), 0))]);
  if (lostState && !destroyed) {
    lost = true;
    fail(`the device was lost without destroy(): ${lostState.reason}: ${lostState.message}`);
  }
  if (!lost) {
    try { await probe(device); } catch (e) { fail(`probe after the sequence: ${describeError(e)}`); }
  }
  for (const d of extraDevices) {
    if (!d._destroyed) { try { await probe(d); } catch (e) { fail(`probe of an extra device: ${describeError(e)}`); } d.destroy(); }
  }
  return { failures, lost, ...stats, ...(env.collectMessages ? { messages } : {}) };
}

/** Resolves a value spec to a JS value. */
export function materialize(s, ctx) {
  if (s === null || typeof s !== "object") return s;
  if (Array.isArray(s)) return s.map((x) => materialize(x, ctx));
  if (!("$" in s)) {
    const o = {};
    for (const [k, v] of Object.entries(s)) o[k] = materialize(v, ctx);
    return o;
  }
  switch (s.$) {
    case "undef": return undefined;
    case "nan": return NaN;
    case "inf": return Infinity;
    case "-inf": return -Infinity;
    case "-0": return -0;
    case "big": return BigInt(s.v);
    case "sym": return Symbol("fuzz");
    case "fn": return function fuzz() {};
    case "valueOf": return { valueOf: () => s.v };
    case "throwingValueOf": return { valueOf() { throw new FuzzUserError("fuzz: valueOf threw"); } };
    case "str": return "L".repeat(s.n);
    case "toStringObj": return { toString: () => s.v };
    case "proxyThrow": return new Proxy({}, { get() { throw new FuzzUserError("fuzz: getter threw"); }, has() { throw new FuzzUserError("fuzz: has threw"); } });
    case "foreignJunk": return { _handle: 1n, _device: null, size: 16, usage: 0xffff };
    case "data": return makeData(s);
    case "u32a": return { u32a: Uint32Array.from(s.v), start: materialize(s.start, ctx), len: materialize(s.len, ctx) };
    case "wgsl": return buildWgsl(s);
    case "ref": {
      const p = ctx.pools[s.k];
      if (!p || !p.length) return undefined;
      return p[p.length - 1 - (s.i % p.length)];
    }
    case "foreign": return ctx.env.foreign?.[s.k];
    case "autoLayout": {
      const p = ctx.pools.pipe;
      if (!p.length) return undefined;
      return p[p.length - 1 - (s.p % p.length)].getBindGroupLayout(materialize(s.g, ctx));
    }
    case "freshModule": return ctx.fresh(s.code);
    case "rwgsl": return ctx.device.createShaderModule({ code: renderWgsl(s.b) });
    default: throw new Error(`unknown spec ${JSON.stringify(s)}`);
  }
}

/** Valid work with a checked result; with dropRefs every JS reference is dropped right after submit. */
async function checkedWork(device, n, dropRefs, viaMap, env, fail) {
  const count = 16 * n;
  const input = Uint32Array.from({ length: count }, (_, i) => i * 5 + 3);
  let storage = device.createBuffer({ size: count * 4, usage: 0x8c });
  device.queue.writeBuffer(storage, 0, input);
  let module = device.createShaderModule({ code: PROBE_WGSL });
  let pipe = device.createComputePipeline({ layout: "auto", compute: { module } });
  let bg = device.createBindGroup({ layout: pipe.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: storage } }] });
  const out = device.createBuffer({ size: count * 4, usage: 0x9 });
  let enc = device.createCommandEncoder();
  let pass = enc.beginComputePass();
  pass.setPipeline(pipe);
  pass.setBindGroup(0, bg);
  pass.dispatchWorkgroups(count / 4);
  pass.end();
  enc.copyBufferToBuffer(storage, 0, out, 0, count * 4);
  device.queue.submit([enc.finish()]);
  if (dropRefs) {
    storage = module = pipe = bg = enc = pass = null;
    env.gc?.();
    await new Promise((r) => setImmediate(r));
    env.gc?.();
  }
  if (device.lost && device._destroyed) return;
  await withTimeout(out.mapAsync(1), 15_000, "checkedWork mapAsync").catch((e) => {
    if (!device._destroyed) throw e;
  });
  if (out.mapState !== "mapped") return;
  const got = new Uint32Array(out.getMappedRange());
  for (let i = 0; i < count; i++) {
    const want = (input[i] * 3 + i + 1) >>> 0;
    if (got[i] !== want) { fail(`checkedWork: wrong result at ${i}: ${got[i]} != ${want} (dropRefs=${dropRefs})`); break; }
  }
  out.unmap();
  out.destroy();
  void viaMap;
}

/** The device still works: compute + readback with no error in any scope. */
export async function probe(device) {
  device.pushErrorScope("out-of-memory");
  device.pushErrorScope("internal");
  device.pushErrorScope("validation");
  const errs = [];
  const fail = (m) => errs.push(m);
  try {
    await checkedWork(device, 2, false, false, {}, fail);
  } finally {
    for (let i = 0; i < 3; i++) {
      const e = await withTimeout(device.popErrorScope(), 10_000, "probe popErrorScope");
      if (e) errs.push(`probe raised ${describeError(e)}`);
    }
  }
  if (errs.length) throw new Error(errs.join("; "));
}
