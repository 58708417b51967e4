// How much wider a percentile's sampling noise is when requests that complete close together share the
// machine's state (a stall delays every request in flight), than if each request were independent.
import { normalQuantile, tQuantile } from "./quantile-shift.ts";

/** Fewest time blocks the design effect is estimated from; with fewer, requests are taken as independent (1). */
export const MIN_DESIGN_BLOCKS = 4;

/** A percentile's design effect and the blocks it was estimated from. */
export interface DesignEffect {
  /** The variance over the variance of independent values, at least 1. */
  value: number;
  /** Time blocks that hold values. */
  blocks: number;
}

/**
 * The design effect of the `p`-th percentile (0..100) of `sorted` (ascending), whose values fall in the
 * time blocks `blocks` (block of each value, aligned with `sorted`): the variance of the share of values
 * at or below the percentile, estimated from the spread of that share across blocks (the cluster
 * estimator), over the variance p(1 − p)/n it would have if the values were independent. At least 1;
 * 1 when fewer than {@link MIN_DESIGN_BLOCKS} blocks hold values. The percentile's variance is about
 * this many times the one an independent bootstrap sees.
 * @example designEffect(Float64Array.from([1, 2, 3, 4]), Uint32Array.from([0, 1, 2, 3]), 50) // { value: 1, blocks: 4 }
 */
export function designEffect(sorted: Float64Array, blocks: Uint32Array, p: number): DesignEffect {
  const n = sorted.length;
  if (blocks.length !== n) throw new RangeError(`designEffect(): \`blocks\` must hold one block per value, got ${blocks.length} for ${n}`);
  if (n === 0) return { value: 1, blocks: 0 };
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
  const share = rank / n;
  const distinct = new Set(blocks).size;
  if (share >= 1) return { value: 1, blocks: distinct };
  const below = new Map<number, number>();
  const sizes = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const block = blocks[i]!;
    sizes.set(block, (sizes.get(block) ?? 0) + 1);
    if (i < rank) below.set(block, (below.get(block) ?? 0) + 1);
  }
  const count = sizes.size;
  if (count < MIN_DESIGN_BLOCKS) return { value: 1, blocks: count };
  let squares = 0;
  for (const [block, size] of sizes) squares += ((below.get(block) ?? 0) - share * size) ** 2;
  const clustered = ((count / (count - 1)) * squares) / n ** 2;
  const independent = (share * (1 - share)) / n;
  return { value: Math.max(1, clustered / independent), blocks: count };
}

/**
 * The factor an interval at two-sided `level` is widened by, as a variance: the design effect, times
 * (t(blocks − 1) / z)² when it was estimated from the blocks, since a variance estimated from few blocks
 * is itself uncertain (Student's t with one degree of freedom fewer than the blocks). 1 for independent values.
 */
export function intervalInflation(effect: DesignEffect, level: number): number {
  if (effect.blocks < MIN_DESIGN_BLOCKS) return 1;
  const q = 1 - (1 - level) / 2;
  return effect.value * (tQuantile(q, effect.blocks - 1) / normalQuantile(q)) ** 2;
}
