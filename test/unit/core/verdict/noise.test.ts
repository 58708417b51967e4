import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { learnNoise, tQuantile, withNoise } from "../../../../lib/core/verdict/noise.ts";
import type { SampleComparison } from "../../../../lib/core/verdict/sample-comparison.ts";

// `loadgate compare --json` of recorded runs (300 requests of build/phases.js each, 5 VUs): 20 A/A pairs
// run one after another and 10 run side by side (two targets, two k6 at once), each with its regressions
// (fusion 80 → 86 ms, 5% of the median); test/fixtures/runs/compare/README.md says how they were recorded.
const load = (name: string) =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, "../../../fixtures/runs/compare", name), "utf8")) as { aa: SampleComparison[]; regression: SampleComparison[] };
const sequential = load("sequential-comparisons.json");
const concurrent = load("concurrent-comparisons.json");
const verdicts = (comparisons: SampleComparison[]) => comparisons.map((c) => c.verdict);

describe("noise learned from A/A runs", () => {
  test("tQuantile gives Student's t within 1% from 3 degrees of freedom", () => {
    const exact = [3.1824, 2.5706, 2.2281, 2.0423]; // t(0.975; 3, 5, 10, 30) from the tables
    [3, 5, 10, 30].forEach((df, i) => expect(Math.abs(tQuantile(0.975, df) / exact[i]! - 1)).toBeLessThan(0.01));
  });

  test("needs 3 A/A pairs at least", () => {
    expect(() => learnNoise(sequential.aa.slice(0, 2))).toThrow("learnNoise(): needs at least 3 A/A pairs, got 2");
  });

  test("runs one after another on a loaded machine: the bootstrap alone false-alarms in 17 of 20 A/A pairs, noise from 5 pairs in none of the 10 held out", () => {
    expect(sequential.aa.filter((c) => c.verdict !== "no detectable change")).toHaveLength(17);
    const noise = learnNoise(sequential.aa.slice(0, 5));
    expect(noise.pairs).toBe(5);
    expect(noise.figures["scenario:search p(50)"]!.betweenRunsMs).toBeGreaterThan(3);
    expect(verdicts(sequential.aa.slice(10).map((c) => withNoise(c, noise)))).toEqual(Array(10).fill("no detectable change"));
    // The price: a 6 ms (5%) regression is within that noise, so it is not detected one after another.
    expect(verdicts(sequential.regression.map((c) => withNoise(c, noise)))).toEqual(Array(4).fill("no detectable change"));
  });

  test("runs side by side: noise from 5 A/A pairs finds the 5% regression in 3 of 3 pairs, its interval excluding 0, blamed on fusion within 10%", () => {
    expect(verdicts(concurrent.aa)).toEqual(["no detectable change", "no detectable change", "no detectable change", "no detectable change", "no detectable change", "no detectable change", "regression", "regression", "no detectable change", "regression"]);
    const noise = learnNoise(concurrent.aa.slice(0, 5));
    expect(verdicts(concurrent.aa.slice(5).map((c) => withNoise(c, noise)))).toEqual(["no detectable change", "no detectable change", "regression", "no detectable change", "no detectable change"]);
    const judged = concurrent.regression.map((c) => withNoise(c, noise));
    expect(verdicts(judged)).toEqual(["regression", "regression", "regression"]);
    for (const comparison of judged) {
      const scope = comparison.scopes[0]!;
      expect(scope.p50!.low).toBeGreaterThan(0);
      const fusion = scope.blame.find((b) => b.p === 50)!.phases.find((p) => p.phase === "fusion")!;
      expect(fusion).toBe(scope.blame.find((b) => b.p === 50)!.phases[0]);
      expect(Math.abs(fusion.shift.delta - 6)).toBeLessThanOrEqual(0.6);
    }
    expect(judged[0]!.noisePairs).toBe(5);
  });

  test("an inconclusive comparison stays inconclusive with noise", () => {
    const inconclusive = { ...concurrent.aa[0]!, verdict: "inconclusive" as const, reasons: ["the current run dropped 3 iterations: the load asked was not delivered"] };
    expect(withNoise(inconclusive, learnNoise(concurrent.aa.slice(0, 5))).verdict).toBe("inconclusive");
  });
});
