# Upstream difference (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved):
# an allocation that fails for lack of memory must be a GPUOutOfMemoryError, caught by an
# "out-of-memory" error scope (WebGPU spec, "generate an out-of-memory error"; CTS
# webgpu:api,validation,error_scope:* with errorType/errorFilter "out-of-memory", which makes a
# 256 GiB rgba32float texture within the default limits). wgpu-native reports wgpu-core's
# DeviceError::OutOfMemory ("Not enough memory left.") with WGPUErrorType_Validation, so it lands
# in a "validation" scope (wgpu-py raises it as GPUValidationError).
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_oom_reported_as_validation.py
import wgpu

device = wgpu.gpu.request_adapter_sync(power_preference="high-performance").request_device_sync()
d2 = device.limits["max-texture-dimension-2d"]
layers = device.limits["max-texture-array-layers"]
kind = "no error"
try:
    device.create_texture(size=(d2, d2, layers), format="rgba32float", usage=wgpu.TextureUsage.COPY_DST)
except wgpu.GPUError as e:
    kind = type(e).__name__
    print("message:", " / ".join(line.strip() for line in str(e).splitlines() if line.strip()))
print(f"{d2}x{d2}x{layers} rgba32float texture: {kind} (WebGPU: GPUOutOfMemoryError)")
print("PASS" if kind == "GPUOutOfMemoryError" else "FAIL")
