// Soak and leak tests at CI size (the full 100,000-cycle run: `node test/soak/run.mjs`, README: Testing).
// Each part runs in its own child process (--expose-gc, a clean RSS baseline).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

const CYCLES = Number(process.env.WGPU_TS_SOAK_CYCLES ?? 2000);
const ROOT = new URL("../..", import.meta.url).pathname;

function child(script, args = [], timeout = 240_000) {
  const r = spawnSync(process.execPath, ["--expose-gc", new URL(script, import.meta.url).pathname, ...args], { cwd: ROOT, encoding: "utf8", timeout });
  return r;
}
function results(r) {
  assert.equal(r.signal, null, `the soak child died: ${r.signal}\n${r.stderr.slice(-3000)}`);
  assert.ok(r.stdout.includes("DONE"), `the soak child did not finish (exit ${r.status})\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-3000)}`);
  return r.stdout.split("\n").filter((l) => l.startsWith("RESULT ")).map((l) => JSON.parse(l.slice(7)));
}

describe("soak", () => {
  test(`every object type: ${CYCLES} create-use-drop cycles (GC) and create-destroy cycles; native and live counts back to baseline, RSS bounded`, { timeout: 300_000 }, () => {
    const r = child("./child.mjs", ["--cycles", String(CYCLES), "--skip-known-leaks"]);
    const rows = results(r);
    assert.ok(rows.length >= 18, `only ${rows.length} results`);
    const bad = rows.filter((x) => x.problems.length).map((x) => `${x.type}/${x.mode}: ${x.problems.join("; ")}`);
    assert.deepEqual(bad, [], bad.join("\n"));
    assert.equal(r.status, 0, r.stdout.split("\n").filter((l) => l.startsWith("UNCAPTURED")).slice(0, 5).join("\n"));
  });

  test("known upstream leaks are still present (see KNOWN_LEAKS in soak.mjs; remove an entry once the library fixes it)", { timeout: 120_000 }, () => {
    const rows = results(child("./child.mjs", ["--cycles", "300", "--types", "finishedUnsubmitted,renderBundle", "--modes", "drop"]));
    for (const row of rows) assert.ok(row.problems.some((p) => /native commandBuffers/.test(p)), `${row.type} no longer leaks: ${JSON.stringify(row)}`);
  });

  test("the leak check detects an intentional leak (JS references kept, native references added)", { timeout: 120_000 }, () => {
    const rows = results(child("./meta.mjs"));
    const js = rows.find((x) => x.kind === "js");
    const native = rows.find((x) => x.kind === "native");
    const none = rows.find((x) => x.kind === "none");
    assert.ok(js.problems.some((p) => /live GPUBuffer/.test(p)) && js.problems.some((p) => /native buffers/.test(p)), JSON.stringify(js));
    assert.ok(native.problems.some((p) => /native buffers: \d+ -> \d+/.test(p)), JSON.stringify(native));
    assert.ok(!native.problems.some((p) => /live GPUBuffer/.test(p)), "the wrappers themselves were collected");
    assert.ok(js.rssProblem && native.rssProblem, "the RSS bound must catch a leak of 64 KiB buffers");
    assert.deepEqual(none.problems, [], "the same run without the leak passes");
    assert.equal(none.rssProblem, false, `RSS without the leak: ${none.rssGrowth}`);
  });

  test("objects referenced only by in-flight GPU work are not freed early; destroyed buffers' memory is reclaimed", { timeout: 120_000 }, () => {
    const r = child("./inflight.mjs", ["--iterations", "300"]);
    const rows = results(r);
    for (const row of rows) assert.deepEqual(row.problems, [], `${row.kind}: ${row.problems.join("; ")}`);
  });
});
