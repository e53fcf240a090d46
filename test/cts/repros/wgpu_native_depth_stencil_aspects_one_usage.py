# Upstream limit (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved): wgpu-core tracks
# texture usage per mip level and array layer, not per aspect. A render pass whose depth24plus-stencil8
# attachment writes depth but has stencilReadOnly may, per WebGPU, sample the stencil aspect of the same
# subresource in a bind group (the stencil aspect is only read); wgpu-core reports "conflicting usages"
# (RESOURCE vs DEPTH_STENCIL_WRITE) at finish (CTS webgpu:api,validation,resource_usages,texture,
# in_render_common:subresources,depth_stencil_attachment_and_bind_group).
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_depth_stencil_aspects_one_usage.py
import wgpu

device = wgpu.gpu.request_adapter_sync(power_preference="high-performance").request_device_sync()
errors = []
device.onuncapturederror = lambda e: errors.append(str(e.error.message))
tex = device.create_texture(size=(4, 4, 1), format="depth24plus-stencil8",
                            usage=wgpu.TextureUsage.RENDER_ATTACHMENT | wgpu.TextureUsage.TEXTURE_BINDING)
stencil_view = tex.create_view(format="stencil8", aspect="stencil-only")
layout = device.create_bind_group_layout(entries=[{
    "binding": 0, "visibility": wgpu.ShaderStage.FRAGMENT, "texture": {"sample_type": "uint"}}])
group = device.create_bind_group(layout=layout, entries=[{"binding": 0, "resource": stencil_view}])
encoder = device.create_command_encoder()
try:
    pass_ = encoder.begin_render_pass(color_attachments=[], depth_stencil_attachment={
        "view": tex.create_view(), "depth_load_op": "load", "depth_store_op": "store",
        "depth_read_only": False, "stencil_read_only": True})
    pass_.set_bind_group(0, group)
    pass_.end()
    encoder.finish()
except Exception as e:  # wgpu-py raises the validation error of finish
    errors.append(str(e))
print(f"errors: {errors[:1]}")
print("the stencil aspect, read-only in the pass, sampled in a bind group: " + ("refused" if errors else "accepted") + " (WebGPU: accepted)")
print("FAIL" if errors else "PASS")
