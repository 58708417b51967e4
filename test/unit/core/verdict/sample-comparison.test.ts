import { describe, expect, test } from "vitest";
import { normalDraw, seededRandom, type Random } from "../../../../lib/core/stats/random.ts";
import { compareSamples, type RunSamples } from "../../../../lib/core/verdict/sample-comparison.ts";

/**
 * One run of 120 requests in 12 time blocks, shaped like the demo target's search profile (600 ms, two
 * phases of ±30 ms each); each block is delayed as a whole by a stall of the machine, N(0, `stallMs`).
 */
function run(random: Random, stallMs: number, shiftMs = 0): RunSamples {
  const pairs: [number, number][] = [];
  for (let block = 0; block < 12; block++) {
    const stall = Math.abs(normalDraw(random)) * stallMs;
    for (let i = 0; i < 10; i++) pairs.push([600 + shiftMs + stall + (random() * 2 - 1) * 30 + (random() * 2 - 1) * 30, block]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return {
    file: "run",
    scopes: [{ scope: "scenario:search", requests: 120, durations: Float64Array.from(pairs, (p) => p[0]), blocks: Uint32Array.from(pairs, (p) => p[1]), phases: {} }],
    droppedIterations: 0,
    sampled: false,
  };
}

/** Verdicts of `pairs` simulated pairs, judged with the runs' time blocks and without them. */
function verdicts(pairs: number, stallMs: number, shiftMs: number): { blocks: number; independent: number } {
  const random = seededRandom(7);
  let blocks = 0;
  let independent = 0;
  for (let i = 0; i < pairs; i++) {
    const before = run(random, stallMs);
    const after = run(random, stallMs, shiftMs);
    const options = { resamples: 1000 };
    if (compareSamples(before, after, options).verdict !== "no detectable change") blocks++;
    const strip = (r: RunSamples): RunSamples => ({ ...r, scopes: r.scopes.map(({ blocks: _, ...scope }) => scope) });
    if (compareSamples(strip(before), strip(after), options).verdict !== "no detectable change") independent++;
  }
  return { blocks, independent };
}

describe("compareSamples with time blocks", () => {
  test("A/A pairs whose runs stall block by block: independent intervals raise false alarms, the design effect keeps them near 5%", () => {
    const alarms = verdicts(200, 15, 0);
    console.log(`simulated A/A false alarms: ${alarms.blocks}/200 with time blocks, ${alarms.independent}/200 as independent requests`);
    expect(alarms.independent).toBeGreaterThan(25); // > 12.5%
    expect(alarms.blocks).toBeLessThanOrEqual(12); // <= 6%
  });

  test("without stalls the design effect costs little: a 5% change (+30 ms on 600) is still found in nearly every pair", () => {
    const found = verdicts(50, 0, 30);
    console.log(`simulated 5% regressions found: ${found.blocks}/50 with time blocks, ${found.independent}/50 as independent requests`);
    expect(found.independent).toBe(50);
    expect(found.blocks).toBeGreaterThanOrEqual(48);
  });

  test("p(50) and p(95) carry each run's design effect", () => {
    const random = seededRandom(3);
    const comparison = compareSamples(run(random, 15), run(random, 15));
    const effects = comparison.scopes[0]!;
    expect([effects.p50!.designEffect!.before.blocks, effects.p95!.designEffect!.after.blocks]).toEqual([12, 12]);
    expect(effects.p50!.designEffect!.before.value).toBeGreaterThanOrEqual(1);
  });
});
