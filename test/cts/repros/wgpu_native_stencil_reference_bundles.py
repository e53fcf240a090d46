# Upstream bug (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved), worked around in
# wgpu-ts (objects/stencil-reference.ts): setStencilReference on a render pass does not reach the
# draws of a render bundle executed after it when no pipeline that reads the reference is set in
# the pass (wgpu-core applies the reference only when such a pipeline is set; a bundle's own
# setPipeline does not). CTS webgpu:api,operation,command_buffer,queries,occlusionQuery:
# occlusion_query,stencil with renderMode "render-bundle".
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_stencil_reference_bundles.py
import struct
import wgpu

device = wgpu.gpu.request_adapter_sync(power_preference="high-performance").request_device_sync()
module = device.create_shader_module(code="""
@vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  let p = array(vec2f(-1.0, -1.0), vec2f(3.0, -1.0), vec2f(-1.0, 3.0));
  return vec4f(p[i], 0.0, 1.0);
}
@fragment fn fs() -> @location(0) vec4f { return vec4f(1.0); }
""")
face = {"compare": "equal", "fail_op": "keep", "depth_fail_op": "keep", "pass_op": "keep"}
pipeline = device.create_render_pipeline(
    layout="auto", vertex={"module": module, "entry_point": "vs"},
    fragment={"module": module, "entry_point": "fs", "targets": [{"format": "rgba8unorm"}]},
    primitive={"topology": "triangle-list"},
    depth_stencil={"format": "stencil8", "stencil_front": face, "stencil_back": face})
color = device.create_texture(size=(4, 4, 1), format="rgba8unorm", usage=wgpu.TextureUsage.RENDER_ATTACHMENT)
stencil = device.create_texture(size=(4, 4, 1), format="stencil8", usage=wgpu.TextureUsage.RENDER_ATTACHMENT)
queries = device.create_query_set(type="occlusion", count=1)
encoder = device.create_command_encoder()
rp = encoder.begin_render_pass(
    color_attachments=[{"view": color.create_view(), "load_op": "clear", "store_op": "store", "clear_value": (0, 0, 0, 0)}],
    depth_stencil_attachment={"view": stencil.create_view(), "stencil_clear_value": 0, "stencil_load_op": "clear", "stencil_store_op": "store"},
    occlusion_query_set=queries)
rp.set_stencil_reference(1)  # the stencil buffer holds 0: "equal" fails for every fragment
bundle_encoder = device.create_render_bundle_encoder(color_formats=["rgba8unorm"], depth_stencil_format="stencil8")
bundle_encoder.set_pipeline(pipeline)
bundle_encoder.draw(3)
rp.begin_occlusion_query(0)
rp.execute_bundles([bundle_encoder.finish()])
rp.end_occlusion_query()
rp.end()
buf = device.create_buffer(size=8, usage=wgpu.BufferUsage.QUERY_RESOLVE | wgpu.BufferUsage.COPY_SRC)
encoder.resolve_query_set(queries, 0, 1, buf, 0)
device.queue.submit([encoder.finish()])
samples = struct.unpack("<Q", bytes(device.queue.read_buffer(buf)))[0]
print(f"samples passing the stencil test: {samples} (WebGPU: 0)")
print("PASS" if samples == 0 else "FAIL")
