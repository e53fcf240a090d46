// Progress lines: drawn on a TTY, silent when piped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgress, isInteractive } from "../../dist/cli/progress.js";

function stream(isTTY) {
  const s = { isTTY, columns: 60, text: "", write(chunk) { s.text += chunk; return true; } };
  return s;
}

test("on a TTY: a redrawn line with a bar, cleared at the end", () => {
  const s = stream(true);
  const p = createProgress({ label: "replaying", total: 4, stream: s, intervalMs: 0, enabled: true });
  assert.equal(p.enabled, true);
  p.tick("a");
  p.update(4, "last");
  p.done("replayed 4 commands");
  assert.match(s.text, /\rreplaying \[#####-+\] 1\/4 25% a\x1b\[K/);
  assert.match(s.text, /\rreplaying \[#{20}\] 4\/4 100% last\x1b\[K/);
  assert.ok(s.text.endsWith("\r\x1b[Kreplayed 4 commands\n"));
});

test("without a total: a counter; lines are cut to the terminal width", () => {
  const s = stream(true);
  const p = createProgress({ label: "x".repeat(100), stream: s, intervalMs: 0, enabled: true });
  p.update(7);
  assert.ok(s.text.split("\x1b[K")[0].length <= 60);
});

test("piped (not a TTY) or under CI: nothing is written", () => {
  const s = stream(false);
  const p = createProgress({ label: "replaying", total: 10, stream: s });
  assert.equal(p.enabled, false);
  p.tick();
  p.done("done");
  assert.equal(s.text, "");
  assert.equal(isInteractive(stream(false)), false);
  const ci = process.env.CI;
  process.env.CI = "true";
  try {
    assert.equal(isInteractive(stream(true)), false);
  } finally {
    if (ci === undefined) delete process.env.CI; else process.env.CI = ci;
  }
});
