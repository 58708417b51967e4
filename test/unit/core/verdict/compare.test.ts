import { gzipSync } from "node:zlib";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test, vi } from "vitest";
import { compareSummaries, comparisonRows, parseTolerance, type Comparable } from "../../../../lib/core/verdict/compare.ts";
import { renderJson } from "../../../../lib/core/report/json.ts";
import type { ScopeRow } from "../../../../lib/core/verdict/verdict.ts";
import { main } from "../../../../lib/node/cli.ts";
import { fixture, reportOf } from "../../../helpers/summary-fixtures.ts";
import type { SummaryReport } from "../../../../lib/core/verdict/summary-report.ts";

function run(row: Partial<ScopeRow>, ok = true): Comparable {
  return {
    ok,
    run: { scope: "all", requests: 100, successes: 100, failures: 0, errorRate: 0, throughput: 50, p50: 100, p95: 200, p99: 300, ...row },
    scenarios: [],
    phases: [],
  };
}

const tolerance = { relative: 0.05, absoluteMs: 2, errorRate: 0.001 };

describe("compareSummaries", () => {
  test("phase breakdown figures are compared per scenario: a slower fusion phase is a regression there", () => {
    const breakdown = (fusionP95: number, unattributedP95: number): Comparable["phases"] => [
      {
        scope: { scenario: "search" },
        phases: [
          { phase: "embedding", samples: 50, stats: { p50: 40, p95: 50, p99: 60 }, share: 0.33 },
          { phase: "fusion", samples: 50, stats: { p50: 80, p95: fusionP95, p99: 120 }, share: 0.67 },
        ],
        unattributed: { p50: 30, p95: unattributedP95, p99: 40 },
        timed: 50,
        untimed: { missing: 0, malformed: 0 },
      },
    ];
    const result = compareSummaries({ ...run({}), phases: breakdown(150, 36) }, { ...run({}), phases: breakdown(100, 35) });
    expect(result.verdict).toBe("regression");
    expect(result.reasons).toEqual(["scenario:search/phase:fusion regressed: p95 100.00ms → 150.00ms (+50.0%)"]);
    expect(result.deltas.filter((d) => d.scope !== "run").map((d) => [d.scope, d.metric, d.movement])).toEqual([
      ["scenario:search/phase:embedding", "p50", "within noise"],
      ["scenario:search/phase:embedding", "p95", "within noise"],
      ["scenario:search/phase:embedding", "p99", "within noise"],
      ["scenario:search/phase:fusion", "p50", "within noise"],
      ["scenario:search/phase:fusion", "p95", "regression"],
      ["scenario:search/phase:fusion", "p99", "within noise"],
      ["scenario:search/phase:unattributed", "p50", "within noise"],
      ["scenario:search/phase:unattributed", "p95", "within noise"],
      ["scenario:search/phase:unattributed", "p99", "within noise"],
    ]);
  });

  test("a slower run is a regression, figure by figure", () => {
    expect(compareSummaries(run({ p50: 150, p95: 300, p99: 450 }), run({}))).toEqual({
      verdict: "regression",
      reasons: ["run regressed: p50 100.00ms → 150.00ms (+50.0%), p95 200.00ms → 300.00ms (+50.0%), p99 300.00ms → 450.00ms (+50.0%)"],
      deltas: [
        { scope: "run", metric: "errorRate", old: 0, new: 0, delta: 0, movement: "within noise" },
        { scope: "run", metric: "p50", old: 100, new: 150, delta: 50, relative: 0.5, movement: "regression" },
        { scope: "run", metric: "p95", old: 200, new: 300, delta: 100, relative: 0.5, movement: "regression" },
        { scope: "run", metric: "p99", old: 300, new: 450, delta: 150, relative: 0.5, movement: "regression" },
        { scope: "run", metric: "throughput", old: 50, new: 50, delta: 0, relative: 0, movement: "within noise" },
      ],
      same: {},
      tolerance,
    });
  });

  test("a faster run with more errors is a regression, and its speed is not counted as an improvement", () => {
    const result = compareSummaries(run({ p50: 10, p95: 20, p99: 30, failures: 40, successes: 60, errorRate: 0.4, throughput: 80 }), run({}));
    expect(result.verdict).toBe("regression");
    expect(result.reasons).toEqual(["run regressed: error rate 0.00% → 40.00%"]);
    expect(result.deltas.map((d) => [d.metric, d.movement, d.note])).toEqual([
      ["errorRate", "regression", undefined],
      ["p50", "within noise", "not an improvement: the error rate rose, and failures are fast"],
      ["p95", "within noise", "not an improvement: the error rate rose, and failures are fast"],
      ["p99", "within noise", "not an improvement: the error rate rose, and failures are fast"],
      ["throughput", "within noise", "not an improvement: the error rate rose, and failures are fast"],
    ]);
  });

  test("a 1% wobble is within noise, and so is a 1.5ms change on a 3ms latency (absolute tolerance)", () => {
    expect(compareSummaries(run({ p50: 101, p95: 202, p99: 297, throughput: 49.5 }), run({})).verdict).toBe("within noise");
    const tiny = compareSummaries(run({ p50: 4.5, p95: 5, p99: 6 }), run({ p50: 3, p95: 4, p99: 5 }));
    expect([tiny.verdict, tiny.deltas.filter((d) => d.metric.startsWith("p")).map((d) => d.movement)]).toEqual([
      "within noise",
      ["within noise", "within noise", "within noise"],
    ]);
  });

  test("a faster run with no more errors is an improvement", () => {
    const result = compareSummaries(run({ p95: 150 }), run({}));
    expect([result.verdict, result.reasons]).toEqual(["improvement", ["run improved: p95 200.00ms → 150.00ms (-25.0%)"]]);
  });

  test("a run of one scenario states its figures once: the scenario and its breakdown fold into the run's, and the table has a row per scope", () => {
    // Before: every figure twice (run and scenario:search, phase:x and scenario:search/phase:x), a line per figure, then a row per figure.
    const one = (p95: number, fusionP95: number): Comparable => {
      const row = { scope: "search", requests: 100, successes: 100, failures: 0, errorRate: 0, throughput: 50, p50: 100, p95, p99: 300 };
      const breakdown = (scope: Record<string, string>) => ({
        scope,
        phases: [{ phase: "fusion", samples: 100, stats: { p50: 80, p95: fusionP95, p99: 120 }, share: 0.8 }],
        timed: 100,
        untimed: { missing: 0, malformed: 0 },
      });
      return { ok: true, run: { ...row, scope: "all" }, scenarios: [row], phases: [breakdown({}), breakdown({ scenario: "search" })] };
    };
    const result = compareSummaries(one(230, 115), one(200, 100));
    expect(result.same).toEqual({ run: ["scenario:search"], "phase:fusion": ["scenario:search/phase:fusion"] });
    expect(result.reasons).toEqual([
      "run (= scenario:search) regressed: p95 200.00ms → 230.00ms (+15.0%)",
      "phase:fusion (= scenario:search) regressed: p95 100.00ms → 115.00ms (+15.0%)",
    ]);
    expect(comparisonRows(result)).toEqual([
      ["scope", "p50", "p95", "p99", "error rate", "req/s"],
      ["run (= scenario:search)", "100.00ms (+0.0%)", "230.00ms (+15.0%) ✗", "300.00ms (+0.0%)", "0.00% (+0.00 points)", "50.00/s (+0.0%)"],
      ["phase:fusion (= scenario:search)", "80.00ms (+0.0%)", "115.00ms (+15.0%) ✗", "120.00ms (+0.0%)", "", ""],
    ]);
    // The same rate reached along two paths of division differs in its last digits: still the same figure.
    const drift = compareSummaries({ ...one(230, 115), run: { ...one(230, 115).run, throughput: 98.49333659582662 }, scenarios: [{ ...one(230, 115).scenarios[0]!, throughput: 98.4933365958266 }] }, one(200, 100));
    expect(drift.same).toEqual({ run: ["scenario:search"], "phase:fusion": ["scenario:search/phase:fusion"] });
    // Two scenarios with their own figures are each compared.
    const two = compareSummaries({ ...one(230, 115), scenarios: [{ ...one(230, 115).scenarios[0]!, p95: 240 }] }, one(200, 100));
    expect(two.same).toEqual({ "phase:fusion": ["scenario:search/phase:fusion"] });
    expect(new Set(two.deltas.map((d) => d.scope))).toEqual(new Set(["run", "scenario:search", "phase:fusion"]));
  });

  test("failing thresholds where the baseline passed is a regression even when every figure is within noise", () => {
    expect(compareSummaries(run({}, false), run({})).reasons).toEqual(["thresholds failed in this run and passed in the baseline"]);
  });
});

describe("parseTolerance", () => {
  test("reads percentages and durations, and names the flag when it cannot", () => {
    expect([parseTolerance("5%", "relative", "--tolerance"), parseTolerance("0.5s", "absolute", "--abs-tolerance")]).toEqual([0.05, 500]);
    expect(() => parseTolerance("five", "relative", "--tolerance")).toThrow(
      '--tolerance must be a percentage such as "5%" (or a fraction below 1 such as 0.05), got "five"',
    );
  });
});

describe("loadgate compare", () => {
  const dir = mkdtempSync(join(tmpdir(), "loadgate-compare-"));
  const healthy = reportOf(fixture("healthy-with-phases"));
  const scaled = (factor: number): SummaryReport => ({
    ...healthy,
    run: { ...healthy.run, p50: (healthy.run.p50 ?? 0) * factor, p95: (healthy.run.p95 ?? 0) * factor, p99: (healthy.run.p99 ?? 0) * factor },
  });
  const write = (name: string, report: SummaryReport) => {
    const path = join(dir, name);
    writeFileSync(path, renderJson(report));
    return path;
  };
  async function cli(args: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((text: string) => void lines.push(text));
    const error = vi.spyOn(console, "error").mockImplementation((text: string) => void lines.push(text));
    try {
      return { code: await main(args), out: lines.join("\n") };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  test("one slower phase in a one-scenario run reads as a few lines: each scope once, its moved figures on one line, a row per scope", async () => {
    // Before: a 15 ms fusion regression printed 24 reason lines, then a 29-row table repeating them.
    const plus = <T extends { p50?: number; p95?: number; p99?: number }>(stats: T, ms: number): T => ({
      ...stats,
      p50: (stats.p50 ?? 0) + ms,
      p95: (stats.p95 ?? 0) + ms,
      p99: (stats.p99 ?? 0) + ms,
    });
    const run15 = { ...healthy.run, ...plus(healthy.run, 15) };
    const slower: SummaryReport = {
      ...healthy,
      run: run15,
      scenarios: healthy.scenarios.map((row) => ({ ...row, ...plus(row, 15) })),
      phases: healthy.phases.map((b) => ({
        ...b,
        phases: b.phases.map((p) => (p.phase === "fusion" && p.stats ? { ...p, stats: plus(p.stats, 15) } : p)),
        ...(b.server ? { server: plus(b.server, 15) } : {}),
      })),
    };
    expect(healthy.scenarios.length).toBe(1);
    const baseline = write("one-scenario-baseline.json", { ...healthy, scenarios: healthy.scenarios.map((row) => ({ ...row, throughput: healthy.run.throughput })) });
    const current = write("one-scenario-slower.json", { ...slower, scenarios: slower.scenarios.map((row) => ({ ...row, throughput: slower.run.throughput })) });
    const out = await cli(["compare", current, baseline]);
    expect(out.code).toBe(1);
    const lines = out.out.split("\n");
    expect(lines.filter((line) => / regressed: /.test(line)).map((line) => line.trim().replace(/ regressed: .*/, " regressed"))).toEqual([
      "run (= scenario:burst) regressed",
      "phase:fusion (= scenario:burst) regressed",
      "phase:server total (= scenario:burst) regressed",
    ]);
    // The header, three reasons, a blank line, and a table of a header and five scopes.
    expect(lines.length).toBe(11);
  });

  test("exits 1 on a slower run, 0 on a 1% wobble, and --update-baseline moves the baseline only without regression", async () => {
    const baseline = write("baseline.json", healthy);
    const slower = await cli(["compare", write("slower.json", scaled(1.5)), baseline]);
    expect(slower.code).toBe(1);
    expect(slower.out).toMatch(/^loadgate compare: REGRESSION/);
    expect(slower.out).toContain("run regressed: p50 51.44ms → 77.15ms (+50.0%), p95 56.41ms → 84.62ms (+50.0%)");

    const wobble = write("wobble.json", scaled(1.01));
    expect((await cli(["compare", wobble, baseline, "--tolerance", "5%", "--abs-tolerance", "2ms"])).code).toBe(0);
    expect((await cli(["compare", write("slower2.json", scaled(1.5)), baseline, "--update-baseline"])).code).toBe(1);
    expect(readFileSync(baseline, "utf8")).toBe(renderJson(healthy));
    expect((await cli(["compare", wobble, baseline, "--update-baseline"])).code).toBe(0);
    expect(readFileSync(baseline, "utf8")).toBe(readFileSync(wobble, "utf8"));
  });

  test("a comparison with an inconclusive run is inconclusive: exit 3, and the run never becomes the baseline", async () => {
    const baseline = write("baseline-i.json", healthy);
    const before = readFileSync(baseline, "utf8");
    const unsure: SummaryReport = {
      ...scaled(1.5),
      verdict: "inconclusive",
      causes: [{ code: "dropped-iterations", verdict: "inconclusive", text: "3 iterations were dropped" }],
    };
    const result = await cli(["compare", write("unsure.json", unsure), baseline, "--update-baseline"]);
    expect(result.code).toBe(3);
    expect(result.out).toMatch(/^loadgate compare: INCONCLUSIVE/);
    expect(result.out).toContain("this run was INCONCLUSIVE: the figures compared may not reflect the load asked");
    expect(readFileSync(baseline, "utf8")).toBe(before);
    // With no baseline yet, an inconclusive run is not made the first one either (exit 4: nothing compared).
    const none = join(dir, "none", "baseline.json");
    const first = await cli(["compare", write("unsure-first.json", unsure), none, "--update-baseline"]);
    expect(first.code).toBe(4);
    expect(first.out).toContain("was INCONCLUSIVE: it is not made the baseline");
    expect(existsSync(none)).toBe(false);
    // The other way round: an inconclusive baseline cannot vouch for a run either.
    expect((await cli(["compare", write("fine.json", healthy), write("unsure-base.json", unsure)])).code).toBe(3);
  });

  test("a missing baseline is exit 4, not the 1 of a regression; a gzip-compressed summary.json compares like the plain one", async () => {
    const ok = write("plain.json", healthy);
    const missing = join(dir, "no-baseline.json");
    // Before: exit 1 and "cannot read (ENOENT)", as a regression exits.
    expect(await cli(["compare", ok, missing])).toEqual({ code: 4, out: `loadgate compare: ${missing}: no such file (ENOENT)` });
    const gz = join(dir, "plain.json.gz");
    writeFileSync(gz, gzipSync(readFileSync(ok)));
    const result = await cli(["compare", gz, ok]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^loadgate compare: WITHIN NOISE/);
  });

  test("a file that is not a summary.json and a bad tolerance are refused with one clear message", async () => {
    const bogus = join(dir, "bogus.json");
    writeFileSync(bogus, "{}");
    expect(await cli(["compare", bogus, bogus])).toEqual({
      code: 4,
      out: `loadgate compare: ${bogus}: /schema must be "loadgate/summary@3" (a loadgate summary.json), got undefined`,
    });
    const ok = write("ok.json", healthy);
    expect(await cli(["compare", ok, ok, "--tolerance", "lots"])).toEqual({
      code: 2,
      out: 'loadgate compare: --tolerance must be a percentage such as "5%" (or a fraction below 1 such as 0.05), got "lots"',
    });
  });
});
