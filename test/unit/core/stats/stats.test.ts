import { describe, expect, test } from "vitest";
import { Histogram, HISTOGRAM_PRECISION } from "../../../../lib/core/stats/histogram.ts";
import { OrderSample } from "../../../../lib/core/stats/order-sample.ts";
import { median, medianInterval, nearestRank, percentile, ranks, spearman, theilSen } from "../../../../lib/core/stats/robust.ts";

// A small deterministic generator, so a failing case can be replayed.
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe("exact statistics", () => {
  test("percentile interpolates between ranks as k6 does", () => {
    expect([0, 50, 90, 95, 100].map((p) => percentile([40, 10, 30, 20, 50], p))).toEqual([10, 30, 46, 48, 50]);
  });

  test("nearestRank takes the value at rank ceil(p·n)", () => {
    expect([1, 20, 50, 95, 100].map((p) => nearestRank([40, 10, 30, 20, 50], p))).toEqual([10, 10, 30, 50, 50]);
  });

  test("median of an even count is the mean of the middle two", () => {
    expect([median([4, 1, 3, 2]), median([]), median([7])]).toEqual([2.5, Number.NaN, 7]);
  });

  test("ranks share the mean rank on ties", () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });

  test("spearman is 1 for any increasing relation and -1 for a decreasing one", () => {
    expect(spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 1000])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [8, 4, 2, 1])).toBeCloseTo(-1, 12);
  });

  test("spearman matches the textbook 1 - 6Σd²/(n(n²-1)) without ties", () => {
    const ys = [3, 1, 4, 5, 2];
    // ranks of ys: 3,1,4,5,2; d = 1-3,2-1,3-4,4-5,5-2 → Σd² = 4+1+1+1+9 = 16
    expect(spearman([1, 2, 3, 4, 5], ys)).toBeCloseTo(1 - (6 * 16) / (5 * 24), 12);
  });

  test("theilSen is the median of pairwise slopes and shrugs off an outlier", () => {
    // pairs of (0,0) (1,2) (2,4) (3,6) (4,100): slopes 2,2,2,25 | 2,2,32.67 | 2,48 | 94 → median 2
    expect(theilSen([0, 1, 2, 3, 4], [0, 2, 4, 6, 100])).toEqual({ slope: 2, intercept: 0 });
  });

  test("theilSen over equal x has no slope", () => {
    expect(theilSen([1, 1], [1, 2])).toEqual({ slope: Number.NaN, intercept: Number.NaN });
  });
});

describe("medianInterval", () => {
  test("nine values: the 2nd smallest to the 2nd largest, 96.1% (1 − 2·10/512)", () => {
    const interval = medianInterval([0.93, 1.02, 0.98, 1.05, 0.99, 1.01, 0.97, 1.04, 1.0]);
    expect(interval).toMatchObject({ median: 1.0, low: 0.97, high: 1.04 });
    expect(interval.level).toBeCloseTo(1 - 20 / 512, 12);
  });

  test("too few values for the level asked give the smallest and largest with the coverage they have", () => {
    expect(medianInterval([5, 1, 4, 2, 3])).toEqual({ median: 3, low: 1, high: 5, level: 1 - 2 / 32 });
    expect(medianInterval([7])).toEqual({ median: 7, low: 7, high: 7, level: 0 });
    expect(medianInterval([])).toEqual({ median: Number.NaN, low: Number.NaN, high: Number.NaN, level: Number.NaN });
  });

  test("a lower level narrows the interval, never below the level asked", () => {
    const values = Array.from({ length: 25 }, (_, i) => i);
    const wide = medianInterval(values, 0.99);
    const narrow = medianInterval(values, 0.8);
    expect(narrow.low).toBeGreaterThan(wide.low);
    expect(narrow.high).toBeLessThan(wide.high);
    expect(wide.level).toBeGreaterThanOrEqual(0.99);
    expect(narrow.level).toBeGreaterThanOrEqual(0.8);
  });

  test("it holds the true median of a skewed distribution at least as often as it says", () => {
    // Exponential(1): median ln 2. 4,000 samples of 15 values; the interval's stated coverage is exact
    // for continuous values, so the share that holds ln 2 must be near it and not below it by chance.
    const random = lcg(18);
    const trials = 4000;
    let held = 0;
    let level = 0;
    for (let t = 0; t < trials; t++) {
      const values = Array.from({ length: 15 }, () => -Math.log(1 - random()));
      const interval = medianInterval(values);
      level = interval.level;
      if (interval.low <= Math.LN2 && Math.LN2 <= interval.high) held++;
    }
    expect(level).toBeGreaterThanOrEqual(0.95);
    // Three standard errors of a share near 0.965 over 4,000 trials is 0.009.
    expect(Math.abs(held / trials - level)).toBeLessThan(0.009);
  });

  test("many values keep the binomial terms finite", () => {
    const interval = medianInterval(Array.from({ length: 2001 }, (_, i) => i));
    expect(interval.median).toBe(1000);
    expect(interval.level).toBeGreaterThanOrEqual(0.95);
    expect(interval.level).toBeLessThan(0.96);
    // About 1.96·√n/2 ≈ 44 ranks either side.
    expect(interval.high - interval.median).toBeGreaterThan(40);
    expect(interval.high - interval.median).toBeLessThan(48);
  });
});

describe("Histogram", () => {
  test("every percentile is within the stated precision of the exact nearest-rank one", () => {
    const random = lcg(7);
    for (const size of [1, 2, 10, 99, 1000, 20000]) {
      const values = Array.from({ length: size }, () => 0.05 + 5000 * random() ** 3);
      const h = new Histogram();
      for (const v of values) h.record(v);
      for (const p of [1, 10, 25, 50, 75, 90, 95, 99, 99.9]) {
        const exact = nearestRank(values, p);
        expect(Math.abs(h.percentile(p) - exact) / exact, `n=${size} p(${p})`).toBeLessThanOrEqual(HISTOGRAM_PRECISION + 1e-12);
      }
    }
  });

  test("counts, sum, min and max are exact and zeros have their own bucket", () => {
    const h = new Histogram();
    for (const v of [0, 0, 3, 1000, 0.5]) h.record(v);
    expect([h.count, h.sum, h.min, h.max, h.zeros, h.percentile(40), h.percentile(100)]).toEqual([5, 1003.5, 0, 1000, 2, 0, 1000]);
  });

  test("merging two histograms equals recording everything into one", () => {
    const random = lcg(11);
    const a = new Histogram();
    const b = new Histogram();
    const both = new Histogram();
    for (let i = 0; i < 5000; i++) {
      const v = i % 2 ? 1 + 100 * random() : 1000 + 50_000 * random();
      (i % 2 ? a : b).record(v);
      both.record(v);
    }
    const merged = new Histogram().merge(a).merge(Histogram.fromJSON(b.toJSON()));
    expect(merged.toJSON()).toEqual({ ...both.toJSON(), sum: merged.sum });
    expect(merged.sum).toBeCloseTo(both.sum, 6);
  });

  test("an empty histogram has no percentiles", () => {
    expect(new Histogram().percentile(50)).toBeNaN();
  });
});

describe("OrderSample", () => {
  test("keeps every point until full, then an evenly strided subset", () => {
    const s = new OrderSample(4);
    for (let i = 0; i < 10; i++) s.add(i, 10 * i);
    expect([s.seen, s.stride, s.points()]).toEqual([
      10,
      4,
      [
        { ordinal: 0, x: 0, y: 0 },
        { ordinal: 4, x: 4, y: 40 },
        { ordinal: 8, x: 8, y: 80 },
      ],
    ]);
  });

  test("rejects an odd capacity", () => {
    expect(() => new OrderSample(3)).toThrow("OrderSample: capacity must be an even whole number >= 2, got 3");
  });
});
