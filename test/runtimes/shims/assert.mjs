// node:assert/strict for browser pages (esbuild aliases `node:assert/strict` and `node:assert` here when it
// bundles the suite). Strict semantics only: equal is Object.is, deepEqual is deepStrictEqual.

export class AssertionError extends Error {
  constructor({ message, actual, expected, operator }) {
    super(message);
    this.name = 'AssertionError';
    this.code = 'ERR_ASSERTION';
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    this.generatedMessage = false;
  }
}

function show(v) {
  try {
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'function') return `[Function ${v.name || 'anonymous'}]`;
    if (v instanceof Error) return `${v.name}: ${v.message}`;
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return `${v.constructor.name}(${v.length}) [${Array.from(v).slice(0, 32).join(', ')}]`;
    if (typeof v === 'object' && v !== null) {
      const s = JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? `${x}n` : x));
      return `${v.constructor?.name && v.constructor.name !== 'Object' && v.constructor.name !== 'Array' ? v.constructor.name + ' ' : ''}${s}`;
    }
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

function raise(message, defaultMessage, actual, expected, operator) {
  if (message instanceof Error) throw message;
  throw new AssertionError({ message: message ?? defaultMessage, actual, expected, operator });
}

const tag = (v) => Object.prototype.toString.call(v);

function isDeepStrictEqual(a, b, seen = new Map()) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || tag(a) !== tag(b)) return false;
  const pair = seen.get(a);
  if (pair === b) return true;
  seen.set(a, b);
  if (a instanceof Date) return Object.is(a.getTime(), b.getTime());
  if (a instanceof RegExp) return String(a) === String(b);
  if (a instanceof Error && (a.message !== b.message || a.name !== b.name)) return false;
  if (a instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && a instanceof SharedArrayBuffer)) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a);
    const y = new Uint8Array(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (a instanceof DataView) {
    if (a.byteLength !== b.byteLength) return false;
    for (let i = 0; i < a.byteLength; i++) if (a.getUint8(i) !== b.getUint8(i)) return false;
    return true;
  }
  if (ArrayBuffer.isView(a)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k) || !isDeepStrictEqual(v, b.get(k), seen)) return false;
    }
    return true;
  }
  if (a instanceof Set) {
    if (a.size !== b.size) return false;
    outer: for (const v of a) {
      if (b.has(v)) continue;
      if (typeof v !== 'object' || v === null) return false;
      for (const w of b) if (isDeepStrictEqual(v, w, seen)) continue outer;
      return false;
    }
    return true;
  }
  if (Array.isArray(a) && a.length !== b.length) return false;
  const keys = (o) => [...Object.keys(o), ...Object.getOwnPropertySymbols(o).filter((s) => Object.prototype.propertyIsEnumerable.call(o, s))];
  const ka = keys(a);
  const kb = keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!isDeepStrictEqual(a[k], b[k], seen)) return false;
  }
  return true;
}

function matches(error, expected, message, what) {
  if (expected === undefined) return;
  if (typeof expected === 'string') return; // a message, not a matcher
  if (expected instanceof RegExp) {
    if (!expected.test(String(error))) raise(message, `${what}: the error ${show(error)} does not match ${expected}`, error, expected, what);
    return;
  }
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && error instanceof expected) return;
    if (expected === Error || Error.isPrototypeOf(expected)) {
      raise(message, `${what}: the error is expected to be an instance of "${expected.name}", got ${show(error)}`, error, expected, what);
    }
    if (expected.call({}, error) !== true) {
      raise(message, `${what}: the validation function ${expected.name || ''} did not return true for ${show(error)}`, error, expected, what);
    }
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    for (const k of Object.keys(expected)) {
      const want = expected[k];
      const got = error?.[k];
      const ok = want instanceof RegExp && typeof got === 'string' ? want.test(got) : isDeepStrictEqual(got, want);
      if (!ok) raise(message, `${what}: error.${k} is ${show(got)}, expected ${show(want)}`, error, expected, what);
    }
  }
}

function assert(value, message) {
  if (!value) raise(message, `The expression evaluated to a falsy value: ${show(value)}`, value, true, '==');
}

assert.ok = (value, message) => assert(value, message);
assert.equal = assert.strictEqual = (actual, expected, message) => {
  if (!Object.is(actual, expected)) raise(message, `Expected values to be strictly equal:\n\n${show(actual)} !== ${show(expected)}\n`, actual, expected, 'strictEqual');
};
assert.notEqual = assert.notStrictEqual = (actual, expected, message) => {
  if (Object.is(actual, expected)) raise(message, `Expected "actual" to be strictly unequal to: ${show(expected)}`, actual, expected, 'notStrictEqual');
};
assert.deepEqual = assert.deepStrictEqual = (actual, expected, message) => {
  if (!isDeepStrictEqual(actual, expected)) {
    raise(message, `Expected values to be strictly deep-equal:\n+ actual ${show(actual)}\n- expected ${show(expected)}`, actual, expected, 'deepStrictEqual');
  }
};
assert.notDeepEqual = assert.notDeepStrictEqual = (actual, expected, message) => {
  if (isDeepStrictEqual(actual, expected)) raise(message, `Expected "actual" not to be strictly deep-equal to: ${show(expected)}`, actual, expected, 'notDeepStrictEqual');
};
assert.match = (string, regexp, message) => {
  if (typeof string !== 'string' || !regexp.test(string)) raise(message, `The input did not match the regular expression ${regexp}. Input: ${show(string)}`, string, regexp, 'match');
};
assert.doesNotMatch = (string, regexp, message) => {
  if (typeof string === 'string' && regexp.test(string)) raise(message, `The input was expected to not match ${regexp}. Input: ${show(string)}`, string, regexp, 'doesNotMatch');
};
assert.fail = (message = 'Failed') => raise(message, message, undefined, undefined, 'fail');
assert.throws = (fn, expected, message) => {
  if (typeof expected === 'string') [message, expected] = [expected, undefined];
  let threw = false;
  let error;
  try {
    fn();
  } catch (e) {
    threw = true;
    error = e;
  }
  if (!threw) raise(message, `Missing expected exception${expected?.name ? ` (${expected.name})` : ''}.`, undefined, expected, 'throws');
  matches(error, expected, message, 'throws');
};
assert.doesNotThrow = (fn, message) => {
  try {
    fn();
  } catch (e) {
    raise(typeof message === 'string' ? message : undefined, `Got unwanted exception: ${show(e)}`, e, undefined, 'doesNotThrow');
  }
};
assert.rejects = async (promiseOrFn, expected, message) => {
  if (typeof expected === 'string') [message, expected] = [expected, undefined];
  const promise = typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn;
  let rejected = false;
  let error;
  try {
    await promise;
  } catch (e) {
    rejected = true;
    error = e;
  }
  if (!rejected) raise(message, `Missing expected rejection${expected?.name ? ` (${expected.name})` : ''}.`, undefined, expected, 'rejects');
  matches(error, expected, message, 'rejects');
};
assert.doesNotReject = async (promiseOrFn, message) => {
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    raise(typeof message === 'string' ? message : undefined, `Got unwanted rejection: ${show(e)}`, e, undefined, 'doesNotReject');
  }
};
assert.AssertionError = AssertionError;
assert.strict = assert;
assert.isDeepStrictEqual = isDeepStrictEqual;

export default assert;
export const { ok, equal, strictEqual, notEqual, notStrictEqual, deepEqual, deepStrictEqual, notDeepEqual, notDeepStrictEqual,
  match, doesNotMatch, throws, doesNotThrow, rejects, doesNotReject, fail, strict } = assert;

