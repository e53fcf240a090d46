// The optional Node-API helper (native/addon.c + native/replay.c), built by scripts/build-native.mjs.
// Without it wgpu-ts works the same, with copied mapped ranges and pass replay through koffi.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface NativeHelper {
  view(address: bigint, length: number): ArrayBuffer;
  detach(buffer: ArrayBuffer): void;
  initReplay(libraryPath: string): void;
  waitIdle(device: bigint): Promise<void>;
  replayRender(encoder: bigint, isPass: boolean, words: Uint32Array, length: number, handles: BigUint64Array, handleCount: number): boolean;
  replayCompute(encoder: bigint, label: Uint8Array | null, words: Uint32Array, length: number, handles: BigUint64Array, handleCount: number): boolean;
}

function load(): NativeHelper | null {
  if (process.env.WGPU_TS_NO_NATIVE_HELPER === "1") return null;
  try {
    const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
    return createRequire(import.meta.url)(join(root, "native", "build", "wgpu_ts_native.node")) as NativeHelper;
  } catch {
    return null;
  }
}

export const helper = load();
