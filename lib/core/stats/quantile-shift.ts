// How far a percentile moved between two samples, with a bootstrap confidence interval.
import { betaDraw, seededRandom, type Random } from "./random.ts";

/** Options of {@link quantileShift}. */
export interface QuantileShiftOptions {
  /** Bootstrap resamples drawn. @default 4000 */
  resamples?: number;
  /** Confidence level of the interval, 0..1. @default 0.95 */
  level?: number;
  /** Seed of the resampling, so the same samples always give the same interval. @default 18 */
  seed?: number;
  /**
   * Each sample's design effect (see `designEffect`): its bootstrap draws are spread √D times as far
   * from its percentile, for samples whose values are not independent. @default { before: 1, after: 1 }
   */
  designEffect?: { before: number; after: number };
}

export const QUANTILE_SHIFT_DEFAULTS = { resamples: 4000, level: 0.95, seed: 18, designEffect: { before: 1, after: 1 } } as const satisfies Required<QuantileShiftOptions>;

/**
 * Power the smallest detectable change is sized for: a true change of that size is found (its interval
 * excludes 0) in 80% of pairs of runs like these two; it is (z(1 − α/2) + z(0.8)) standard errors.
 */
export const DETECTION_POWER = 0.8;

/** The change of one percentile between a sample before and a sample after. */
export interface QuantileShift {
  /** The percentile, 0..100. */
  p: number;
  /** Nearest-rank percentile of each sample. */
  before: number;
  after: number;
  /** `after − before`. */
  delta: number;
  /** The percentile bootstrap interval of `delta` at `level`. */
  low: number;
  high: number;
  level: number;
  /** Standard deviation of the bootstrap deltas. */
  standardError: number;
  /** The smallest change this pair of samples finds with {@link DETECTION_POWER} power at `level`. */
  smallestDetectable: number;
  /** Sample sizes. */
  samplesBefore: number;
  samplesAfter: number;
}

/**
 * The nearest-rank `p`-th percentile of ascending `values` and a draw from its bootstrap distribution.
 * A resample of n values from the sample is x[ceil(n·U)] for uniform U, and the k-th smallest of n
 * uniforms is Beta(k, n − k + 1); so the resample's k-th order statistic, its percentile, is
 * x[ceil(n·B)] with B ~ Beta(k, n − k + 1): the exact bootstrap distribution, one draw in O(1).
 */
function bootstrapPercentile(values: Float64Array, p: number, random: Random): number {
  const n = values.length;
  const k = rankOf(n, p);
  const u = betaDraw(k, n - k + 1, random);
  return values[Math.min(n, Math.max(1, Math.ceil(n * u))) - 1]!;
}

function rankOf(n: number, p: number): number {
  return Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
}

/** Inverse of the standard normal distribution function (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(q: number): number {
  if (!(q > 0 && q < 1)) throw new RangeError(`normalQuantile(): \`q\` must be in (0, 1), got ${q}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (r: number) =>
    (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) / ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1);
  if (q < 0.02425) return tail(Math.sqrt(-2 * Math.log(q)));
  if (q > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - q)));
  const s = q - 0.5;
  const r = s * s;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * s) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Student's t quantile for `df` degrees of freedom (Cornish-Fisher expansion from the normal; within 1% for df >= 3: 3.16 for 3.18 at 97.5% and 3). */
export function tQuantile(q: number, df: number): number {
  const z = normalQuantile(q);
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

/**
 * The change of the `p`-th percentile (0..100) from `before` to `after` (each sorted ascending, at
 * least one value), with a percentile-bootstrap confidence interval: the two runs are resampled
 * independently, as two runs are. Seeded: equal inputs give equal results.
 * @example quantileShift(Float64Array.from([1, 2, 3]), Float64Array.from([2, 3, 4]), 95).delta // 1
 */
export function quantileShift(before: Float64Array, after: Float64Array, p: number, options: QuantileShiftOptions = {}): QuantileShift {
  const { resamples, level, seed, designEffect } = { ...QUANTILE_SHIFT_DEFAULTS, ...options };
  if (before.length === 0 || after.length === 0) {
    throw new RangeError(`quantileShift(): both samples need at least one value, got ${before.length} and ${after.length}`);
  }
  if (!(p > 0 && p < 100)) throw new RangeError(`quantileShift(): \`p\` must be in (0, 100), got ${p}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`quantileShift(): \`level\` must be in (0, 1), got ${level}`);
  if (!Number.isInteger(resamples) || resamples < 100) throw new RangeError(`quantileShift(): \`resamples\` must be a whole number >= 100, got ${resamples}`);
  for (const d of [designEffect.before, designEffect.after]) {
    if (!(d >= 1)) throw new RangeError(`quantileShift(): \`designEffect\` must be >= 1 for each sample, got ${JSON.stringify(designEffect)}`);
  }
  const beforeValue = before[rankOf(before.length, p) - 1]!;
  const afterValue = after[rankOf(after.length, p) - 1]!;
  const spreadBefore = Math.sqrt(designEffect.before);
  const spreadAfter = Math.sqrt(designEffect.after);
  const random = seededRandom(seed);
  const deltas = new Float64Array(resamples);
  let sum = 0;
  for (let i = 0; i < resamples; i++) {
    const drawAfter = afterValue + spreadAfter * (bootstrapPercentile(after, p, random) - afterValue);
    const delta = drawAfter - (beforeValue + spreadBefore * (bootstrapPercentile(before, p, random) - beforeValue));
    deltas[i] = delta;
    sum += delta;
  }
  const mean = sum / resamples;
  let squares = 0;
  for (const delta of deltas) squares += (delta - mean) ** 2;
  const standardError = Math.sqrt(squares / (resamples - 1));
  deltas.sort();
  const alpha = 1 - level;
  const at = (q: number) => deltas[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))]!;
  return {
    p,
    before: beforeValue,
    after: afterValue,
    delta: afterValue - beforeValue,
    low: at(alpha / 2),
    high: at(1 - alpha / 2),
    level,
    standardError,
    smallestDetectable: (normalQuantile(1 - alpha / 2) + normalQuantile(DETECTION_POWER)) * standardError,
    samplesBefore: before.length,
    samplesAfter: after.length,
  };
}
