# Upstream bug (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved), worked around in
# wgpu-ts (objects/texture.ts primeInitTracking3DByLoad): a render pass that clears one depth slice of
# a 3d texture leaves the texture's other slices uninitialised (whatever the memory held) instead of
# zero. wgpu-core's init tracker keeps one "layer" per 3d mip level, so the pass's clear marks the
# whole level initialised. The memory is dirtied first (a texture filled with 0x77 and destroyed) so
# that the stale bytes show (CTS webgpu:api,operation,rendering,3d_texture_slices).
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_3d_render_slice_lazy_init.py
import wgpu
from wgpu.backends.wgpu_native import ffi, lib

TU = wgpu.TextureUsage
device = wgpu.gpu.request_adapter_sync(power_preference="high-performance").request_device_sync()
for _ in range(4):
    dirty = device.create_texture(size=(4, 4, 4), dimension="3d", format="rgba8unorm", usage=TU.RENDER_ATTACHMENT | TU.COPY_DST | TU.COPY_SRC)
    device.queue.write_texture({"texture": dirty}, bytes([0x77]) * (4 * 4 * 4 * 4), {"bytes_per_row": 16, "rows_per_image": 4}, (4, 4, 4))
    device.queue.submit([])
    device.queue.read_texture({"texture": dirty}, {"bytes_per_row": 256, "rows_per_image": 4}, (4, 4, 4))  # waits for the write
    dirty.destroy()
tex = device.create_texture(size=(4, 4, 4), dimension="3d", format="rgba8unorm", usage=TU.RENDER_ATTACHMENT | TU.COPY_SRC)
encoder = device.create_command_encoder()
# wgpu-py 0.32.0 passes no depthSlice (WGPU_DEPTH_SLICE_UNDEFINED), so the pass is begun through its cffi binding.
view = tex.create_view()
attachment = ffi.new("WGPURenderPassColorAttachment *", {"view": view._internal, "depthSlice": 2, "loadOp": lib.WGPULoadOp_Clear,
                                                         "storeOp": lib.WGPUStoreOp_Store, "clearValue": {"r": 1, "g": 0, "b": 0, "a": 1}})
desc = ffi.new("WGPURenderPassDescriptor *", {"colorAttachmentCount": 1, "colorAttachments": attachment})
pass_ = lib.wgpuCommandEncoderBeginRenderPass(encoder._internal, desc)
lib.wgpuRenderPassEncoderEnd(pass_)
lib.wgpuRenderPassEncoderRelease(pass_)
device.queue.submit([encoder.finish()])
data = bytes(device.queue.read_texture({"texture": tex}, {"bytes_per_row": 256, "rows_per_image": 4}, (4, 4, 4)))
slices = [list(data[z * 1024:z * 1024 + 4]) for z in range(4)]
print(f"texel (0, 0, z) for z = 0..3: {slices} (WebGPU: slice 2 is [255, 0, 0, 255], the others [0, 0, 0, 0])")
print("PASS" if slices == [[0, 0, 0, 0], [0, 0, 0, 0], [255, 0, 0, 255], [0, 0, 0, 0]] else "FAIL")
