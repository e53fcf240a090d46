// The conformance test files, in a stable order (shared by the browser and Deno runners).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const conformanceDir = fileURLToPath(new URL('../conformance/', import.meta.url));
export const suiteFiles = readdirSync(conformanceDir).filter((f) => f.endsWith('.test.mjs')).sort();
