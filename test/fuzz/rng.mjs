// A small seeded PRNG (splitmix32-style mixing over a 32-bit state). Same seed, same sequence, on every
// machine and Node version: nothing here depends on Math.random or on iteration order of hash maps.

export class Rng {
  constructor(seed) {
    this.s = (Number(seed) ^ 0x9e3779b9) >>> 0;
    // Warm up so neighbouring seeds diverge immediately.
    for (let i = 0; i < 4; i++) this.u32();
  }

  u32() {
    this.s = (this.s + 0x9e3779b9) >>> 0;
    let z = this.s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** float in [0, 1) */
  f() { return this.u32() / 4294967296; }
  /** integer in [0, n) */
  int(n) { return n <= 0 ? 0 : Math.floor(this.f() * n); }
  /** integer in [a, b] */
  range(a, b) { return a + this.int(b - a + 1); }
  chance(p) { return this.f() < p; }
  pick(list) { return list[this.int(list.length)]; }
  /** weighted pick: entries [weight, value] */
  weighted(entries) {
    let total = 0;
    for (const [w] of entries) total += w;
    let x = this.f() * total;
    for (const [w, v] of entries) { if ((x -= w) < 0) return v; }
    return entries[entries.length - 1][1];
  }
}
