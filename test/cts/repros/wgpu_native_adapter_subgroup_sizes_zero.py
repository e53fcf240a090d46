# Upstream difference (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved):
# an adapter with the "subgroups" feature must report GPUAdapterInfo.subgroupMinSize and
# subgroupMaxSize: powers of two with 4 <= min <= max <= 128 (WebGPU spec, GPUAdapterInfo; CTS
# webgpu:api,operation,adapter,info:subgroup_sizes). wgpuAdapterGetInfo leaves both 0 on lavapipe
# (dawn.node reports 8 and 8 there). wgpu-native has subgroup operations under its own feature
# "subgroup" (WGPUNativeFeature_Subgroup, 0x30021; wgpu-ts exposes it as WebGPU's "subgroups").
# wgpu-py does not expose the fields, so this reads the C struct.
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_adapter_subgroup_sizes_zero.py
import wgpu
from wgpu.backends.wgpu_native import ffi, lib

adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
info = ffi.new("WGPUAdapterInfo *")
status = lib.wgpuAdapterGetInfo(adapter._internal, info)
assert status == lib.WGPUStatus_Success
lo, hi = info.subgroupMinSize, info.subgroupMaxSize
has = bool(lib.wgpuAdapterHasFeature(adapter._internal, 0x30021))
print(f"subgroup operations (native feature 0x30021): {has}; subgroupMinSize {lo}, subgroupMaxSize {hi} (WebGPU: powers of two, 4 <= min <= max <= 128)")
ok = not has or (lo >= 4 and hi <= 128 and lo <= hi and lo & (lo - 1) == 0 and hi & (hi - 1) == 0)
print("PASS" if ok else "FAIL")
