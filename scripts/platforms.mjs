// The one table of the pinned wgpu-native builds: every platform the `wgpu` wheel PINNED.wheel is published for on
// PyPI, with the wheel's sha256 (checked on every download: a wheel replaced on PyPI is refused), the library's name
// inside it (wgpu/resources/), and the npm package `npm run pack` makes of it (@wgpu-ts/native-<id>, selected by npm
// through os/cpu/libc). Used by scripts/fetch-wgpu-native.mjs (set-up from a clone) and scripts/pack.mjs (release).
// The loader (src/backends/wgpu-native/library.ts) derives the package name from process.platform/process.arch the
// same way, so this table and the loader agree without the loader importing a script.
import { PINNED } from "../codegen/config.mjs";

export const WHEEL_VERSION = PINNED.wheel;
export const NATIVE_VERSION = PINNED.nativeVersion;

/**
 * id: `${process.platform}-${process.arch}`; os/cpu/libc: the npm package.json fields; wheel: the wheel file name;
 * library: the file in the wheel's wgpu/resources/ (kept under that name in the package); helper: whether the Node-API
 * helper (native/) is built into the package (only for the platform `npm run pack` runs on, where a compiler exists).
 */
export const PLATFORMS = [
  { id: "linux-x64", os: "linux", cpu: "x64", libc: "glibc", wheel: `wgpu-${WHEEL_VERSION}-py3-none-manylinux_2_28_x86_64.whl`,
    sha256: "6499a31b5a29a10b4f1089fea4a0806411f42605fa86b6c0b543a07ca0de8568", library: "libwgpu_native-release.so" },
  { id: "linux-arm64", os: "linux", cpu: "arm64", libc: "glibc", wheel: `wgpu-${WHEEL_VERSION}-py3-none-manylinux_2_28_aarch64.whl`,
    sha256: "00454ba1bc794d38c8365f4ad29f381b88ce0a7f115133bfaa6f1dfad7eb2764", library: "libwgpu_native-release.so" },
  { id: "darwin-arm64", os: "darwin", cpu: "arm64", wheel: `wgpu-${WHEEL_VERSION}-py3-none-macosx_11_0_arm64.whl`,
    sha256: "6c3f654ea01ab2de8a2903354ced02a3c6ef161d0fba1aa4fea60aa86d021908", library: "libwgpu_native-release.dylib" },
  { id: "darwin-x64", os: "darwin", cpu: "x64", wheel: `wgpu-${WHEEL_VERSION}-py3-none-macosx_10_9_x86_64.whl`,
    sha256: "cfd3967616a3c42e2b7a234407df38668c697f5aa505d56e0814d647b6746302", library: "libwgpu_native-release.dylib" },
  { id: "win32-x64", os: "win32", cpu: "x64", wheel: `wgpu-${WHEEL_VERSION}-py3-none-win_amd64.whl`,
    sha256: "493c8a0425c7d3cc728a2489bce40d1a016d800306e59763ff1b21e176e66323", library: "wgpu_native-release.dll" },
  { id: "win32-arm64", os: "win32", cpu: "arm64", wheel: `wgpu-${WHEEL_VERSION}-py3-none-win_arm64.whl`,
    sha256: "cb0414107825bd94538220cf3f329c83697b99b8e39c6e16e4e6726e427de75c", library: "wgpu_native-release.dll" },
  { id: "win32-ia32", os: "win32", cpu: "ia32", wheel: `wgpu-${WHEEL_VERSION}-py3-none-win32.whl`,
    sha256: "d51a17dbbeb37ef20d1c900d7c51bc71abba145792ad428763666a1bb91cf986", library: "wgpu_native-release.dll" },
];

export const PACKAGE_SCOPE = "@wgpu-ts";
export const packageName = (id) => `${PACKAGE_SCOPE}/native-${id}`;
export const hostId = () => `${process.platform}-${process.arch}`;

/** The row for a platform id (default: this machine), or undefined where PyPI has no wheel for it. */
export function platform(id = hostId()) {
  return PLATFORMS.find((p) => p.id === id);
}
