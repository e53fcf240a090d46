"""wgpu-py contender: the workloads of bench/workloads.mjs with wgpu-py (same libwgpu_native).

Usage: python3 bench/wgpu_py_bench.py [--out=FILE] [--only=k1,k2] [--runs=N --getter_n=N ...]  (keys: bench/params.mjs)
Prints one JSON object with the same row keys as the JS and C contenders. Pure Python (no numpy needed).
Set WGPU_LIB_PATH to use a given libwgpu_native (the runner points it at vendor/wgpu-native when present).
"""

import json
import os
import sys
import time
import traceback
from array import array

import wgpu

HERE = os.path.dirname(os.path.abspath(__file__))

P = dict(runs=7, getter_n=1_000_000, compute_iters=10_000, draws=10_000, create_n=2_000, bg_n=2_000,
         small_write_n=10_000, big_bytes=64 << 20, tex_w=3840, tex_h=2160, lat_n=200, mm_n=1024, mm_reps=8)
out_path = None
only = None
for a in sys.argv[1:]:
    if a.startswith("--out="):
        out_path = a[6:]
    elif a.startswith("--only="):
        only = a[7:].split(",")
    elif a.startswith("--") and "=" in a:
        k, v = a[2:].split("=", 1)
        if k in P:
            P[k] = int(float(v))

BU = wgpu.BufferUsage
TU = wgpu.TextureUsage
MAP = wgpu.MapMode
STAGE = wgpu.ShaderStage

now = time.perf_counter
sink = 0


def log(s):
    sys.stderr.write(f"[wgpu-py] {s}\n")
    sys.stderr.flush()


def shader(name):
    with open(os.path.join(HERE, "shaders", name)) as f:
        return f.read()


def stats(vals):
    v = sorted(vals)
    m = len(v) // 2
    med = v[m] if len(v) % 2 else (v[m - 1] + v[m]) / 2
    return dict(median=med, min=v[0], max=v[-1], runs=list(vals))


def measure(fn):
    fn(True)
    return stats([fn(False) for _ in range(P["runs"])])


NOTES = []
_done_mode = ["work_done"]


def done(device):
    """Waits for submitted work. wgpu-py 0.32.0's queue.on_submitted_work_done() raises with wgpu-native 29
    (its callback type lacks the WGPUStringView message argument); then fall back to device._poll_wait()
    (wgpuDevicePoll(wait=true)), the blocking wait wgpu-py itself uses, and say so in the output."""
    if _done_mode[0] == "work_done":
        try:
            device.queue.on_submitted_work_done_sync()
            return
        except TypeError as e:
            _done_mode[0] = "poll_wait"
            NOTES.append("queue.on_submitted_work_done() is broken in this wgpu-py (" + str(e).split(",")[0]
                         + "...); waits use device._poll_wait() = wgpuDevicePoll(wait=true) instead")
    device._poll_wait()


# ---------------------------------------------------------------------------------------------------------------
# 1. API-call overhead


def w1a_getter(device):
    buf = device.create_buffer(size=256, usage=BU.STORAGE)
    n = P["getter_n"]

    def run(warm):
        global sink
        s = 0
        t0 = now()
        for _ in range(n):
            s += buf.size
        t1 = now()
        assert s == 256 * n
        sink += s
        return (t1 - t0) * 1e9 / n

    r = measure(run)
    buf.destroy()
    return r


def compute_setup(device):
    module = device.create_shader_module(code=shader("compute_trivial.wgsl"))
    bgl = device.create_bind_group_layout(
        entries=[{"binding": 0, "visibility": STAGE.COMPUTE, "buffer": {"type": "storage"}}])
    layout = device.create_pipeline_layout(bind_group_layouts=[bgl])
    pipeline = device.create_compute_pipeline(layout=layout, compute={"module": module, "entry_point": "main"})
    buf = device.create_buffer(size=256, usage=BU.STORAGE | BU.COPY_SRC)
    bg = device.create_bind_group(layout=bgl, entries=[{"binding": 0, "resource": {"buffer": buf, "offset": 0, "size": 256}}])
    return dict(bgl=bgl, pipeline=pipeline, buf=buf, bg=bg)


def w1b_compute_encode(device):
    c = compute_setup(device)
    pipeline, bg = c["pipeline"], c["bg"]
    n = P["compute_iters"]

    def run(warm):
        t0 = now()
        enc = device.create_command_encoder()
        for _ in range(n):
            p = enc.begin_compute_pass()
            p.set_pipeline(pipeline)
            p.set_bind_group(0, bg)
            p.dispatch_workgroups(1)
            p.end()
        cb = enc.finish()
        t1 = now()
        device.queue.submit([cb])  # outside the timed region, as in workloads.mjs
        done(device)
        return (t1 - t0) * 1e9 / n

    r = measure(run)
    c["buf"].destroy()
    return r


def w1c_render_draw(device):
    module = device.create_shader_module(code=shader("render.wgsl"))
    bgl = device.create_bind_group_layout(entries=[{
        "binding": 0, "visibility": STAGE.FRAGMENT,
        "buffer": {"type": "uniform", "has_dynamic_offset": True, "min_binding_size": 16}}])
    layout = device.create_pipeline_layout(bind_group_layouts=[bgl])
    pipeline = device.create_render_pipeline(
        layout=layout,
        vertex={"module": module, "entry_point": "vs",
                "buffers": [{"array_stride": 8, "attributes": [{"shader_location": 0, "offset": 0, "format": "float32x2"}]}]},
        fragment={"module": module, "entry_point": "fs", "targets": [{"format": "rgba8unorm"}]},
        primitive={"topology": "triangle-list"},
    )
    vb = device.create_buffer(size=24, usage=BU.VERTEX | BU.COPY_DST)
    device.queue.write_buffer(vb, 0, array("f", [-0.5, -0.5, 0.5, -0.5, 0.0, 0.5]))
    ub = device.create_buffer(size=256 * 256, usage=BU.UNIFORM | BU.COPY_DST)
    colors = array("f", [0.0]) * (256 * 256 // 4)
    for i in range(256):
        colors[i * 64:i * 64 + 4] = array("f", [(i % 7) / 7, (i % 5) / 5, (i % 3) / 3, 1.0])
    device.queue.write_buffer(ub, 0, colors)
    bg = device.create_bind_group(layout=bgl, entries=[{"binding": 0, "resource": {"buffer": ub, "offset": 0, "size": 16}}])
    target = device.create_texture(size=(64, 64, 1), format="rgba8unorm", usage=TU.RENDER_ATTACHMENT | TU.COPY_SRC)
    view = target.create_view()
    n = P["draws"]
    offs = [0]

    def run(warm):
        t0 = now()
        enc = device.create_command_encoder()
        p = enc.begin_render_pass(color_attachments=[{
            "view": view, "load_op": "clear", "store_op": "store", "clear_value": (0, 0, 0, 1)}])
        for i in range(n):
            p.set_pipeline(pipeline)
            p.set_vertex_buffer(0, vb)
            offs[0] = (i & 255) << 8
            p.set_bind_group(0, bg, offs)
            p.draw(3)
        p.end()
        cb = enc.finish()
        t1 = now()
        device.queue.submit([cb])
        done(device)
        return (t1 - t0) * 1e9 / n

    r = measure(run)
    vb.destroy()
    ub.destroy()
    target.destroy()
    return r


def w1d_create_buffer(device):
    n = P["create_n"]

    def run(warm):
        t0 = now()
        for _ in range(n):
            b = device.create_buffer(size=4096, usage=BU.UNIFORM | BU.COPY_DST)
            b.destroy()
        return (now() - t0) * 1e6 / n

    return measure(run)


def w1e_create_bind_group(device):
    c = compute_setup(device)
    bgl, buf = c["bgl"], c["buf"]
    n = P["bg_n"]

    def run(warm):
        t0 = now()
        for _ in range(n):
            bg = device.create_bind_group(layout=bgl, entries=[{"binding": 0, "resource": {"buffer": buf, "offset": 0, "size": 256}}])
            assert bg
        return (now() - t0) * 1e6 / n

    r = measure(run)
    buf.destroy()
    return r


# ---------------------------------------------------------------------------------------------------------------
# 2. Data movement


def pattern(nbytes, seed):
    """Same words as workloads.mjs: u32[i] = i * 2654435761 + seed (mod 2^32). numpy if present (fast)."""
    n = nbytes // 4
    try:
        import numpy as np

        a = np.arange(n, dtype=np.uint32)
        a *= np.uint32(2654435761)
        a += np.uint32(seed)
        return bytearray(a.tobytes())
    except ImportError:
        a = array("I")
        chunk = 1 << 16
        for base in range(0, n, chunk):
            a.extend([((i * 2654435761) + seed) & 0xFFFFFFFF for i in range(base, min(n, base + chunk))])
        return bytearray(a.tobytes())


def check_pattern(host, seed, what):
    m = memoryview(host).cast("B").cast("I")
    n = len(m)
    for i in (0, 1, 12345, n // 2, n - 1):
        want = (i * 2654435761 + seed) & 0xFFFFFFFF
        if m[i] != want:
            raise RuntimeError(f"{what}: word {i} is {m[i]}, expected {want}")


def check_buffer(device, buf, size, seed, what):
    rb = device.create_buffer(size=size, usage=BU.MAP_READ | BU.COPY_DST)
    enc = device.create_command_encoder()
    enc.copy_buffer_to_buffer(buf, 0, rb, 0, size)
    device.queue.submit([enc.finish()])
    rb.map_sync(MAP.READ)
    check_pattern(rb.read_mapped(copy=False), seed, what)
    rb.unmap()
    rb.destroy()


def w2a_write_small(device):
    buf = device.create_buffer(size=256, usage=BU.STORAGE | BU.COPY_DST)
    data = bytes([7] * 16)
    n = P["small_write_n"]
    q = device.queue

    def run(warm):
        t0 = now()
        for _ in range(n):
            q.write_buffer(buf, 0, data)
        t1 = now()
        q.submit([])
        done(device)
        return (t1 - t0) * 1e6 / n

    r = measure(run)
    buf.destroy()
    return r


def w2b_write_big(device, host):
    size = P["big_bytes"]
    buf = device.create_buffer(size=size, usage=BU.STORAGE | BU.COPY_DST | BU.COPY_SRC)

    def run(warm):
        t0 = now()
        device.queue.write_buffer(buf, 0, host)
        device.queue.submit([])
        done(device)
        return size / (now() - t0) / 1e9

    r = measure(run)
    check_buffer(device, buf, size, 1, "2b write_buffer")
    buf.destroy()
    return r


def w2c_readback(device, host_pattern):
    size = P["big_bytes"]
    src = device.create_buffer(size=size, usage=BU.STORAGE | BU.COPY_DST | BU.COPY_SRC)
    device.queue.write_buffer(src, 0, host_pattern)
    rb = device.create_buffer(size=size, usage=BU.MAP_READ | BU.COPY_DST)
    host = bytearray(b"\x01") * size
    hv = memoryview(host)

    def run(warm):
        host[0] = 0
        t0 = now()
        enc = device.create_command_encoder()
        enc.copy_buffer_to_buffer(src, 0, rb, 0, size)
        device.queue.submit([enc.finish()])
        rb.map_sync(MAP.READ)
        hv[:] = rb.read_mapped(copy=False)
        rb.unmap()
        t1 = now()
        check_pattern(host, 2, "2c readback")
        return size / (t1 - t0) / 1e9

    r = measure(run)
    src.destroy()
    rb.destroy()
    return r


def w2d_mapped_write(device, host):
    size = P["big_bytes"]
    staging = device.create_buffer(size=size, usage=BU.MAP_WRITE | BU.COPY_SRC)
    dst = device.create_buffer(size=size, usage=BU.STORAGE | BU.COPY_DST | BU.COPY_SRC)

    def run(warm):
        t0 = now()
        staging.map_sync(MAP.WRITE)
        staging.write_mapped(host)
        staging.unmap()
        enc = device.create_command_encoder()
        enc.copy_buffer_to_buffer(staging, 0, dst, 0, size)
        device.queue.submit([enc.finish()])
        done(device)
        return size / (now() - t0) / 1e9

    r = measure(run)
    check_buffer(device, dst, size, 3, "2d mapped write")
    staging.destroy()
    dst.destroy()
    return r


def tex_args():
    w, h = P["tex_w"], P["tex_h"]
    return w, h, w * 4, w * 4 * h


def w2e_tex_upload(device, host):
    w, h, bpr, size = tex_args()
    tex = device.create_texture(size=(w, h, 1), format="rgba8unorm", usage=TU.COPY_DST | TU.COPY_SRC)

    def run(warm):
        t0 = now()
        device.queue.write_texture({"texture": tex}, host, {"bytes_per_row": bpr, "rows_per_image": h}, (w, h, 1))
        device.queue.submit([])
        done(device)
        return size / (now() - t0) / 1e9

    r = measure(run)
    rb = device.create_buffer(size=size, usage=BU.MAP_READ | BU.COPY_DST)
    enc = device.create_command_encoder()
    enc.copy_texture_to_buffer({"texture": tex}, {"buffer": rb, "bytes_per_row": bpr, "rows_per_image": h}, (w, h, 1))
    device.queue.submit([enc.finish()])
    rb.map_sync(MAP.READ)
    check_pattern(rb.read_mapped(copy=False), 4, "2e texture upload")
    rb.unmap()
    rb.destroy()
    tex.destroy()
    return r


def w2f_tex_readback(device, host_pattern):
    w, h, bpr, size = tex_args()
    tex = device.create_texture(size=(w, h, 1), format="rgba8unorm", usage=TU.COPY_DST | TU.COPY_SRC)
    device.queue.write_texture({"texture": tex}, host_pattern, {"bytes_per_row": bpr, "rows_per_image": h}, (w, h, 1))
    rb = device.create_buffer(size=size, usage=BU.MAP_READ | BU.COPY_DST)
    host = bytearray(b"\x01") * size
    hv = memoryview(host)

    def run(warm):
        host[0] = 0
        t0 = now()
        enc = device.create_command_encoder()
        enc.copy_texture_to_buffer({"texture": tex}, {"buffer": rb, "bytes_per_row": bpr, "rows_per_image": h}, (w, h, 1))
        device.queue.submit([enc.finish()])
        rb.map_sync(MAP.READ)
        hv[:] = rb.read_mapped(copy=False)
        rb.unmap()
        t1 = now()
        check_pattern(host, 5, "2f texture readback")
        return size / (t1 - t0) / 1e9

    r = measure(run)
    rb.destroy()
    tex.destroy()
    return r


def w2g_memcpy(device, src):
    size = len(src)
    dst = bytearray(b"\x01") * size
    dv, sv = memoryview(dst), memoryview(src)

    def run(warm):
        global sink
        t0 = now()
        dv[:] = sv
        t1 = now()
        sink += dst[-1]
        return size / (t1 - t0) / 1e9

    return measure(run)


# ---------------------------------------------------------------------------------------------------------------
# 3. Latency


def w3a_map_roundtrip(device):
    buf = device.create_buffer(size=4096, usage=BU.MAP_READ | BU.COPY_DST)
    n = P["lat_n"]

    def run(warm):
        t0 = now()
        for _ in range(n):
            buf.map_sync(MAP.READ)
            buf.unmap()
        return (now() - t0) * 1e6 / n

    r = measure(run)
    buf.destroy()
    return r


def w3b_submit_done(device):
    n = P["lat_n"]

    def run(warm):
        t0 = now()
        for _ in range(n):
            device.queue.submit([device.create_command_encoder().finish()])
            done(device)
        return (now() - t0) * 1e6 / n

    return measure(run)


# ---------------------------------------------------------------------------------------------------------------
# 4. matmul


def mmA(i, k):
    return (((i * 3 + k * 5) % 17) - 8) / 8


def mmB(k, j):
    return (((k * 7 + j * 11) % 13) - 6) / 8


def w4_matmul(device):
    n = P["mm_n"]
    assert n % 64 == 0
    A = array("f", [mmA(i, k) for i in range(n) for k in range(n)])
    B = array("f", [mmB(k, j) for k in range(n) for j in range(n)])
    nbytes = n * n * 4
    bufA = device.create_buffer(size=nbytes, usage=BU.STORAGE | BU.COPY_DST)
    bufB = device.create_buffer(size=nbytes, usage=BU.STORAGE | BU.COPY_DST)
    bufC = device.create_buffer(size=nbytes, usage=BU.STORAGE | BU.COPY_SRC)
    dims = device.create_buffer(size=16, usage=BU.UNIFORM | BU.COPY_DST)
    device.queue.write_buffer(bufA, 0, A)
    device.queue.write_buffer(bufB, 0, B)
    device.queue.write_buffer(dims, 0, array("I", [n, 0, 0, 0]))
    module = device.create_shader_module(code=shader("matmul.wgsl"))
    ro = {"type": "read-only-storage"}
    bgl = device.create_bind_group_layout(entries=[
        {"binding": 0, "visibility": STAGE.COMPUTE, "buffer": ro},
        {"binding": 1, "visibility": STAGE.COMPUTE, "buffer": ro},
        {"binding": 2, "visibility": STAGE.COMPUTE, "buffer": {"type": "storage"}},
        {"binding": 3, "visibility": STAGE.COMPUTE, "buffer": {"type": "uniform"}},
    ])
    pipeline = device.create_compute_pipeline(
        layout=device.create_pipeline_layout(bind_group_layouts=[bgl]), compute={"module": module, "entry_point": "main"})
    bg = device.create_bind_group(layout=bgl, entries=[
        {"binding": i, "resource": {"buffer": b, "offset": 0, "size": b.size}} for i, b in enumerate([bufA, bufB, bufC, dims])])
    reps = P["mm_reps"]
    g = n // 64

    def run(warm):
        t0 = now()
        enc = device.create_command_encoder()
        p = enc.begin_compute_pass()
        p.set_pipeline(pipeline)
        p.set_bind_group(0, bg)
        for _ in range(reps):
            p.dispatch_workgroups(g, g)
        p.end()
        device.queue.submit([enc.finish()])
        done(device)
        t1 = now()
        return 2 * n * n * n * reps / (t1 - t0) / 1e9

    r = measure(run)
    rb = device.create_buffer(size=nbytes, usage=BU.MAP_READ | BU.COPY_DST)
    enc = device.create_command_encoder()
    enc.copy_buffer_to_buffer(bufC, 0, rb, 0, nbytes)
    device.queue.submit([enc.finish()])
    rb.map_sync(MAP.READ)
    C = rb.read_mapped().cast("f")
    rb.unmap()
    max_err = 0.0
    for s in range(256):
        i, j = (s * 37 + 5) % n, (s * 101 + 13) % n
        acc = sum(mmA(i, k) * mmB(k, j) for k in range(n))
        max_err = max(max_err, abs(acc - C[i * n + j]))
    for b in (bufA, bufB, bufC, dims, rb):
        b.destroy()
    r["check"] = dict(max_abs_err=max_err, ok=max_err <= 1e-3)
    if max_err > 1e-3:
        raise RuntimeError(f"matmul wrong: max abs error {max_err}")
    return r


# ---------------------------------------------------------------------------------------------------------------


def main():
    result = dict(contender="wgpu-py", runtime=f"python {sys.version.split()[0]}", params=P,
                  version=f"wgpu-py {wgpu.__version__}")
    code = 0
    try:
        try:
            from wgpu.backends.wgpu_native import _ffi
            v = _ffi.lib.wgpuGetVersion()
            result["version"] += f" on wgpu-native {v >> 24 & 255}.{v >> 16 & 255}.{v >> 8 & 255}.{v & 255}"
        except Exception:
            pass
        adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
        info = dict(adapter.info)
        result["adapter"] = {k: str(info.get(k, "")) for k in ("vendor", "architecture", "device", "description", "backend_type")}
        log(f"adapter: {result['adapter']}")
        big = P["big_bytes"]
        _, _, _, tsize = tex_args()
        pats = {}

        def pat(seed, size):
            if (seed, size) not in pats:
                pats[(seed, size)] = pattern(size, seed)
            return pats[(seed, size)]

        workloads = [
            ("1a_getter", lambda device: w1a_getter(device)),
            ("1b_compute_encode", lambda device: w1b_compute_encode(device)),
            ("1c_render_draw", lambda device: w1c_render_draw(device)),
            ("1d_create_buffer", lambda device: w1d_create_buffer(device)),
            ("1e_create_bind_group", lambda device: w1e_create_bind_group(device)),
            ("2a_write_small", lambda device: w2a_write_small(device)),
            ("2b_write_big", lambda device: w2b_write_big(device, pat(1, big))),
            ("2c_readback", lambda device: w2c_readback(device, pat(2, big))),
            ("2d_mapped_write", lambda device: w2d_mapped_write(device, pat(3, big))),
            ("2e_tex_upload", lambda device: w2e_tex_upload(device, pat(4, tsize))),
            ("2f_tex_readback", lambda device: w2f_tex_readback(device, pat(5, tsize))),
            ("2g_memcpy", lambda device: w2g_memcpy(device, pat(6, big))),
            ("3a_map_roundtrip", lambda device: w3a_map_roundtrip(device)),
            ("3b_submit_done", lambda device: w3b_submit_done(device)),
            ("4_matmul", lambda device: w4_matmul(device)),
        ]
        rows, errors = {}, {}
        for key, fn in workloads:
            if only and key not in only:
                continue
            t0 = now()
            device = None
            try:
                # a fresh adapter + device per workload, as in workloads.mjs / floor.c
                device = wgpu.gpu.request_adapter_sync(power_preference="high-performance").request_device_sync()
                rows[key] = fn(device)
                log(f"{key}: median {rows[key]['median']:.4g} ({now() - t0:.1f} s)")
            except Exception as e:
                errors[key] = " | ".join(traceback.format_exception_only(type(e), e)).strip()
                log(f"{key}: FAILED {errors[key]}")
            pats.clear()
            if device is not None:
                device._poll_wait()
                device.destroy()
        result["rows"], result["errors"] = rows, errors
        if NOTES:
            result["notes"] = NOTES
    except Exception as e:
        result["fatal"] = "".join(traceback.format_exception_only(type(e), e)).strip()
        log(f"FATAL {result['fatal']}")
        code = 1
    text = json.dumps(result, indent=1)
    if out_path:
        with open(out_path, "w") as f:
            f.write(text)
    else:
        print(text)
    sys.stdout.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
