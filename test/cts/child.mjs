// One CTS spec file (or any query inside one) in its own process, driven by run.mjs through the CTS's own test
// tree API (not its cmdline.js, which insists on cwd = the CTS root and prints text). It reports to file
// descriptor 3, one JSON line per event, with synchronous writes: when the process aborts (a Rust panic in
// wgpu-native) or hangs, every line written so far has reached the parent, which knows the case in flight and
// starts a new child that resumes after it.
//   node child.mjs <build dir> <backend> <query> <first case index> <file of case names not to run, or "">
//   (the omit file: [{ pattern, note }], expectation patterns of cases not to run)
// Events: {ev:"list", cases:[names]} {ev:"start", i} {ev:"end", i, status, ms, log} {ev:"omit", i, note} {ev:"done"}
import { readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BACKENDS } from './backends.mjs';
import { globToRegExp } from './expectations.mjs';

const [buildDir, backendName, query, firstArg, omitFile] = process.argv.slice(2);
const first = Number(firstArg);
const omit = (omitFile ? JSON.parse(readFileSync(omitFile, 'utf8')) : []).map((o) => ({ ...o, re: globToRegExp(o.pattern) }));
const send = (o) => writeSync(3, JSON.stringify(o) + '\n');
const cts = createRequire(join(buildDir, 'package.json'));
const load = (m) => cts(join(buildDir, m));

// Keep a log short enough for one JSON line per case: the first messages, each cut to a few lines.
const MAX_LOG_CHARS = 4000;
function summarizeLogs(logs, prettyPrintLog) {
  if (!logs?.length) return undefined;
  let text = '';
  for (const l of logs) {
    if (text.length > MAX_LOG_CHARS) break;
    text += prettyPrintLog(l).split('\n').slice(0, 12).join('\n') + '\n';
  }
  return text.slice(0, MAX_LOG_CHARS);
}

const gpu = await BACKENDS[backendName].setup();
const { setGPUProvider } = load('common/util/navigator_gpu.js');
const { setBaseResourcePath } = load('common/framework/resources.js');
const { dataCache } = load('common/framework/data_cache.js');
const { DefaultTestFileLoader } = load('common/internal/file_loader.js');
const { Logger } = load('common/internal/logging/logger.js');
const { prettyPrintLog } = load('common/internal/logging/log_message.js');
const { parseQuery } = load('common/internal/query/parseQuery.js');

setGPUProvider(() => gpu);
setBaseResourcePath(join(buildDir, 'resources'));
// Precomputed case data (resources/cache/) may be absent: the tests that need it then compute or skip it.
dataCache.setStore({ load: async (path) => new Uint8Array(readFileSync(join(buildDir, 'resources/cache', path))) });

const loader = new DefaultTestFileLoader();
const cases = [];
try {
  for await (const c of await loader.loadCases(parseQuery(query))) cases.push(c);
} catch (e) {
  // A spec file may hold no tests yet (a placeholder upstream): a whole-file query then lists nothing.
  if (!(query.endsWith(':*') && /does not match any cases/.test(e?.message))) throw e;
}
send({ ev: 'list', cases: cases.map((c) => c.query.toString()) });
if (first < 0) process.exit(0); // --list

const log = new Logger();
for (let i = first; i < cases.length; i++) {
  const name = cases[i].query.toString();
  const omitted = omit.find((o) => o.re.test(name));
  if (omitted) {
    send({ ev: 'omit', i, note: omitted.note });
    continue;
  }
  send({ ev: 'start', i });
  const [rec, res] = log.record(name);
  const t0 = performance.now();
  await cases[i].run(rec, []);
  send({ ev: 'end', i, status: res.status, ms: Math.round(performance.now() - t0), log: summarizeLogs(res.logs, prettyPrintLog) });
}
send({ ev: 'done' });
// Devices and adapters may keep native handles alive; the file is finished, so leave now.
process.exit(0);
