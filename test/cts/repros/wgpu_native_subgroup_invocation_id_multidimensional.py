# Upstream (naga in wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved): a compute entry point whose
# @workgroup_size has more than one dimension above 1 cannot use @builtin(subgroup_invocation_id) (or subgroup_id):
# naga refuses the module ("Workgroup size is multi dimensional, `@builtin(subgroup_id)` and
# `@builtin(subgroup_invocation_id)` are not supported"). WebGPU allows them with any workgroup size; dawn.node
# compiles and runs them.
# CTS: webgpu:shader,execution,shader_io,compute_builtins:subgroup_invocation_id with sizes such as [1,4,1], [3,3,3].
# In wgpu-ts: worked around, guards/subgroup-workgroups.ts flattens such an entry point to one dimension.
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_subgroup_invocation_id_multidimensional.py
import wgpu

adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
device = adapter.request_device_sync(required_features=["subgroup"])
refused = 0
for size in ["64", "64, 1, 1", "1, 4, 1", "4, 4, 4"]:
    code = f"""
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@compute @workgroup_size({size}) fn main(@builtin(subgroup_invocation_id) id: u32,
                                           @builtin(local_invocation_index) i: u32) {{ out[i] = id; }}"""
    try:
        device.create_shader_module(code=code)
        print(f"@workgroup_size({size}) with subgroup_invocation_id: compiles")
    except Exception as e:
        lines = [l.strip() for l in str(e).splitlines() if "multi dimensional" in l][:1]
        print(f"@workgroup_size({size}) with subgroup_invocation_id: refused {lines}")
        refused += 1
print("PASS" if refused == 0 else "FAIL")
