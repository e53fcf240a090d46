// The native replayer (native/replay.c through the Node-API helper), initialised on first use.
// null: replay through koffi (encoding/replay.ts), which takes every record.
import { helper, type NativeHelper } from "../native-helper.js";
import { runtime } from "../runtime.js";

let ready: NativeHelper | null | undefined;

export function nativeReplayer(): NativeHelper | null {
  if (ready === undefined) {
    ready = null;
    if (helper && process.env.WGPU_TS_JS_REPLAY !== "1") {
      try {
        helper.initReplay(runtime().library.path);
        ready = helper;
      } catch { /* stays on the koffi path */ }
    }
  }
  return ready;
}
