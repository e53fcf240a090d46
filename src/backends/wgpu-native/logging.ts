// wgpu-native's log output (Rust `log` records from wgpu-core, wgpu-hal, naga) routed to a JS logger.
// The native callback is installed once per process; the level and the JS logger can change at any time.
// The level comes from WGPU_LOG_LEVEL (applied when the backend module is imported) or setLogLevel().
import koffi from "koffi";
import { loadLibrary } from "./library.js";
import { fromStringView } from "./ffi/strings.js";
import { WGPULogLevel } from "./ffi/generated/enums.js";

/** Levels from quietest to most verbose; "off" disables the native logger. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug" | "trace";
/** Receives each record at or above the current level. Must not throw (errors are re-thrown asynchronously). */
export type Logger = (level: Exclude<LogLevel, "off">, message: string) => void;

const levels: readonly LogLevel[] = ["off", "error", "warn", "info", "debug", "trace"];
const toC: Record<LogLevel, number> = {
  off: WGPULogLevel.Off, error: WGPULogLevel.Error, warn: WGPULogLevel.Warn,
  info: WGPULogLevel.Info, debug: WGPULogLevel.Debug, trace: WGPULogLevel.Trace,
};
const fromC = new Map<number, Exclude<LogLevel, "off">>(
  Object.entries(toC).filter(([k]) => k !== "off").map(([k, v]) => [v, k as Exclude<LogLevel, "off">]),
);

/** The default logger: one line per record on stderr (never stdout, which belongs to the program), prefixed with the source and level. */
export const consoleLogger: Logger = (level, message) => {
  const line = `[wgpu-native ${level.toUpperCase()}] ${message}`;
  if (level === "error") console.error(line);
  else console.warn(line);
};

let logger: Logger = consoleLogger;
let current: LogLevel = "off";
let callback: unknown;

/** Parses a level name (case-insensitive); throws a TypeError listing the valid names. */
export function parseLogLevel(value: string): LogLevel {
  const v = value.trim().toLowerCase() as LogLevel;
  if (!levels.includes(v)) throw new TypeError(`unknown wgpu-native log level ${JSON.stringify(value)}: expected one of ${levels.join(", ")}`);
  return v;
}

function install(): void {
  if (callback) return;
  const fn = loadLibrary().fn;
  callback = koffi.register((level: number, message: unknown) => {
    try {
      logger(fromC.get(level) ?? "trace", fromStringView(message as { data: unknown; length: unknown }));
    } catch (e) {
      // An exception must never unwind into native code.
      queueMicrotask(() => { throw e; });
    }
  }, koffi.pointer(koffi.type("WGPULogCallback")));
  fn.wgpuSetLogCallback(callback, 0);
}

/** Sets the level of wgpu-native's logger ("off" silences it). Loads the library if needed. */
export function setLogLevel(level: LogLevel): void {
  const parsed = parseLogLevel(String(level));
  if (parsed !== "off") install();
  if (callback) loadLibrary().fn.wgpuSetLogLevel(toC[parsed]);
  current = parsed;
}

/** The current level. */
export function getLogLevel(): LogLevel {
  return current;
}

/** Routes records to `fn` instead of the console (`null` restores the default console logger). */
export function setLogger(fn: Logger | null): void {
  if (fn !== null && typeof fn !== "function") throw new TypeError("setLogger: expected a function or null");
  logger = fn ?? consoleLogger;
}

/** Applies WGPU_LOG_LEVEL if it is set; a bad value or a missing library is reported, never thrown. */
export function applyLogLevelFromEnv(): void {
  const value = process.env.WGPU_LOG_LEVEL;
  if (!value) return;
  try {
    setLogLevel(parseLogLevel(value));
  } catch (e) {
    if (e instanceof TypeError) console.warn(`wgpu-ts: WGPU_LOG_LEVEL ignored: ${e.message}`);
    // A missing library is reported with its full explanation by the first GPU call.
  }
}
