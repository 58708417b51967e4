import { describe, expect, test } from "vitest";
import { betaDraw, normalDraw, seededRandom, type Random } from "../../../../lib/core/stats/random.ts";
import { normalQuantile, quantileShift } from "../../../../lib/core/stats/quantile-shift.ts";

/** n latencies shaped like the demo target's: a 120 ms body, ±2 ms jitter and a log-normal tail. */
function latencies(random: Random, n: number, shiftMs = 0, scale = 1): Float64Array {
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = (118 + 4 * random() + Math.exp(0.8 * normalDraw(random))) * scale + shiftMs;
  return values.sort();
}

describe("seeded random numbers", () => {
  test("the same seed gives the same numbers, another seed others", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  test("Beta draws have the mean a / (a + b)", () => {
    const random = seededRandom(1);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += betaDraw(3, 7, random);
    expect(sum / 20_000).toBeCloseTo(0.3, 2);
  });

  test("normalQuantile inverts the normal distribution", () => {
    expect([0.5, 0.8, 0.975, 0.025].map((q) => Number(normalQuantile(q).toFixed(4)))).toEqual([0, 0.8416, 1.96, -1.96]);
  });
});

describe("quantileShift", () => {
  test("the Beta shortcut draws the same bootstrap distribution as resampling the values", () => {
    const random = seededRandom(3);
    const values = latencies(random, 400);
    // Brute force: resample 400 values 3000 times and take each resample's nearest-rank p(95).
    const brute: number[] = [];
    for (let r = 0; r < 3000; r++) {
      const resample = new Float64Array(400);
      for (let i = 0; i < 400; i++) resample[i] = values[Math.floor(random() * 400)]!;
      resample.sort();
      brute.push(resample[379]!);
    }
    const mean = brute.reduce((a, b) => a + b, 0) / brute.length;
    const sd = Math.sqrt(brute.reduce((a, b) => a + (b - mean) ** 2, 0) / (brute.length - 1));
    // Against a sample with no change, the shift's standard error is √2 times one percentile's.
    const shift = quantileShift(values, values, 95, { resamples: 20_000 });
    expect(shift.standardError / Math.SQRT2).toBeGreaterThan(sd * 0.9);
    expect(shift.standardError / Math.SQRT2).toBeLessThan(sd * 1.1);
  });

  test("equal inputs and seeds give equal results", () => {
    const random = seededRandom(4);
    const a = latencies(random, 300);
    const b = latencies(random, 300, 3);
    expect(quantileShift(a, b, 95)).toEqual(quantileShift(a, b, 95));
  });

  test("a shift is measured with its interval around it and the nearest-rank percentiles", () => {
    const before = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    const after = Float64Array.from({ length: 100 }, (_, i) => i + 11);
    const shift = quantileShift(before, after, 95);
    expect({ p: shift.p, before: shift.before, after: shift.after, delta: shift.delta, level: shift.level, n: [shift.samplesBefore, shift.samplesAfter] }).toEqual({
      p: 95, before: 95, after: 105, delta: 10, level: 0.95, n: [100, 100],
    });
    expect(shift.low).toBeLessThan(10);
    expect(shift.high).toBeGreaterThan(10);
    expect(shift.smallestDetectable).toBeCloseTo(2.8016 * shift.standardError, 3);
  });

  test("refuses empty samples and percentiles outside (0, 100) with the rule and the value", () => {
    expect(() => quantileShift(new Float64Array(0), Float64Array.of(1), 95)).toThrow("quantileShift(): both samples need at least one value, got 0 and 1");
    expect(() => quantileShift(Float64Array.of(1), Float64Array.of(1), 100)).toThrow("quantileShift(): `p` must be in (0, 100), got 100");
  });

  // The false-alarm rate of "the 95% interval excludes 0" when nothing changed: 5% is what a 95%
  // interval promises. Samples are generated from one distribution; each pair has its own seed.
  const aa = (pairs: number, n: number, firstSeed: number) => {
    let alarms = 0;
    for (let pair = 0; pair < pairs; pair++) {
      const random = seededRandom(firstSeed + pair);
      const shift = quantileShift(latencies(random, n), latencies(random, n), 95, { resamples: 2000 });
      if (shift.low > 0 || shift.high < 0) alarms++;
    }
    return alarms;
  };

  test("a 0% change is no detectable change in at least 19 of 20 pairs (1000 requests a run)", () => {
    expect(aa(20, 1000, 1000)).toBeLessThanOrEqual(1);
  });

  test("over 400 pairs with no change the false-alarm rate is near the promised 5%", () => {
    const rate = aa(400, 500, 5000) / 400;
    expect(rate).toBeGreaterThan(0.02);
    expect(rate).toBeLessThan(0.085);
  });

  test("a 5% regression is detected, its interval excluding 0, in each of 3 pairs", () => {
    const found = [0, 1, 2].map((pair) => {
      const random = seededRandom(100 + pair);
      const shift = quantileShift(latencies(random, 1000), latencies(random, 1000, 0, 1.05), 95, { resamples: 2000 });
      return shift.low > 0;
    });
    expect(found).toEqual([true, true, true]);
  });

  test("a change as large as the smallest detectable one is found in about 80% of pairs", () => {
    // One pair's estimate of the smallest detectable change varies from pair to pair: take the mean of 20.
    let mdc = 0;
    for (let pair = 0; pair < 20; pair++) {
      const random = seededRandom(pair);
      mdc += quantileShift(latencies(random, 500), latencies(random, 500), 95, { resamples: 2000 }).smallestDetectable / 20;
    }
    let found = 0;
    for (let pair = 0; pair < 200; pair++) {
      const r = seededRandom(20_000 + pair);
      if (quantileShift(latencies(r, 500), latencies(r, 500, mdc), 95, { resamples: 2000 }).low > 0) found++;
    }
    expect(found / 200).toBeGreaterThan(0.65);
    expect(found / 200).toBeLessThan(0.93);
  });
});
