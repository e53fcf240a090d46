#!/usr/bin/env node
// `npm run codegen`: regenerates src/backends/wgpu-native/ffi/generated/ from the pinned headers.
// `--check`: exits 1 (and names the files) when the committed output differs from a fresh run.
import { emitOpcodesTs, emitOpcodesH } from "./opcodes.mjs";
import { readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseHeaders, parseIdl } from "./parse-headers.mjs";
import { emitEnums, emitMaps, emitFlags, emitTypes, emitFunctions, emitVersion } from "./emit.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const headerDir = process.env.WGPU_HEADERS_DIR ?? join(root, "vendor", "wgpu-native");
const outDir = join(root, "src", "backends", "wgpu-native", "ffi", "generated");

export function generate() {
  const read = (f) => {
    const p = join(headerDir, f);
    if (!existsSync(p)) throw new Error(`${p} missing: run \`npm run setup\` (fetches the pinned headers)`);
    return readFileSync(p, "utf8");
  };
  const desc = parseHeaders([["webgpu.h", read("webgpu.h")], ["wgpu.h", read("wgpu.h")]]);
  const idl = parseIdl(read("webgpu.idl"));
  return {
    "enums.ts": emitEnums(desc),
    "maps.ts": emitMaps(desc, idl),
    "types.ts": emitTypes(desc),
    "functions.ts": emitFunctions(desc),
    "version.ts": emitVersion(),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = generate();
  const check = process.argv.includes("--check");
  const stale = [];
  // The flag namespaces are portable WebGPU constants, so they live beside the portable API.
  const flagsPath = join(root, "src", "generated", "flags.ts");
  const flagsText = emitFlags(parseHeaders([["webgpu.h", readFileSync(join(headerDir, "webgpu.h"), "utf8")]]));
  mkdirSync(dirname(flagsPath), { recursive: true });
  if (!existsSync(flagsPath) || readFileSync(flagsPath, "utf8") !== flagsText) { if (check) stale.push("src/generated/flags.ts"); else { writeFileSync(flagsPath, flagsText); console.log("wrote src/generated/flags.ts"); } }
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const p = join(outDir, name);
    const old = existsSync(p) ? readFileSync(p, "utf8") : null;
    if (old === text) continue;
    if (check) stale.push(name); else { writeFileSync(p, text); console.log(`wrote ${name}`); }
  }
  // The stream opcodes, one table for the TS recorder and the C replayer.
  for (const [rel, text] of [["src/backends/wgpu-native/encoding/opcodes.ts", emitOpcodesTs()], ["native/replay-ops.h", emitOpcodesH()]]) {
    const p = join(root, rel);
    if (existsSync(p) && readFileSync(p, "utf8") === text) continue;
    if (check) stale.push(rel); else { writeFileSync(p, text); console.log(`wrote ${rel}`); }
  }
  if (check && stale.length) { console.error(`generated files are stale: ${stale.join(", ")} (run npm run codegen)`); process.exit(1); }
}
