# Upstream (wgpu-native 29.0.1.1 through wgpu-py 0.32.0 on lavapipe, no wgpu-ts involved): a vertex attribute read
# partly past the end of its vertex buffer's binding (here: a 32-byte buffer bound at offset 4, so vertex 3's y is
# out of bounds; drawIndexed, which WebGPU does not validate against the vertex buffer size) can return bytes that
# were never part of the buffer: stale memory of a destroyed buffer (12345.0 here). WebGPU allows only 0 or values
# from inside the buffer there. Vulkan's robustBufferAccess allows any bytes of the memory bound to the buffer, and
# wgpu-core leaves the tail of the allocation past the buffer's size as it was (dawn.node passes on the same lavapipe).
# It depends on where the buffer is placed, so it fails some draws and not others.
# CTS: webgpu:shader,execution,robust_access_vertex:vertex_buffer_access with indexed=true;indirect=false,
# type float32x2 or float32x4, partialLastNumber=false, offsetVertexBuffer=true (pass or fail from run to run).
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_vertex_oob_reads_stale_memory.py
import wgpu, struct
adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
device = adapter.request_device_sync()
shader = device.create_shader_module(code="""
struct O { @builtin(position) p: vec4f, @location(0) @interpolate(flat) v: vec2f }
@vertex fn vs(@location(0) a: vec2f) -> O { return O(vec4f(0, 0, 0, 1), a); }
@fragment fn fs(i: O) -> @location(0) vec4f { return vec4f(i.v, 0, 1); }""")
pipeline = device.create_render_pipeline(layout="auto",
    vertex={"module": shader, "entry_point": "vs", "buffers": [{"array_stride": 8, "attributes": [{"format": "float32x2", "offset": 0, "shader_location": 0}]}]},
    primitive={"topology": "point-list"},
    fragment={"module": shader, "entry_point": "fs", "targets": [{"format": "rgba32float"}]})
values = [990.0, 685.0, 446.0, 175.0]
bad = 0
for round in range(20):
    # leave stale bytes behind: a buffer full of 12345.0, destroyed
    junk = device.create_buffer(size=4096, usage=wgpu.BufferUsage.VERTEX | wgpu.BufferUsage.COPY_DST, mapped_at_creation=True)
    junk.write_mapped(struct.pack("<1024f", *([12345.0] * 1024)))
    junk.unmap(); junk.destroy()
    vb = device.create_buffer(size=32, usage=wgpu.BufferUsage.VERTEX, mapped_at_creation=True)
    vb.write_mapped(struct.pack("<8f", *(values * 2)))
    vb.unmap()
    ib = device.create_buffer_with_data(data=struct.pack("<4I", 3, 3, 3, 3), usage=wgpu.BufferUsage.INDEX)
    tex = device.create_texture(size=(1, 1, 1), format="rgba32float", usage=wgpu.TextureUsage.RENDER_ATTACHMENT | wgpu.TextureUsage.COPY_SRC)
    enc = device.create_command_encoder()
    rp = enc.begin_render_pass(color_attachments=[{"view": tex.create_view(), "load_op": "clear", "store_op": "store", "clear_value": (0, 0, 0, 0)}])
    rp.set_pipeline(pipeline)
    rp.set_vertex_buffer(0, vb, 4)   # binds 28 bytes: vertex 3's y (bytes 28..32 of the binding) is out of bounds
    rp.set_index_buffer(ib, "uint32")
    rp.draw_indexed(1)
    rp.end()
    device.queue.submit([enc.finish()])
    x, y = struct.unpack("<4f", device.queue.read_texture({"texture": tex}, {"bytes_per_row": 256}, (1, 1, 1)).tobytes()[:16])[:2]
    ok = x in values + [0.0] and y in values + [0.0]
    bad += not ok
    if not ok or round == 0:
        print(f"round {round}: vertex 3 at offset 4 read ({x}, {y}); WebGPU allows 0 or values of the buffer {values}")
print(f"{bad} of 20 draws read a value from outside the buffer")
print("PASS" if bad == 0 else "FAIL")
