// Turns the user's CTS queries into spec-file jobs: a query over many files (`webgpu:api,*`) becomes one query per
// spec file (`webgpu:api,operation,buffers,map:*`), so each file runs in its own child process; a query inside one
// file (`webgpu:api,operation,buffers,map:mapAsync,*`) stays as it is. Uses the CTS's own query parser and its
// Node listing (a crawl of the built spec files); no GPU is touched here.
import { createRequire } from 'node:module';
import { join } from 'node:path';

export async function specJobs(buildDir, queries) {
  const cts = createRequire(join(buildDir, 'package.json'));
  const { parseQuery } = cts(join(buildDir, 'common/internal/query/parseQuery.js'));
  const jobs = new Map();
  for (const q of queries) {
    const query = parseQuery(q);
    if (query.level >= 2) {
      // Inside one file already (level 2 = a file, 3 = tests, 4 = cases).
      const file = `${query.suite}:${query.filePathParts.join(',')}`;
      jobs.set(q, { file, query: q });
      continue;
    }
    const { listing } = cts(join(buildDir, query.suite, 'listing.js'));
    const prefix = query.filePathParts;
    const entries = (await listing).filter((e) => !e.readme && e.file.length > 0 &&
      prefix.every((p, i) => e.file[i] === p));
    if (!entries.length) throw new Error(`no spec file matches ${q}`);
    for (const e of entries) {
      const file = `${query.suite}:${e.file.join(',')}`;
      if (!jobs.has(`${file}:*`)) jobs.set(`${file}:*`, { file, query: `${file}:*` });
    }
  }
  return [...jobs.values()];
}
