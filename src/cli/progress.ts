// Progress for long CLI operations: a single redrawn status line on a terminal, nothing when the
// stream is piped or redirected (or under CI), so logs and machine-read output stay clean.

export interface Progress {
  /** Whether anything is drawn (the stream is a TTY). */
  readonly enabled: boolean;
  /** Sets the amount done (and optionally a short detail such as the current item). */
  update(done: number, detail?: string): void;
  /** Adds one to the amount done. */
  tick(detail?: string): void;
  /** Clears the line (and prints `message` on its own line, if given, on a TTY). */
  done(message?: string): void;
}

export interface ProgressOptions {
  /** Text before the counter, e.g. "replaying". */
  label: string;
  /** Total amount, if known (then a percentage and a bar are drawn). */
  total?: number;
  /** Where to draw (default: process.stderr, so stdout stays clean for piping). */
  stream?: NodeJS.WriteStream | NodeJS.WritableStream;
  /** Minimum milliseconds between redraws (default 100). */
  intervalMs?: number;
  /** Force drawing on or off (default: only when the stream is a TTY and CI is not set). */
  enabled?: boolean;
}

/** Whether progress should be drawn on `stream`. */
export function isInteractive(stream: NodeJS.WritableStream = process.stderr): boolean {
  return Boolean((stream as NodeJS.WriteStream).isTTY) && !process.env.CI;
}

/** Creates a progress line; a no-op object when not interactive. */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const enabled = options.enabled ?? isInteractive(stream);
  const interval = options.intervalMs ?? 100;
  let done = 0;
  let last = 0;
  let drawn = false;
  const draw = (detail?: string) => {
    const now = Date.now();
    if (now - last < interval && !(options.total !== undefined && done >= options.total)) return;
    last = now;
    const columns = (stream as NodeJS.WriteStream).columns ?? 80;
    let text = `${options.label} ${done}`;
    if (options.total !== undefined && options.total > 0) {
      const frac = Math.min(1, done / options.total);
      const width = 20;
      const filled = Math.round(frac * width);
      text = `${options.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${options.total} ${(frac * 100).toFixed(0)}%`;
    }
    if (detail) text += ` ${detail}`;
    stream.write(`\r${text.slice(0, columns - 1)}\x1b[K`);
    drawn = true;
  };
  if (!enabled) {
    return { enabled: false, update() {}, tick() {}, done() {} };
  }
  return {
    enabled: true,
    update(n, detail) { done = n; draw(detail); },
    tick(detail) { done++; draw(detail); },
    done(message) {
      if (drawn) stream.write("\r\x1b[K");
      if (message) stream.write(message + "\n");
      drawn = false;
    },
  };
}
