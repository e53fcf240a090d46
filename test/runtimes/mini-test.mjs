// A tiny stand-in for node:test where there is none (browser pages) and in Deno (one runner for both):
// describe/test registration with node:test's signatures, sequential runs with per-test timeouts, the
// t.todo()/t.skip()/t.diagnostic() context methods the harness uses, TAP-like lines and a summary.
// The harness picks it up as globalThis.__WGPU_TS_TEST_RUNNER__.

const root = { type: 'suite', name: '', options: {}, children: [] };
let current = root;
let currentFile = '';

/** The test file whose tests register next (for the per-group results: `records` of run()). */
export function setFile(name) {
  currentFile = name;
}

function normalize(options, fn) {
  return typeof options === 'function' ? [{}, options] : [options ?? {}, fn];
}

export function describe(name, options, fn) {
  [options, fn] = normalize(options, fn);
  const suite = { type: 'suite', name, options, children: [] };
  current.children.push(suite);
  const parent = current;
  current = suite;
  try {
    const r = fn?.();
    if (r && typeof r.then === 'function') throw new Error(`describe("${name}"): async describe bodies are not supported`);
  } finally {
    current = parent;
  }
}

export function test(name, options, fn) {
  [options, fn] = normalize(options, fn);
  current.children.push({ type: 'test', name, options, fn, file: currentFile });
}

export const it = test;
export const suite = describe;

function withTimeout(promise, ms, name) {
  if (!Number.isFinite(ms)) return promise;
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`test timed out after ${ms} ms: ${name}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Runs every registered test in order. `log` gets one line at a time. Returns the counts (node:test's
 * meaning: a test marked todo counts as todo, pass or fail) and the failures.
 */
export async function run({ log = (line) => console.log(line), defaultTimeout = 60_000, exclude = new Set(), machine = false, retryIf = () => false } = {}) {
  // retryIf(error): a test that failed with such an error (a known infrastructure flake) runs once more; it is logged.
  // machine: also print "##BEGIN <json name>" before and "##RESULT <json>" after each test, for a parent process
  // that reruns the rest after a crash (test/runtimes/deno.mjs); excluded tests are neither run nor counted.
  // records: one { file, group, name, status } per test (group: the top-level describe), for test/runtimes/results.mjs.
  const records = [];
  let running = null;
  let group = '';
  const record = (name, status) => {
    records.push({ file: running.file, group, name, status });
    if (machine) log(`##RESULT ${JSON.stringify({ name, status })}`);
  };
  const counts = { tests: 0, passed: 0, failed: 0, skipped: 0, todo: 0 };
  const failures = [];
  const todos = [];
  const started = Date.now();
  async function visit(node, path) {
    for (const child of node.children) {
      const full = [...path, child.name].join(' > ');
      if (child.type === 'suite') {
        await visit(child, [...path, child.name]);
        continue;
      }
      if (exclude.has(full)) continue;
      running = child;
      group = path[0] ?? child.name;
      counts.tests++;
      const n = counts.tests;
      const { skip, todo, timeout } = child.options;
      if (skip) {
        counts.skipped++;
        log(`ok ${n} - ${full} # SKIP ${skip === true ? '' : skip}`);
        record(full, 'skip');
        continue;
      }
      if (machine) log(`##BEGIN ${JSON.stringify(full)}`);
      const state = { todo: todo || undefined, skip: undefined };
      const t = {
        name: child.name,
        fullName: full,
        todo(message) { state.todo = message ?? true; },
        skip(message) { state.skip = message ?? true; },
        diagnostic(message) { log(`# ${message}`); },
      };
      let error = null;
      const t0 = Date.now();
      for (let attempt = 0; attempt < 2; attempt++) {
        error = null;
        try {
          await withTimeout(Promise.resolve().then(() => child.fn?.(t)), timeout ?? defaultTimeout, full);
        } catch (e) {
          error = e;
        }
        if (!error || attempt > 0 || !retryIf(error)) break;
        log(`# retrying ${full} once after: ${String(error?.message ?? error).split('\n')[0]}`);
        state.todo = todo || undefined;
      }
      const ms = Date.now() - t0;
      if (state.skip) {
        counts.skipped++;
        log(`ok ${n} - ${full} # SKIP ${state.skip === true ? '' : state.skip}`);
        record(full, 'skip');
      } else if (state.todo) {
        counts.todo++;
        const why = state.todo === true ? '' : state.todo;
        todos.push({ name: full, why, failed: !!error });
        log(`${error ? 'not ok' : 'ok'} ${n} - ${full} # TODO ${why}`);
        record(full, 'todo');
      } else if (error) {
        counts.failed++;
        const message = String(error?.stack ?? error);
        failures.push({ name: full, message });
        log(`not ok ${n} - ${full} (${ms} ms)`);
        for (const line of message.split('\n').slice(0, 25)) log(`#   ${line}`);
        record(full, 'fail');
      } else {
        counts.passed++;
        log(`ok ${n} - ${full} (${ms} ms)`);
        record(full, 'pass');
      }
    }
  }
  await visit(root, []);
  return { ...counts, failures, todos, records, ms: Date.now() - started };
}

/** The closing line CI reads: "<label>: N passed, N failed, N skipped" (todo = expected deviations, after it). */
export function summaryLine(label, r) {
  return `${label}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;
}
