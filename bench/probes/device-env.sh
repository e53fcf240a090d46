# Sourced by the GPU-machine probe scripts (kernels-device.sh, percall-device.sh): Node from .devcarry, the
# bundle of vendor/wgpu-native + node_modules (bench/prepare-device.sh), and the NVIDIA Vulkan ICD where the image
# keeps it outside the loader's default folder. Each step is skipped when already done (several probes in one run).
[ -x /tmp/devnode/node ] || bash .devcarry/on-device.sh
export PATH=/tmp/devnode:$PATH
[ -d node_modules/koffi ] && [ -d node_modules/@tensorflow ] || tar -xJf bench/build/device/bundle.tar.xz
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ] && [ ! -f /usr/share/vulkan/icd.d/nvidia_icd.json ] \
   && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
