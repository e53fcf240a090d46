# Upstream limit (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved): the optional WebGPU feature
# "subgroup-size-control" (a compute stage's @subgroup_size, with the subgroups feature) is not offered: this
# wgpu-native's webgpu.h and wgpu.h have no feature value for it at all, so no adapter can report it and no device
# can be requested with it (dawn.node on the same lavapipe offers it).
# CTS: webgpu:api,validation,capability_checks,features,subgroup_size_control:enables_subgroups is skipped
# ("GPUDeviceDescriptor not supported").
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_no_subgroup_size_control.py
import wgpu
from wgpu.backends.wgpu_native import lib

names = [n for n in dir(lib) if n.startswith(("WGPUFeatureName_", "WGPUNativeFeature_"))]
size_control = [n for n in names if "SubgroupSize" in n]
print(f"feature values in webgpu.h/wgpu.h: {len(names)}; subgroup ones: {[n for n in names if 'ubgroup' in n]}; "
      f"a subgroup size control one: {size_control or 'none'}")
adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
print(f"{adapter.info['device']}: 'subgroup-size-control' in adapter.features: {'subgroup-size-control' in adapter.features}")
try:
    device = adapter.request_device_sync(required_features=["subgroup-size-control"])
    granted = "subgroup-size-control" in device.features
    print(f"requestDevice(requiredFeatures: ['subgroup-size-control']): a device, which has it: {granted}")
except Exception as e:
    granted = False
    print(f"requestDevice(requiredFeatures: ['subgroup-size-control']): refused: {type(e).__name__}: {str(e).splitlines()[0]}")
print("PASS" if size_control and "subgroup-size-control" in adapter.features and granted else "FAIL")
