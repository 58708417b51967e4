import { describe, expect, it } from "vitest";
import { phaseBreakdown, phaseBreakdownThresholds, renderPhaseBreakdown } from "../../../../lib/core/phases/breakdown.ts";
import type { SummaryData } from "../../../../lib/core/vocabulary/summary-data.ts";

const trend = (med: number, p95: number, p99: number, avg: number) => ({
  type: "trend" as const,
  contains: "time" as const,
  values: { avg, min: med / 2, med, max: p99 + 1, "p(90)": p95 - 1, "p(95)": p95, "p(99)": p99 },
});
const counter = (count: number) => ({ type: "counter" as const, contains: "default" as const, values: { count, rate: count / 10 } });

describe("phaseBreakdownThresholds", () => {
  it("declares every sub-metric the breakdown reads as an empty threshold list, per scenario", () => {
    expect(phaseBreakdownThresholds({ phases: ["embedding", "fusion"], scenarios: ["search"] })).toEqual({
      thresholds: {
        "loadgate_phase_duration{phase:embedding,scenario:search}": [],
        "loadgate_phase_samples{phase:embedding,scenario:search}": [],
        "loadgate_phase_duration{phase:fusion,scenario:search}": [],
        "loadgate_phase_samples{phase:fusion,scenario:search}": [],
        "loadgate_phase_duration{phase:_unlisted,scenario:search}": [],
        "loadgate_phase_samples{phase:_unlisted,scenario:search}": [],
        "loadgate_server_duration{scenario:search}": [],
        "loadgate_unattributed_duration{scenario:search}": [],
        "loadgate_timed_responses{scenario:search}": [],
        "loadgate_untimed_responses{reason:missing,scenario:search}": [],
        "loadgate_untimed_responses{reason:malformed,scenario:search}": [],
      },
      summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"],
    });
  });

  it("declares the whole run's phase sub-metrics when no scenarios are given", () => {
    expect(Object.keys(phaseBreakdownThresholds({ phases: ["db"] }).thresholds)).toEqual([
      "loadgate_phase_duration{phase:db}",
      "loadgate_phase_samples{phase:db}",
      "loadgate_phase_duration{phase:_unlisted}",
      "loadgate_phase_samples{phase:_unlisted}",
      "loadgate_server_duration",
      "loadgate_unattributed_duration",
      "loadgate_timed_responses",
      "loadgate_untimed_responses{reason:missing}",
      "loadgate_untimed_responses{reason:malformed}",
    ]);
  });

  it("refuses a phase name that cannot be a tag selector", () => {
    expect(() => phaseBreakdownThresholds({ phases: ["a b"] })).toThrow(RangeError);
  });
});

// What k6 hands handleSummary for a run of two scenarios declared with phaseBreakdownThresholds.
const twoScenarios: SummaryData = {
  metrics: {
    http_req_duration: trend(150, 170, 180, 152),
    loadgate_phase_duration: trend(60, 82, 83, 60),
    loadgate_phase_samples: counter(400),
    loadgate_server_duration: trend(120, 124, 125, 120),
    loadgate_unattributed_duration: trend(30, 33, 35, 30.5),
    loadgate_timed_responses: counter(200),
    loadgate_untimed_responses: counter(3),
    // search: embedding + fusion = total
    "loadgate_phase_duration{phase:embedding,scenario:search}": trend(40, 42, 43, 40),
    "loadgate_phase_samples{phase:embedding,scenario:search}": counter(100),
    "loadgate_phase_duration{phase:fusion,scenario:search}": trend(80, 82, 83, 80),
    "loadgate_phase_samples{phase:fusion,scenario:search}": counter(100),
    "loadgate_server_duration{scenario:search}": trend(120, 124, 125, 120),
    "loadgate_unattributed_duration{scenario:search}": trend(30, 33, 35, 30.5),
    "loadgate_timed_responses{scenario:search}": counter(100),
    "loadgate_untimed_responses{reason:missing,scenario:search}": counter(0),
    "loadgate_untimed_responses{reason:malformed,scenario:search}": counter(3),
    // browse: a total of 150 with 120 in phases, and fusion never reported (k6 reports zeros)
    "loadgate_phase_duration{phase:embedding,scenario:browse}": trend(120, 130, 140, 120),
    "loadgate_phase_samples{phase:embedding,scenario:browse}": counter(100),
    "loadgate_phase_duration{phase:fusion,scenario:browse}": trend(0, 0, 0, 0),
    "loadgate_phase_samples{phase:fusion,scenario:browse}": counter(0),
    "loadgate_server_duration{scenario:browse}": trend(150, 160, 170, 150),
    "loadgate_unattributed_duration{scenario:browse}": trend(10, 12, 13, 10),
    "loadgate_timed_responses{scenario:browse}": counter(100),
    "loadgate_untimed_responses{reason:missing,scenario:browse}": counter(0),
    "loadgate_untimed_responses{reason:malformed,scenario:browse}": counter(0),
  },
};

describe("phaseBreakdown", () => {
  it("gives each scenario its phases' percentiles, their shares of the server total, and the unattributed time", () => {
    expect(phaseBreakdown(twoScenarios, { phases: ["fusion", "embedding"] })).toEqual([
      {
        scope: { scenario: "browse" },
        phases: [
          { phase: "fusion", samples: 0 },
          { phase: "embedding", samples: 100, stats: { p50: 120, p95: 130, p99: 140, avg: 120 }, share: 0.8 },
        ],
        unphasedShare: 0.19999999999999996,
        server: { p50: 150, p95: 160, p99: 170, avg: 150 },
        unattributed: { p50: 10, p95: 12, p99: 13, avg: 10 },
        timed: 100,
        untimed: { missing: 0, malformed: 0 },
      },
      {
        scope: { scenario: "search" },
        phases: [
          { phase: "fusion", samples: 100, stats: { p50: 80, p95: 82, p99: 83, avg: 80 }, share: 2 / 3 },
          { phase: "embedding", samples: 100, stats: { p50: 40, p95: 42, p99: 43, avg: 40 }, share: 1 / 3 },
        ],
        unphasedShare: 0,
        server: { p50: 120, p95: 124, p99: 125, avg: 120 },
        unattributed: { p50: 30, p95: 33, p99: 35, avg: 30.5 },
        timed: 100,
        untimed: { missing: 0, malformed: 3 },
      },
    ]);
  });

  it("shows the phases the script does not list as one last row, so time in no phase is only time no entry names", () => {
    const data: SummaryData = {
      metrics: {
        "loadgate_phase_duration{phase:_unlisted,scenario:search}": trend(200, 210, 215, 200),
        "loadgate_phase_samples{phase:_unlisted,scenario:search}": counter(20),
        "loadgate_phase_duration{phase:embedding,scenario:search}": trend(100, 104, 105, 100),
        "loadgate_phase_samples{phase:embedding,scenario:search}": counter(20),
        "loadgate_server_duration{scenario:search}": trend(300, 310, 315, 300),
        "loadgate_timed_responses{scenario:search}": counter(20),
        // declared and never recorded: the server named nothing beyond the list
        "loadgate_phase_duration{phase:_unlisted,scenario:browse}": trend(0, 0, 0, 0),
        "loadgate_phase_samples{phase:_unlisted,scenario:browse}": counter(0),
        "loadgate_phase_duration{phase:embedding,scenario:browse}": trend(100, 104, 105, 100),
        "loadgate_phase_samples{phase:embedding,scenario:browse}": counter(20),
        "loadgate_server_duration{scenario:browse}": trend(100, 104, 105, 100),
        "loadgate_timed_responses{scenario:browse}": counter(20),
      },
    };
    const [browse, search] = phaseBreakdown(data, { phases: ["embedding"] });
    expect(browse?.phases.map((p) => p.phase)).toEqual(["embedding"]);
    expect(search?.phases.map((p) => [p.phase, p.share])).toEqual([["embedding", 1 / 3], ["_unlisted", 2 / 3]]);
    expect(search?.unphasedShare).toBe(0);
    const text = renderPhaseBreakdown(phaseBreakdown(data, { phases: ["embedding"] }));
    expect(text).toMatch(/\(other named phases\)\s+200\.0ms\s+210\.0ms\s+215\.0ms\s+66\.7%/);
    expect(text).not.toContain("_unlisted");
    expect(text).not.toContain("(in no phase)");
  });

  it("shows the whole run from the base metrics when nothing narrower was declared", () => {
    const data: SummaryData = {
      metrics: {
        loadgate_server_duration: trend(120, 124, 125, 120),
        loadgate_unattributed_duration: trend(30, 33, 35, 30),
        loadgate_timed_responses: counter(10),
      },
    };
    expect(phaseBreakdown(data)).toEqual([
      {
        scope: {},
        phases: [],
        server: { p50: 120, p95: 124, p99: 125, avg: 120 },
        unattributed: { p50: 30, p95: 33, p99: 35, avg: 30 },
        timed: 10,
        untimed: { missing: 0, malformed: 0 },
      },
    ]);
  });

  it("reports no timings, not zero-millisecond phases, when every response was untimed", () => {
    const data: SummaryData = {
      metrics: {
        "loadgate_phase_duration{phase:embedding,scenario:search}": trend(0, 0, 0, 0),
        "loadgate_phase_samples{phase:embedding,scenario:search}": counter(0),
        "loadgate_server_duration{scenario:search}": trend(0, 0, 0, 0),
        "loadgate_unattributed_duration{scenario:search}": trend(0, 0, 0, 0),
        "loadgate_timed_responses{scenario:search}": counter(0),
        "loadgate_untimed_responses{reason:missing,scenario:search}": counter(0),
        "loadgate_untimed_responses{reason:malformed,scenario:search}": counter(20),
      },
    };
    const rows = phaseBreakdown(data);
    expect(rows).toEqual([
      {
        scope: { scenario: "search" },
        phases: [{ phase: "embedding", samples: 0 }],
        timed: 0,
        untimed: { missing: 0, malformed: 20 },
      },
    ]);
    expect(renderPhaseBreakdown(rows)).toBe(
      [
        "phase breakdown (scenario search): 0 of 20 successful responses carried timings; 20 untimed (20 malformed)",
        "             p50  p95  p99  share",
        "  embedding  no samples",
        "",
      ].join("\n"),
    );
  });
});

describe("renderPhaseBreakdown", () => {
  it("prints one table per scenario with phases, the part in no phase, server total and unattributed", () => {
    expect(renderPhaseBreakdown(phaseBreakdown(twoScenarios, { phases: ["embedding", "fusion"] }))).toBe(
      [
        "phase breakdown (scenario browse): 100 of 100 successful responses carried timings",
        "                     p50      p95      p99   share",
        "  embedding      120.0ms  130.0ms  140.0ms   80.0%",
        "  fusion         no samples",
        "  (in no phase)                              20.0%",
        "  server total   150.0ms  160.0ms  170.0ms  100.0%",
        "  unattributed    10.0ms   12.0ms   13.0ms",
        "",
        "phase breakdown (scenario search): 100 of 103 successful responses carried timings; 3 untimed (3 malformed)",
        "                    p50      p95      p99   share",
        "  embedding      40.0ms   42.0ms   43.0ms   33.3%",
        "  fusion         80.0ms   82.0ms   83.0ms   66.7%",
        "  server total  120.0ms  124.0ms  125.0ms  100.0%",
        "  unattributed   30.0ms   33.0ms   35.0ms",
        "",
      ].join("\n"),
    );
  });

  it("says k6 kept no phase's figures where no phaseBreakdownThresholds() declared them, and claims no time in no phase", () => {
    // What k6 hands handleSummary when a script records phases but declares none of their sub-metrics.
    const data: SummaryData = {
      metrics: {
        loadgate_phase_duration: trend(1.1, 1.9, 2.0, 1.2),
        loadgate_phase_samples: counter(40),
        loadgate_server_duration: trend(2.3, 2.9, 3.0, 2.4),
        loadgate_unattributed_duration: trend(0.4, 0.9, 1.3, 0.5),
        loadgate_timed_responses: counter(20),
      },
    } as SummaryData;
    const [run] = phaseBreakdown(data);
    expect(run?.unphasedShare).toBeUndefined();
    expect(renderPhaseBreakdown(phaseBreakdown(data))).toBe(
      [
        "phase breakdown: 20 of 20 successful responses carried timings",
        "                  p50    p95    p99  share",
        "  each phase    not kept: phaseBreakdownThresholds() declares them",
        "  server total  2.3ms  2.9ms  3.0ms",
        "  unattributed  0.4ms  0.9ms  1.3ms",
        "",
      ].join("\n"),
    );
  });

  it("says so when the run has no phase metrics", () => {
    expect(renderPhaseBreakdown([])).toBe("phase breakdown: no phase metrics in this run\n");
  });
});
