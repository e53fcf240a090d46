# Upstream (naga 29 in wgpu-native 29.0.1.1, through wgpu-py 0.32.0, no wgpu-ts involved): three rules of WGSL's
# @size/@align member attributes that naga applies differently.
# - `@size(2147483647) a: f32` is a valid member (a size is any positive i32/u32 const-expression at least the type's
#   size), but naga refuses the struct ("type is too large").
# - `@size(64)` on a runtime-sized array member is a shader-creation error (@size needs a creation-fixed footprint);
#   naga accepts it.
# - `@align(2147483648)` is a shader-creation error (the attribute takes an i32 or u32 const-expression; the
#   AbstractInt 2147483648 becomes an i32 there, which it does not fit); naga accepts it.
# CTS: webgpu:shader,validation,shader_io,size:size:attr="large", size:size_creation_fixed_footprint:array_size="",
# webgpu:shader,validation,shader_io,align:parsing:align="larger_than_max_i32".
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_size_align_attribute_rules.py
import wgpu

device = wgpu.gpu.request_adapter_sync(power_preference="high-performance").request_device_sync()


def compiles(code):
    try:
        device.create_shader_module(code=code)
        return True
    except Exception:
        return False


cases = [
    ("@size(2147483647) on f32 (valid)", "struct S { @size(2147483647) a: f32, };\n@compute @workgroup_size(1) fn main() {}", True),
    ("@size(64) on a runtime-sized array (invalid)",
     "struct S { @size(64) a: array<f32>, };\n@group(0) @binding(0) var<storage> s: S;\n"
     "@compute @workgroup_size(1) fn main() { _ = s.a[0]; }", False),
    ("@align(2147483648) (invalid)", "struct B { @align(2147483648) a: i32, }\n@compute @workgroup_size(1) fn main() {}", False),
]
ok = True
for name, code, valid in cases:
    got = compiles(code)
    print(f"{name}: naga {'compiles' if got else 'refuses'} it (WGSL: {'valid' if valid else 'invalid'})")
    ok = ok and got == valid
print("PASS" if ok else "FAIL")
