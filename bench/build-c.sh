#!/usr/bin/env bash
# Builds the C floor: bench/build/floor, against vendor/wgpu-native (headers + libwgpu_native-release.so, rpath'd).
# Usage: bash bench/build-c.sh [WGPU_NATIVE_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
wn=${1:-${WGPU_NATIVE_DIR:-$root/vendor/wgpu-native}}
wn=$(cd "$wn" && pwd)
out=$root/bench/build
mkdir -p "$out"
# The .so has no SONAME: link it as -l:<file name> so that DT_NEEDED is the bare file name, and look for it
# next to the checkout's vendor/ folder first ($ORIGIN-relative, so a copied tree works), then in $wn.
${CC:-gcc} -O2 -std=c11 -Wall -Wextra -Wno-unused-parameter -o "$out/floor" "$root/bench/c/floor.c" \
  -I"$wn" -L"$wn" -l:libwgpu_native-release.so -Wl,-rpath,'$ORIGIN/../../vendor/wgpu-native' -Wl,-rpath,"$wn" -lm
echo "built $out/floor (wgpu-native: $wn)"
