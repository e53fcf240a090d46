#!/usr/bin/env bash
# The per-call floors of issue 15 (rows 1d, 1e, 3a, 3b) on the GPU machine:
#   here:    npm run build && bash bench/prepare-device.sh && bash ../shared/device/prepare-carry.sh
#   carry:   [".devcarry", "bench/build", "dist"]      command: bash bench/probes/percall-device.sh
# Runs bench/probes/call-floor.mjs (task hop, Node-API and koffi call, the helper-only floors of 3a/3b, the JS
# rows) 3 times, bench/probes/poll-lock.mjs (does a submit block while a wait blocks on a worker thread), and the
# four bench rows 3 times with c, dawn and wgpu-ts. Writes $OUT/percall-log.txt and the bench JSON under $OUT/runN.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-bench/out/device}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/percall-log.txt") 2>&1
. bench/probes/device-env.sh
for i in 1 2 3; do echo "### call-floor $i"; timeout 120 node --expose-gc bench/probes/call-floor.mjs --runs=7 --n=2000 | grep -v '^{'; done
echo "### poll-lock"; timeout 60 node bench/probes/poll-lock.mjs --iters=200000000
for i in 1 2 3; do
  echo "### bench $i"
  timeout 150 node bench/run.mjs --no-build --contenders=c,dawn,wgpu-ts --only=1d_create_buffer,1e_create_bind_group,3a_map_roundtrip,3b_submit_done \
    --no-md --json-dir="$OUT/run$i" | grep -A8 '^workload'
done
