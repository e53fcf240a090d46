// Backend-agnostic harness for the conformance suite (test/conformance/*.test.mjs).
//
// The suite is written only against the standard JS WebGPU API. Which implementation provides it is chosen
// by the environment variable WGPU_TS_TEST_BACKEND (in a browser page: globalThis.WGPU_TS_TEST_BACKEND):
//   "wgpu-native" (default)  wgpu-ts's own backend: (await import('wgpu-ts/backends/wgpu-native')).gpu,
//                            with installGlobals() from 'wgpu-ts' for GPUBufferUsage, GPUValidationError, ...
//   "js-webgpu"              wgpu-ts's js-webgpu backend: (await import('wgpu-ts/backends/js-webgpu')).gpu, over
//                            navigator.gpu (browsers, Deno) or dawn.node from npm `webgpu` (Node), + installGlobals()
//   "dawn"                   the npm package `webgpu` (dawn.node) bare: create([]) plus its globals.
// Runs: `npm test` (wgpu-native), `npm run test:dawn`, `npm run test:browser`, `npm run test:deno`
// (test/runtimes/). Outside Node the test functions come from test/runtimes/mini-test.mjs, handed over as
// globalThis.__WGPU_TS_TEST_RUNNER__.
//
// Test files import `test` and `describe` from here, not from node:test: the wrappers apply the
// per-target tables DEVIATIONS and NOT_APPLICABLE below (the only place where a backend's known differences
// from the spec are recorded; nothing is skipped silently).
//
// Helpers exported here are the only shared vocabulary of the suite: getGPU, getAdapter, getDevice,
// readBuffer, expectValidationError, expectNoError, expectRejects, probeDevice, ...

import assert from 'node:assert/strict';
import * as harness from './harness.mjs';

const env = globalThis.process?.env ?? {};

/** Name of the backend under test ("wgpu-native", "js-webgpu" or "dawn"). */
export const backendName = env.WGPU_TS_TEST_BACKEND || globalThis.WGPU_TS_TEST_BACKEND || 'wgpu-native';

/** The JavaScript runtime running the suite: "node", "deno", "bun" or "browser". */
export const runtime = typeof globalThis.Deno?.version?.deno === 'string' ? 'deno'
  : typeof globalThis.process?.versions?.bun === 'string' ? 'bun'
    : typeof globalThis.process?.versions?.node === 'string' ? 'node' : 'browser';

/**
 * What the suite runs on, the key of DEVIATIONS / NOT_APPLICABLE: "wgpu-native" (in Node; "wgpu-native/deno",
 * "wgpu-native/bun" in those runtimes), "dawn" (bare dawn.node),
 * "js-webgpu/dawn.node", "js-webgpu/deno", "js-webgpu/chromium" (or "js-webgpu/browser" for other browsers).
 */
export const target = backendName === 'wgpu-native' && (runtime === 'deno' || runtime === 'bun') ? `wgpu-native/${runtime}`
  : backendName !== 'js-webgpu' ? backendName
  : runtime === 'node' ? 'js-webgpu/dawn.node'
    : runtime === 'deno' ? 'js-webgpu/deno'
      : /Chrom(e|ium)\//.test(globalThis.navigator?.userAgent ?? '') ? 'js-webgpu/chromium' : 'js-webgpu/browser';

// ---------------------------------------------------------------------------------------------------------
// Known differences, per target. Keys: the full test name, "<describe> > <test>"; for the case groups of
// js-shape.test.mjs also "<describe> > <test> :: <case>" (only that case is excused, the others still count).
// A listed test still runs: if it fails it is reported as TODO with the reason (not counted as a failure);
// if it passes, it FAILS, asking for the entry to be removed. Entries say what the implementation does.

const JS_SHAPE = 'TypeError for JS-shaped mistakes';
const DAWN_NODE_DEVIATIONS = {
  'GPUAdapter > features: the full WebIDL setlike interface (keys/values/entries/forEach)':
    'GPUSupportedFeatures has no values() (its setlike interface is incomplete)',
  'mapAsync failure modes > double map while pending: the second call rejects with OperationError immediately, the first succeeds':
    'the second mapAsync rejects, but no GPUValidationError is generated while the first map is pending',
  'requestDevice: success paths > defaultQueue.label labels device.queue': 'device.queue.label is "" (defaultQueue.label is ignored)',
  'GPUError classes > GPUPipelineError with an invalid reason throws TypeError (WebIDL enum)':
    'new GPUPipelineError() accepts an invalid or missing reason',
  "'uncapturederror' event > the event is dispatched on the device itself (event.target === device)":
    'event.target is an internal EventTarget, not the GPUDevice',
  "'uncapturederror' event > the event is dispatched from a task, not synchronously inside the failing call":
    'listeners run synchronously inside the failing call',
  [`${JS_SHAPE}: device methods > methods called with no arguments :: createBuffer()`]: 'the process aborts (no TypeError)',
  [`${JS_SHAPE}: device methods > methods called with no arguments :: createBindGroupLayout()`]: 'the process aborts (no TypeError)',
  [`${JS_SHAPE}: device methods > methods called with no arguments :: createBindGroup()`]: 'the process aborts (no TypeError)',
  [`${JS_SHAPE}: device methods > methods called with no arguments :: createPipelineLayout()`]: 'the process aborts (no TypeError)',
  [`${JS_SHAPE}: device methods > methods called with no arguments :: createComputePipeline()`]: 'the process aborts (no TypeError)',
  [`${JS_SHAPE}: device methods > createShaderModule :: missing code`]: 'no TypeError for a missing required member',
  [`${JS_SHAPE}: device methods > createShaderModule :: descriptor is a string`]: 'no TypeError for a non-object dictionary',
  [`${JS_SHAPE}: device methods > createBindGroup :: entry without resource`]: 'the process aborts (no TypeError)',
  [`${JS_SHAPE}: device methods > createComputePipeline :: missing compute`]: 'the process aborts (no TypeError)',
  [`${JS_SHAPE}: device methods > createCommandEncoder / pushErrorScope :: createCommandEncoder(42)`]:
    'no TypeError for a non-object dictionary',
  [`${JS_SHAPE}: device methods > promise-returning methods reject with TypeError instead of throwing :: requestDevice defaultQueue not a dictionary`]:
    'resolves instead of rejecting with TypeError',
  [`${JS_SHAPE}: encoders stay valid afterwards > command encoder methods`]:
    'beginComputePass(7) and finish(7) are accepted (no TypeError for a non-object dictionary); the pass begun locks the encoder',
  'queue.writeBuffer: data shapes > DataView: offsets in bytes, relative to the view; out-of-range throws OperationError':
    'writeBuffer throws "no overload matched" for a DataView',
  'queue.writeBuffer: data shapes > SharedArrayBuffer and views over it are accepted (AllowSharedBufferSource)':
    'writeBuffer throws "no overload matched" for a SharedArrayBuffer',
  'createShaderModule / getCompilationInfo > missing code throws TypeError': 'createShaderModule({}) does not throw',
  "WebGPU objects look like the platform's > every object type: Object.keys is [], JSON.stringify gives \"{}\" and does not throw":
    'GPU, GPUAdapter, GPUAdapterInfo and GPUDevice have own enumerable properties (wgslLanguageFeatures, features, limits, info, ...)',
  "WebGPU objects look like the platform's > every object type: IDL attributes are prototype getters (no own property), replaceable on the prototype":
    'the attributes of GPU, GPUAdapter and GPUDevice (features, limits, info, queue, lost, ...) are own properties',
  'setImmediates > compute pass: setImmediates without a pipeline is valid; misaligned content throws, misaligned or out-of-range offsets fail at finish':
    'setImmediates with content whose size is not a multiple of 4 bytes does not throw OperationError',
  'setImmediates > render pass: setImmediates without a pipeline is valid; misaligned content throws, misaligned or out-of-range offsets fail at finish':
    'setImmediates with content whose size is not a multiple of 4 bytes does not throw OperationError',
  'setImmediates > render bundle: setImmediates without a pipeline is valid; misaligned content throws, misaligned or out-of-range offsets fail at finish':
    'setImmediates with content whose size is not a multiple of 4 bytes does not throw OperationError',
};

// Chromium sends a call's error back only when it next flushes to its GPU process (queue.submit, a
// promise-returning call): an error with nothing after it never reaches 'uncapturederror' listeners.
const CHROMIUM_NO_FLUSH = 'the error of a call followed by no submit or promise-returning call is never dispatched (Chromium delivers it at its next flush)';
// mapAsync's argument and state checks happen on the device timeline, so the promise must reject from a later task.
const MAP_LATE_TASK = 'mapState is "pending" after the call, the validation error is in the call\'s scope, the OperationError comes from a later task';
const CHROMIUM_EARLY_REJECTION = 'the promise of a mapAsync that fails validation is already rejected when mapAsync returns (Blink checks on the content timeline), not rejected from a later task';
const CHROMIUM_DEVIATIONS = {
  'mapAsync failure modes > double map while pending: the second call rejects with OperationError immediately, the first succeeds':
    DAWN_NODE_DEVIATIONS['mapAsync failure modes > double map while pending: the second call rejects with OperationError immediately, the first succeeds'],
  "'uncapturederror' event > addEventListener receives a GPUUncapturedErrorEvent whose error is a GPUValidationError": CHROMIUM_NO_FLUSH,
  "'uncapturederror' event > onuncapturederror attribute receives the event too": CHROMIUM_NO_FLUSH,
  "'uncapturederror' event > removeEventListener / onuncapturederror = null stop delivery": CHROMIUM_NO_FLUSH,
  "'uncapturederror' event > onuncapturederror keeps its place among the listeners when changed; null then a new value moves it last": CHROMIUM_NO_FLUSH,
  "'uncapturederror' event > the event is dispatched on the device itself (event.target === device)": CHROMIUM_NO_FLUSH,
  "'uncapturederror' event > the event is dispatched from a task, not synchronously inside the failing call": CHROMIUM_NO_FLUSH,
  [`mapAsync failure modes > WRITE mode on a MAP_READ buffer: ${MAP_LATE_TASK}`]: CHROMIUM_EARLY_REJECTION,
  [`mapAsync failure modes > offset not a multiple of 8: ${MAP_LATE_TASK}`]: CHROMIUM_EARLY_REJECTION,
  [`mapAsync failure modes > range past the end: ${MAP_LATE_TASK}`]: CHROMIUM_EARLY_REJECTION,
  [`mapAsync failure modes > no MAP_* usage: ${MAP_LATE_TASK}`]: CHROMIUM_EARLY_REJECTION,
  [`mapAsync failure modes > destroyed buffer: ${MAP_LATE_TASK}`]: CHROMIUM_EARLY_REJECTION,
  "WebGPU objects look like the platform's > every object type: IDL attributes are prototype getters (no own property), replaceable on the prototype":
    'GPUCompilationInfo.messages gives a new array on every read (the FrozenArray attribute is not the same object each time)',
};

// Deno 2.9's WebGPU (deno_webgpu over wgpu-core). "panics" = the Deno process aborts inside the call.
const DENO_STAGED_WRITES = 'queue.writeBuffer data reaches the buffer only at the next queue.submit(): a mapAsync before it reads the old contents';
const DENO_MAP_STATE = 'mapAsync does not validate its arguments on the content timeline: mapState stays "pending" and the promise does not reject as the spec says';
const DENO_BGL_ONE_TYPE = 'createBindGroupLayout throws a TypeError (not a validation error) for an entry with zero or two binding types';
const DENO_LABELS = 'label is fixed at creation (assigning it has no effect; defaultQueue.label and getBindGroupLayout labels are "")';
const DENO_EARLY_REJECTION = 'the promise of a mapAsync that fails validation is already rejected when mapAsync returns, not rejected from a later task';
const DENO_MAPPED_AT_CREATION_READ = 'data written through getMappedRange of a MAP_READ buffer created mappedAtCreation is lost at unmap() (the next mapAsync(READ) reads zeros)';
const DENO_NULL_VERTEX_LAYOUT = 'a draw needs a vertex buffer in every slot of the pipeline, null layouts included ("requires vertex buffer 0 to be set")';
const DENO_NO_TRANSIENT = 'createTexture throws TypeError for the TRANSIENT_ATTACHMENT usage bit (deno_webgpu predates it: "usage is not valid")';
const DENO_DEVIATIONS = {
  'mappedAtCreation > a mapping too large for an ArrayBuffer throws RangeError from createBuffer, with no device error': 'createBuffer with mappedAtCreation and a size no ArrayBuffer can hold throws no RangeError (a validation error instead)',
  "'uncapturederror' event > onuncapturederror keeps its place among the listeners when changed; null then a new value moves it last": 'setting onuncapturederror again moves its listener to the end (HTML keeps an event handler in its place)',
  'query sets > an empty query set (count 0) is valid; no command can use a query of it': 'wgpu-core refuses a query set of count 0 ("QuerySets cannot be made with zero queries")',
  '3d textures rendered to one depth slice > the slices and levels a render pass does not touch read as zero (also over reused memory)': "wgpu-core's init tracking of 3d levels (test/cts/repros/wgpu_native_3d_render_slice_lazy_init.py): the same bug wgpu-ts works around",
  'initial blend constant > constant blend factor without setBlendConstant uses [0,0,0,0]': 'wgpu-core rejects a draw with a constant blend factor until setBlendConstant ("Blend constant needs to be set"); the spec starts every pass with [0, 0, 0, 0]',
  'GPUAdapter > features: the full WebIDL setlike interface (keys/values/entries/forEach)': 'forEach passes an internal Set as its third argument, not the GPUSupportedFeatures',
  'GPUAdapter > limits: a GPUSupportedLimits at least as good as the core defaults': 'GPUSupportedLimits has no maxBindGroupsPlusVertexBuffers',
  'createBindGroupLayout failure modes > an entry with no binding resource type': DENO_BGL_ONE_TYPE,
  'createBindGroupLayout failure modes > an entry with two binding resource types': DENO_BGL_ONE_TYPE,
  'createBindGroup failure modes > an invalid layout makes the bind group invalid (contagious invalidity)': DENO_BGL_ONE_TYPE,
  'error scopes > several errors in one scope: one is reported, none leak to the outer scope': DENO_BGL_ONE_TYPE,
  'mappedAtCreation > an invalid buffer created mappedAtCreation can still be written through getMappedRange': 'getMappedRange of an invalid buffer throws OperationError',
  'mapAsync > READ: mapState goes unmapped -> pending -> mapped -> unmapped and the data is read': 'mapAsync resolves with null, not undefined',
  'mapAsync > READ: each map shows the data the GPU wrote last, whatever was done to the previous mapping': DENO_STAGED_WRITES,
  'mapAsync > offset and size map a sub-range; getMappedRange is limited to it': DENO_STAGED_WRITES,
  'mapAsync failure modes > offset not a multiple of 8: rejects with OperationError, generates a validation error, buffer returns to unmapped': DENO_MAP_STATE,
  'mapAsync failure modes > size not a multiple of 4: rejects with OperationError, generates a validation error, buffer returns to unmapped': DENO_MAP_STATE,
  'mapAsync failure modes > range past the end of the buffer: rejects with OperationError, generates a validation error, buffer returns to unmapped': DENO_MAP_STATE,
  'mapAsync failure modes > offset past the end of the buffer: rejects with OperationError, generates a validation error, buffer returns to unmapped': DENO_MAP_STATE,
  'mapAsync failure modes > WRITE mode on a MAP_READ buffer: rejects with OperationError, generates a validation error, buffer returns to unmapped': DENO_MAP_STATE,
  'mapAsync failure modes > mode 0: rejects with OperationError, generates a validation error, buffer returns to unmapped': 'no GPUValidationError for mapAsync(0)',
  'mapAsync failure modes > both READ and WRITE: rejects with OperationError, generates a validation error, buffer returns to unmapped': 'no GPUValidationError for mapAsync(READ | WRITE)',
  'mapAsync failure modes > unknown mode bits: rejects with OperationError, generates a validation error, buffer returns to unmapped': 'mapAsync with unknown mode bits resolves',
  'mapAsync failure modes > a buffer without MAP_READ/MAP_WRITE usage cannot be mapped': DENO_MAP_STATE,
  'mapAsync failure modes > mapAsync while already mapped rejects with OperationError and keeps the mapping': DENO_MAP_STATE,
  'mapAsync failure modes > mappedAtCreation buffer: mapAsync before unmap rejects with OperationError': DENO_MAP_STATE,
  'mapAsync failure modes > unmap while pending rejects the map with AbortError': 'a pending mapAsync resolves after unmap()',
  'mapAsync failure modes > destroy while pending rejects the map with AbortError': DENO_MAP_STATE,
  'mapAsync failure modes > mapAsync on a destroyed buffer rejects with OperationError and generates a validation error': DENO_MAP_STATE,
  'getMappedRange > throws OperationError when the buffer is not mapped': 'getMappedRange on an unmapped buffer panics (ext/webgpu/buffer.rs)',
  'getMappedRange > overlapping ranges throw OperationError': 'overlapping getMappedRange ranges do not throw',
  'unmap and destroy > unmap on an unmapped buffer is a no-op without error': 'unmap() of an unmapped buffer throws OperationError',
  'unmap and destroy > destroy of a mapped buffer unmaps it and detaches its ArrayBuffers': 'destroy() leaves mapState "mapped"',
  'unmap and destroy > destroy of a MAP_READ buffer mapped through mapAsync detaches the range': 'destroy() leaves mapState "mapped"',
  'compute pass failure modes (errors surface at encoder.finish()) > Uint32Array dynamic offsets: start + length beyond the array throws RangeError':
    'setBindGroup with an out-of-range Uint32Array start/length does not throw RangeError',
  'requestDevice: success paths > defaultQueue.label labels device.queue': DENO_LABELS,
  'requestDevice: success paths > without requiredLimits device.limits are the core defaults, not the adapter limits': 'GPUSupportedLimits has no maxBindGroupsPlusVertexBuffers',
  'requestDevice: success paths > requiredLimits: an unknown key with value undefined is ignored': 'requestDevice rejects ("invalid type: null, expected u32")',
  'requestDevice: failure modes > an unknown limit name rejects with OperationError; the adapter stays usable': 'an unknown requiredLimits name is accepted',
  'requestDevice: failure modes > an alignment limit better (smaller) than the adapter allows, or not a power of two, rejects with OperationError':
    'an alignment limit that is not a power of two is accepted',
  'requestDevice: failure modes > an adapter is single-use: a second requestDevice does not give a second working device':
    'a second requestDevice on the same adapter gives a device that is not lost',
  'requestDevice: failure modes > a consumed adapter: requestDevice rejects with OperationError, also while the first request is pending and after destroy()':
    'a second requestDevice on the same adapter resolves (with a device that is not lost)',
  'GPUError classes > GPUValidationError / GPUOutOfMemoryError / GPUInternalError are constructible GPUErrors': 'new GPUValidationError("some message").message is undefined',
  'process exit without destroy() > pending GPU promises keep the process alive until they settle': DENO_STAGED_WRITES,
  [`${JS_SHAPE}: device methods > methods called with no arguments :: getBindGroupLayout()`]: 'no TypeError',
  [`${JS_SHAPE}: device methods > createBuffer`]: 'missing, negative or non-numeric size and similar WebIDL conversions throw no TypeError',
  [`${JS_SHAPE}: device methods > createShaderModule`]: 'no TypeError for missing code or a compilationHints that is not a sequence',
  [`${JS_SHAPE}: device methods > createBindGroupLayout :: negative minBindingSize`]: 'no TypeError',
  [`${JS_SHAPE}: device methods > promise-returning methods reject with TypeError instead of throwing`]: 'mapAsync with a negative offset or size rejects with OperationError, not TypeError',
  [`${JS_SHAPE}: buffers and queue > getMappedRange`]: 'a negative offset or size is an OperationError, not a TypeError ([EnforceRange] is not applied)',
  'labels > label is settable on every object, including device and queue': DENO_LABELS,
  'labels > label is a USVString attribute: assigned values are converted to strings': DENO_LABELS,
  'labels > getBindGroupLayout returns a new object with its own label state': DENO_LABELS,
  'labels > labels of invalid objects are still readable and settable': DENO_LABELS,
  'device.lost / destroy() > destroy() unmaps every mapped buffer of the device (ranges detached)': 'device.destroy() leaves mapped buffers mapped',
  'device.lost / destroy() > a pending mapAsync rejects with AbortError when the device is destroyed': 'a pending mapAsync resolves after device.destroy()',
  'use after device destroy > object creation and commands neither throw nor report errors': 'calls on a destroyed device report errors',
  'use after device destroy > mapAsync on a lost device rejects with AbortError': 'rejects with OperationError, not AbortError',
  'use after device destroy > mappedAtCreation still gives a usable mapping on a lost device': 'getMappedRange throws OperationError (invalid buffer)',
  'use after device destroy > createComputePipelineAsync on a lost device resolves (no error is reported)': 'rejects with GPUPipelineError "Parent device is lost"',
  'use after device destroy > content-timeline errors still throw on a lost device': 'the content-timeline checks of the test do not throw on a lost device',
  'queue.writeBuffer: data shapes > DataView: offsets in bytes, relative to the view; out-of-range throws OperationError': 'an out-of-range writeBuffer panics (ext/webgpu/queue.rs)',
  'queue.writeBuffer: data shapes > SharedArrayBuffer and views over it are accepted (AllowSharedBufferSource)': 'writeBuffer throws TypeError for a SharedArrayBuffer',
  'queue.writeBuffer: failure modes > dataOffset + size beyond the data (in elements) throws OperationError synchronously': 'an out-of-range writeBuffer panics (ext/webgpu/queue.rs)',
  'queue.writeBuffer: failure modes > a size that is not a multiple of 4 bytes throws OperationError synchronously': 'no OperationError for a size that is not a multiple of 4',
  'queue.writeBuffer: failure modes > bufferOffset + size beyond the buffer is a validation error': 'an out-of-range writeBuffer panics (ext/webgpu/queue.rs)',
  'queue.onSubmittedWorkDone > resolves with undefined when nothing was submitted': 'resolves with null, not undefined',
  'queue.onSubmittedWorkDone > after it resolves, earlier work is complete (a later map sees it)': DENO_STAGED_WRITES,
  'createShaderModule / getCompilationInfo > missing code throws TypeError': 'createShaderModule({}) does not throw',
  'createTexture / createView / createSampler > bad descriptors: TypeErrors for shape, validation errors for rules':
    'createTexture with an invalid usage throws a TypeError instead of generating a validation error',
  'render bundles > invalid bundles: bad commands, incompatible pipeline, formats that differ from the pass':
    'createRenderBundleEncoder with no attachments at all generates no validation error',
  'query sets > failure modes: destroyed query sets, bad resolve ranges and offsets, wrong types':
    'submitting commands that use a destroyed query set generates no validation error',
  [`mapAsync failure modes > WRITE mode on a MAP_READ buffer: ${MAP_LATE_TASK}`]: DENO_EARLY_REJECTION,
  [`mapAsync failure modes > offset not a multiple of 8: ${MAP_LATE_TASK}`]: DENO_EARLY_REJECTION,
  [`mapAsync failure modes > range past the end: ${MAP_LATE_TASK}`]: DENO_EARLY_REJECTION,
  [`mapAsync failure modes > no MAP_* usage: ${MAP_LATE_TASK}`]: DENO_EARLY_REJECTION,
  [`mapAsync failure modes > destroyed buffer: ${MAP_LATE_TASK}`]: DENO_EARLY_REJECTION,
  'mapAsync failure modes > unmap() before an invalid map is rejected turns the rejection into AbortError; the validation error stays':
    'unmap() while an invalid map is pending throws OperationError ("Buffer is not mapped")',
  'mapAsync failure modes > mapAsync on a lost device: "pending", then AbortError from a later task, no validation error': 'rejects with OperationError, not AbortError',
  'mappedAtCreation on mappable buffers > MAP_READ | COPY_DST: data written before unmap() is there at the next mapAsync(READ)': DENO_MAPPED_AT_CREATION_READ,
  'mappedAtCreation on mappable buffers > MAP_READ: data written before unmap() is there at the next mapAsync(READ)': DENO_MAPPED_AT_CREATION_READ,
  ...Object.fromEntries(['uniform', 'storage', 'read-only-storage', 'texture', 'storageTexture'].flatMap((kind) => ['compute pass', 'render pass', 'render bundle'].map((encoder) => [
    `destroyed resources in bind groups > ${kind} binding in a ${encoder}: encoding is valid, submit is a validation error, whenever it was destroyed`,
    'createBindGroup over a destroyed buffer or texture is a validation error at creation (the spec accepts it and fails the submit)',
  ]))),
  'requestDevice: failure modes > a limit value past 32 bits for a GPUSize32 limit rejects with OperationError':
    'requestDevice rejects with an "InvalidData" error ("invalid value: integer `4294967296`, expected u32"), not an OperationError',
  "requestDevice: failure modes > device.adapterInfo is a GPUAdapterInfo of its own with the adapter's values": 'device.adapterInfo is the adapter\'s own info object, not a new GPUAdapterInfo',
  'null vertex buffer layouts and unbound vertex slots > only the non-null slots need a buffer (render pass), and the draw renders': DENO_NULL_VERTEX_LAYOUT,
  'null vertex buffer layouts and unbound vertex slots > only the non-null slots need a buffer (render bundle), and the draw renders': DENO_NULL_VERTEX_LAYOUT,
  'null vertex buffer layouts and unbound vertex slots > a buffer in slot 1 or 2 behind null and empty layouts feeds its attributes (render pass)': DENO_NULL_VERTEX_LAYOUT,
  'null vertex buffer layouts and unbound vertex slots > a buffer in slot 1 or 2 behind null and empty layouts feeds its attributes (render bundle)': DENO_NULL_VERTEX_LAYOUT,
  'null vertex buffer layouts and unbound vertex slots > a missing or unbound buffer in a used slot is a validation error; state resets after executeBundles':
    'setVertexBuffer(slot, null) throws TypeError (a null buffer cannot unbind the slot)',
  'null bind group layouts, unbound groups, external texture entries > a GPUTexture is a binding resource (its default view); externalTexture entries take 2d single-level views of the three formats':
    'an externalTexture bind group layout entry needs wgpu\'s native EXTERNAL_TEXTURE feature (a validation error without it)',
  'pass limits and submit consumption > draws over GPURenderPassDescriptor.maxDrawCount (bundles included) fail at finish':
    'maxDrawCount is not enforced: more draws than it allows generate no validation error',
  '3d texture copies > a copy into depth slice z >= 1 survives later submits (every init method and origin)':
    'a copyBufferToTexture into depth slice z >= 1 of a 3d texture is not there when read back (zeros)',
  'TRANSIENT_ATTACHMENT textures > RENDER_ATTACHMENT | TRANSIENT_ATTACHMENT creates a texture that reports both usages': DENO_NO_TRANSIENT,
  'TRANSIENT_ATTACHMENT textures > the spec rules: 2d, only with RENDER_ATTACHMENT, one mip level, one layer, no viewFormats, views with all usages': DENO_NO_TRANSIENT,
  'TRANSIENT_ATTACHMENT textures > attachments must clear and discard; a transient texture is no resolve target': DENO_NO_TRANSIENT,
  'destroyed resources in encoder commands > the other rules of a command with a destroyed resource are still checked at finish()':
    'a copyBufferToBuffer naming a destroyed buffer skips its other checks (no validation error for a size that is not a multiple of 4)',
  'depth/stencil attachment load and store ops > ops are required for an aspect the pass writes and refused for one it lacks or only reads':
    'a depthStoreOp on a stencil8 attachment (a format without depth) generates no validation error',
};

export const DEVIATIONS = {
  'wgpu-native': {},
  'wgpu-native/deno': {},
  'wgpu-native/bun': {},
  'dawn': DAWN_NODE_DEVIATIONS,
  'js-webgpu/dawn.node': DAWN_NODE_DEVIATIONS,
  'js-webgpu/deno': DENO_DEVIATIONS,
  'js-webgpu/chromium': CHROMIUM_DEVIATIONS,
};

/**
 * Tests that cannot run at all on a runtime or target (reported as SKIP with the reason): keyed by runtime
 * ("browser", "deno", "node") or target. Keys as above; "<describe> > *" for a group. A test that aborts the
 * process in-process belongs here (a TODO needs the test runner to survive).
 */
const DAWN_NODE_ABORTS = {
  'createTexture / createView / createSampler > bad descriptors: TypeErrors for shape, validation errors for rules':
    'dawn.node aborts the process (napi fatal error) on createTexture with an unknown format, no format or no size',
};
export const NOT_APPLICABLE = {
  browser: {
    'process exit without destroy() > *': 'a browser page has no process that could exit by itself',
  },
  'dawn': DAWN_NODE_ABORTS,
  'js-webgpu/dawn.node': DAWN_NODE_ABORTS,
  'js-webgpu/deno': {
    'destroyed resources in bind groups > createView of a destroyed texture and createBindGroup over a destroyed buffer or texture are valid':
      'createView of a destroyed texture panics (ext/webgpu/texture.rs: "getting default view for a texture caused a validation error")',
  },
};

function lookup(table, fullName) {
  if (!table) return undefined;
  if (Object.hasOwn(table, fullName)) return table[fullName];
  const group = fullName.split(' > ')[0];
  return table[`${group} > *`];
}

/** The recorded deviations and exclusions of the current target, as lines for a runner to print. */
export function describeExclusions() {
  const lines = [];
  for (const [name, why] of Object.entries(DEVIATIONS[target] ?? {})) lines.push(`expected deviation (${target}): ${name}: ${why}`);
  for (const key of [runtime, target]) {
    for (const [name, why] of Object.entries(NOT_APPLICABLE[key] ?? {})) lines.push(`not applicable (${key}): ${name}: ${why}`);
  }
  return lines;
}

const runner = globalThis.__WGPU_TS_TEST_RUNNER__ ?? await import('node:test');
const suiteStack = [];
let currentTest = null;

/** node:test's describe (or the mini runner's), tracking the suite names for the tables above. */
export function describe(name, options, fn) {
  if (typeof options === 'function') [options, fn] = [{}, options];
  return runner.describe(name, options ?? {}, function (...args) {
    suiteStack.push(name);
    try {
      return fn.apply(this, args);
    } finally {
      suiteStack.pop();
    }
  });
}

/** node:test's test (or the mini runner's), applying DEVIATIONS and NOT_APPLICABLE of the current target. */
export function test(name, options, fn) {
  if (typeof options === 'function') [options, fn] = [{}, options];
  const fullName = [...suiteStack, name].join(' > ');
  const notApplicable = lookup(NOT_APPLICABLE[runtime], fullName) ?? lookup(NOT_APPLICABLE[target], fullName);
  if (notApplicable) return runner.test(name, { ...options, skip: `not applicable on ${target}: ${notApplicable}` }, fn);
  const deviation = lookup(DEVIATIONS[target], fullName);
  return runner.test(name, options, async function (t) {
    currentTest = { fullName, t };
    try {
      if (!deviation) return await fn.call(this, t);
      try {
        await fn.call(this, t);
      } catch (e) {
        t.todo(`expected deviation on ${target}: ${deviation}`);
        throw e;
      }
      throw new Error(`the recorded deviation of ${target} did not occur (the test passes): remove it from DEVIATIONS in ` +
        `test/harness.mjs ("${fullName}": ${deviation})`);
    } finally {
      currentTest = null;
    }
  });
}

// Core-feature-level defaults (WebGPU spec, "Limits" table). Every adapter must support at least these
// ("adapter capability guarantees"); a device created without requiredLimits gets exactly these.
export const CORE_DEFAULT_LIMITS = {
  maxTextureDimension1D: 8192,
  maxTextureDimension2D: 8192,
  maxTextureDimension3D: 2048,
  maxTextureArrayLayers: 256,
  maxBindGroups: 4,
  maxBindGroupsPlusVertexBuffers: 24,
  maxBindingsPerBindGroup: 1000,
  maxDynamicUniformBuffersPerPipelineLayout: 8,
  maxDynamicStorageBuffersPerPipelineLayout: 4,
  maxSampledTexturesPerShaderStage: 16,
  maxSamplersPerShaderStage: 16,
  maxStorageBuffersPerShaderStage: 8,
  maxStorageTexturesPerShaderStage: 4,
  maxUniformBuffersPerShaderStage: 12,
  maxUniformBufferBindingSize: 65536,
  maxStorageBufferBindingSize: 134217728,
  minUniformBufferOffsetAlignment: 256,
  minStorageBufferOffsetAlignment: 256,
  maxVertexBuffers: 8,
  maxBufferSize: 268435456,
  maxVertexAttributes: 16,
  maxVertexBufferArrayStride: 2048,
  maxInterStageShaderVariables: 16,
  maxColorAttachments: 8,
  maxColorAttachmentBytesPerSample: 32,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupSizeZ: 64,
  maxComputeWorkgroupsPerDimension: 65535,
};
export const ALIGNMENT_LIMITS = new Set(['minUniformBufferOffsetAlignment', 'minStorageBufferOffsetAlignment']);

/** Default per-test options: a hung promise fails the test instead of hanging the suite. */
export const T = Object.freeze({ timeout: 30_000 });

let gpuPromise = null;
// Keeps the dawn GPU object (and with it the dawn instance) referenced for the whole process lifetime.
let keepAlive = null;

/** The GPU object (navigator.gpu equivalent) of the backend under test. Also installs the WebGPU globals. */
export function getGPU() {
  if (!gpuPromise) {
    gpuPromise = (async () => {
      switch (backendName) {
        case 'wgpu-native': {
          const backend = await import('wgpu-ts/backends/wgpu-native');
          const { installGlobals } = await import('wgpu-ts');
          installGlobals();
          assert.ok(backend.gpu, 'wgpu-ts/backends/wgpu-native must export `gpu`');
          keepAlive = backend.gpu;
          return backend.gpu;
        }
        case 'js-webgpu': {
          const backend = await import('wgpu-ts/backends/js-webgpu');
          await backend.getImplementation(); // its interface classes are known from here on
          const { installGlobals } = await import('wgpu-ts');
          installGlobals();
          assert.equal(backend.gpu.backend, 'js-webgpu');
          keepAlive = backend.gpu;
          return backend.gpu;
        }
        case 'dawn': {
          const { create, globals } = await import('webgpu');
          Object.assign(globalThis, globals);
          keepAlive = create([]);
          return keepAlive;
        }
        default:
          throw new Error(`unknown WGPU_TS_TEST_BACKEND=${JSON.stringify(backendName)} ` +
            '(expected "wgpu-native", "js-webgpu" or "dawn")');
      }
    })();
  }
  return gpuPromise;
}

/** Keep a reference to the backend object, so nothing it owns is collected before the process ends. */
export function backendKeepAlive() {
  return keepAlive;
}

/** A fresh adapter (adapters are single-use: requestDevice consumes them). */
export async function getAdapter(options) {
  const gpu = await getGPU();
  const adapter = await gpu.requestAdapter(options);
  assert.ok(adapter, `requestAdapter(${JSON.stringify(options ?? {})}) returned null`);
  return adapter;
}

/**
 * A fresh device on a fresh adapter.
 * opts: a GPUDeviceDescriptor, optionally with `adapterOptions` (GPURequestAdapterOptions).
 */
export async function getDevice(opts = {}) {
  const { adapterOptions, ...descriptor } = opts;
  const adapter = await getAdapter(adapterOptions);
  const device = await adapter.requestDevice(descriptor);
  assert.ok(device, 'requestDevice resolved to nothing');
  return device;
}

/** Rounds n up to a multiple of `to`. */
export function alignTo(n, to = 4) {
  return Math.ceil(n / to) * to;
}

/**
 * Copies `size` bytes of `buffer` (from `offset`) into a MAP_READ buffer, maps it and returns a copy of the
 * bytes as a standalone ArrayBuffer. `buffer` needs COPY_SRC usage.
 */
export async function readBuffer(device, buffer, size = buffer.size, offset = 0) {
  const padded = alignTo(size, 4);
  const staging = device.createBuffer({
    label: 'harness.readBuffer staging',
    size: padded,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = device.createCommandEncoder({ label: 'harness.readBuffer' });
  encoder.copyBufferToBuffer(buffer, offset, staging, 0, padded);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const copy = staging.getMappedRange(0, padded).slice(0, size);
  staging.unmap();
  staging.destroy();
  return copy;
}

/** Creates a buffer initialised with `data` (a TypedArray) through mappedAtCreation. */
export function createBufferWithData(device, data, usage, label = 'harness.createBufferWithData') {
  const size = alignTo(Math.max(data.byteLength, 4), 4);
  const buffer = device.createBuffer({ label, size, usage, mappedAtCreation: true });
  new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  buffer.unmap();
  return buffer;
}

function describeError(error) {
  if (error === null) return 'null';
  if (error === undefined) return 'undefined';
  return `${error?.constructor?.name}: ${String(error?.message).split('\n')[0]}`;
}

/**
 * Runs fn inside a 'validation' error scope and asserts that exactly the validation scope caught a
 * GPUValidationError with a non-empty message. Also checks that nothing leaks into surrounding
 * 'out-of-memory' / 'internal' scopes. fn may return a promise; it is awaited (and its rejection
 * is propagated) before the scope is popped. Returns the GPUValidationError.
 */
export async function expectValidationError(device, fn, what = 'operation') {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('internal');
  device.pushErrorScope('validation');
  let thrown = null;
  try {
    await fn();
  } catch (e) {
    thrown = e;
  }
  const error = await device.popErrorScope();
  const internal = await device.popErrorScope();
  const oom = await device.popErrorScope();
  if (thrown) throw thrown;
  assert.ok(error instanceof GPUValidationError,
    `${what}: expected a GPUValidationError in the validation scope, got ${describeError(error)}`);
  assert.ok(error instanceof GPUError, `${what}: GPUValidationError must extend GPUError`);
  assert.equal(typeof error.message, 'string');
  assert.ok(error.message.length > 0, `${what}: GPUValidationError.message must not be empty`);
  assert.equal(internal, null, `${what}: unexpected internal error ${describeError(internal)}`);
  assert.equal(oom, null, `${what}: unexpected out-of-memory error ${describeError(oom)}`);
  return error;
}

/** Runs fn (may be async) and asserts that no validation / out-of-memory / internal error was generated. */
export async function expectNoError(device, fn, what = 'operation') {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('internal');
  device.pushErrorScope('validation');
  let result;
  let thrown = null;
  try {
    result = await fn();
  } catch (e) {
    thrown = e;
  }
  const validation = await device.popErrorScope();
  const internal = await device.popErrorScope();
  const oom = await device.popErrorScope();
  if (thrown) throw thrown;
  assert.equal(validation, null, `${what}: unexpected validation error ${describeError(validation)}`);
  assert.equal(internal, null, `${what}: unexpected internal error ${describeError(internal)}`);
  assert.equal(oom, null, `${what}: unexpected out-of-memory error ${describeError(oom)}`);
  return result;
}

/**
 * Asserts that `promiseOrFn` (a promise, or a function returning one) rejects with an error whose `name`
 * is `name` (e.g. 'OperationError', 'AbortError', 'TypeError'). A synchronous throw from the function
 * does NOT count: WebGPU methods returning promises report failures by rejecting.
 */
export async function expectRejects(promiseOrFn, name, what = 'promise') {
  const promise = typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn;
  assert.ok(promise && typeof promise.then === 'function', `${what}: expected a promise`);
  let settled = false;
  let error;
  try {
    await promise;
    settled = true;
  } catch (e) {
    error = e;
  }
  assert.ok(!settled, `${what}: expected a rejection with ${name}, but it resolved`);
  assert.equal(error?.name, name, `${what}: expected ${name}, got ${describeError(error)} (name ${error?.name})`);
  if (name === 'TypeError') assert.ok(error instanceof TypeError, `${what}: expected a real TypeError`);
  return error;
}

/**
 * Asserts fn throws synchronously with an error named `name`. For 'TypeError' the error must be a real
 * TypeError instance (instanceof), for DOMException-style names (OperationError, ...) only the name is checked.
 */
export function expectThrows(fn, name, what = 'call') {
  let error = null;
  let threw = false;
  try {
    fn();
  } catch (e) {
    threw = true;
    error = e;
  }
  assert.ok(threw, `${what}: expected a synchronous ${name}`);
  assert.equal(error?.name, name, `${what}: expected ${name}, got ${describeError(error)} (name ${error?.name})`);
  if (name === 'TypeError') assert.ok(error instanceof TypeError, `${what}: expected a real TypeError`);
  if (name === 'RangeError') assert.ok(error instanceof RangeError, `${what}: expected a real RangeError`);
  return error;
}

/**
 * Asserts that a JS-shaped mistake throws a TypeError synchronously, before anything reaches the device:
 * no validation/internal/oom error is generated by it, and the device still works afterwards.
 */
export async function expectTypeError(device, fn, what = 'call') {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('internal');
  device.pushErrorScope('validation');
  let error = null;
  let threw = false;
  try {
    fn();
  } catch (e) {
    threw = true;
    error = e;
  }
  const validation = await device.popErrorScope();
  const internal = await device.popErrorScope();
  const oom = await device.popErrorScope();
  assert.ok(threw, `${what}: expected a synchronous TypeError, nothing was thrown`);
  assert.ok(error instanceof TypeError, `${what}: expected a TypeError, got ${describeError(error)}`);
  assert.ok(String(error.message).length > 0, `${what}: TypeError message must not be empty`);
  assert.equal(validation, null, `${what}: a TypeError must be thrown before any validation (got ${describeError(validation)})`);
  assert.equal(internal, null, `${what}: unexpected internal error ${describeError(internal)}`);
  assert.equal(oom, null, `${what}: unexpected out-of-memory error ${describeError(oom)}`);
  return error;
}

/** Races a promise against a timer; rejects with a clear message if it does not settle in time. */
export function withTimeout(promise, ms, what = 'promise') {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves to 'pending' if `promise` has not settled after `ms` ms, else to {value} / {error}. */
export async function settleState(promise, ms = 50) {
  let timer;
  const pending = new Promise((resolve) => { timer = setTimeout(() => resolve('pending'), ms); });
  try {
    return await Promise.race([
      promise.then((value) => ({ value }), (error) => ({ error })),
      pending,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const PROBE_WGSL = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> data: array<u32>;
@compute @workgroup_size(4)
fn main(@builtin(global_invocation_id) id: vec3u) {
  data[id.x] = data[id.x] * 3u + id.x + 1u;
}`;

/**
 * Proves the device still works: runs a tiny compute shader over a buffer written with writeBuffer,
 * copies the result back and checks every value, all without any GPU error. Every failure-mode test calls
 * this after provoking its error.
 */
export async function probeDevice(device) {
  await expectNoError(device, async () => {
    const n = 8;
    const input = Uint32Array.from({ length: n }, (_, i) => 10 * i + 7);
    const storage = device.createBuffer({
      label: 'probe.storage',
      size: n * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(storage, 0, input);
    const module = device.createShaderModule({ label: 'probe.module', code: PROBE_WGSL });
    const pipeline = device.createComputePipeline({
      label: 'probe.pipeline',
      layout: 'auto',
      compute: { module, entryPoint: 'main' },
    });
    const bindGroup = device.createBindGroup({
      label: 'probe.bindGroup',
      layout: pipeline.getBindGroupLayout(0),
      entries: [{ binding: 0, resource: { buffer: storage } }],
    });
    const encoder = device.createCommandEncoder({ label: 'probe.encoder' });
    const pass = encoder.beginComputePass({ label: 'probe.pass' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(n / 4);
    pass.end();
    device.queue.submit([encoder.finish()]);
    const out = new Uint32Array(await withTimeout(readBuffer(device, storage, n * 4), 20_000, 'probeDevice readback'));
    const expected = Array.from(input, (v, i) => v * 3 + i + 1);
    assert.deepEqual(Array.from(out), expected, 'probeDevice: compute result is wrong — the device no longer works');
    storage.destroy();
  }, 'probeDevice');
}

/**
 * Collects 'uncapturederror' events of a device. Returns { errors, stop() }.
 */
export function collectUncapturedErrors(device) {
  const errors = [];
  const listener = (event) => errors.push(event.error);
  device.addEventListener('uncapturederror', listener);
  return { errors, stop: () => device.removeEventListener('uncapturederror', listener) };
}

/** Waits a few macrotasks (lets queued events such as uncapturederror be dispatched). */
export async function tick(ms = 0) {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Shader with two storage bindings used by several files: out[i] = in[i] * factor (override constant). */
export const SCALE_WGSL = /* wgsl */ `
override factor: f32 = 2.0;
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < arrayLength(&dst)) {
    dst[id.x] = src[id.x] * factor;
  }
}`;

/**
 * Runs `body` (ES module code) in a separate `node` process that has already done
 * `import * as h from '<harness>'` — so `h.getDevice()` etc. are available — with the same backend.
 * Used for process-lifetime tests (does the script exit by itself?) and for calls that might crash the
 * process (a native panic must never take the test runner down with it).
 * Resolves to { code, signal, stdout, stderr, timedOut, ms }.
 */
export async function runInChild(body, { timeoutMs = 20_000, env = {} } = {}) {
  if (runtime === 'browser') throw new Error('runInChild: a browser page cannot start processes');
  const { spawn } = await import('node:child_process');
  const harnessUrl = new URL(import.meta.url).href;
  const source = `import * as h from ${JSON.stringify(harnessUrl)};\n${body}\n`;
  // Deno: `deno eval` runs the module source with all permissions.
  const args = runtime === 'deno' ? ['eval', source] : ['--input-type=module', '-e', source];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, WGPU_TS_TEST_BACKEND: backendName, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

/** Formats a runInChild result for assertion messages. */
export function describeChild(r) {
  const tail = (s) => s.split('\n').filter((l) => !/^Warning: /.test(l)).slice(-15).join('\n');
  return `exit code ${r.code}, signal ${r.signal}, timedOut ${r.timedOut}, ${r.ms} ms\n` +
    `--- stdout ---\n${tail(r.stdout)}\n--- stderr ---\n${tail(r.stderr)}`;
}

/** Objects most JS-shape tests need: a device with a storage buffer, a MAP_READ buffer, a pipeline, a bind group. */
export async function makeFixture() {
  const device = await getDevice();
  const buffer = device.createBuffer({
    size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
  });
  const mapBuffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
  const module = device.createShaderModule({ code: PROBE_WGSL });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const bgl = pipeline.getBindGroupLayout(0);
  const bindGroup = device.createBindGroup({ layout: bgl, entries: [{ binding: 0, resource: { buffer } }] });
  return { device, buffer, mapBuffer, module, pipeline, bgl, bindGroup };
}

// Where case reports go: stdout of the child process, or a collector when the cases run in-process (browser).
let emitLine = (line) => process.stdout.write(line);

/** Prints one line of a case group's output (stdout in a child; collected when run in-process). */
export function emit(text) {
  emitLine(`${text}\n`);
}

function report(kind, name, detail) {
  // Pipes are synchronous on POSIX in Node: each line is out before the next call could crash the process.
  emit(`${kind} ${JSON.stringify(name)}${detail === undefined ? '' : ' ' + JSON.stringify(detail)}`);
}

function crashedBefore() {
  try {
    return new Set(JSON.parse(env.WGPU_TS_TEST_CRASHED_CASES || '[]'));
  } catch {
    return new Set();
  }
}

async function runCases(cases, check) {
  const crashed = crashedBefore();
  for (const [name, fn] of Object.entries(cases)) {
    if (crashed.has(name)) continue; // crashed the process in an earlier run: reported by the parent
    report('CASE', name);
    try {
      await check(name, fn);
      report('PASS', name);
    } catch (e) {
      report('FAIL', name, String(e?.message).split('\n')[0]);
    }
  }
}

/**
 * For use inside runCaseGroupInChild: runs each case through expectTypeError (sync TypeError, no GPU error),
 * printing CASE/PASS/FAIL lines that the parent reads back.
 */
export async function runTypeErrorCases(device, cases) {
  await runCases(cases, (name, fn) => expectTypeError(device, fn, name));
}

/** Like runTypeErrorCases, for promise-returning methods: each case must reject with TypeError, no GPU error. */
export async function runRejectCases(device, cases) {
  await runCases(cases, (name, fn) => expectNoError(device, () => expectRejects(fn, 'TypeError', name), name));
}

/**
 * Runs `body` in a child process (see runInChild) after `const f = await h.makeFixture()` and destructuring
 * its members; body calls h.runTypeErrorCases / h.runRejectCases; afterwards the device is probed and the
 * child prints DONE. If the child dies inside a case (a native crash), that case is recorded and the child is
 * run again without it, so every other case still gets checked. Asserts: no case failed or crashed, the last
 * run printed DONE and exited with 0.
 */
export async function runCaseGroupInChild(body) {
  const script = `
    const f = await h.makeFixture();
    const { device, buffer, mapBuffer, module, pipeline, bgl, bindGroup } = f;
    ${body}
    await h.probeDevice(device);
    h.emit('DONE');
  `;
  const crashed = [];
  let failures = [];
  let r;
  for (let attempt = 0; attempt < 20; attempt++) {
    r = runtime === 'browser' ? await runInThisProcess(script)
      : await runInChild(script, { env: { WGPU_TS_TEST_CRASHED_CASES: JSON.stringify(crashed) } });
    const started = [];
    const finished = new Set();
    failures = [];
    for (const line of r.stdout.split('\n')) {
      const m = /^(CASE|PASS|FAIL) ("(?:[^"\\]|\\.)*")(?: (.*))?$/.exec(line);
      if (!m) continue;
      const name = JSON.parse(m[2]);
      if (m[1] === 'CASE') started.push(name);
      else finished.add(name);
      if (m[1] === 'FAIL') failures.push({ name, message: `${name}: ${JSON.parse(m[3])}` });
    }
    const crashedIn = started.find((n) => !finished.has(n));
    if (crashedIn === undefined) break;
    crashed.push(crashedIn);
  }
  // Cases listed in DEVIATIONS as "<test> :: <case>" may fail (the test is then reported as TODO); if one
  // passes, that is a failure asking for the entry to be removed.
  const testName = currentTest?.fullName;
  const expected = Object.entries(DEVIATIONS[target] ?? {})
    .filter(([k]) => testName && k.startsWith(`${testName} :: `))
    .map(([k, why]) => ({ name: k.slice(testName.length + 4), why }));
  const expectedNames = new Set(expected.map((e) => e.name));
  const failedNames = new Set([...crashed, ...failures.map((f) => f.name)]);
  const problems = [
    ...crashed.filter((n) => !expectedNames.has(n)).map((n) => `${n}: the process CRASHED in this case`),
    ...failures.filter((f) => !expectedNames.has(f.name)).map((f) => f.message),
    ...expected.filter((e) => !failedNames.has(e.name)).map((e) =>
      `${e.name}: the recorded deviation of ${target} did not occur (the case passes): remove it from DEVIATIONS in test/harness.mjs`),
  ];
  assert.deepEqual(problems, [], `failing cases:\n  ${problems.join('\n  ')}\n(last run: ${describeChild(r)})`);
  assert.ok(/^(CASE|PASS) /m.test(r.stdout), `no case ran\n${describeChild(r)}`);
  assert.ok(r.stdout.split('\n').includes('DONE'), `the child did not finish\n${describeChild(r)}`);
  assert.equal(r.code, 0, describeChild(r));
  if (expected.length > 0) {
    currentTest?.t.todo(`expected deviations on ${target}: ${expected.map((e) => `${e.name} (${e.why})`).join('; ')}`);
  }
}

/** runInChild's result shape, for a case group run inside this page (browsers cannot start processes). */
async function runInThisProcess(script) {
  const AsyncFunction = (async () => {}).constructor;
  let stdout = '';
  let stderr = '';
  let code = 0;
  const started = Date.now();
  const previous = emitLine;
  emitLine = (line) => { stdout += line; };
  try {
    await new AsyncFunction('h', script)(harness);
  } catch (e) {
    stderr += `${e?.stack ?? e}\n`;
    code = 1;
  } finally {
    emitLine = previous;
  }
  return { code, signal: null, stdout, stderr, timedOut: false, ms: Date.now() - started };
}
