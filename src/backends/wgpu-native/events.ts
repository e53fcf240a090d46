// Async completion. wgpu-native reports futures through callbacks that fire only while we call
// wgpuInstanceProcessEvents / wgpuDevicePoll (wgpuInstanceWaitAny panics), so polling runs on
// demand: from the first pending operation until the last one settles. With nothing pending no
// timer exists, the event loop is free to exit and the idle CPU cost is zero.

/** Blocks (off the main thread) until a device's queue is empty; from the native helper. */
export type DeviceWaiter = (device: bigint) => Promise<void>;

export class Poller {
  private inflight = 0;
  private scheduled = false;
  private waiting = false;
  private spinStart = 0;
  private readonly devices = new Map<bigint, number>();

  /** Pending operations that are not bound to a device (adapter and device requests). */
  private deviceless = 0;

  /**
   * `pollOnce(devices, deviceless, inTask)`: the devices with pending operations, whether others are pending too,
   * and whether this poll runs in a task of its own (not inside the call that issued a request, as kick() does).
   */
  constructor(private readonly pollOnce: (devices: Iterable<bigint>, deviceless: boolean, inTask: boolean) => void, private readonly waiter: DeviceWaiter | null = null) {}

  /** Marks one operation pending (on `device`, when it needs that device polled); the caller kick()s after issuing it. */
  begin(device?: bigint): void {
    this.inflight++;
    if (device !== undefined) this.devices.set(device, (this.devices.get(device) ?? 0) + 1);
    else this.deviceless++;
    // Every new request gets its own short spin window, whatever older requests are waiting for.
    this.spinStart = performance.now();
    // Nothing is scheduled yet: the caller issues the request and kick()s, which schedules a poll only if the
    // request is still pending then (an idle-buffer map completes in the kick and needs no poll task).
  }

  end(device?: bigint): void {
    if (--this.inflight === 0) this.spinStart = 0;
    if (device !== undefined) {
      const n = (this.devices.get(device) ?? 1) - 1;
      if (n <= 0) this.devices.delete(device); else this.devices.set(device, n);
    } else if (this.deviceless > 0) this.deviceless--;
  }

  get pending(): number { return this.inflight; }

  /**
   * Polls once right away, after a request was issued: work that is already complete (mapping an
   * idle buffer, a submit the GPU has finished) settles without waiting for the event loop.
   */
  kick(): void {
    if (this.inflight === 0) return;
    this.pollOnce(this.devices.keys(), this.deviceless > 0, false);
    this.schedule();
  }

  private readonly run = (): void => {
    this.scheduled = false;
    // Requests that completed meanwhile (during the kick of the request call) leave nothing to poll for.
    if (this.inflight === 0) return;
    this.pollOnce(this.devices.keys(), this.deviceless > 0, true);
    if (this.inflight > 0) this.schedule();
  };

  private schedule(): void {
    if (this.scheduled || this.inflight === 0) return;
    const waited = performance.now() - this.spinStart;
    // Short waits (a map of an idle buffer, a small submit) finish within a few turns of the loop.
    if (waited < 0.5) {
      this.scheduled = true;
      setImmediate(this.run);
      return;
    }
    // Longer GPU work: block in wgpuDevicePoll(wait=true) on a worker thread (no spinning core, no
    // timer granularity), then deliver the callbacks here. A wait that completed nothing (work that
    // is not queue work, e.g. on a lost device) falls back to timers, as does having no helper.
    const device = this.devices.keys().next().value;
    if (this.waiter && device !== undefined && !this.waiting && !this.idleWaitFutile) {
      this.waiting = true;
      const before = this.inflight;
      this.waiter(device).then(() => {
        this.waiting = false;
        this.pollOnce(this.devices.keys(), this.deviceless > 0, true);
        this.idleWaitFutile = this.inflight > 0 && this.inflight >= before;
        this.schedule();
      });
      return;
    }
    if (this.waiting) return;
    this.scheduled = true;
    this.idleWaitFutile = false;
    setTimeout(this.run, waited < 100 ? 1 : 4);
  }

  private idleWaitFutile = false;
}
