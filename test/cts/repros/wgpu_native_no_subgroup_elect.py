# Upstream (naga in wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved): the WGSL subgroup built-in
# subgroupElect() does not exist ("no definition in scope for identifier: `subgroupElect`"), while the other
# subgroup built-ins (here subgroupExclusiveAdd) compile on the same device. dawn.node compiles it.
# CTS: webgpu:shader,execution,shader_io,compute_builtins:subgroup_id and :num_subgroups call it.
# In wgpu-ts: worked around, guards/shader-source.ts rewriteSubgroupElect defines it for the module.
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_no_subgroup_elect.py
import wgpu

adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
device = adapter.request_device_sync(required_features=["subgroup"])
ok = {}
for call in ["subgroupExclusiveAdd(1u) == 0u", "subgroupElect()"]:
    code = f"""
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(64) fn main(@builtin(local_invocation_index) i: u32) {{ out[i] = select(0u, 1u, {call}); }}"""
    try:
        device.create_shader_module(code=code)
        ok[call] = True
        print(f"{call}: compiles")
    except Exception as e:
        ok[call] = False
        print(f"{call}: refused {[l.strip() for l in str(e).splitlines() if 'error' in l][:1]}")
print("PASS" if all(ok.values()) else "FAIL")
