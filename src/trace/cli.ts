// `wgpu-ts trace <dir>` and `wgpu-ts replay <dir> [--check]`, registered into the CLI (src/cli/).
import type { Command } from "commander";
import type { CliContext } from "../cli/plugin.js";
import { loadTrace, TraceFormatError } from "./format.js";
import { formatSummary, summarize } from "./summary.js";

function fail(cmd: Command, e: unknown): never {
  const msg = e instanceof TraceFormatError ? `error: ${e.message}` : `error: ${(e as Error)?.message ?? e}`;
  cmd.error(msg, { exitCode: e instanceof TraceFormatError ? 2 : 1 });
}

export function registerCommands(program: Command, context?: CliContext): void {
  program
    .command("record")
    .description("run a script on the wgpu-native backend with its first device traced into <dir> (WebGPU globals installed)")
    .argument("<dir>", "the trace directory (created if missing)")
    .argument("<file>", "the script")
    .argument("[args...]", "arguments the script sees in process.argv")
    .passThroughOptions()
    .action(async function (this: Command, dir: string, file: string, args: string[]) {
      const { existsSync } = await import("node:fs");
      const { resolve } = await import("node:path");
      const { pathToFileURL } = await import("node:url");
      const path = resolve(file);
      if (!existsSync(path)) this.error(`error: ${file}: no such file`, { exitCode: 2 });
      const { installGlobals, selectBackend } = await import("../index.js");
      const native = await import("../backends/wgpu-native/index.js");
      const { hooks } = await import("./hooks.js");
      selectBackend(native.gpu as never);
      installGlobals();
      const traceDir = resolve(dir);
      let traced = false;
      hooks.requestDevice = (adapter, descriptor, plain) => {
        if (traced) {
          process.stderr.write("wgpu-ts record: only the first device is traced\n");
          return plain(descriptor);
        }
        traced = true;
        return native.requestDeviceTracing(adapter, traceDir, descriptor ?? {});
      };
      process.argv = [process.argv[0]!, path, ...args];
      await import(pathToFileURL(path).href);
    });

  program
    .command("trace")
    .description("summarize a trace written by requestDeviceTracing / traceDevice: calls, objects, errors, bytes")
    .argument("<dir>", "the trace directory")
    .option("--json", "print the summary as JSON")
    .action(function (this: Command, dir: string, opts: { json?: boolean }) {
      let text: string;
      try {
        const s = summarize(loadTrace(dir));
        text = opts.json ? JSON.stringify(s, null, 2) : formatSummary(s);
      } catch (e) { fail(this, e); }
      process.stdout.write(text + "\n");
    });

  program
    .command("replay")
    .description("re-execute a trace on this machine's backend and adapter (--backend picks the backend)")
    .argument("<dir>", "the trace directory")
    .option("--check", "compare every readback (and promise outcome, and error count) with the trace; exit 1 on a difference")
    .option("--adapter <name>", "use the first adapter whose name contains this text (wgpu-native: WGPU_ADAPTER_NAME)")
    .option("--json", "print the result as JSON")
    .action(async function (this: Command, dir: string, opts: { check?: boolean; adapter?: string; json?: boolean }) {
      if (opts.adapter) process.env.WGPU_ADAPTER_NAME = opts.adapter;
      let trace;
      try { trace = loadTrace(dir); } catch (e) { fail(this, e); }
      const { replayTrace } = await import("./replay.js");
      const progress = context?.progress({ label: "replaying", total: trace.records.length });
      let result;
      try {
        result = await replayTrace(trace, {
          check: opts.check,
          onProgress: progress ? (done) => progress.update(done) : undefined,
          progressEvery: 200,
        });
      } catch (e) { progress?.done(); fail(this, e); }
      progress?.done();
      if (opts.json) {
        process.stdout.write(JSON.stringify(result, null, 2) + "\n");
      } else {
        const lines = [
          `replayed ${result.calls} calls of ${dir} on "${result.adapter}"`,
          `  uploads ${result.uploadBytes} bytes, readbacks ${result.readbacks} (${result.readbackBytes} bytes)` +
            (opts.check ? `, ${result.readbacksChecked} checked` : "") +
            (result.readbacksSkipped ? `, ${result.readbacksSkipped} not compared (timestamp query results)` : ""),
          `  uncaptured errors: ${result.errors.replay} (trace: ${result.errors.trace})`,
        ];
        for (const note of result.notes) lines.push(`  note: ${note}`);
        if (opts.check) {
          if (result.mismatches.length === 0) lines.push("check: every readback matches the trace");
          else {
            lines.push(`check: ${result.mismatches.length} difference(s):`);
            for (const m of result.mismatches.slice(0, 20)) lines.push(`  ${m.record ? `record ${m.record}: ` : ""}${m.what}`);
          }
        }
        process.stdout.write(lines.join("\n") + "\n");
      }
      if (opts.check && result.mismatches.length) process.exitCode = 1;
    });
}
