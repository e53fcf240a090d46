#!/usr/bin/env bash
# Old against new code on the GPU machine, alternating processes in one run: the four per-call rows (c, dawn and
# wgpu-ts each round) and call-floor.mjs, for the checkout (new) and for bench/build/ab-old (old: dist/ and the
# helper of an older revision, made here by bench/probes/ab-prepare.sh). carry [".devcarry", "bench/build", "dist"]:
#   bash bench/probes/ab-device.sh [rounds]
# Writes $OUT/ab-log.txt; each round's bench tables are in it, old then new.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-bench/out/device}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/ab-log.txt") 2>&1
. bench/probes/device-env.sh
[ -d bench/build/ab-old/dist ] || { echo "no bench/build/ab-old: run bench/probes/ab-prepare.sh here first"; exit 1; }
old=$(mktemp -d)/wgpu-ts
mkdir -p "$old/native"
# The old tree: this checkout's files, with the old build in place of dist/ and native/build (node_modules and
# vendor are shared: the contenders import wgpu-ts by its own name, which resolves inside each tree).
for f in package.json bench scripts; do cp -a "$f" "$old/"; done
ln -s "$PWD/node_modules" "$old/node_modules"; ln -s "$PWD/vendor" "$old/vendor"
cp -a bench/build/ab-old/dist "$old/dist"; cp -a bench/build/ab-old/native-build "$old/native/build"
echo "old = $(cat bench/build/ab-old/REV), new = the checkout"
rows=1d_create_buffer,1e_create_bind_group,3a_map_roundtrip,3b_submit_done
for i in $(seq 1 "${1:-4}"); do
  for tree in "$old" "$PWD"; do
    name=$([ "$tree" = "$PWD" ] && echo new || echo old)
    echo "### round $i $name"
    (cd "$tree" && timeout 150 node bench/run.mjs --no-build --contenders=c,dawn,wgpu-ts --only=$rows --no-md \
      --json-dir="$(mktemp -d)" | grep -A6 '^workload')
    (cd "$tree" && timeout 120 node --expose-gc bench/probes/call-floor.mjs --runs=5 --n=2000 | grep -E '^(3a|3b|1d|1e) wgpu-ts')
  done
done
