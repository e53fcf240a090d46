#!/usr/bin/env bash
# Builds an older revision's wgpu-ts (dist/ and the native helper) into bench/build/ab-old/ for a side-by-side
# run of old and new code on the GPU machine (bench/probes/ab-device.sh). Run here, after bench/prepare-device.sh:
#   bash bench/probes/ab-prepare.sh <rev>        (rev: a commit, e.g. HEAD~1)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rev=${1:?usage: ab-prepare.sh <rev>}
cd "$root"
wt=$(mktemp -d)/old
git worktree add -q --detach "$wt" "$rev"
trap 'git worktree remove --force "$wt"' EXIT
ln -s "$root/node_modules" "$wt/node_modules"
ln -s "$root/vendor" "$wt/vendor"
(cd "$wt" && npx tsc -p tsconfig.json && node scripts/build-native.mjs >/dev/null)
rm -rf bench/build/ab-old && mkdir -p bench/build/ab-old
cp -a "$wt/dist" bench/build/ab-old/dist
cp -a "$wt/native/build" bench/build/ab-old/native-build
git rev-parse "$rev" > bench/build/ab-old/REV
echo "ab-prepare: bench/build/ab-old holds $(cat bench/build/ab-old/REV)"
