/**
 * Relative precision of {@link Histogram}: a percentile it reports is within 1% of the exact
 * nearest-rank percentile of the recorded values (values at or below {@link HISTOGRAM_ZERO} count as 0).
 */
export const HISTOGRAM_PRECISION = 0.01;

/** Values at or below this are counted in the zero bucket (a 0 ms duration, a 0/1 rate). */
export const HISTOGRAM_ZERO = 1e-9;

const GAMMA = (1 + HISTOGRAM_PRECISION) / (1 - HISTOGRAM_PRECISION);
const LOG_GAMMA = Math.log(GAMMA);

/** The plain-data form of a {@link Histogram}, for JSON files and for merging across processes. */
export interface HistogramData {
  count: number;
  sum: number;
  min: number;
  max: number;
  zeros: number;
  /** Index of the first entry of `counts`; bucket i holds values in (γ^(i-1), γ^i], γ = 1.01/0.99. */
  offset: number;
  counts: number[];
}

/**
 * A mergeable log-bucket histogram of non-negative values with {@link HISTOGRAM_PRECISION} relative
 * precision: memory grows with the range of the values (about 115 buckets per factor of 10), never with
 * their number. Bucket i holds values in (γ^(i-1), γ^i] and reports 2γ^i/(γ+1), at most 1% from any of them.
 */
export class Histogram {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  /** Values <= {@link HISTOGRAM_ZERO}. */
  zeros = 0;
  private counts = new Float64Array(0);
  private offset = 0;

  /** Records `value` `times` times. */
  record(value: number, times = 1): void {
    this.count += times;
    this.sum += value * times;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value <= HISTOGRAM_ZERO) {
      this.zeros += times;
      return;
    }
    const index = Math.ceil(Math.log(value) / LOG_GAMMA);
    let at = index - this.offset;
    if (at < 0 || at >= this.counts.length) at = this.grow(index);
    this.counts[at]! += times;
  }

  /** Adds every value of `other` to this histogram. */
  merge(other: Histogram | HistogramData): this {
    if (other.count === 0) return this;
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.zeros += other.zeros;
    const counts = other instanceof Histogram ? other.counts : other.counts;
    const offset = other instanceof Histogram ? other.offset : other.offset;
    for (let i = 0; i < counts.length; i++) {
      const n = counts[i]!;
      if (n === 0) continue;
      let at = offset + i - this.offset;
      if (at < 0 || at >= this.counts.length) at = this.grow(offset + i);
      this.counts[at]! += n;
    }
    return this;
  }

  /** Arithmetic mean (exact), NaN when empty. */
  mean(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }

  /**
   * The nearest-rank `p`-th percentile (0..100): the value at rank ceil(p/100 · count), within
   * {@link HISTOGRAM_PRECISION} of it and clamped to [min, max]; NaN when empty.
   */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    if (p <= 0) return this.min;
    if (p >= 100) return this.max;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = this.zeros;
    if (seen >= rank) return Math.max(this.min, 0);
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) {
        const estimate = (2 * GAMMA ** (this.offset + i)) / (GAMMA + 1);
        return Math.min(this.max, Math.max(this.min, estimate));
      }
    }
    return this.max;
  }

  /** The plain-data form, with empty buckets at both ends trimmed. */
  toJSON(): HistogramData {
    let first = 0;
    let last = this.counts.length - 1;
    while (first <= last && this.counts[first] === 0) first++;
    while (last >= first && this.counts[last] === 0) last--;
    return {
      count: this.count,
      sum: this.sum,
      min: this.min,
      max: this.max,
      zeros: this.zeros,
      offset: this.offset + first,
      counts: Array.from(this.counts.subarray(first, last + 1)),
    };
  }

  /** A histogram from its plain-data form. */
  static fromJSON(data: HistogramData): Histogram {
    return new Histogram().merge(data);
  }

  /** Widens the bucket array to hold `index` and returns its position. */
  private grow(index: number): number {
    if (this.counts.length === 0) {
      this.offset = index - 8;
      this.counts = new Float64Array(32);
      return index - this.offset;
    }
    const low = Math.min(this.offset, index - 8);
    const high = Math.max(this.offset + this.counts.length, index + 9);
    const counts = new Float64Array(high - low + Math.ceil((high - low) / 4));
    counts.set(this.counts, this.offset - low);
    this.counts = counts;
    this.offset = low;
    return index - low;
  }
}
