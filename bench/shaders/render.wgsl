// Minimal pipeline for the render encode loop (1c): one vertex buffer, one dynamic-offset uniform.
struct U { color: vec4f }
@group(0) @binding(0) var<uniform> u: U;
@vertex fn vs(@location(0) p: vec2f) -> @builtin(position) vec4f { return vec4f(p, 0.0, 1.0); }
@fragment fn fs() -> @location(0) vec4f { return u.color; }
