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
