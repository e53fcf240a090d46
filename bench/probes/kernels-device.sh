#!/usr/bin/env bash
# The kernel investigation of issue 15 on the GPU machine (after bench/device-run.sh's setup steps, or alone):
#   carry: [".devcarry", "bench/build", "dist"]   command: bash bench/probes/kernels-device.sh
# Runs bench/probes/kernels.mjs for dawn.node and for wgpu-ts with each choice of naga runtime checks
# (default: no setShaderRuntimeChecks, so modules whose loops are proven to end get no forced loop bounding;
# all: every check in every module, the default before loop proofs).
# Writes $OUT/kernels-<contender>-<checks>.json, $OUT/loop-bounding-ab.json and $OUT/kernels-log.txt.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-bench/out/device}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/kernels-log.txt") 2>&1
. bench/probes/device-env.sh
args=("$@")
one() {  # contender checks
  echo "### $1 $2"
  timeout "${KERNELS_TIMEOUT:-90}" node bench/probes/kernels.mjs "$1" --checks="$2" --out="$OUT/kernels-$1-$2.json" "${args[@]}" >/dev/null
  echo "rc $?"
}
one dawn all
for c in default all none no-bounds no-loop; do one wgpu-ts "$c"; done
one dawn all
# default vs every check side by side in one process (loop-termination proofs), kernels and the tfjs MLP
echo "### loop-bounding-ab"
timeout "${KERNELS_TIMEOUT:-90}" node bench/probes/loop-bounding-ab.mjs --mm_n=1024 --mini_n=262144 --tfjs --tfjs_m=256 --tfjs_k=1024 \
  --out="$OUT/loop-bounding-ab.json" >/dev/null
echo "rc $?"
node -e '
const fs = require("fs"), dir = process.argv[1];
for (const f of fs.readdirSync(dir).filter((f) => f.startsWith("kernels-") && f.endsWith(".json")).sort()) {
  const r = JSON.parse(fs.readFileSync(dir + "/" + f, "utf8")); const k = r.kernels ?? {}, t = r.tfjs ?? {};
  const g = (x) => x?.gpu_ms_per_dispatch?.toFixed(4);
  console.log(f, "checks", JSON.stringify(r.runtime_checks ?? null), "matmul gpu TFLOP/s", k.matmul?.gpu_tflops?.toFixed(2), "wall", k.matmul?.wall_tflops?.toFixed(2), "loop bounding", k.matmul?.loop_bounding,
    "| wg_index", g(k.wg_index), "storage_index", g(k.storage_index), "loop_only", g(k.loop_only),
    "| tfjs mlp", t.mlp_ms?.toFixed(2), "kernel", t.mlp_kernel_ms?.toFixed?.(2), "small", t.small_ops_ms?.toFixed(2), r.error ? "ERROR " + r.error.split("\n")[0] : "");
}' "$OUT"
