import { describe, expect, test } from "vitest";
import { phaseBreakdown } from "../../../../lib/core/phases/breakdown.ts";
import { fixture, verdictOf } from "../../../helpers/summary-fixtures.ts";

describe("buildVerdict", () => {
  test("a run whose every request failed fast is a FAIL with the reason in words, and its passing latency gate is called vacuous", () => {
    expect(verdictOf(fixture("all-failed-fast"))).toEqual({
      verdict: "fail",
      ok: false,
      causes: [
        { code: "threshold-failed", verdict: "fail", text: "http_req_failed rate<=0.01 failed: rate was 100.00% (limit <= 1.00%)" },
        { code: "no-successes", verdict: "fail", text: "none of 12 requests succeeded (http_reqs{expected_response:true} count>=1)" },
        {
          code: "empty-gate",
          verdict: "inconclusive",
          text: "http_req_duration{expected_response:true} p(95)<2000 passed over no samples: it judged nothing",
          fix: "check that the scope (scenario, step, phase) it names ran and recorded samples",
        },
      ],
      reasons: ["12 of 12 requests failed; latency gates measured 0 successful responses", "2 of 3 thresholds failed"],
      notes: [],
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
    const verdict = verdictOf(fixture("two-scenarios-one-broken"));
    expect(verdict.scenarios.map((r) => [r.scope, r.requests, r.successes, r.failures, r.errorRate, r.p95 === undefined])).toEqual([
      ["broken", 12, 0, 12, 1, true],
      ["search", 12, 12, 0, 0, false],
    ]);
    expect(verdict.reasons.slice(0, 2)).toEqual([
      "12 of 24 requests failed; latency gates measured 12 successful responses",
      "scenario broken: 12 of 12 requests failed",
    ]);
  });

  test("a healthy run passes, and its phases are the phase breakdown of the run and of each scenario", () => {
    const verdict = verdictOf(fixture("healthy-with-phases"), { phases: ["fusion", "embedding"] });
    expect([verdict.verdict, verdict.ok, verdict.causes]).toEqual(["pass", true, []]);
    expect(verdict.reasons).toEqual(["all 24 requests succeeded", "all 9 thresholds passed"]);
    expect(verdict.notes).toEqual([]);
    // The listed order wins over the alphabetical one; every successful response carried timings.
    expect(verdict.phases.map((b) => [b.scope, b.phases.map((p) => [p.phase, p.samples]), b.timed, b.untimed])).toEqual([
      [{}, [["fusion", 24], ["embedding", 24]], 24, { missing: 0, malformed: 0 }],
      [{ scenario: "burst" }, [["fusion", 24], ["embedding", 24]], 24, { missing: 0, malformed: 0 }],
    ]);
    const [run] = verdict.phases;
    // The demo target answered with embedding 20 ms and fusion 30 ms: 40% and 60% of the server total.
    expect(run?.phases.map((p) => Math.round((p.share ?? 0) * 100))).toEqual([60, 40]);
    expect(run?.phases[1]?.stats?.p95).toBeGreaterThan(15);
    expect(run?.unattributed?.p50).toBeGreaterThanOrEqual(0);
    expect(phaseBreakdown(fixture("healthy-with-phases"))).toEqual(verdictOf(fixture("healthy-with-phases")).phases);
  });

  test("responses without readable timings are a note, naming the scope and the reason", () => {
    const data = fixture("healthy-with-phases");
    const untimed = { ...data.metrics["loadgate_timed_responses{scenario:burst}"]!, values: { count: 3, rate: 1 } };
    const verdict = verdictOf({ ...data, metrics: { ...data.metrics, "loadgate_untimed_responses{reason:malformed,scenario:burst}": untimed } });
    expect(verdict.notes).toEqual([
      "scenario burst: 3 of 27 successful responses carried no readable timings (3 malformed): the phase figures leave them out",
    ]);
  });

  test("a timed-out run counts its timeouts as failures and measures no latency", () => {
    const verdict = verdictOf(fixture("all-timed-out"));
    // k6's http_reqs rate: 3 requests over the 302.23 ms the run took.
    expect(verdict.run).toEqual({ scope: "all", requests: 3, successes: 0, failures: 3, errorRate: 1, throughput: 9.926123141081566 });
    expect(verdict.reasons[0]).toBe("3 of 3 requests failed; latency gates measured 0 successful responses");
  });

  test("an empty Rate threshold is vacuous and makes the run inconclusive, and so does a run without thresholds", () => {
    const empty = verdictOf({
      metrics: { checks: { type: "rate", contains: "default", values: { rate: 0, passes: 0, fails: 0 }, thresholds: { "rate>=0.99": { ok: true } } } },
    });
    expect(empty.thresholds.map((t) => [t.metric, t.vacuous, t.samples])).toEqual([["checks", true, 0]]);
    expect([empty.verdict, empty.causes.map((c) => c.code)]).toEqual(["inconclusive", ["no-requests", "empty-gate"]]);
    const none = verdictOf({ metrics: {} });
    expect([none.verdict, none.causes.map((c) => [c.code, c.text])]).toEqual([
      "inconclusive",
      [
        ["no-requests", "no HTTP requests were made, so nothing was judged"],
        ["no-thresholds", "no thresholds were judged (none were set, or k6 ran with --no-thresholds): this run checks nothing"],
      ],
    ]);
  });
});
