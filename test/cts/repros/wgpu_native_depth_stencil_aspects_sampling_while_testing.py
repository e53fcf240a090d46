# Upstream difference (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved):
# WebGPU tracks texture usage per aspect: in a render pass whose depth-stencil attachment has
# depthReadOnly true and stencilReadOnly false, a depth-only view of the same texture may be
# sampled while the stencil aspect is written (spec: "compatible usage list", aspect-wise
# subresources; CTS webgpu:api,operation,memory_sync,texture,readonly_depth_stencil:
# sampling_while_testing with one read-only aspect). wgpu-core tracks one usage for both aspects,
# so the pass fails: "conflicting usages ... TextureUses(RESOURCE) and ... DEPTH_STENCIL_WRITE".
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_depth_stencil_aspects_sampling_while_testing.py
import wgpu

device = wgpu.gpu.request_adapter_sync(power_preference="high-performance").request_device_sync()
ds = device.create_texture(size=(4, 4, 1), format="depth24plus-stencil8",
                           usage=wgpu.TextureUsage.RENDER_ATTACHMENT | wgpu.TextureUsage.TEXTURE_BINDING)
module = device.create_shader_module(code="""
@group(0) @binding(0) var depthTex: texture_2d<f32>;
@vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  let p = array(vec2f(-1.0, -1.0), vec2f(3.0, -1.0), vec2f(-1.0, 3.0));
  return vec4f(p[i], 0.5, 1.0);
}
@fragment fn fs(@builtin(position) pos: vec4f) {
  if textureLoad(depthTex, vec2u(pos.xy), 0).r > 2.0 { discard; }
}
""")
pipeline = device.create_render_pipeline(
    layout="auto",
    vertex={"module": module, "entry_point": "vs"},
    fragment={"module": module, "entry_point": "fs", "targets": []},
    primitive={"topology": "triangle-list"},
    depth_stencil={"format": "depth24plus-stencil8", "depth_write_enabled": False, "depth_compare": "always",
                   "stencil_front": {"compare": "always", "pass_op": "increment-clamp"},
                   "stencil_back": {"compare": "always", "pass_op": "increment-clamp"}},
)
bind_group = device.create_bind_group(layout=pipeline.get_bind_group_layout(0), entries=[
    {"binding": 0, "resource": ds.create_view(format="depth24plus", aspect="depth-only")}])
result = "PASS"
try:
    encoder = device.create_command_encoder()
    rp = encoder.begin_render_pass(color_attachments=[], depth_stencil_attachment={
        "view": ds.create_view(), "depth_read_only": True,
        "stencil_load_op": "clear", "stencil_store_op": "store", "stencil_clear_value": 0})
    rp.set_pipeline(pipeline)
    rp.set_bind_group(0, bind_group)
    rp.draw(3)
    rp.end()
    device.queue.submit([encoder.finish()])
    print("sampling the read-only depth aspect while writing stencil: accepted (WebGPU: valid)")
except wgpu.GPUError as e:
    result = "FAIL"
    print("sampling the read-only depth aspect while writing stencil:", [l.strip() for l in str(e).splitlines() if l.strip()][-1][:220])
print(result)
