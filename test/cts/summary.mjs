#!/usr/bin/env node
// Prints (and writes as summary.md) the per-spec-file summary of a results folder, e.g. of a run stopped early.
//   node test/cts/summary.mjs DIR
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFileResults, summaryTable } from './results.mjs';

const dir = process.argv[2];
if (!dir) { console.error('usage: node test/cts/summary.mjs DIR'); process.exit(2); }
const table = summaryTable(readFileResults(dir));
writeFileSync(join(dir, 'summary-files.md'), table + '\n');
console.log(table);
