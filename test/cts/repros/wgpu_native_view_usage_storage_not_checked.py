# Upstream bug (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved): a texture view whose usage
# has STORAGE_BINDING is accepted on a texture created without STORAGE_BINDING. WebGPU (createView): the view's
# usage must be a subset of the texture's; wgpu-native refuses every other bit outside the texture's usage.
# CTS webgpu:api,validation,createView:texture_view_usage:* (every textureViewUsage=8 subcase).
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_view_usage_storage_not_checked.py
import wgpu

device = wgpu.gpu.request_adapter_sync(power_preference="high-performance").request_device_sync()
results = {}
for name, bit in [("COPY_DST", wgpu.TextureUsage.COPY_DST), ("TEXTURE_BINDING", wgpu.TextureUsage.TEXTURE_BINDING),
                  ("STORAGE_BINDING", wgpu.TextureUsage.STORAGE_BINDING), ("RENDER_ATTACHMENT", wgpu.TextureUsage.RENDER_ATTACHMENT)]:
    texture = device.create_texture(size=(1, 1, 1), format="rgba8unorm", usage=wgpu.TextureUsage.COPY_SRC)
    try:
        texture.create_view(usage=bit)
        results[name] = "accepted"
    except Exception as e:  # wgpu-py raises GPUValidationError for an error reported inside the call
        results[name] = "validation error"
print("view usage outside a COPY_SRC texture's usage:", results, "(WebGPU: a validation error for each)")
print("PASS" if all(v == "validation error" for v in results.values()) else "FAIL")
