// Finds and loads libwgpu_native, binds the generated functions and checks the library version
// against the one the bindings were generated for (extension sTypes are renumbered between versions).
import koffi from "koffi";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { bindFunctions, type NativeFunctions } from "./ffi/generated/functions.js";
import { PINNED_NATIVE_VERSION } from "./ffi/generated/version.js";
import { findPlatformPackage, listedPlatformPackages, packageRoot, platformId, platformPackageName } from "./platform-package.js";

const libFile = process.platform === "win32" ? "wgpu_native.dll" : process.platform === "darwin" ? "libwgpu_native.dylib" : "libwgpu_native.so";
const releaseFile = libFile.replace("wgpu_native", "wgpu_native-release");

export interface LoadedLibrary {
  path: string;
  version: string;
  /** Where it was found: "WGPU_LIB_PATH", "package @wgpu-ts/native-<platform> <version>", "checkout vendor/", "system". */
  source: string;
  fn: NativeFunctions;
}

interface Candidate { path: string; source: string }

// The search order. WGPU_LIB_PATH is an explicit choice and wins; then the platform package (what `npm install
// wgpu-ts` gives), then a clone's vendor/ (`npm run setup`), then the system's library directories.
function candidates(): Candidate[] {
  const list: Candidate[] = [];
  const env = process.env.WGPU_LIB_PATH;
  if (env) list.push({ path: env, source: "WGPU_LIB_PATH" });
  const pkg = findPlatformPackage();
  if (pkg) list.push({ path: pkg.library, source: `package ${pkg.name} ${pkg.version}` });
  list.push({ path: join(packageRoot, "vendor", "wgpu-native", releaseFile), source: "checkout vendor/" });
  for (const dir of (process.env.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean)) list.push({ path: join(dir, libFile), source: "system (LD_LIBRARY_PATH)" });
  list.push({ path: join("/usr/local/lib", libFile), source: "system" }, { path: join("/usr/lib", libFile), source: "system" });
  return list;
}

/** How to get the library here: depends on whether this is an npm install (platform packages listed) or a clone. */
function howToFix(): string {
  const listed = listedPlatformPackages();
  const names = Object.keys(listed);
  const alternative = `or set WGPU_LIB_PATH to a libwgpu_native ${PINNED_NATIVE_VERSION} shared library`;
  if (names.length === 0) {
    return `Fix: run \`npm run setup\` in ${packageRoot} (downloads the pinned wgpu ${PINNED_NATIVE_VERSION} build from PyPI), ${alternative}.`;
  }
  if (listed[platformPackageName]) {
    return `Fix: the optional dependency ${platformPackageName} is not installed (npm leaves optional dependencies out with ` +
      `--omit=optional / --no-optional, or when their download failed): \`npm install ${platformPackageName}@${listed[platformPackageName]}\`, ${alternative}.`;
  }
  return `No prebuilt wgpu-native for ${platformId} (packages exist for: ${names.map((n) => n.replace("@wgpu-ts/native-", "")).join(", ")}). ` +
    `Fix: build wgpu-native ${PINNED_NATIVE_VERSION} for this platform and set WGPU_LIB_PATH to it.`;
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
    throw new LibraryNotFoundError(`WGPU_LIB_PATH=${env} does not exist. Point it at a libwgpu_native shared library, or unset it to use the pinned one (${platformPackageName}, or \`npm run setup\` in a clone).`);
  }
  const found = tried.find((c) => existsSync(c.path));
  if (!found) {
    throw new LibraryNotFoundError(
      `wgpu-native library not found. Looked in:\n${tried.map((c) => `  - ${c.path} (${c.source})`).join("\n")}\n${howToFix()}`,
    );
  }
  const { path, source } = found;
  let lib: ReturnType<typeof koffi.load>;
  try {
    lib = koffi.load(path);
  } catch (e) {
    // E.g. a glibc older than the wheel's manylinux_2_28, or a library for another architecture.
    throw new LibraryNotFoundError(`${path} (${source}) could not be loaded: ${(e as Error).message}`);
  }
  const fn = bindFunctions(lib);
  const version = decodeVersion(fn.wgpuGetVersion());
  if (version !== PINNED_NATIVE_VERSION && process.env.WGPU_TS_ALLOW_VERSION_MISMATCH !== "1") {
    throw new Error(
      `${path} is wgpu-native ${version}, but wgpu-ts's bindings were generated for ${PINNED_NATIVE_VERSION}; ` +
        `extension struct ids differ between versions, so this combination would corrupt memory. ` +
        `Use the pinned library (from ${platformPackageName}, or \`npm run setup\` in a clone) or regenerate the bindings for ${version} (\`npm run codegen\`).`,
    );
  }
  loaded = { path, version, source, fn };
  return loaded;
}

/**
 * What to install when the library loaded but wgpu-native sees no adapter at all (a bare server or container):
 * wgpu-native needs a Vulkan, Metal, DX12 or GL driver, and without one every requestAdapter() answers null.
 */
export function noDriverHint(): string {
  const head = "wgpu-ts: wgpu-native found no GPU adapter: no usable Vulkan, Metal, DX12 or OpenGL driver is installed.";
  if (process.platform === "linux") {
    return `${head} On a machine without a GPU, install Mesa's software Vulkan driver (lavapipe) and the Vulkan loader: ` +
      "Debian/Ubuntu `apt-get install mesa-vulkan-drivers libvulkan1` (wgpu-native 29 needs Mesa >= 25: on Debian bookworm " +
      "`apt-get install -t bookworm-backports mesa-vulkan-drivers`), Fedora `dnf install mesa-vulkan-drivers vulkan-loader`, " +
      "Alpine `apk add mesa-vulkan-swrast vulkan-loader`; with a GPU, its vendor's Vulkan driver. `vulkaninfo --summary` " +
      "(package vulkan-tools) lists what the loader finds; WGPU_BACKEND_TYPE restricts wgpu-native to one API.";
  }
  if (process.platform === "darwin") return `${head} wgpu-native uses Metal: it needs macOS 10.13 or later on a Mac with a Metal GPU (not a VM without one).`;
  if (process.platform === "win32") {
    return `${head} wgpu-native uses DX12 (or Vulkan): install the GPU vendor's driver; on a server or VM without one, ` +
      "Windows' WARP (software DX12) comes with the Graphics Tools optional feature.";
  }
  return head;
}
