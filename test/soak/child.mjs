#!/usr/bin/env node
// Soak worker: node --expose-gc test/soak/child.mjs --cycles N [--types a,b] [--modes drop,destroy] [--rss-bound-mb M]
// Prints one "RESULT <json>" line per (type, mode) and "DONE".
import { newDevice, objectTypes, soakType, mb, KNOWN_LEAKS } from "./soak.mjs";

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const cycles = Number(opt("--cycles", "1000"));
const device = await newDevice();
device.addEventListener("uncapturederror", (e) => { console.log(`UNCAPTURED ${e.error.message.split("\n")[0]}`); process.exitCode = 1; });
const all = objectTypes(device);
const types = opt("--types") ? opt("--types").split(",") : Object.keys(all).filter((t) => !(args.includes("--skip-known-leaks") && t in KNOWN_LEAKS));
const modes = (opt("--modes", "drop,destroy")).split(",");
const rssBoundBytes = Number(opt("--rss-bound-mb", "64")) * 2 ** 20;
for (const type of types) {
  for (const mode of modes) {
    if (mode === "destroy" && !all[type].destroy) continue;
    const r = await soakType(device, type, mode, cycles, { rssBoundBytes });
    console.log(`RESULT ${JSON.stringify({ type, mode, cycles, ms: r.ms, rssBase: mb(r.baseRss), rssPeak: mb(r.peakRss), rssEnd: mb(r.after.rss), rssBound: mb(r.rssBound), tailGrowth: mb(r.tailGrowth),
      native: r.after.native[all[type].hub], nativeBefore: r.before.native[all[type].hub], problems: r.problems })}`);
  }
}
console.log("DONE");
