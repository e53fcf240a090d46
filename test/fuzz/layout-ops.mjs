// Fuzzer operation for the layout of structs with @align and @size members (guards/struct-align.ts; merged into
// the op table by sequence.mjs):
//   structLayout: a random struct tree (u32 and vecN<u32> leaves, nested structs and fixed-size arrays, members
//     with random @align and @size) in a storage buffer; the shader stores a distinct value into every leaf
//     component, and the host finds each value at the offset WGSL's layout rules give (computed here) and no
//     other non-zero word. naga deriving a struct's alignment without its members' @align, or a rewrite that
//     moves a member, shows here.

const LEAVES = [[1, 4, 4], [2, 8, 8], [3, 16, 12], [4, 16, 16]]; // [components, AlignOf, SizeOf] of u32 / vecN<u32>

function genType(rng, depth) {
  const k = depth >= 3 ? "leaf" : rng.weighted([[3, "leaf"], [2, "struct"], [1, "array"]]);
  if (k === "leaf") return { k, l: rng.int(LEAVES.length) };
  if (k === "array") return { k, n: rng.range(1, 3), e: genType(rng, depth + 1) };
  return {
    k, m: Array.from({ length: rng.range(1, 3) }, () => ({
      t: genType(rng, depth + 1),
      align: rng.chance(0.35) ? rng.pick([4, 8, 16, 32, 64]) : 0,
      extra: rng.chance(0.2) ? rng.pick([4, 12, 20]) : 0, // @size = SizeOf + extra
    })),
  };
}

export const LAYOUT_GEN = {
  structLayout: [1, (rng) => [{ root: { k: "struct", m: Array.from({ length: rng.range(2, 4) }, () => ({ t: genType(rng, 1), align: rng.chance(0.3) ? rng.pick([8, 16, 64]) : 0, extra: 0 })) } }]],
};

const roundUp = (a, n) => Math.ceil(n / a) * a;

/** WGSL for a spec, the [offset, value] of every leaf component, and the buffer size (WGSL's rules). */
export function structLayoutWgsl(spec) {
  const structs = [];
  const layout = (t) => {
    if (t.k === "leaf") { const [, align, size] = LEAVES[t.l]; return { align, size, name: t.l ? `vec${LEAVES[t.l][0]}<u32>` : "u32" }; }
    if (t.k === "array") {
      const e = layout(t.e);
      return { align: e.align, size: t.n * roundUp(e.align, e.size), name: `array<${e.name}, ${t.n}>`, e };
    }
    let offset = 0, align = 1;
    const members = t.m.map((m) => {
      const l = layout(m.t);
      // WGSL: an @align value must be a multiple of the type's alignment (all powers of two here)
      const attr = m.align ? Math.max(m.align, l.align) : 0;
      const a = attr || l.align;
      const size = l.size + m.extra;
      offset = roundUp(a, offset);
      const r = { l, offset, attr, size, m };
      offset += size;
      align = Math.max(align, a);
      return r;
    });
    const name = `S${structs.length}`;
    structs.push(null);
    structs[Number(name.slice(1))] = `struct ${name} { ${members.map((r, i) => `${r.attr ? `@align(${r.attr}) ` : ""}${r.m.extra ? `@size(${r.size}) ` : ""}f${i} : ${r.l.name}`).join(", ")} }`;
    return { align, size: roundUp(align, offset), name, members };
  };
  const root = layout(spec.root);
  const stores = [];
  const words = [];
  let value = 1;
  const walk = (t, l, place, base) => {
    if (t.k === "leaf") {
      const n = LEAVES[t.l][0];
      const vals = Array.from({ length: n }, (_, i) => value + i);
      vals.forEach((v, i) => words.push([base + 4 * i, v]));
      stores.push(`${place} = ${n === 1 ? `${vals[0]}u` : `vec${n}<u32>(${vals.map((v) => `${v}u`).join(", ")})`};`);
      value += n;
    } else if (t.k === "array") {
      const stride = roundUp(l.e.align, l.e.size);
      for (let i = 0; i < t.n; i++) walk(t.e, l.e, `${place}[${i}]`, base + i * stride);
    } else {
      l.members.forEach((r, i) => walk(r.m.t, r.l, `${place}.f${i}`, base + r.offset));
    }
  };
  walk(spec.root, root, "out", 0);
  const code = `${structs.join("\n")}
@group(0) @binding(0) var<storage, read_write> out : ${root.name};
@compute @workgroup_size(1) fn main() { ${stores.join(" ")} }
`;
  return { code, words, size: root.size };
}

/** Handlers; `lost()` says whether the sequence destroyed the device (then nothing reports errors). */
export function layoutHandlers({ device, fail, lost, withTimeout }) {
  return {
    async structLayout(spec) {
      if (lost()) return;
      const { code, words, size } = structLayoutWgsl(spec);
      if (size > 16384) return; // keep the buffers small; such trees are rare
      device.pushErrorScope("validation");
      const module = device.createShaderModule({ code });
      const pipeline = device.createComputePipeline({ layout: "auto", compute: { module } });
      const buf = device.createBuffer({ size, usage: 0x80 | 0x4 }); // STORAGE | COPY_SRC
      const read = device.createBuffer({ size, usage: 0x1 | 0x8 }); // MAP_READ | COPY_DST
      const e = device.createCommandEncoder();
      const p = e.beginComputePass();
      p.setPipeline(pipeline);
      p.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] }));
      p.dispatchWorkgroups(1);
      p.end();
      e.copyBufferToBuffer(buf, 0, read, 0, size);
      device.queue.submit([e.finish()]);
      const error = await device.popErrorScope();
      if (lost()) return;
      if (error) return fail(`structLayout: a valid shader was refused: ${error.message.split("\n")[0]}\n${code}`);
      await withTimeout(read.mapAsync(1), 15_000, "structLayout mapAsync");
      const got = new Uint32Array(read.getMappedRange().slice(0));
      read.unmap();
      buf.destroy();
      read.destroy();
      const wrong = words.filter(([offset, v]) => got[offset / 4] !== v);
      const stray = got.reduce((n, w) => n + (w !== 0 ? 1 : 0), 0) - (words.length - wrong.length);
      if (wrong.length || stray) fail(`structLayout: ${wrong.length} leaf values not at WGSL's offsets (first: ${JSON.stringify(wrong[0])}), ${stray} stray words\n${code}`);
    },
  };
}
