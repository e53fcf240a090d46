# Upstream bug (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved): @builtin(clip_distances) takes
# no inter-stage slot. WebGPU ("validating inter-stage interfaces"): a vertex stage writing clip_distances as
# array<f32, N> has ceil(N / 4) fewer user-defined outputs and @locations available out of
# maxInterStageShaderVariables; wgpu-core 29 deducts only point-list's slot. CTS
# webgpu:api,validation,capability_checks,features,clip_distances:* (every overLimit and too-high-location case).
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_clip_distances_not_counted.py
import wgpu

adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
device = adapter.request_device_sync(required_features=["clip-distances"])
limit = device.limits["max-inter-stage-shader-variables"]


def pipeline_error(outputs, clip):
    varyings = "".join(f"@location({i}) v{i}: vec4f," for i in range(outputs))
    code = f"""
    enable clip_distances;
    struct VSOut {{ @builtin(position) p: vec4f, {varyings} @builtin(clip_distances) c: array<f32, {clip}>, }}
    struct FSIn {{ {varyings} }}
    @vertex fn vs() -> VSOut {{ var o: VSOut; o.p = vec4f(0); return o; }}
    @fragment fn fs(i: FSIn) -> @location(0) vec4f {{ return vec4f(0); }}"""
    module = device.create_shader_module(code=code)
    try:
        device.create_render_pipeline(layout="auto", vertex={"module": module, "entry_point": "vs"},
                                      fragment={"module": module, "entry_point": "fs", "targets": [{"format": "rgba8unorm"}]})
        return None
    except Exception as e:
        return str(e).splitlines()[0]


fits = pipeline_error(limit - 1, 4)  # limit - 1 outputs + 1 slot of clip distances: valid
over = pipeline_error(limit, 4)  # limit outputs + 1 slot: WebGPU refuses it
print(f"maxInterStageShaderVariables {limit}: {limit - 1} outputs + clip_distances[4]: {fits or 'accepted'} (WebGPU: accepted); "
      f"{limit} outputs + clip_distances[4]: {over or 'accepted'} (WebGPU: a validation error)")
print("PASS" if fits is None and over is not None else "FAIL")
