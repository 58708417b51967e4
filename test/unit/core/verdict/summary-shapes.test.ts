import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { runMetricsFromHandleSummary, runMetricsFromMachineReadable } from "../../../../lib/core/verdict/summary-shapes.ts";
import { buildVerdict } from "../../../../lib/core/verdict/verdict.ts";
import { isMachineReadableSummary, type MachineReadableSummary } from "../../../../lib/core/vocabulary/summary-data.ts";
import { FIXTURES, fixture, verdictOf } from "../../../helpers/summary-fixtures.ts";

/** k6's machine-readable handleSummary data of the healthy and all-failing runs (test/fixtures/summary/capture.mjs). */
function machineReadable(name: "machine-readable-healthy" | "machine-readable-all-failed-fast"): MachineReadableSummary {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/summary/${name}.json`, import.meta.url), "utf8")) as MachineReadableSummary;
}

const UNREPORTED_FIX =
  "run without --new-machine-readable-summary (and without K6_NEW_MACHINE_READABLE_SUMMARY): k6's exit code judges the thresholds either way, the reports only in its legacy summary";

describe("isMachineReadableSummary", () => {
  test("tells k6's machine-readable shape from its legacy one", () => {
    expect([machineReadable("machine-readable-healthy"), machineReadable("machine-readable-all-failed-fast")].map(isMachineReadableSummary)).toEqual([true, true]);
    expect(FIXTURES.map((name) => isMachineReadableSummary(fixture(name)))).toEqual(FIXTURES.map(() => false));
  });
});

describe("runMetricsFromMachineReadable", () => {
  test("names the values as the legacy summary does: trends p(90)/p(95), rates passes/fails, counters with their rate; thresholds unreported", () => {
    const figures = runMetricsFromMachineReadable(machineReadable("machine-readable-healthy"));
    const seconds = 0.412528872;
    expect({
      durationMs: figures.durationMs,
      thresholds: figures.thresholds,
      thresholdsUnreported: figures.thresholdsUnreported,
      checks: figures.checks,
      http_reqs: figures.metrics["http_reqs"],
      http_req_failed: figures.metrics["http_req_failed"],
      latency: figures.metrics["http_req_duration{expected_response:true}"],
      checksRate: figures.metrics["checks"],
    }).toEqual({
      durationMs: seconds * 1000,
      thresholds: [],
      thresholdsUnreported: true,
      checks: [{ name: "status is 2xx", passes: 24, fails: 0 }],
      http_reqs: { type: "counter", contains: "default", values: { count: 24, rate: 24 / seconds } },
      http_req_failed: { type: "rate", contains: "default", values: { rate: 0, passes: 0, fails: 24 } },
      latency: {
        type: "trend",
        contains: "time",
        values: { avg: 50.58556470833333, max: 58.301594, med: 49.970003000000005, min: 47.286096, "p(90)": 54.2140779, "p(95)": 57.09306355 },
      },
      checksRate: { type: "rate", contains: "default", values: { rate: 1, passes: 24, fails: 0 } },
    });
  });

  test("runMetricsFromHandleSummary reads either shape", () => {
    expect(runMetricsFromHandleSummary(machineReadable("machine-readable-healthy")).thresholdsUnreported).toBe(true);
    const legacy = runMetricsFromHandleSummary(fixture("healthy-with-phases"));
    expect([legacy.thresholdsUnreported, legacy.thresholds.length > 0]).toEqual([undefined, true]);
  });
});

describe("the verdict over the machine-readable summary", () => {
  test("a healthy run is INCONCLUSIVE: its figures are there, its thresholds' results are not", () => {
    const verdict = buildVerdict(runMetricsFromMachineReadable(machineReadable("machine-readable-healthy")));
    expect([verdict.verdict, verdict.ok, verdict.causes, verdict.reasons]).toEqual([
      "inconclusive",
      true,
      [
        {
          code: "thresholds-unreported",
          verdict: "inconclusive",
          text: "k6's machine-readable summary (--new-machine-readable-summary) carries no threshold results (k6 v2.2.0, k6 issue 4872), so this report cannot tell whether the budgets were met",
          fix: UNREPORTED_FIX,
        },
      ],
      ["all 24 requests succeeded"],
    ]);
    expect(verdict.run).toEqual({ scope: "all", requests: 24, successes: 24, failures: 0, errorRate: 0, throughput: 24 / 0.412528872, p50: 49.970003000000005, p95: 57.09306355 });
    expect(verdict.phases.flatMap((b) => b.phases.map((p) => [p.phase, p.samples]))).toEqual([
      ["embedding", 24],
      ["fusion", 24],
      ["embedding", 24],
      ["fusion", 24],
    ]);
  });

  test("an all-failing run is a FAIL: none of its requests succeeded", () => {
    const verdict = buildVerdict(runMetricsFromMachineReadable(machineReadable("machine-readable-all-failed-fast")));
    expect([verdict.verdict, verdict.causes]).toEqual([
      "fail",
      [
        { code: "no-successes", verdict: "fail", text: "none of 12 requests succeeded" },
        {
          code: "thresholds-unreported",
          verdict: "inconclusive",
          text: "k6's machine-readable summary (--new-machine-readable-summary) carries no threshold results (k6 v2.2.0, k6 issue 4872), so this report cannot tell whether the budgets were met; 12 of 12 requests failed",
          fix: UNREPORTED_FIX,
        },
      ],
    ]);
  });

  test("warn never lets a run whose thresholds judged nothing pass", () => {
    const verdict = buildVerdict(runMetricsFromMachineReadable(machineReadable("machine-readable-healthy")), { inconclusive: "warn" });
    expect([verdict.verdict, verdict.causes.map((c) => [c.code, c.verdict])]).toEqual(["inconclusive", [["thresholds-unreported", "inconclusive"]]]);
  });
});

describe("a run with thresholds disabled (k6 run --no-thresholds)", () => {
  /** The legacy data of a run as k6 hands it over under --no-thresholds: no metric carries thresholds. */
  function withoutThresholds(name: (typeof FIXTURES)[number]) {
    const data = fixture(name);
    const metrics = Object.fromEntries(Object.entries(data.metrics).map(([key, { thresholds: _t, ...metric }]) => [key, metric]));
    return { ...data, metrics };
  }

  test("is a FAIL when no request succeeded, never a PASS", () => {
    const verdict = verdictOf(withoutThresholds("all-failed-fast"));
    expect([verdict.verdict, verdict.causes.map((c) => [c.code, c.verdict, c.text])]).toEqual([
      "fail",
      [
        ["no-successes", "fail", "none of 12 requests succeeded"],
        ["no-thresholds", "inconclusive", "no thresholds were judged (none were set, or k6 ran with --no-thresholds), and 12 of 12 requests failed: this run checks nothing"],
      ],
    ]);
  });

  test("is INCONCLUSIVE when some requests failed, in warn mode too", () => {
    const data = withoutThresholds("two-scenarios-one-broken");
    for (const inconclusive of ["inconclusive", "warn"] as const) {
      const verdict = verdictOf(data, { inconclusive });
      expect([verdict.verdict, verdict.causes.map((c) => [c.code, c.verdict])]).toEqual(["inconclusive", [["no-thresholds", "inconclusive"]]]);
    }
  });
});
