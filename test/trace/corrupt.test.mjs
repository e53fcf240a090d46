// A damaged trace is rejected with a message that says where and why.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, truncateSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, wgpuTs, tmp, T } from './helpers.mjs';

let good;
function copy() {
  const d = tmp();
  cpSync(good, d, { recursive: true });
  return d;
}

describe('corrupted traces', () => {
  before(() => {
    good = tmp();
    const r = fixture('compute.mjs', good);
    assert.equal(r.status, 0, r.stderr);
  });

  for (const command of ['replay', 'trace']) {
    test(`${command}: a damaged record line`, T, () => {
      const d = copy();
      const lines = readFileSync(join(d, 'trace.jsonl'), 'utf8').split('\n');
      lines[5] = lines[5].slice(0, -3);
      writeFileSync(join(d, 'trace.jsonl'), lines.join('\n'));
      const r = wgpuTs(command, d);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /trace\.jsonl line 6: not valid JSON .*the trace is corrupted/);
    });
  }

  test('flipped bytes in data.bin fail their checksum', T, () => {
    const d = copy();
    const data = readFileSync(join(d, 'data.bin'));
    data[100] ^= 1;
    writeFileSync(join(d, 'data.bin'), data);
    const r = wgpuTs('replay', d, '--check');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /line \d+: the 16384 bytes at data\.bin\[0\] fail their checksum; the trace is corrupted/);
  });

  test('a truncated data.bin', T, () => {
    const d = copy();
    truncateSync(join(d, 'data.bin'), 1000);
    const r = wgpuTs('trace', d);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is outside data\.bin \(1000 bytes\); the trace is corrupted or incomplete/);
  });

  test('records missing from the middle', T, () => {
    const d = copy();
    const lines = readFileSync(join(d, 'trace.jsonl'), 'utf8').split('\n');
    lines.splice(4, 1);
    writeFileSync(join(d, 'trace.jsonl'), lines.join('\n'));
    const r = wgpuTs('replay', d);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /sequence number 5 does not follow 3; records are missing or out of order/);
  });

  test('not a trace: wrong header, newer version, missing file', T, () => {
    const d = copy();
    const lines = readFileSync(join(d, 'trace.jsonl'), 'utf8').split('\n');
    const header = JSON.parse(lines[0]);
    writeFileSync(join(d, 'trace.jsonl'), [JSON.stringify({ ...header, version: 99 }), ...lines.slice(1)].join('\n'));
    let r = wgpuTs('replay', d);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /trace format version 99 is not supported/);
    writeFileSync(join(d, 'trace.jsonl'), '{"hello": 1}\n');
    r = wgpuTs('trace', d);
    assert.match(r.stderr, /line 1: not a wgpu-ts trace header/);
    const empty = tmp();
    mkdirSync(join(empty, 'sub'));
    r = wgpuTs('trace', empty);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no trace\.jsonl \(not a wgpu-ts trace directory\)/);
  });

  test('a record that names an unknown object', T, () => {
    const d = copy();
    const lines = readFileSync(join(d, 'trace.jsonl'), 'utf8').split('\n');
    lines[3] = lines[3].replace(/"o":1,/, '"o":77,');
    writeFileSync(join(d, 'trace.jsonl'), lines.join('\n'));
    const r = wgpuTs('replay', d);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /record 3: object #77 is not known at this point of the trace/);
  });
});
