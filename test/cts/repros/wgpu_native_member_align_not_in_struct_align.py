# Upstream bug (naga 29 in wgpu-native 29.0.1.1, through wgpu-py 0.32.0, no wgpu-ts involved): an @align attribute
# on a struct member does not count in the alignment of the struct. WGSL: AlignOf(S) is the largest
# AlignOfMember(S, i), and an @align(n) member's alignment is n. So in `struct Inner { @align(64) x : u32 }` and
# `struct S { x : u32, y : Inner }`, S.y is at offset 64; naga places it at offset 4 (a uniform buffer of S is even
# refused: naga then finds y at an offset that is not a multiple of 16). Upstream: gfx-rs/naga issue 1813.
# CTS: webgpu:shader,execution,memory_layout:read_layout / write_layout case="struct_inner_align" (every aspace).
# Worked around in wgpu-ts (guards/struct-align.ts spells the WGSL alignment out on such members).
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_member_align_not_in_struct_align.py
import struct
import wgpu

device = wgpu.gpu.request_adapter_sync(power_preference="high-performance").request_device_sync()
code = """
struct Inner { @align(64) x : u32, }
struct S { x : u32, y : Inner, }
@group(0) @binding(0) var<storage, read_write> out : S;
@compute @workgroup_size(1) fn main() { out.y.x = 42u; }
"""
module = device.create_shader_module(code=code)
pipeline = device.create_compute_pipeline(layout="auto", compute={"module": module, "entry_point": "main"})
buf = device.create_buffer(size=256, usage=wgpu.BufferUsage.STORAGE | wgpu.BufferUsage.COPY_SRC)
group = device.create_bind_group(layout=pipeline.get_bind_group_layout(0), entries=[{"binding": 0, "resource": {"buffer": buf}}])
encoder = device.create_command_encoder()
p = encoder.begin_compute_pass()
p.set_pipeline(pipeline)
p.set_bind_group(0, group)
p.dispatch_workgroups(1)
p.end()
device.queue.submit([encoder.finish()])
words = struct.unpack("64I", device.queue.read_buffer(buf))
offsets = [4 * i for i, w in enumerate(words) if w == 42]
print(f"offset of S.y.x: {offsets} (WGSL: [64])")
print("PASS" if offsets == [64] else "FAIL")
