// The extension point of the `wgpu-ts` command line: other parts of wgpu-ts (e.g. src/trace/cli.ts for
// `trace` and `replay`) export `registerCommands(program, context)` and the CLI loads them if present.
import type { Command } from "commander";
import type { Progress, ProgressOptions } from "./progress.js";

export interface CliContext {
  /** A progress line for long operations: drawn on a TTY, silent when piped. */
  progress(options: ProgressOptions): Progress;
  /** Whether stderr is an interactive terminal (and CI is not set). */
  readonly interactive: boolean;
}

/** What a CLI plugin module exports. */
export type RegisterCommands = (program: Command, context: CliContext) => void | Promise<void>;

/** Plugin modules, relative to this file; a missing one is skipped. */
export const pluginModules: readonly string[] = ["../trace/cli.js"];
