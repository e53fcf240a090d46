// Portable traces: recorded from example programs, replayed in fresh processes with --check.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, wgpuTs, tmp, root, T } from './helpers.mjs';
import { crc32 } from '../../dist/trace/format.js';

function records(dir) {
  return readFileSync(join(dir, 'trace.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

describe('trace of the compute example', () => {
  const dir = tmp();
  let recorded;

  test('recording: calls streamed in order, upload and readback bytes in data.bin', T, () => {
    recorded = fixture('compute.mjs', dir);
    assert.equal(recorded.status, 0, recorded.stderr);
    const [header, ...recs] = records(dir);
    assert.equal(header.format, 'wgpu-ts-trace');
    assert.equal(header.backend, 'wgpu-native');
    assert.equal(header.device.label, 'compute example');
    const methods = recs.filter((r) => r.m).map((r) => r.m);
    assert.deepEqual(methods, ['createShaderModule', 'createComputePipeline', 'createBuffer', 'createBuffer', 'writeBuffer',
      'createCommandEncoder', 'beginComputePass', 'setPipeline', 'getBindGroupLayout', 'createBindGroup', 'setBindGroup',
      'dispatchWorkgroups', 'end', 'copyBufferToBuffer', 'finish', 'submit', 'mapAsync', 'getMappedRange', 'unmap']);
    const write = recs.find((r) => r.m === 'writeBuffer');
    assert.equal(write.a[2].$t, 'Float32Array');
    assert.equal(write.a[2].$b[1], 4096 * 4);
    const read = recs.find((r) => r.m === 'getMappedRange');
    assert.equal(read.rd.$b[1], 4096 * 4);
    const data = readFileSync(join(dir, 'data.bin'));
    const [off, len] = read.rd.$b;
    const floats = new Float32Array(data.buffer.slice(data.byteOffset + off, data.byteOffset + off + len));
    assert.equal(floats[3], 3);   // 1.5 * 2
  });

  test('wgpu-ts replay --check in a fresh process: every readback matches', T, () => {
    const r = wgpuTs('replay', dir, '--check');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /1 checked/);
    assert.match(r.stdout, /every readback matches the trace/);
  });

  test('wgpu-ts trace: summary of calls, objects, bytes', T, () => {
    const r = wgpuTs('trace', dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /on wgpu-native, adapter "/);
    assert.match(r.stdout, /2 +GPUBuffer/);
    assert.match(r.stdout, /1 +GPUComputePassEncoder\.dispatchWorkgroups/);
    assert.match(r.stdout, /uploads 1 \(16\.0 KiB\), readbacks 1 \(16\.0 KiB\)/);
    assert.match(r.stdout, /errors: 0/);
    const json = JSON.parse(wgpuTs('trace', dir, '--json').stdout);
    assert.equal(json.objects.GPUBuffer, 2);
    assert.equal(json.calls['GPUQueue.submit'], 1);
  });

  test('a readback that differs from the trace fails --check, naming the record and byte', T, () => {
    // Rewrite the recorded readback (and its checksum) as if the GPU had computed something else.
    const recs = records(dir);
    const read = recs.find((r) => r.m === 'getMappedRange');
    const data = readFileSync(join(dir, 'data.bin'));
    const [off, len] = read.rd.$b;
    const wrong = Buffer.from(data);
    wrong[off + 8] ^= 0xff;
    const tampered = tmp();
    writeFileSync(join(tampered, 'data.bin'), wrong);
    read.rd.$b[2] = crc32(wrong.subarray(off, off + len));
    writeFileSync(join(tampered, 'trace.jsonl'), recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const r = wgpuTs('replay', tampered, '--check');
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`record ${read.n}: readback of buffer #${read.o} at offset 0: byte 8 is`));
  });
});

describe('trace of a program using more of the API', () => {
  test('mapped uploads, writeBuffer offsets, push constants, error scopes, uncaptured errors, async pipelines', T, () => {
    const dir = tmp();
    const rec = fixture('features.mjs', dir);
    assert.equal(rec.status, 0, rec.stderr);
    const recs = records(dir).slice(1);
    assert.ok(recs.some((r) => r.m === 'unmap' && r.wr?.length === 1), 'mappedAtCreation / MAP_WRITE bytes are recorded at unmap');
    assert.ok(recs.some((r) => r.x === 'setPushConstants'));
    assert.ok(recs.some((r) => r.e === 'validation'), 'uncaptured error recorded');
    assert.ok(recs.some((r) => r.p !== undefined && r.v?.$err === 'validation'), 'error scope result recorded');
    assert.ok(recs.some((r) => r.s === 'label' && r.v === 'scale-add'));
    const r = wgpuTs('replay', dir, '--check');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /uncaptured errors: 1 \(trace: 1\)/);
    assert.match(r.stdout, /every readback matches/);
    const s = wgpuTs('trace', dir);
    assert.match(s.stdout, /backend extras:\n +1 +createPipelineLayout\n +1 +setPushConstants/);
    assert.match(s.stdout, /errors: 2/);
    assert.match(s.stdout, /visibility 0x100 has unknown GPUShaderStage bits/);
  });

  test('a process killed mid-program leaves a trace readable up to the kill', T, () => {
    const dir = tmp();
    const rec = fixture('features.mjs', dir, 'kill');
    assert.equal(rec.signal, 'SIGKILL');
    const recs = records(dir).slice(1);
    const last = recs[recs.length - 1];
    assert.equal(last.m, 'copyBufferToBuffer', 'the last call before the kill is in the trace');
    const s = wgpuTs('trace', dir);
    assert.equal(s.status, 0, s.stderr);
    const r = wgpuTs('replay', dir, '--check');
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});

let dawn = true;
try { await import('webgpu'); } catch { dawn = false; }

describe('traces are portable across backends', () => {
  test('a js-webgpu (dawn.node) trace replays on wgpu-native, and a wgpu-native trace on js-webgpu', { ...T, skip: !dawn && 'the optional "webgpu" package is not installed' }, () => {
    const dir = tmp();
    const rec = fixture('portable.mjs', dir);
    assert.equal(rec.status, 0, rec.stderr);
    assert.equal(records(dir)[0].backend, 'js-webgpu');
    let r = wgpuTs('--backend', 'wgpu-native', 'replay', dir, '--check');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /on "llvmpipe/); // adapter.info.device: a normalized identifier ("llvmpipe-llvm-15-0-6-256-bits")
    assert.match(r.stdout, /every readback matches/);

    const native = tmp();
    assert.equal(fixture('compute.mjs', native).status, 0);
    r = wgpuTs('--backend', 'js-webgpu', 'replay', native, '--check');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /every readback matches/);
  });
});

describe('wgpu-ts record: the examples, unchanged, traced and replayed', () => {
  for (const [example, args, readbackBytes] of [['compute.mjs', [], 4 * 1024 * 1024], ['triangle.mjs', ['triangle.png'], 256 * 256 * 4]]) {
    test(`examples/${example}: recorded, then replayed in a fresh process with --check`, T, () => {
      const dir = tmp();
      const out = tmp();
      const rec = wgpuTs('record', dir, join(root, 'examples', example), ...args.map((a) => join(out, a)));
      assert.equal(rec.status, 0, rec.stdout + rec.stderr);
      const summary = JSON.parse(wgpuTs('trace', dir, '--json').stdout);
      assert.equal(summary.readbacks.count, 1);
      assert.equal(summary.readbacks.bytes, readbackBytes);
      const r = wgpuTs('replay', dir, '--check');
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /1 checked\n[^]*every readback matches the trace/);      if (dawn && example === 'triangle.mjs') {
        const other = wgpuTs('--backend', 'js-webgpu', 'replay', dir, '--check');
        assert.equal(other.status, 0, other.stdout + other.stderr);
        assert.match(other.stdout, /every readback matches the trace/);
      }
    });
  }
});
