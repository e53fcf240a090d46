# Upstream limit (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved): a command buffer that is
# finished and released but never submitted keeps its memory until the device goes away. Issue 15, "unsubmitted
# encoders": wgpu-ts cannot free what wgpu-native keeps; its compute-pass coalescing only makes each such buffer
# hold one native pass instead of one per logical pass (bench row 5c; BENCHMARKS.md, Issue 15).
# Same work either way: 10 encoders x 200 compute passes per round; "submit" submits each command buffer,
# "unsubmitted" drops it after finish() (wgpu-py releases it at once: wgpuCommandBufferRelease).
# Run: pip install wgpu==0.32.0 && python3 bench/probes/unsubmitted_leak_wgpu_py.py
# Prints the RSS growth per command buffer for both modes; FAIL when dropping unsubmitted buffers grows memory.
import gc, resource, subprocess, sys
import wgpu

ROUNDS, ENCODERS, PASSES = 8, 10, 200


def run(mode):
    adapter = wgpu.gpu.request_adapter_sync()
    device = adapter.request_device_sync()
    code = "@group(0) @binding(0) var<storage, read_write> d: array<u32>;\n@compute @workgroup_size(1) fn main() { d[0] += 1u; }"
    pipeline = device.create_compute_pipeline(layout="auto", compute={"module": device.create_shader_module(code=code), "entry_point": "main"})
    buf = device.create_buffer(size=256, usage=wgpu.BufferUsage.STORAGE | wgpu.BufferUsage.COPY_SRC)
    bind_group = device.create_bind_group(layout=pipeline.get_bind_group_layout(0), entries=[{"binding": 0, "resource": {"buffer": buf}}])
    rss = []
    for _ in range(ROUNDS):
        for _ in range(ENCODERS):
            encoder = device.create_command_encoder()
            for _ in range(PASSES):
                p = encoder.begin_compute_pass()
                p.set_pipeline(pipeline)
                p.set_bind_group(0, bind_group)
                p.dispatch_workgroups(1)
                p.end()
            command_buffer = encoder.finish()
            if mode == "submit":
                device.queue.submit([command_buffer])
            del command_buffer, encoder
            gc.collect()
        device.queue.read_buffer(buf, 0, 4)  # waits for the submitted work
        rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    # Growth after the first round (allocator warm-up), per command buffer.
    return (rss[-1] - rss[0]) * 1024 / ((ROUNDS - 1) * ENCODERS)


if len(sys.argv) > 1:
    print(run(sys.argv[1]))
    sys.exit(0)
# Each mode in its own process, so one's peak RSS does not hide the other's.
growth = {m: float(subprocess.check_output([sys.executable, __file__, m], text=True).strip()) for m in ("submit", "unsubmitted")}
for m, kib in growth.items():
    print(f"{m}: RSS grows {kib:.0f} KiB per command buffer of {PASSES} passes")
print("PASS" if growth["unsubmitted"] < 64 else "FAIL")
