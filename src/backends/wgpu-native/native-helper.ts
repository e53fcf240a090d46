// The optional Node-API helper (native/addon.c + native/replay.c): zero-copy mapped ranges, pass replay in C and
// blocking waits on a worker thread. Prebuilt in the platform package where it could be built (linux-x64), built by
// scripts/build-native.mjs in a clone (native/build/). Without it wgpu-ts works the same, with copied mapped ranges
// and pass replay through koffi: slower, so helperStatus says why it is missing (libraryInfo(), `wgpu-ts info`).
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { findPlatformPackage, ownVersion, packageRoot, platformId } from "./platform-package.js";

export interface NativeHelper {
  view(address: bigint, length: number): ArrayBuffer;
  detach(buffer: ArrayBuffer): void;
  initReplay(libraryPath: string): void;
  waitIdle(device: bigint): Promise<void>;
  replayRender(encoder: bigint, isPass: boolean, words: Uint32Array, length: number, handles: BigUint64Array, handleCount: number): boolean;
  replayCompute(encoder: bigint, label: Uint8Array | null, words: Uint32Array, length: number, handles: BigUint64Array, handleCount: number): boolean;
  /** napi_adjust_external_memory; absent from helpers built before it (a platform package of an older build) */
  adjustExternalMemory?(bytes: number): number;
  /** The completion path (native/events.c): requests with C callbacks that only record their completion. */
  initEvents(libraryPath: string): void;
  mapAsync(buffer: bigint, mode: number, offset: number, size: number, token: number): void;
  onSubmittedWorkDone(queue: bigint, token: number): void;
  /** wgpuInstanceProcessEvents, then the completions recorded since the last call: [token, status, message | null, ...]. */
  processEvents(instance: bigint): Array<number | string | null> | null;
  /** wgpuDevicePoll(device, wait=false), then the completions, as processEvents. */
  pollDevice(device: bigint): Array<number | string | null> | null;
  /** The completions recorded since the last call, without polling. */
  takeCompletions(): Array<number | string | null> | null;
  /** Native ownership (native/lifetime.c): the type names own() takes, in kind order. */
  initLifetime(libraryPath: string): string[];
  own(wrapper: object, handle: bigint, kind: number): number;
  setBytes(record: number, bytes: number): void;
  releaseNow(record: number): void;
  /** Live counts, then bytes, per kind. */
  live(): Float64Array;
}

/** "active (<path>)" or "not available: <why>; <consequence>". */
export let helperStatus = "";
/** The helper's file, when it is active. */
export let helperPath: string | null = null;

const WITHOUT = "mapped ranges are copied and passes are replayed through koffi (slower; see the performance notes)";

function load(): NativeHelper | null {
  if (process.env.WGPU_TS_NO_NATIVE_HELPER === "1") {
    helperStatus = `not available: disabled by WGPU_TS_NO_NATIVE_HELPER=1; ${WITHOUT}`;
    return null;
  }
  const pkg = findPlatformPackage();
  // The helper replays the pass command stream of this very version (opcodes from codegen/opcodes.mjs): a
  // platform package of another version could misread it, so only an exact match is used.
  const version = ownVersion();
  const mismatch = pkg?.helper && pkg.version !== version ? `${pkg.name} is ${pkg.version}, not wgpu-ts's ${version} (install ${pkg.name}@${version})` : null;
  const places = [
    ...(pkg?.helper && !mismatch ? [pkg.helper] : []),
    join(packageRoot, "native", "build", "wgpu_ts_native.node"),
  ];
  const failures: string[] = mismatch ? [mismatch] : [];
  for (const file of places) {
    if (!existsSync(file)) continue;
    try {
      const helper = createRequire(import.meta.url)(file) as NativeHelper;
      helperStatus = `active (${file})`;
      helperPath = file;
      return helper;
    } catch (e) {
      failures.push(`${file}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  const why = mismatch && failures.length === 1 ? `the helper of ${mismatch}`
    : failures.length ? `failed to load ${failures.join("; ")}`
    : pkg ? `${pkg.name} has no prebuilt helper (one is built for linux-x64 only; a clone builds it with \`npm run setup\`)`
      : `not built for ${platformId} (a clone builds it with \`npm run setup\`, which needs a C compiler and Node's headers)`;
  helperStatus = `not available: ${why}; ${WITHOUT}`;
  return null;
}

export const helper = load();
