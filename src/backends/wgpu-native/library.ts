// Finds and loads libwgpu_native, binds the generated functions and checks the library version
// against the one the bindings were generated for (extension sTypes are renumbered between versions).
import koffi from "koffi";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bindFunctions, type NativeFunctions } from "./ffi/generated/functions.js";
import { PINNED_NATIVE_VERSION } from "./ffi/generated/version.js";

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, "..", "..", "..");
const libFile = process.platform === "win32" ? "wgpu_native.dll" : process.platform === "darwin" ? "libwgpu_native.dylib" : "libwgpu_native.so";
const releaseFile = libFile.replace("wgpu_native", "wgpu_native-release");

export interface LoadedLibrary {
  path: string;
  version: string;
  fn: NativeFunctions;
}

function candidates(): string[] {
  const list: string[] = [];
  const env = process.env.WGPU_LIB_PATH;
  if (env) list.push(env);
  list.push(join(packageRoot, "vendor", "wgpu-native", releaseFile));
  for (const dir of (process.env.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean)) list.push(join(dir, libFile));
  list.push(join("/usr/local/lib", libFile), join("/usr/lib", libFile));
  return list;
}

export class LibraryNotFoundError extends Error {
  override name = "LibraryNotFoundError";
}

export function decodeVersion(v: number): string {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff].join(".");
}

let loaded: LoadedLibrary | undefined;

export function loadLibrary(): LoadedLibrary {
  if (loaded) return loaded;
  const tried = candidates();
  const env = process.env.WGPU_LIB_PATH;
  if (env && !existsSync(env)) {
    throw new LibraryNotFoundError(`WGPU_LIB_PATH=${env} does not exist. Point it at a libwgpu_native shared library, or unset it to use the one \`npm run setup\` fetches.`);
  }
  const path = tried.find((p) => existsSync(p));
  if (!path) {
    throw new LibraryNotFoundError(
      `wgpu-native library not found. Looked in:\n${tried.map((p) => "  - " + p).join("\n")}\n` +
        `Fix: run \`npm run setup\` in ${packageRoot} (downloads the pinned wgpu ${PINNED_NATIVE_VERSION} build from PyPI), ` +
        `or set WGPU_LIB_PATH to a libwgpu_native ${PINNED_NATIVE_VERSION} shared library.`,
    );
  }
  const lib = koffi.load(path);
  const fn = bindFunctions(lib);
  const version = decodeVersion(fn.wgpuGetVersion());
  if (version !== PINNED_NATIVE_VERSION && process.env.WGPU_TS_ALLOW_VERSION_MISMATCH !== "1") {
    throw new Error(
      `${path} is wgpu-native ${version}, but wgpu-ts's bindings were generated for ${PINNED_NATIVE_VERSION}; ` +
        `extension struct ids differ between versions, so this combination would corrupt memory. ` +
        `Use the pinned library (\`npm run setup\`) or regenerate the bindings for ${version} (\`npm run codegen\`).`,
    );
  }
  loaded = { path, version, fn };
  return loaded;
}
