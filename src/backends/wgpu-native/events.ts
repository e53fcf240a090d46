// Async completion. wgpu-native reports futures through callbacks that fire only while we call
// wgpuInstanceProcessEvents / wgpuDevicePoll (wgpuInstanceWaitAny panics), so polling runs on
// demand: from the first pending operation until the last one settles. With nothing pending no
// timer exists, the event loop is free to exit and the idle CPU cost is zero.

export class Poller {
  private inflight = 0;
  private scheduled = false;
  private rounds = 0;
  private readonly devices = new Map<bigint, number>();

  constructor(private readonly pollOnce: (devices: Iterable<bigint>) => void) {}

  /** Marks one operation pending (on `device`, when it needs that device polled). */
  begin(device?: bigint): void {
    this.inflight++;
    if (device !== undefined) this.devices.set(device, (this.devices.get(device) ?? 0) + 1);
    this.schedule();
  }

  end(device?: bigint): void {
    this.inflight--;
    if (device !== undefined) {
      const n = (this.devices.get(device) ?? 1) - 1;
      if (n <= 0) this.devices.delete(device); else this.devices.set(device, n);
    }
  }

  get pending(): number { return this.inflight; }

  /**
   * Polls once right away, after a request was issued: work that is already complete (mapping an
   * idle buffer, a submit the GPU has finished) settles without waiting for the event loop.
   */
  kick(): void {
    if (this.inflight > 0) this.pollOnce(this.devices.keys());
  }

  private readonly run = (): void => {
    this.scheduled = false;
    this.pollOnce(this.devices.keys());
    if (this.inflight > 0) { this.rounds++; this.schedule(); } else this.rounds = 0;
  };

  private schedule(): void {
    if (this.scheduled || this.inflight === 0) return;
    this.scheduled = true;
    // Short waits (map of an idle buffer, a small submit) finish within a few turns of the loop;
    // long GPU work backs off to timers so a waiting script does not spin a core.
    if (this.rounds < 64) setImmediate(this.run);
    else setTimeout(this.run, this.rounds < 2000 ? 1 : 4);
  }
}
