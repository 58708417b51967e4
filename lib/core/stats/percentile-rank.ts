// How many samples a percentile needs, and where k6's percentile lies among few samples.

/** `1st`, `2nd`, `3rd`, `11th`, `22nd`. */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/**
 * The fewest samples a percentile p(q) needs before it differs from the maximum: 100 / (100 − q),
 * so that at least one sample lies above it (20 for p(95), 100 for p(99), 1000 for p(99.9)).
 */
export function percentileNeeds(q: number): number {
  return Math.ceil(100 / (100 - q) - 1e-9);
}

/**
 * Where k6's p(q) over n samples lies among them, in words. k6 interpolates at rank q·(n − 1) of the
 * sorted values (metrics/sink.go, TrendSink.P): `the highest value`, `the 3rd-highest value`, or
 * `between the 2nd-highest and the highest value`.
 */
export function percentilePosition(q: number, n: number): string {
  const rank = (q / 100) * (n - 1);
  const fromTop = (index: number) => n - index;
  const name = (k: number) => (k === 1 ? "the highest value" : `the ${ordinal(k)}-highest value`);
  const low = Math.floor(rank + 1e-9);
  if (Math.abs(rank - Math.round(rank)) < 1e-9) return name(fromTop(Math.round(rank)));
  return `between ${name(fromTop(low)).replace(/ value$/, "")} and ${name(fromTop(low + 1))}`;
}
