# Upstream (naga in wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved): the WGSL language extension
# swizzle_assignment is missing: `requires swizzle_assignment;` is an unknown extension, and an assignment to a
# multi-component swizzle (`v.zx = vec2u(8, 9);`, `v.xy += ...`) is refused ("invalid left-hand side of
# assignment", "WGSL does not support assignments to swizzles"). dawn.node lists the extension and compiles both.
# CTS: webgpu:shader,execution,statement,swizzle_assignment:* (skipped where the extension is not listed).
# In wgpu-ts: implemented by guards/swizzle-assignment.ts (one store per component).
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_no_swizzle_assignment.py
import wgpu

adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
device = adapter.request_device_sync()
ok = {}
for name, code in {
    "v.x = 8u (one component)": "var v = vec4u(1); v.x = 8u; out = v;",
    "v.zx = vec2u(8, 9)": "var v = vec4u(1); v.zx = vec2u(8, 9); out = v;",
    "v.xy += vec2u(1, 2)": "var v = vec4u(1); v.xy += vec2u(1, 2); out = v;",
    "requires swizzle_assignment;": None,
}.items():
    src = ("requires swizzle_assignment;\n@group(0) @binding(0) var<storage, read_write> out: vec4u;\n@compute @workgroup_size(1) fn main() {}"
           if code is None else
           f"@group(0) @binding(0) var<storage, read_write> out: vec4u;\n@compute @workgroup_size(1) fn main() {{ {code} }}")
    try:
        device.create_shader_module(code=src)
        ok[name] = True
        print(f"{name}: compiles")
    except Exception as e:
        ok[name] = False
        print(f"{name}: refused {[l.strip() for l in str(e).splitlines() if 'error' in l or 'note' in l][:2]}")
print("PASS" if all(ok.values()) else "FAIL")
