# Upstream limit (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved): the optional WebGPU feature
# "texture-component-swizzle" (GPUTextureViewDescriptor.swizzle) is not offered. webgpu.h of this wgpu-native has
# WGPUFeatureName_TextureComponentSwizzle (0x16) and WGPUTextureComponentSwizzleDescriptor, but the lavapipe
# adapter does not report the feature (dawn.node on the same lavapipe does, and passes the CTS cases), and a
# device requested with it comes back without it (WebGPU: requestDevice rejects a feature the adapter lacks).
# CTS: webgpu:api,operation,texture_view,texture_component_swizzle:* and
# webgpu:api,validation,capability_checks,features,texture_component_swizzle:* are skipped ("device does not have
# feature" / "GPUDeviceDescriptor not supported").
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_no_texture_component_swizzle.py
import wgpu
from wgpu.backends.wgpu_native import lib

FEATURE = lib.WGPUFeatureName_TextureComponentSwizzle
adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
on_adapter = bool(lib.wgpuAdapterHasFeature(adapter._internal, FEATURE))
print(f"{adapter.info['device']}: WGPUFeatureName_TextureComponentSwizzle = {FEATURE:#x}; "
      f"adapter has it: {on_adapter}; in adapter.features: {'texture-component-swizzle' in adapter.features}")
try:
    device = adapter.request_device_sync(required_features=["texture-component-swizzle"])
    on_device = bool(lib.wgpuDeviceHasFeature(device._internal, FEATURE))
    print(f"requestDevice(requiredFeatures: ['texture-component-swizzle']): a device, which has the feature: {on_device}")
except Exception as e:
    on_device = False
    print(f"requestDevice(requiredFeatures: ['texture-component-swizzle']): refused: {str(e).splitlines()[0]}")
print("PASS" if on_adapter and on_device else "FAIL")
