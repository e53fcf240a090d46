// The per-platform npm package that carries libwgpu_native (and, where it could be built, the Node-API helper):
// @wgpu-ts/native-<process.platform>-<process.arch>, an optionalDependency of the published wgpu-ts that npm installs
// only on its os/cpu (scripts/pack.mjs makes them, scripts/platforms.mjs lists them). Its package.json says which
// files it holds, in a "wgpu-ts" field. Found through Node's resolution from this module, so it works wherever npm
// (or Deno / Bun reading node_modules) put it, hoisted or nested.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const platformId = `${process.platform}-${process.arch}`;
export const platformPackageName = `@wgpu-ts/native-${platformId}`;

export interface PlatformPackage {
  name: string;
  version: string;
  dir: string;
  /** Absolute path of the library in the package. */
  library: string;
  /** Absolute path of the prebuilt helper, or null where the package has none (built only for linux-x64). */
  helper: string | null;
}

interface Manifest { name: string; version: string; "wgpu-ts"?: { library?: string; helper?: string | null } }

let cached: PlatformPackage | null | undefined;

/** This platform's package, or null when it is not installed (a clone, --omit=optional, or no package for it). */
export function findPlatformPackage(): PlatformPackage | null {
  if (cached !== undefined) return cached;
  cached = null;
  let manifestPath: string;
  try {
    manifestPath = createRequire(import.meta.url).resolve(`${platformPackageName}/package.json`);
  } catch {
    return cached;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  const files = manifest["wgpu-ts"];
  if (!files?.library) return cached;
  const dir = dirname(manifestPath);
  cached = { name: manifest.name, version: manifest.version, dir, library: join(dir, files.library), helper: files.helper ? join(dir, files.helper) : null };
  return cached;
}

function ownManifest(): { version?: string; optionalDependencies?: Record<string, string> } {
  try {
    return JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8"));
  } catch {
    return {};
  }
}

/** The platform packages wgpu-ts's own package.json lists (the published one does; a clone's lists none). */
export function listedPlatformPackages(): Record<string, string> {
  return Object.fromEntries(Object.entries(ownManifest().optionalDependencies ?? {}).filter(([name]) => name.startsWith("@wgpu-ts/native-")));
}

/** wgpu-ts's own version: a platform package's helper is only used at exactly this version. */
export function ownVersion(): string | undefined {
  return ownManifest().version;
}
