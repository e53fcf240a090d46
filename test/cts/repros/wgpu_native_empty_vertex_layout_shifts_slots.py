# Upstream bug (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved): a vertex buffer layout
# with no attributes in slot 0 makes the attributes of the layout in slot 1 read the buffer bound to slot 0.
# WebGPU has null layouts for unused slots; wgpu-native has none, so an empty layout is the only way to
# leave a slot unused. CTS webgpu:api,operation,vertex_state,correctness:* subcases whose slot is not 0.
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_empty_vertex_layout_shifts_slots.py
import struct
import wgpu

N = 8
device = wgpu.gpu.request_adapter_sync(power_preference="high-performance").request_device_sync()
module = device.create_shader_module(code=f"""
struct O {{ @location(0) @interpolate(flat) v: u32, @builtin(position) p: vec4f }};
@vertex fn vs(@location(0) a: u32, @builtin(vertex_index) i: u32) -> O {{
  var o: O; o.v = a; o.p = vec4f((f32(i) + 0.5) / {N}.0 * 2.0 - 1.0, 0.0, 0.0, 1.0); return o;
}}
@fragment fn fs(@location(0) @interpolate(flat) v: u32) -> @location(0) u32 {{ return v; }}
""")
pipeline = device.create_render_pipeline(
    layout="auto",
    vertex={"module": module, "entry_point": "vs", "buffers": [
        {"array_stride": 4, "attributes": []},  # slot 0: unused (WebGPU: null)
        {"array_stride": 4, "attributes": [{"format": "uint32", "offset": 0, "shader_location": 0}]},
    ]},
    fragment={"module": module, "entry_point": "fs", "targets": [{"format": "r32uint"}]},
    primitive={"topology": "point-list"})
unused = device.create_buffer_with_data(data=struct.pack(f"<{N}I", *([7] * N)), usage=wgpu.BufferUsage.VERTEX)
data = device.create_buffer_with_data(data=struct.pack(f"<{N}I", *range(100, 100 + N)), usage=wgpu.BufferUsage.VERTEX)
tex = device.create_texture(size=(N, 1, 1), format="r32uint", usage=wgpu.TextureUsage.RENDER_ATTACHMENT | wgpu.TextureUsage.COPY_SRC)
encoder = device.create_command_encoder()
rp = encoder.begin_render_pass(color_attachments=[
    {"view": tex.create_view(), "load_op": "clear", "store_op": "store", "clear_value": (0, 0, 0, 0)}])
rp.set_pipeline(pipeline)
rp.set_vertex_buffer(0, unused)
rp.set_vertex_buffer(1, data)
rp.draw(N)
rp.end()
device.queue.submit([encoder.finish()])
got = list(struct.unpack(f"<{N}I", bytes(device.queue.read_texture(
    {"texture": tex}, {"bytes_per_row": 256}, (N, 1, 1)))[:N * 4]))
want = list(range(100, 100 + N))
print(f"slot 1 attribute values: {got} (WebGPU: {want})")
print("PASS" if got == want else "FAIL")
