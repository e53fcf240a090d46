// Trivial kernel for the encode-overhead loop (1b).
@group(0) @binding(0) var<storage, read_write> b: array<u32>;
@compute @workgroup_size(1)
fn main() { b[0] = b[0] + 1u; }
