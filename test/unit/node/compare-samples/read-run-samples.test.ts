import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { isK6Output, readRunSamples } from "../../../../lib/node/compare-samples/read-run-samples.ts";
import { compareSamples } from "../../../../lib/core/verdict/sample-comparison.ts";

const RUNS = resolve(import.meta.dirname, "../../../fixtures/runs");
const at = (name: string) => resolve(RUNS, name);

describe("readRunSamples", () => {
  test("reads a scenario's requests, successful durations and phases from a recorded run", async () => {
    const run = await readRunSamples(at("compare/base-a.json.gz"));
    expect({
      droppedIterations: run.droppedIterations,
      sampled: run.sampled,
      scopes: run.scopes.map((s) => ({ scope: s.scope, requests: s.requests, successes: s.durations.length, phases: Object.fromEntries(Object.entries(s.phases).map(([k, v]) => [k, v.length])) })),
    }).toEqual({ droppedIterations: 0, sampled: false, scopes: [{ scope: "scenario:search", requests: 300, successes: 300, phases: { embedding: 300, fusion: 300 } }] });
    const durations = run.scopes[0]!.durations;
    expect(durations.every((value, i) => i === 0 || durations[i - 1]! <= value)).toBe(true);
  });

  test("puts each successful duration in its 250 ms time block, counted from the run's first sample, and blockMs changes the width", async () => {
    const run = await readRunSamples(at("compare/base-a.json.gz"));
    const { durations, blocks } = run.scopes[0]!;
    expect(blocks!.length).toBe(durations.length);
    const distinct = (values: Uint32Array) => [...new Set(values)].sort((a, b) => a - b);
    // 300 requests of 5 VUs at about 120 ms take 7 to 8 s: 29 blocks of 250 ms hold a request, 8 of 1 s.
    expect(distinct(blocks!)[0]).toBe(0);
    expect(distinct(blocks!).length).toBe(29);
    const wide = await readRunSamples(at("compare/base-a.json.gz"), { blockMs: 1000 });
    expect(distinct(wide.scopes[0]!.blocks!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await expect(readRunSamples(at("compare/base-a.json.gz"), { blockMs: 0 })).rejects.toThrow("readRunSamples(): `blockMs` must be > 0, got 0");
  });

  test("keeps a seeded reservoir of at most maxSamples values per series, the same on every read", async () => {
    const first = await readRunSamples(at("compare/base-a.json.gz"), { maxSamples: 50 });
    const again = await readRunSamples(at("compare/base-a.json.gz"), { maxSamples: 50 });
    expect(first.sampled).toBe(true);
    expect(first.scopes[0]!.durations.length).toBe(50);
    expect(first.scopes[0]!.phases.fusion!.length).toBe(50);
    expect(Array.from(again.scopes[0]!.durations)).toEqual(Array.from(first.scopes[0]!.durations));
  });

  test("counts failed requests beside the successes and k6's dropped iterations", async () => {
    const failing = await readRunSamples(at("fast-fail-sequential.json.gz"));
    const dropped = await readRunSamples(at("dropped-open-model.json.gz"));
    const s = failing.scopes[0]!;
    expect(s.requests).toBeGreaterThan(s.durations.length);
    expect(dropped.droppedIterations).toBeGreaterThan(0);
  });

  test("tells k6 JSON output (gzip or not) from a summary.json", async () => {
    expect(await isK6Output(at("compare/base-a.json.gz"))).toBe(true);
    expect(await isK6Output(resolve(RUNS, "../summary/healthy-with-phases.json"))).toBe(false);
  });
});

describe("compareSamples on recorded runs", () => {
  test("a run compared with itself is no detectable change, every change 0", async () => {
    const run = await readRunSamples(at("compare/base-a.json.gz"));
    const comparison = compareSamples(run, run);
    expect(comparison.verdict).toBe("no detectable change");
    const scope = comparison.scopes[0]!;
    expect([scope.p50!.delta, scope.p95!.delta, ...scope.blame.flatMap((b) => [b.unattributed, ...b.phases.map((p) => p.shift.delta)])]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  test("a run that dropped iterations makes the comparison inconclusive", async () => {
    const dropped = await readRunSamples(at("dropped-open-model.json.gz"));
    const comparison = compareSamples(dropped, dropped);
    expect(comparison.verdict).toBe("inconclusive");
    expect(comparison.reasons[0]).toMatch(/^the baseline run dropped \d+ iterations: the load asked was not delivered$/);
  });

  test("scenarios that ran in one run only make the comparison inconclusive", async () => {
    const comparison = compareSamples(await readRunSamples(at("healthy-sequential.json.gz")), await readRunSamples(at("compare/base-a.json.gz")));
    expect(comparison.verdict).toBe("inconclusive");
    expect(comparison.reasons).toEqual(["scenario:search ran only in the current run", "scenario:sequential ran only in the baseline run"]);
  });
});
