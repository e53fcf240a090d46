// The fuzzer in CI: a fixed seed set every run (crash-isolated child processes), and every recorded
// crash (test/fuzz/regressions/*.json) replayed as a regression test. The long run is
// `node test/fuzz/run.mjs --seeds 0..20000 --jobs 2` (README: Testing).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fuzz, runChild, parseOutput, crashSignature } from "./lib.mjs";
import { generate } from "./sequence.mjs";

// CI size: WGPU_TS_FUZZ_SEEDS=A..B overrides (e.g. for a longer local run through npm test).
const [FROM, TO] = (process.env.WGPU_TS_FUZZ_SEEDS ?? "0..1000").split("..").map(Number);

describe("fuzz", () => {
  test("generation is deterministic (same seed, same sequence)", () => {
    for (const seed of [0, 1, 12345, 2 ** 31]) assert.deepEqual(generate(seed), generate(seed));
    assert.notDeepEqual(generate(1), generate(2));
  });

  test(`seeds ${FROM}..${TO}: no crash, no hang, every failure a spec'd error, device usable afterwards`, { timeout: 600_000 }, async () => {
    const s = await fuzz({ from: FROM, to: TO, jobs: 2, batch: 50, minimizeCrashes: false });
    const problems = [
      ...s.crashes.map((c) => `seed ${c.seed} CRASHED: ${c.signature}${c.crashingOp ? ` at op ${c.crashingOp.index} ${c.crashingOp.name}` : ""}\n${c.stderr}`),
      ...s.hangs.map((h) => `seed ${h} HUNG`),
      ...s.teardownCrashes.map((t) => `teardown crash after seeds ${t.seeds[0]}..: ${t.signature}`),
      ...s.failures.map((f) => `seed ${f.seed}: ${f.failures.join("; ")}`),
    ];
    assert.deepEqual(problems, [], `reproduce with: node test/fuzz/run.mjs --seeds N..N+1\n${problems.join("\n")}`);
    assert.equal(s.sequences, TO - FROM);
    assert.ok(s.gpuErrors > 0 && s.exceptions > 0, "the sequences must reach both validation errors and exceptions");
  });
});

describe("fuzz regressions (each crash found, replayed in a child process)", () => {
  const dir = new URL("./regressions/", import.meta.url).pathname;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const rec = JSON.parse(readFileSync(join(dir, file), "utf8"));
    test(`${rec.name}: ${rec.native.split(" -> ")[0]}`, { timeout: 60_000 }, async () => {
      const r = await runChild(["--ops", join(dir, file), "--trace", "--messages"], { timeoutMs: 50_000 });
      const { results, done, lastOp } = parseOutput(r.stdout);
      assert.ok(done && r.code === 0 && r.signal === null,
        `the process died (${crashSignature(r)}) at ${lastOp ? `op ${lastOp.index} ${lastOp.name}` : "?"}\n${r.stderr.slice(-2000)}`);
      const res = results.get("ops");
      assert.deepEqual(res.failures, []);
      for (const want of rec.expect ?? []) {
        assert.ok(res.messages.some((m) => m.includes(want)), `expected an error naming "${want}", got:\n  ${res.messages.join("\n  ")}`);
      }
      if (rec.errors !== undefined) assert.equal(res.errors, rec.errors, `GPU errors: ${res.messages.join("; ")}`);
    });
  }
});
