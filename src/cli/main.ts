#!/usr/bin/env node
// The `wgpu-ts` command line: `npx wgpu-ts <command>`.
//   info [--json]         the diagnostics report: backend, library, adapters with features and limits
//   run <file> [args...]  runs a script with the WebGPU globals installed (browser-style code runs as is)
// Further commands (trace, replay) come from plugin modules that export registerCommands(program, context).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Command, Option } from "commander";
import { getReport, formatReport, packageVersion } from "../utils/report.js";
import { createProgress, isInteractive } from "./progress.js";
import { pluginModules, type CliContext, type RegisterCommands } from "./plugin.js";

const logLevels = ["off", "error", "warn", "info", "debug", "trace"];

/** Builds the program with its built-in commands and every plugin module that is present. */
export async function buildProgram(): Promise<Command> {
  const program = new Command();
  program
    .name("wgpu-ts")
    .description("WebGPU for Node.js: diagnostics and tools of wgpu-ts")
    .version(packageVersion(), "-V, --version", "print the wgpu-ts version")
    .addOption(new Option("--backend <name>", "backend to use (sets WGPU_TS_BACKEND)").env("WGPU_TS_BACKEND"))
    .addOption(new Option("--log-level <level>", "wgpu-native log level (sets WGPU_LOG_LEVEL)").choices(logLevels))
    .enablePositionalOptions()
    .showHelpAfterError("(add --help for usage)")
    .hook("preAction", (cmd) => {
      // Environment first: backend modules read these when they load, which happens in the actions.
      const opts = cmd.opts();
      if (opts.backend) process.env.WGPU_TS_BACKEND = opts.backend;
      if (opts.logLevel) process.env.WGPU_LOG_LEVEL = opts.logLevel;
    });

  program
    .command("info")
    .description("print the diagnostics report: system, versions, backend, adapters with features and limits, object counts")
    .option("--json", "print the report as JSON (for machines)")
    .option("--no-adapters", "skip requesting adapters")
    .action(async (opts: { json?: boolean; adapters: boolean }) => {
      const progress = createProgress({ label: "gathering report..." });
      progress.update(0);
      const report = await getReport({ adapters: opts.adapters });
      progress.done();
      process.stdout.write(opts.json ? JSON.stringify(report, null, 2) + "\n" : formatReport(report) + "\n");
      if (opts.adapters && report.adapters.length === 0) process.exitCode = 1;
    });

  program
    .command("run")
    .description("run a JavaScript file with navigator.gpu, the GPU* globals, OffscreenCanvas and requestAnimationFrame installed, as in a browser")
    .argument("<file>", "the script (ES module or CommonJS)")
    .argument("[args...]", "arguments the script sees in process.argv")
    .passThroughOptions()
    .action(async function (this: Command, file: string, args: string[]) {
      const path = resolve(file);
      if (!existsSync(path)) this.error(`error: ${file}: no such file`, { exitCode: 2 });
      const { installGlobals, activeBackend, selectBackend } = await import("../index.js");
      // Pick the backend now, so installGlobals() also installs its interface classes (GPUBuffer, ...).
      // If none is available, the script's own requestAdapter() call reports why.
      if (!activeBackend()) {
        try {
          const { resolveAutoBackend } = await import("../backends/auto.js");
          selectBackend(await resolveAutoBackend());
        } catch { /* reported by the first GPU call */ }
      }
      installGlobals();
      process.argv = [process.argv[0]!, path, ...args];
      await import(pathToFileURL(path).href);
    });

  const context: CliContext = {
    progress: (options) => createProgress(options),
    get interactive() { return isInteractive(); },
  };
  for (const rel of pluginModules) {
    const url = new URL(rel, import.meta.url);
    if (!existsSync(fileURLToPath(url))) continue;
    try {
      const mod = await import(url.href) as { registerCommands?: RegisterCommands };
      await mod.registerCommands?.(program, context);
    } catch (e) {
      process.stderr.write(`wgpu-ts: commands from ${rel} are unavailable: ${(e as Error)?.message ?? e}\n`);
    }
  }
  return program;
}

/** Runs the command line with `argv` (node, script, ...arguments). */
export async function main(argv: string[] = process.argv): Promise<void> {
  const program = await buildProgram();
  await program.parseAsync(argv);
}

// Run when executed (also through the npm bin symlink), not when imported.
const invoked = process.argv[1] ? resolve(process.argv[1]) : "";
const self = fileURLToPath(import.meta.url);
let isMain = invoked === self;
if (!isMain && invoked) {
  try {
    const { realpathSync } = await import("node:fs");
    isMain = realpathSync(invoked) === realpathSync(self);
  } catch { /* not us */ }
}
if (isMain) {
  main().catch((e: unknown) => {
    process.stderr.write(`wgpu-ts: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
