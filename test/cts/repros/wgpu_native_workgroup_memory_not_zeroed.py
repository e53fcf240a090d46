# Upstream difference (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved):
# WGSL zero-initialises workgroup variables (each workgroup's invocations see the zero value of the
# type before any store; CTS webgpu:shader,execution,zero_init:compute,zero_init with
# addressSpace="workgroup"). wgpu-core compiles that in only for pipelines made with
# zero_initialize_workgroup_memory, which wgpu-native's pipeline creation never sets (wgpu.h has no
# field for it); lavapipe does not clear shared memory itself, so a workgroup variable holds what an
# earlier dispatch left. Here a first pipeline fills the workgroup memory with 0xdeadbeef, then
# pipelines that only read one workgroup variable each copy it out.
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_workgroup_memory_not_zeroed.py
import wgpu

adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
device = adapter.request_device_sync()
U = wgpu.BufferUsage
size = device.limits["max-compute-workgroup-storage-size"]
width = device.limits["max-compute-workgroup-size-x"]
per = size // 4 // width
fill = f"""
@group(0) @binding(0) var<storage, read> src : array<u32>;
@group(0) @binding(1) var<storage, read_write> dst : array<u32>;
var<workgroup> mem : array<u32, {size // 4}>;
@compute @workgroup_size({width}) fn main(@builtin(local_invocation_index) i : u32) {{
  for (var k = 0u; k < {per}u; k++) {{ mem[i * {per}u + k] = src[i * {per}u + k]; }}
  workgroupBarrier();
  for (var k = 0u; k < {per}u; k++) {{ dst[i * {per}u + k] = mem[i * {per}u + k]; }}
}}"""


def dispatch(code, buffers):
    pipeline = device.create_compute_pipeline(layout="auto", compute={"module": device.create_shader_module(code=code), "entry_point": "main"})
    group = device.create_bind_group(layout=pipeline.get_bind_group_layout(0),
                                     entries=[{"binding": b, "resource": {"buffer": buf}} for b, buf in enumerate(buffers)])
    encoder = device.create_command_encoder()
    p = encoder.begin_compute_pass()
    p.set_pipeline(pipeline)
    p.set_bind_group(0, group)
    p.dispatch_workgroups(1)
    p.end()
    device.queue.submit([encoder.finish()])


values = {}
for decl, read in (("u32", "v"), ("atomic<u32>", "atomicLoad(&v)"), ("vec2<u32>", "v.y")):
    src = device.create_buffer_with_data(data=bytes.fromhex("efbeadde") * (size // 4), usage=U.STORAGE)
    dispatch(fill, [src, device.create_buffer(size=size, usage=U.STORAGE)])
    out = device.create_buffer(size=4, usage=U.STORAGE | U.COPY_SRC)
    dispatch(f"""
@group(0) @binding(0) var<storage, read_write> out : u32;
var<workgroup> v : {decl};
@compute @workgroup_size(1) fn main() {{ out = {read}; }}""", [out])
    values[decl] = device.queue.read_buffer(out).cast("I")[0]
    print(f"var<workgroup> v : {decl} read before any store: {values[decl]:#010x} (WGSL: 0)")
print("PASS" if all(v == 0 for v in values.values()) else "FAIL")
