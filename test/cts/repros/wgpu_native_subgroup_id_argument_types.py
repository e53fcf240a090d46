# Upstream (naga in wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved): WGSL lets the id argument of
# subgroupBroadcast, subgroupShuffle and quadBroadcast be i32 or u32, and the mask/delta of subgroupShuffleXor/Up/Down
# is u32 (so an AbstractInt literal converts to it), but naga accepts only a u32 expression there: subgroupBroadcast(v, 0)
# (the literal becomes i32), subgroupShuffle(v, 1i) and subgroupShuffleXor(v, 1) are refused with "Subgroup operation is
# invalid". dawn.node compiles all of them.
# CTS: webgpu:shader,execution,shader_io,compute_builtins:subgroup_invocation_id (subgroupBroadcast(gid, 0)).
# In wgpu-ts: worked around, guards/shader-source.ts rewriteSubgroupIds makes the argument u32.
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_subgroup_id_argument_types.py
import wgpu

adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
device = adapter.request_device_sync(required_features=["subgroup"])
refused = 0
for call in ["subgroupBroadcast(v, 0u)", "subgroupBroadcast(v, 0)", "subgroupBroadcast(v, 0i)", "subgroupShuffle(v, 1i)",
             "subgroupShuffleXor(v, 1)", "subgroupShuffleDown(v, 1)", "quadBroadcast(v, 0)"]:
    code = f"""
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(64) fn main(@builtin(local_invocation_index) i: u32) {{ let v = i; out[i] = {call}; }}"""
    try:
        device.create_shader_module(code=code)
        print(f"{call}: compiles")
    except Exception as e:
        lines = [l.strip() for l in str(e).splitlines() if l.strip().startswith("=")]
        print(f"{call}: refused {lines}")
        if "0u" not in call:
            refused += 1
        else:
            raise SystemExit(f"the u32 form is refused too: {e}")
print("PASS" if refused == 0 else "FAIL")
