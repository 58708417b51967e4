import { describe, expect, test } from "vitest";
import { designEffect, intervalInflation } from "../../../../lib/core/stats/design-effect.ts";
import { quantileShift } from "../../../../lib/core/stats/quantile-shift.ts";

const ascending = (n: number) => Float64Array.from({ length: n }, (_, i) => i + 1);

describe("designEffect", () => {
  test("values spread evenly over the blocks are independent: 1", () => {
    // 80 values in 8 blocks, each block holding every 8th value: each block has its share below the median.
    expect(designEffect(ascending(80), Uint32Array.from({ length: 80 }, (_, i) => i % 8), 50)).toEqual({ value: 1, blocks: 8 });
  });

  test("the low half in four blocks and the high half in four others: the cluster variance over the independent one, 80/7", () => {
    const blocks = Uint32Array.from({ length: 80 }, (_, i) => Math.floor(i / 10));
    // share 0.5; blocks hold 10 or 0 values below the median: (8/7)·8·25/80² over 0.25/80.
    expect(designEffect(ascending(80), blocks, 50).value).toBeCloseTo(80 / 7, 10);
  });

  test("fewer than 4 blocks cannot tell: 1; blocks must match the values", () => {
    expect(designEffect(ascending(30), Uint32Array.from({ length: 30 }, (_, i) => Math.floor(i / 10)), 50)).toEqual({ value: 1, blocks: 3 });
    expect(intervalInflation({ value: 1, blocks: 3 }, 0.95)).toBe(1);
    expect(() => designEffect(ascending(3), Uint32Array.from([0, 1]), 50)).toThrow(new RangeError("designEffect(): `blocks` must hold one block per value, got 2 for 3"));
  });

  test("an effect estimated from few blocks widens by Student's t over them as well: (t(11) / z)² at 12 blocks", () => {
    expect(intervalInflation({ value: 2, blocks: 12 }, 0.95)).toBeCloseTo(2 * (2.201 / 1.96) ** 2, 1);
  });

  test("quantileShift spreads each sample's draws √D times as far: a design effect of 4 doubles the standard error", () => {
    const before = ascending(200);
    const after = Float64Array.from(before, (v) => v + 5);
    const plain = quantileShift(before, after, 95);
    const clustered = quantileShift(before, after, 95, { designEffect: { before: 4, after: 4 } });
    expect(clustered.delta).toBe(plain.delta);
    expect(clustered.standardError / plain.standardError).toBeCloseTo(2, 10);
    expect(() => quantileShift(before, after, 95, { designEffect: { before: 0.5, after: 1 } })).toThrow(RangeError);
  });
});
