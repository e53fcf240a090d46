#!/usr/bin/env bash
# Runs the benchmark suite on the GPU machine (device tool), from the checkout root, with what was carried:
#   carry: [".devcarry", "bench/build", "dist"]     (prepared here by prepare-carry.sh + bench/prepare-device.sh +
#                                                     npm run build; see bench/README.md)
#   command: bash bench/device-run.sh [--quick] [--contenders=...] [--label=...]   (extra args go to bench/run.mjs)
# Writes everything under $OUT (or bench/out/device when $OUT is unset): run.json and one JSON per contender,
# BENCHMARKS.md (the checkout's copy with this run's section added/replaced), log.txt, env.txt.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-bench/out/device}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/log.txt") 2>&1

step() { echo; echo "### $*"; }

step "Node + Vulkan loader (.devcarry)"
if [ -x /tmp/devnode/node ]; then
  echo "node already at /tmp/devnode"
elif [ -f .devcarry/on-device.sh ]; then
  bash .devcarry/on-device.sh || echo "on-device.sh failed (continuing)"
else
  echo "no .devcarry: carry it (bash ../shared/device/prepare-carry.sh here first)"
fi
export PATH=/tmp/devnode:$PATH
command -v node >/dev/null || { echo "FATAL: no node"; exit 1; }

step "wgpu-native + node_modules (bench/build/device/bundle.tar.xz)"
if [ -f bench/build/device/bundle.tar.xz ]; then
  tar -xJf bench/build/device/bundle.tar.xz && echo "unpacked vendor/wgpu-native and node_modules"
else
  echo "no bundle: run bash bench/prepare-device.sh here first"
fi

step "Vulkan driver"
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ] && [ ! -f /usr/share/vulkan/icd.d/nvidia_icd.json ] \
   && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-<default>}"; ls /usr/share/vulkan/icd.d/ 2>/dev/null

step "C floor"
if command -v gcc >/dev/null && bash bench/build-c.sh; then
  echo "rebuilt bench/build/floor here"
else
  echo "using the carried bench/build/floor"
fi
nobuild=--no-build

step "environment"
{
  date -u +%Y-%m-%dT%H:%M:%SZ
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>&1
  nvidia-smi 2>&1 | head -15
  node --version; python3 --version 2>&1
  python3 -c "import numpy; print('numpy', numpy.__version__)" 2>&1 | tail -1
  lscpu 2>/dev/null | grep -E 'Model name|^CPU\(s\)'
  free -g | head -2
  ldd bench/build/floor 2>&1 | head -5
} | tee "$OUT/env.txt"

step "suite"
[ -f BENCHMARKS.md ] && cp BENCHMARKS.md "$OUT/BENCHMARKS.md"
# Full preset by default (pass --quick for the short one). Contenders run one after the other, each capped so
# that the whole run stays inside the device's 10-minute command limit.
# mm_reps: 64 matmul dispatches per timed submit, so that the matmul row is compute-bound on a fast GPU (one
# 1024^3 dispatch is ~0.3 ms on an H100; the full preset's 8 would leave the submit round trip at a few %).
node bench/run.mjs $nobuild --json-dir="$OUT" --md="$OUT/BENCHMARKS.md" --timeout="${BENCH_TIMEOUT:-110}" \
  --mm_reps="${BENCH_MM_REPS:-64}" "$@"
rc=$?
step "done (rc $rc); files in $OUT:"
ls -la "$OUT"
exit $rc
