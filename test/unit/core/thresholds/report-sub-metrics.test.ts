import { describe, expect, test } from "vitest";
import { declaredScenarioSubMetrics, reportThresholds, scenarioSubMetrics } from "../../../../lib/core/thresholds/report-sub-metrics.ts";
import { ERROR_KIND_SUB_METRICS } from "../../../../lib/core/vocabulary/error-codes.ts";

describe("declaredScenarioSubMetrics", () => {
  test("a run of one scenario declares every sub-metric of it but its latency, which is the run's", () => {
    expect(declaredScenarioSubMetrics(["loop"])).toEqual([
      "http_reqs{scenario:loop}",
      "http_reqs{expected_response:true,scenario:loop}",
      "http_req_failed{scenario:loop}",
      "iterations{scenario:loop}",
      "dropped_iterations{scenario:loop}",
    ]);
  });

  test("a run of several scenarios declares each one's sub-metrics, latency included", () => {
    expect(declaredScenarioSubMetrics(["smoke", "peak"])).toEqual([...scenarioSubMetrics("smoke"), ...scenarioSubMetrics("peak")]);
    expect(scenarioSubMetrics("peak")).toContain("http_req_duration{expected_response:true,scenario:peak}");
    expect(declaredScenarioSubMetrics([])).toEqual([]);
  });
});

describe("reportThresholds", () => {
  test("declares the per-scenario sub-metrics as empty thresholds and keeps existing entries; one scenario's latency is the run's", () => {
    expect(reportThresholds(["peak"], { http_req_failed: ["rate<=0.01"], "http_reqs{expected_response:true}": ["count>=1"] })).toEqual({
      http_req_failed: ["rate<=0.01"],
      "http_reqs{expected_response:true}": ["count>=1"],
      "http_req_duration{expected_response:true}": [],
      ...Object.fromEntries(ERROR_KIND_SUB_METRICS.map((metric) => [metric, []])),
      "http_reqs{scenario:peak}": [],
      "http_reqs{expected_response:true,scenario:peak}": [],
      "http_req_failed{scenario:peak}": [],
      "iterations{scenario:peak}": [],
      "dropped_iterations{scenario:peak}": [],
    });
  });

  test("two scenarios each get their latency sub-metric", () => {
    const thresholds = reportThresholds(["smoke", "peak"]);
    expect(thresholds["http_req_duration{expected_response:true,scenario:smoke}"]).toEqual([]);
    expect(thresholds["http_req_duration{expected_response:true,scenario:peak}"]).toEqual([]);
  });

  test("a scenario's latency gate given in the thresholds is kept for a run of one scenario", () => {
    const gate = { "http_req_duration{expected_response:true,scenario:peak}": ["p(95)<500"] };
    expect(reportThresholds(["peak"], gate)["http_req_duration{expected_response:true,scenario:peak}"]).toEqual(["p(95)<500"]);
  });
});
