// Seeded random numbers for the bootstrap: the same seed gives the same interval on every machine.

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * A seeded uniform generator (mulberry32: 32 bits of state, period 2^32), reproducible across runs
 * and platforms; `seed` is any integer.
 * @example const random = seededRandom(18); random(); // 0 <= x < 1, the same on every run
 */
export function seededRandom(seed: number): Random {
  if (!Number.isInteger(seed)) throw new RangeError(`seededRandom(): \`seed\` must be an integer, got ${String(seed)}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller). */
export function normalDraw(random: Random): number {
  let u = random();
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, 1) draw for shape >= 1 (Marsaglia and Tsang, 2000). */
export function gammaDraw(shape: number, random: Random): number {
  if (!(shape >= 1)) throw new RangeError(`gammaDraw(): \`shape\` must be >= 1, got ${shape}`);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalDraw(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(a, b) draw for a, b >= 1, as G(a) / (G(a) + G(b)). */
export function betaDraw(a: number, b: number, random: Random): number {
  const x = gammaDraw(a, random);
  return x / (x + gammaDraw(b, random));
}
