# Upstream limit (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved): the WGSL language feature
# "linear_indexing" (the compute builtins global_invocation_index and workgroup_index) is not supported: naga
# rejects both builtins ("unknown builtin") and the `requires linear_indexing;` directive. The instance cannot say
# so either: wgpuInstanceHasWGSLLanguageFeature and wgpuInstanceGetWGSLLanguageFeatures are not implemented (they
# panic; checked here in a child process), and wgpu-py's gpu.wgsl_language_features is empty. dawn.node on the same
# lavapipe lists linear_indexing and passes the CTS cases.
# CTS: webgpu:api,validation,dispatch:dispatch,linear_indexing_range:* and :dispatchIndirect,linear_indexing_range:*
# are skipped ("Missing linear_indexing language feature").
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_no_linear_indexing.py
import subprocess
import sys

import wgpu
from wgpu.backends.wgpu_native import lib

# The instance's own answer, in a child: the call aborts the process on this wgpu-native.
child = subprocess.run([sys.executable, "-c", (
    "from wgpu.backends.wgpu_native import lib\n"
    "from wgpu.backends.wgpu_native._helpers import get_wgpu_instance\n"
    "print(bool(lib.wgpuInstanceHasWGSLLanguageFeature(get_wgpu_instance(), lib.WGPUWGSLLanguageFeatureName_LinearIndexing)))\n"
)], capture_output=True, text=True)
answer = child.stdout.strip() or f"no answer (exit {child.returncode}: {'not implemented' if 'not implemented' in child.stderr else 'crash'})"
print(f"wgpuInstanceHasWGSLLanguageFeature(LinearIndexing = {lib.WGPUWGSLLanguageFeatureName_LinearIndexing}): {answer}; "
      f"wgpu.gpu.wgsl_language_features: {sorted(wgpu.gpu.wgsl_language_features)}")

adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
device = adapter.request_device_sync()


def compile_error(code):
    try:
        module = device.create_shader_module(code=code)
        device.create_compute_pipeline(layout="auto", compute={"module": module, "entry_point": "main"})
        return None
    except Exception as e:
        return next((l.strip() for l in str(e).splitlines() if "error" in l), str(e).splitlines()[0])


errors = {}
for builtin in ["global_invocation_index", "workgroup_index"]:
    errors[builtin] = compile_error(f"@compute @workgroup_size(1) fn main(@builtin({builtin}) i: u32) {{ _ = i; }}")
errors["requires linear_indexing"] = compile_error("requires linear_indexing;\n@compute @workgroup_size(1) fn main() {}")
# Control: a builtin naga knows compiles.
control = compile_error("@compute @workgroup_size(1) fn main(@builtin(local_invocation_index) i: u32) { _ = i; }")
for what, e in errors.items():
    print(f"{what}: {e or 'compiles'}")
print(f"control, @builtin(local_invocation_index): {control or 'compiles'}")
assert control is None, "the control shader must compile"
print("PASS" if answer == "True" and not any(errors.values()) else "FAIL")
