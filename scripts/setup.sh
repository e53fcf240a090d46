#!/usr/bin/env bash
# One-step set-up on a fresh Debian bookworm machine (as CI runs it):
#   1. a software Vulkan driver (Mesa lavapipe >= 25, from bookworm-backports) when no Vulkan driver is present
#   2. npm dependencies
#   3. `npm run setup`: the pinned wgpu-native library + headers from the `wgpu` wheel on PyPI (into vendor/,
#      git-ignored), GLFW from the pinned glfw wheel (vendor/glfw/, for wgpu-ts/window), the native helper
#      (zero-copy mapped buffers, native pass replay) and the TypeScript build
#   4. Xvfb + x11-apps for the window tests
#   5. Debian's chromium when missing (browser run of the conformance suite)
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

# A hardware driver (any ICD other than Mesa's) is left alone; otherwise lavapipe must be >= 25.
have_gpu_icd() { ls /usr/share/vulkan/icd.d/ 2>/dev/null | grep -v -E '^(lvp|radeon|intel|intel_hasvk|nouveau|virtio|asahi|freedreno|panfrost|powervr_mesa|broadcom|dzn|gfxstream_vk)_icd' | grep -q . ; }
mesa_major=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | cut -d. -f1 || true)
mesa_major=${mesa_major:-0}

if ! have_gpu_icd && [ "$mesa_major" -lt 25 ]; then
  echo "setup: installing Mesa lavapipe (software Vulkan) from bookworm-backports"
  if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "deb http://deb.debian.org/debian bookworm-backports main" | $SUDO tee /etc/apt/sources.list.d/bookworm-backports.list >/dev/null
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null
fi
echo "setup: mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || echo 'not installed')"

# Debian's chromium for the browser run of the conformance suite (npm run test:browser); skipped when present.
# (Deno, for npm run test:deno, comes with npm ci: devDependency `deno`.)
if [ ! -x /usr/bin/chromium ] && [ -z "${WGPU_TS_CHROMIUM:-}" ]; then
  echo "setup: installing chromium (browser run of the conformance suite)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# Xvfb and xwd for the window tests (test/canvas/window.test.mjs: a real window on a virtual X display, screenshots).
if ! command -v Xvfb >/dev/null || ! command -v xwd >/dev/null; then
  echo "setup: installing xvfb and x11-apps (window tests)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq xvfb x11-apps libxtst6 >/dev/null
fi

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
# The set-up of a clone proper (also `npm run setup` alone, on a machine that has the driver and dependencies).
npm run setup
echo "setup: done. Try: npm run example"
