import { describe, expect, test } from "vitest";
import { buildVerdict } from "../../lib/core/verdict.ts";
import { reportThresholds } from "../../lib/core/report/sub-metrics.ts";
import { fixture } from "./report-fixtures.ts";

describe("buildVerdict", () => {
  test("a run whose every request failed fast is a FAIL with the reason in words, and its passing latency gate is called vacuous", () => {
    expect(buildVerdict(fixture("all-failed-fast"))).toEqual({
      ok: false,
      reasons: [
        "12 of 12 requests failed; latency gates measured 0 successful responses",
        "http_req_failed rate<=0.01 failed: rate was 100.00% (limit <= 1.00%)",
        "http_reqs{expected_response:true} count>=1 failed: count was 0 (limit >= 1)",
      ],
      notes: ["http_req_duration{expected_response:true} p(95)<2000 passed over no samples: it proves nothing"],
      durationMs: 20.297315,
      run: { scope: "all", requests: 12, successes: 0, failures: 12, errorRate: 1, throughput: 591.2112020727865 },
      scenarios: [{ scope: "burst", requests: 12, successes: 0, failures: 12, errorRate: 1, throughput: 591.2112020727865 }],
      phases: [],
      thresholds: [
        {
          metric: "http_req_duration{expected_response:true}",
          expression: "p(95)<2000",
          stat: "p(95)",
          operator: "<",
          limit: 2000,
          ok: true,
          vacuous: true,
          unit: "ms",
          observed: 0,
          samples: 0,
        },
        {
          metric: "http_req_failed",
          expression: "rate<=0.01",
          stat: "rate",
          operator: "<=",
          limit: 0.01,
          ok: false,
          vacuous: false,
          unit: "share",
          observed: 1,
          samples: 12,
        },
        {
          metric: "http_reqs{expected_response:true}",
          expression: "count>=1",
          stat: "count",
          operator: ">=",
          limit: 1,
          ok: false,
          vacuous: false,
          unit: "count",
          observed: 0,
        },
      ],
      checks: [{ name: "status is 2xx", passes: 0, fails: 12 }],
    });
  });

  test("two scenarios get a row each from their sub-metrics, and the broken one is named in the reasons", () => {
    const verdict = buildVerdict(fixture("two-scenarios-one-broken"));
    expect(verdict.scenarios.map((r) => [r.scope, r.requests, r.successes, r.failures, r.errorRate, r.p95 === undefined])).toEqual([
      ["broken", 12, 0, 12, 1, true],
      ["search", 12, 12, 0, 0, false],
    ]);
    expect(verdict.reasons.slice(0, 2)).toEqual([
      "12 of 24 requests failed; latency gates measured 12 successful responses",
      "scenario broken: 12 of 12 requests failed",
    ]);
  });

  test("a healthy run passes, and its phases are read from loadgate_phase_duration{phase:x}", () => {
    const verdict = buildVerdict(fixture("healthy-with-phases"));
    expect(verdict.ok).toBe(true);
    expect(verdict.reasons).toEqual(["all 12 requests succeeded", "all 7 thresholds passed"]);
    expect(verdict.notes).toEqual([]);
    expect(verdict.phases.map((p) => [p.phase, p.samples])).toEqual([
      ["embedding", 12],
      ["fusion", 12],
    ]);
    expect(verdict.phases[0]?.p95).toBeGreaterThan(15);
  });

  test("a timed-out run counts its timeouts as failures and measures no latency", () => {
    const verdict = buildVerdict(fixture("all-timed-out"));
    expect(verdict.run).toEqual({ scope: "all", requests: 3, successes: 0, failures: 3, errorRate: 1, throughput: verdict.run.throughput });
    expect(verdict.reasons[0]).toBe("3 of 3 requests failed; latency gates measured 0 successful responses");
  });

  test("an empty Rate threshold is vacuous, and a run without thresholds says it checks nothing", () => {
    const empty = buildVerdict({
      metrics: { checks: { type: "rate", contains: "default", values: { rate: 0, passes: 0, fails: 0 }, thresholds: { "rate>=0.99": { ok: true } } } },
    });
    expect(empty.thresholds.map((t) => [t.metric, t.vacuous, t.samples])).toEqual([["checks", true, 0]]);
    expect(buildVerdict({ metrics: {} }).notes).toEqual(["no thresholds were set: this verdict checks nothing"]);
  });
});

describe("reportThresholds", () => {
  test("declares the per-scenario sub-metrics as empty thresholds and keeps existing entries", () => {
    expect(reportThresholds(["peak"], { http_req_failed: ["rate<=0.01"], "http_reqs{expected_response:true}": ["count>=1"] })).toEqual({
      http_req_failed: ["rate<=0.01"],
      "http_reqs{expected_response:true}": ["count>=1"],
      "http_req_duration{expected_response:true}": [],
      "http_reqs{scenario:peak}": [],
      "http_reqs{expected_response:true,scenario:peak}": [],
      "http_req_failed{scenario:peak}": [],
      "http_req_duration{expected_response:true,scenario:peak}": [],
    });
  });
});
