#!/usr/bin/env bash
# The final GPU-machine run of issue 15, from a checkout with .devcarry, bench/build and dist (see bench/README.md):
# the kernel probe (bench/probes/kernels-device.sh), the full suite (bench/device-run.sh, all five contenders),
# rows 1b/5c with coalescing off (WGPU_TS_NO_COALESCE=1, the "before" of those rows in the same run) and
# examples/extras/multi-gpu.mjs. Everything goes to $OUT/issue15.tgz (the device returns at most 8 files).
set -uo pipefail
cd "$(dirname "$0")/../.."
FINAL=${OUT:-bench/out/device}
W=$(mktemp -d)/o; mkdir -p "$W"
OUT=$W bash bench/probes/kernels-device.sh --mm_n=1024 --mm_reps=32 --runs=9 > /dev/null 2>&1
OUT=$W BENCH_TIMEOUT=${BENCH_TIMEOUT:-100} bash bench/device-run.sh --label="NVIDIA H200" > "$W/suite-stdout.txt" 2>&1
export PATH=/tmp/devnode:$PATH
[ -f /usr/share/vulkan/icd.d/nvidia_icd.json ] || export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
WGPU_TS_NO_COALESCE=1 timeout 100 node bench/contender-js.mjs wgpu-ts --only=1b_compute_encode,5c_encode_nosubmit --mm_reps=64 \
  --out="$W/wgpu-ts-no-coalesce.json" > "$W/no-coalesce-log.txt" 2>&1
timeout 100 node examples/extras/multi-gpu.mjs 4096 8 > "$W/multi-gpu.txt" 2>&1
nvidia-smi -L > "$W/gpus.txt" 2>&1
tar -czf "$FINAL/issue15.tgz" -C "$(dirname "$W")" o
grep -A30 'workload' "$W/suite-stdout.txt" | head -40; tail -8 "$W/kernels-log.txt"; cat "$W/multi-gpu.txt" "$W/gpus.txt"
