# Upstream bug (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved), worked around in
# wgpu-ts (objects/texture.ts primeInitTracking3D): a texel copy into depth slice z >= 1 of a 3d
# texture is lost at the next submit. wgpu-core's init tracker keeps one "layer" per 3d mip level but
# registers the copy's z range as layers, so nothing is marked initialised and the next use clears
# the level (CTS webgpu:api,operation,command_buffer,image_copy:undefined_params dimension "3d",
# copyTextureToTexture 3d cases).
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_3d_copy_lost_by_lazy_init.py
import wgpu

device = wgpu.gpu.request_adapter_sync(power_preference="high-performance").request_device_sync()
tex = device.create_texture(size=(4, 1, 2), dimension="3d", format="rgba8unorm",
                            usage=wgpu.TextureUsage.COPY_DST | wgpu.TextureUsage.COPY_SRC)
src = device.create_buffer_with_data(data=bytes([1, 2, 3, 4]), usage=wgpu.BufferUsage.COPY_SRC)
encoder = device.create_command_encoder()
encoder.copy_buffer_to_texture({"buffer": src, "bytes_per_row": 256}, {"texture": tex, "origin": (1, 0, 1)}, (1, 1, 1))
device.queue.submit([encoder.finish()])
# A later submit reads the texture back.
data = bytes(device.queue.read_texture({"texture": tex}, {"bytes_per_row": 256, "rows_per_image": 1}, (4, 1, 2)))
texel = list(data[256 + 4:256 + 8])
print(f"texel (1, 0, 1): {texel} (WebGPU: [1, 2, 3, 4])")
print("PASS" if texel == [1, 2, 3, 4] else "FAIL")
