# Upstream difference (wgpu-native 29.0.1.1 through wgpu-py 0.32.0, no wgpu-ts involved):
# resolveQuerySet must write 0 for query slots that no submitted command wrote (WebGPU spec,
# resolveQuerySet; CTS webgpu:api,operation,command_buffer,queries,timestampQuery:unused_slots_are_zero
# and occlusionQuery:occlusion_query,unsubmitted_render_pass). wgpu-native leaves those 8-byte
# results untouched (Vulkan copies only available queries), so the destination keeps whatever it
# held: in the CTS, stale memory of an earlier test; here, bytes written on purpose.
# Run: pip install wgpu==0.32.0 && python3 test/cts/repros/wgpu_native_unwritten_queries_not_zero.py
import wgpu

adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
results = {}
for kind in ("occlusion", "timestamp"):
    if kind == "timestamp" and "timestamp-query" not in adapter.features:
        continue
    device = adapter.request_device_sync(required_features=["timestamp-query"] if kind == "timestamp" else [])
    query_set = device.create_query_set(type=kind, count=4)
    buf = device.create_buffer(size=32, usage=wgpu.BufferUsage.QUERY_RESOLVE | wgpu.BufferUsage.COPY_DST | wgpu.BufferUsage.COPY_SRC)
    device.queue.write_buffer(buf, 0, b"\xab" * 32)
    encoder = device.create_command_encoder()
    encoder.resolve_query_set(query_set, 0, 4, buf, 0)  # no slot was ever written
    device.queue.submit([encoder.finish()])
    results[kind] = bytes(device.queue.read_buffer(buf))
    print(f"{kind}: resolved bytes {results[kind].hex()} (WebGPU: all zero)")
print("PASS" if results and all(r == bytes(32) for r in results.values()) else "FAIL")
