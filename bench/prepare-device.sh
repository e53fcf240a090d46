#!/usr/bin/env bash
# Prepares, on this machine (with network), what bench/device-run.sh needs on the GPU machine (no network):
#
#   bench/build/floor                    the C floor (also rebuilt there if gcc exists)
#   bench/build/device/bundle.tar.xz     vendor/wgpu-native (lib + headers) and the runtime part of node_modules
#                                        (all of node_modules but typescript/@types and other platforms' dawn.node)
#   bench/build/pylib/                   wgpu==0.32.0 + pycparser, `pip install --target`, without wgpu's own copy of
#                                        libwgpu_native (WGPU_LIB_PATH points at vendor/wgpu-native instead)
#   bench/build/pylib-cp3XX/             cffi binary wheels for CPython 3.9 .. 3.13 (the device picks its version)
#
# All under bench/build/ (git-ignored). Together with .devcarry (bash ../shared/device/prepare-carry.sh) and dist/
# (npm run build), carry: [".devcarry", "bench/build", "dist"]. See bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=bench/build
mkdir -p "$out/device"

bash bench/build-c.sh

# --- node_modules runtime subset + wgpu-native, one xz tarball -------------------------------------------------
[ -f vendor/wgpu-native/libwgpu_native-release.so ] || { echo "vendor/wgpu-native missing: run npm run setup" >&2; exit 1; }
# Only what the contenders load: no compilers, doc tools, browsers or Deno (the carry limit is 64 MiB).
excl=(--exclude='node_modules/typescript' --exclude='node_modules/@types' --exclude='node_modules/.bin'
      --exclude='node_modules/.package-lock.json' --exclude='node_modules/@deno' --exclude='node_modules/deno'
      --exclude='node_modules/playwright-core' --exclude='node_modules/@esbuild' --exclude='node_modules/esbuild'
      --exclude='node_modules/@shikijs' --exclude='node_modules/typedoc' --exclude='node_modules/typedoc-*'
      --exclude='node_modules/bun' --exclude='node_modules/@oven' --exclude='node_modules/three')
for d in node_modules/webgpu/dist/*/; do
  case "$d" in */linux-x64/) ;; *) excl+=(--exclude="${d%/}") ;; esac
done
for d in node_modules/koffi/build/koffi/*/; do
  case "$d" in */linux_x64/) ;; *) excl+=(--exclude="${d%/}") ;; esac
done
# TensorFlow.js (the real client of issue 15): only the Node bundles (dist/tf-*.node.js) and package.json.
tfx=$(mktemp)
find node_modules/@tensorflow -path '*/dist/*' -type f ! -name 'tf-*.node.js' > "$tfx" 2>/dev/null || true
find node_modules/@tensorflow -path '*/src' -prune >> "$tfx" 2>/dev/null || true
tar -c "${excl[@]}" --exclude-from="$tfx" vendor/wgpu-native node_modules native/build | xz -T2 -6 > "$out/device/bundle.tar.xz"
rm -f "$tfx"

# --- wgpu-py for the device's Python -----------------------------------------------------------------------------
py=${PYTHON:-python3}
if [ ! -d "$out/pylib/wgpu" ]; then
  rm -rf "$out/pylib"
  "$py" -m pip install -q --disable-pip-version-check --target "$out/pylib" --no-deps wgpu==0.32.0 pycparser
  rm -f "$out/pylib/wgpu/resources/libwgpu_native-release.so"
fi
for v in 3.9 3.10 3.11 3.12 3.13; do
  tag=cp${v/./}
  [ -d "$out/pylib-$tag/cffi" ] && continue
  tmp=$(mktemp -d)
  if "$py" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: --python-version "$v" \
      --implementation cp --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 -d "$tmp" 'cffi>=1.17' 2>/dev/null; then
    mkdir -p "$out/pylib-$tag"
    "$py" -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" "$tmp"/cffi-*.whl "$out/pylib-$tag"
  else
    echo "note: no cffi wheel for CPython $v" >&2
  fi
  rm -rf "$tmp"
done

du -sh "$out" "$out"/device/bundle.tar.xz "$out"/pylib* 2>/dev/null
[ -d dist ] && du -sh dist || echo "note: dist/ missing: run npm run build, or the wgpu-ts contenders will be skipped on the device"
[ -d .devcarry ] && du -sh .devcarry || echo "note: .devcarry missing: run bash ../shared/device/prepare-carry.sh"
echo 'carry: [".devcarry", "bench/build", "dist"]   command: see bench/README.md'
