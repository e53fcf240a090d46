# Upstream difference (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved):
# with unclippedDepth false (the default), WebGPU clamps a fragment's depth to the viewport's
# [minDepth, maxDepth] before the depth test and write (spec: "Depth clamping"; CTS
# webgpu:api,operation,rendering,depth_clip_clamp:depth_clamp_and_clip). Here the fragment shader
# writes frag_depth 0.9 with a viewport depth range [0, 0.5]: the depth buffer must hold 0.5.
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_depth_clamp_viewport.py
import struct
import wgpu

device = wgpu.gpu.request_adapter_sync(power_preference="high-performance").request_device_sync()
module = device.create_shader_module(code="""
@vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  let p = array(vec2f(-1.0, -1.0), vec2f(3.0, -1.0), vec2f(-1.0, 3.0));
  return vec4f(p[i], 0.25, 1.0);
}
@fragment fn fs() -> @builtin(frag_depth) f32 { return 0.9; }
""")
pipeline = device.create_render_pipeline(
    layout="auto",
    vertex={"module": module, "entry_point": "vs"},
    fragment={"module": module, "entry_point": "fs", "targets": []},
    primitive={"topology": "triangle-list"},
    depth_stencil={"format": "depth32float", "depth_write_enabled": True, "depth_compare": "always"},
)
depth = device.create_texture(size=(4, 4, 1), format="depth32float",
                              usage=wgpu.TextureUsage.RENDER_ATTACHMENT | wgpu.TextureUsage.COPY_SRC)
encoder = device.create_command_encoder()
rp = encoder.begin_render_pass(color_attachments=[], depth_stencil_attachment={
    "view": depth.create_view(), "depth_clear_value": 0.0, "depth_load_op": "clear", "depth_store_op": "store"})
rp.set_pipeline(pipeline)
rp.set_viewport(0, 0, 4, 4, 0.0, 0.5)
rp.draw(3)
rp.end()
device.queue.submit([encoder.finish()])
data = device.queue.read_texture({"texture": depth, "aspect": "depth-only"}, {"bytes_per_row": 16}, (4, 4, 1))
value = struct.unpack_from("<f", bytes(data), 0)[0]
print(f"depth written: {value:.4f} (WebGPU: 0.5000, the viewport's maxDepth)")
print("PASS" if abs(value - 0.5) < 1e-6 else "FAIL")
