#!/usr/bin/env node
// Meta-test of the leak check: the same create-use-drop run, (none) as is, (js) with every buffer kept
// referenced from JS, (native) with an extra native reference added to every buffer (wgpuBufferAddRef)
// whose wrapper is then dropped. The check must pass the first and flag the other two.
import { newDevice, settle, snapshot, leakProblems, mb } from "./soak.mjs";

const device = await newDevice();
const fn = device._rt.fn;
const RSS_BOUND = 64 * 2 ** 20;
const data = new Uint8Array(1 << 16).fill(7);
const leak = [];

for (const kind of ["warmup", "none", "js", "native"]) {
  await settle(device);
  const before = snapshot();
  (() => {
    for (let i = 0; i < 2000; i++) {
      const b = device.createBuffer({ size: 1 << 16, usage: 0x8c });
      device.queue.writeBuffer(b, 0, data);
      if (kind === "js") leak.push(b);
      if (kind === "native") fn.wgpuBufferAddRef(b._handle);
    }
  })();
  await device.queue.onSubmittedWorkDone();
  await settle(device);
  await settle(device);
  const after = snapshot();
  const problems = leakProblems(before, after);
  const grew = after.rss - before.rss;
  if (kind !== "warmup") console.log(`RESULT ${JSON.stringify({ kind, problems, rssGrowth: mb(grew), rssProblem: grew > RSS_BOUND })}`);
}
console.log("DONE");
