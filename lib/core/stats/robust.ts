// Exact statistics over small arrays: percentiles, medians, ranks, Theil-Sen and Spearman.

/** Ascending copy of `values`. */
export function sorted(values: readonly number[]): number[] {
  return Array.from(Float64Array.from(values).sort());
}

/**
 * k6's percentile of `values` (0..100): linear interpolation between the two nearest ranks of the
 * sorted values, as `p(95)` in k6's summary; NaN when empty.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  const at = (Math.min(100, Math.max(0, p)) / 100) * (s.length - 1);
  const low = Math.floor(at);
  const high = Math.min(s.length - 1, low + 1);
  return s[low]! + (s[high]! - s[low]!) * (at - low);
}

/** The nearest-rank percentile (0..100): the value at rank ceil(p/100 · n) of the sorted values. */
export function nearestRank(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  if (p <= 0) return s[0]!;
  return s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1]!;
}

/** The median (mean of the two middle values for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** A distribution-free confidence interval for a median: see {@link medianInterval}. */
export interface MedianInterval {
  median: number;
  low: number;
  high: number;
  /** The interval's exact coverage, 0..1: at least the level asked, or the most n values can give. */
  level: number;
}

/**
 * The median of `values` and the interval between the k-th smallest and the k-th largest of them
 * that holds the true median with at least `level` (0..1), for any distribution: the count of values
 * below the median is Binomial(n, ½), so the interval misses it with chance 2·P(B ≤ k − 1), and k is
 * the largest that keeps that within 1 − `level`. Too few values for `level` (5 give 93.75% at most)
 * give the smallest and largest, with the coverage they have. NaN throughout when empty.
 * @example medianInterval([0.93, 1.02, 0.98, 1.05, 0.99, 1.01, 0.97, 1.04, 1.00]) // { median: 1.00, low: 0.97, high: 1.04, level: 0.961 }
 */
export function medianInterval(values: readonly number[], level = 0.95): MedianInterval {
  const n = values.length;
  if (n === 0) return { median: Number.NaN, low: Number.NaN, high: Number.NaN, level: Number.NaN };
  const s = sorted(values);
  // cdf[i] = P(B ≤ i) for B ~ Binomial(n, ½), each term from its logarithm (n may be large).
  const cdf: number[] = [];
  let logTerm = -n * Math.LN2;
  let sum = 0;
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    sum += Math.exp(logTerm);
    cdf.push(sum);
    logTerm += Math.log((n - i) / (i + 1));
  }
  // [x(k), x(n − k + 1)] misses the median with chance 2·P(B ≤ k − 1).
  let k = 1;
  while (k < cdf.length && 2 * cdf[k]! <= 1 - level) k++;
  return { median: median(s), low: s[k - 1]!, high: s[n - k]!, level: 1 - 2 * cdf[k - 1]! };
}

/** Ranks from 1, ties sharing the mean of the ranks they span. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const result = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) result[order[k]!] = rank;
    i = j + 1;
  }
  return result;
}

/** Pearson correlation of two equal-length arrays; NaN when either is constant or shorter than 2. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return Number.NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rank correlation ρ (-1..1): Pearson over tie-averaged ranks. */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  return pearson(ranks(xs), ranks(ys));
}

/** A fitted line y = intercept + slope · x. */
export interface Line {
  slope: number;
  intercept: number;
}

/**
 * The Theil-Sen line: the median of the slopes of all pairs with different x, and the median of
 * y - slope · x. Robust to up to 29% outliers; O(n²) pairs, so give it at most a few thousand points.
 */
export function theilSen(xs: readonly number[], ys: readonly number[]): Line {
  const n = Math.min(xs.length, ys.length);
  const slopes: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = xs[j]! - xs[i]!;
      if (dx !== 0) slopes.push((ys[j]! - ys[i]!) / dx);
    }
  }
  if (slopes.length === 0) return { slope: Number.NaN, intercept: Number.NaN };
  const slope = median(slopes);
  const intercept = median(Array.from({ length: n }, (_, i) => ys[i]! - slope * xs[i]!));
  return { slope, intercept };
}
