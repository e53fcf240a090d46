# Upstream difference (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved): createRenderPipeline
# with multisample.count 4 and a color target whose format cannot be multisampled (rgba32uint) is a validation
# error ("Sample count 4 is not supported by format Rgba32Uint on this device"). WebGPU checks a format's
# multisampling capability only when a texture is created (GPUTextureDescriptor.sampleCount); validating
# GPUFragmentState / GPUColorTargetState has no such rule, so the pipeline is valid (dawn.node creates it).
# CTS webgpu:api,validation,capability_checks,limits,maxColorAttachmentBytesPerSample:createRenderPipeline,at_over
# cases with sampleCount=4, whose target lists include rgba32uint.
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_pipeline_target_multisample_capability.py
import wgpu

device = wgpu.gpu.request_adapter_sync(power_preference="high-performance").request_device_sync()
module = device.create_shader_module(code="""
@vertex fn vs() -> @builtin(position) vec4f { return vec4f(0); }
@fragment fn fs() -> @location(0) vec4u { return vec4u(0); }
""")
errors = []
try:
    device.create_render_pipeline(
        layout="auto",
        vertex={"module": module, "entry_point": "vs"},
        fragment={"module": module, "entry_point": "fs", "targets": [{"format": "rgba32uint", "write_mask": 0}]},
        multisample={"count": 4})
except Exception as e:  # wgpu-py raises the validation error of the pipeline
    errors.append(str(e).strip().splitlines()[-1].strip())
print(f"rgba32uint target, multisample.count 4: {errors[0] if errors else 'created'} (WebGPU: created)")
print("PASS" if not errors else "FAIL")
