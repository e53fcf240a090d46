# Upstream (naga in wgpu-native 29.0.1.1 through wgpu-py 0.32.0 on lavapipe, no wgpu-ts involved): in a fragment shader
# that runs per sample (here: an input with @interpolate(perspective, sample)) on a 4x multisampled target,
# @builtin(position) holds the position of the sample being shaded (Vulkan's FragCoord under sample shading),
# not the fragment's center that WebGPU specifies (x and y at .5; z at the center too). dawn.node gives the center
# on the same lavapipe.
# CTS: webgpu:shader,execution,shader_io,fragment_builtins:inputs,position with sampleCount=4 and sampling "sample".
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_position_at_sample_with_sample_shading.py
import struct
import wgpu

adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
device = adapter.request_device_sync()
shader = device.create_shader_module(code="""
@group(0) @binding(0) var<storage, read_write> out: array<vec2f, 64>;
@group(0) @binding(1) var<storage, read_write> count: atomic<u32>;
struct V { @builtin(position) p: vec4f, @location(0) @interpolate(perspective, sample) v: f32 }
@vertex fn vs(@builtin(vertex_index) i: u32) -> V {
  let xy = array(vec2f(-1, -1), vec2f(3, -1), vec2f(-1, 3))[i];
  return V(vec4f(xy, 0.5, 1), 1.0);
}
@fragment fn fs(i: V) -> @location(0) vec4f {
  let k = atomicAdd(&count, 1u);
  if (k < 64u) { out[k] = i.p.xy; }
  return vec4f(i.v);
}""")
pipeline = device.create_render_pipeline(layout="auto",
    vertex={"module": shader, "entry_point": "vs"},
    primitive={"topology": "triangle-list"}, multisample={"count": 4},
    fragment={"module": shader, "entry_point": "fs", "targets": [{"format": "rgba8unorm"}]})
out = device.create_buffer(size=512, usage=wgpu.BufferUsage.STORAGE | wgpu.BufferUsage.COPY_SRC)
count = device.create_buffer(size=4, usage=wgpu.BufferUsage.STORAGE)
bg = device.create_bind_group(layout=pipeline.get_bind_group_layout(0),
    entries=[{"binding": 0, "resource": {"buffer": out}}, {"binding": 1, "resource": {"buffer": count}}])
tex = device.create_texture(size=(1, 1, 1), format="rgba8unorm", sample_count=4, usage=wgpu.TextureUsage.RENDER_ATTACHMENT)
enc = device.create_command_encoder()
rp = enc.begin_render_pass(color_attachments=[{"view": tex.create_view(), "load_op": "clear", "store_op": "store", "clear_value": (0, 0, 0, 0)}])
rp.set_pipeline(pipeline)
rp.set_bind_group(0, bg)
rp.draw(3)
rp.end()
device.queue.submit([enc.finish()])
data = device.queue.read_buffer(out).tobytes()
positions = sorted({struct.unpack_from("<2f", data, 8 * k) for k in range(4)})
print(f"@builtin(position).xy in the invocations of the one pixel: {positions}; WebGPU: (0.5, 0.5) in each")
print("PASS" if positions == [(0.5, 0.5)] else "FAIL")
