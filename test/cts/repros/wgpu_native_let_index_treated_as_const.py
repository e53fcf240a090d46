# Upstream bug (naga 29 in wgpu-native 29.0.1.1, through wgpu-py 0.32.0, no wgpu-ts involved), worked around in
# wgpu-ts (guards/let-index.ts): naga's validator bounds-checks an index that is a `let` bound to a constant as if
# it were a const-expression, and refuses the module ("Accessing index 3 is out of [..] bounds", "via a negative
# index is invalid"). WGSL says a let-declared identifier is not a const-expression: such an access is a runtime
# access, kept in bounds by robust access (WGSL "Out-of-Bounds Access"), so the module is valid. A literal or a
# `const` index out of bounds is a shader-creation error, and naga's parser reports it (that part is right).
# Upstream: gfx-rs/wgpu issue 4390. CTS: webgpu:shader,execution,robust_access:linear_memory (every case).
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_let_index_treated_as_const.py
import wgpu

device = wgpu.gpu.request_adapter_sync(power_preference="high-performance").request_device_sync()

PRELUDE = "var<private> v: vec3<f32>; var<private> a: array<u32, 4>;\n"
cases = {
    # valid WGSL (let-bound indices are runtime values)
    "let i = 3u; v[i]": ("let i = 3u; _ = v[i];", True),
    "let i = -1; v[i]": ("let i = -1; _ = v[i];", True),
    "let i = 4u; a[i]": ("let i = 4u; _ = a[i];", True),
    # invalid WGSL (const-expression index out of bounds)
    "const c = 3u; v[c]": ("const c = 3u; _ = v[c];", False),
    "v[3u]": ("_ = v[3u];", False),
}
ok = True
for name, (body, valid) in cases.items():
    code = PRELUDE + "@compute @workgroup_size(1) fn main() { " + body + " }"
    try:
        device.create_shader_module(code=code)
        accepted, why = True, ""
    except Exception as e:  # wgpu-py raises GPUValidationError for an invalid module
        accepted = False
        why = next((line.strip() for line in str(e).splitlines() if "Accessing" in line or "out of bounds" in line), str(e).splitlines()[0])
    right = accepted == valid
    ok = ok and right
    print(f"{name:22} accepted={accepted} (WebGPU: {valid}) {'' if right else why}")
print("PASS" if ok else "FAIL")
