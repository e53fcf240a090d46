// A node:test reporter (npm test and npm run test:dawn add it beside the usual one): collects the result of each
// test of test/conformance/*.test.mjs as { file, group, name, status } and writes them as one JSON array to its
// destination; the runner then turns them into test/runtimes/results/<target>.json (results.mjs).
// group: the top-level describe block; name: the describe names and the test name joined with " > ".
// node:test gives the file of the call to test()/describe(), which for the suite is test/harness.mjs (its wrappers
// call node:test): file is null here (the browser and Deno runs know it). The path of a test comes from the
// test:start events, which node:test reports file after file (a file's events are never interleaved with another's).
import { basename, sep } from 'node:path';

const CONFORMANCE = `${sep}test${sep}conformance${sep}`;
const HARNESS = `${sep}test${sep}harness.mjs`;

export default async function* resultsReporter(source) {
  const records = [];
  const stack = []; // names of the tests/suites started, by nesting
  for await (const event of source) {
    const data = event.data ?? {};
    const file = data.file ?? '';
    if (!file.includes(CONFORMANCE) && !file.endsWith(HARNESS)) continue;
    if (event.type === 'test:start') {
      stack.length = data.nesting;
      stack.push(data.name);
    } else if (event.type === 'test:pass' || event.type === 'test:fail') {
      // A suite fails when one of its tests did (already recorded); it counts only if it failed by itself.
      if (data.details?.type === 'suite' && (event.type === 'test:pass' || data.details?.error?.failureType === 'subtestsFailed')) continue;
      const path = stack[data.nesting] === data.name ? stack.slice(0, data.nesting + 1) : [data.name];
      const marked = (v) => v !== undefined && v !== false;
      const status = marked(data.skip) ? 'skip' : marked(data.todo) ? 'todo' : event.type === 'test:fail' ? 'fail' : 'pass';
      records.push({ file: file.includes(CONFORMANCE) ? basename(file) : null, group: path[0], name: path.join(' > '), status });
    }
  }
  yield `${JSON.stringify(records)}\n`;
}
