import { describe, expect, it } from "vitest";
import { compileGate, trendStat } from "../../../../lib/core/thresholds/gate.ts";
import { subMetric } from "../../../../lib/core/vocabulary/metric-key.ts";

describe("compileGate", () => {
  it("compiles the defaults to an error budget, a success-count guard and a dropped-iterations guard", () => {
    expect(compileGate({})).toEqual({
      thresholds: {
        "http_req_failed": ["rate<=0.01"],
        "http_reqs{expected_response:true}": ["count>=1"],
        // Iterations k6 could not start make the run inconclusive; the guard makes k6 exit 99 on them.
        "dropped_iterations": ["count==0"],
      },
      summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"],
    });
  });

  it("gates latency over successful responses only, with as many samples as its highest percentile needs", () => {
    expect(compileGate({ p95: 1500, p99: 3000, maxErrorRate: 0, minSuccesses: 20 })).toEqual({
      thresholds: {
        "http_req_duration{expected_response:true}": ["p(95)<1500", "p(99)<3000"],
        "http_req_failed": ["rate==0"],
        // p(99) over fewer than 100 samples is about the maximum: a second guard, apart from minSuccesses.
        "http_reqs{expected_response:true}": ["count>=20", "count>=100"],
        "dropped_iterations": ["count==0"],
      },
      summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"],
    });
  });

  it("narrows every threshold to a scope and aborts on failure when asked", () => {
    expect(
      compileGate({ p95: 500, "p99.9": 900, minCheckRate: 0.99, abortOnFail: "5s" }, { scope: { step: "5" } }),
    ).toEqual({
      thresholds: {
        "http_req_duration{expected_response:true,step:5}": [
          { threshold: "p(95)<500", abortOnFail: true, delayAbortEval: "5s" },
          { threshold: "p(99.9)<900", abortOnFail: true, delayAbortEval: "5s" },
        ],
        "http_req_failed{step:5}": [{ threshold: "rate<=0.01", abortOnFail: true, delayAbortEval: "5s" }],
        // The guards never abort: successes only grow, so they are judged at the end. k6 tags dropped
        // iterations with their scenario only, so a step scope has no dropped-iterations guard.
        "http_reqs{expected_response:true,step:5}": ["count>=1", "count>=1000"],
        "checks{step:5}": [{ threshold: "rate>=0.99", abortOnFail: true, delayAbortEval: "5s" }],
      },
      summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)", "p(99.9)"],
    });
  });

  it("with inconclusive: warn, leaves out the guards of inconclusive runs but keeps minSuccesses", () => {
    expect(compileGate({ p99: 3000, inconclusive: "warn" }).thresholds).toEqual({
      "http_req_duration{expected_response:true}": ["p(99)<3000"],
      "http_req_failed": ["rate<=0.01"],
      "http_reqs{expected_response:true}": ["count>=1"],
    });
    expect(compileGate({ p95: 300 }, { scope: { scenario: "peak" } }).thresholds).toMatchObject({
      "http_reqs{expected_response:true,scenario:peak}": ["count>=1", "count>=20"],
      "dropped_iterations{scenario:peak}": ["count==0"],
    });
  });

  it("writes avg, med and max limits as k6 stats", () => {
    expect(compileGate({ avg: 100, med: 90, max: 1000 }).thresholds["http_req_duration{expected_response:true}"]).toEqual([
      "avg<100",
      "med<90",
      "max<1000",
    ]);
  });

  it.each([
    [{ maxErrorRate: 1.5 }, "gate: `maxErrorRate` must be a number from 0 to 1, got 1.5"],
    [{ maxErrorRate: -0.1 }, "gate: `maxErrorRate` must be a number from 0 to 1, got -0.1"],
    [
      { minSuccesses: 0 },
      "gate: `minSuccesses` must be an integer >= 1 (a gate over zero successful responses proves nothing), got 0",
    ],
    [{ p95: 0 }, "gate: `p95` must be a number of milliseconds > 0, got 0"],
    [{ p95: "fast" as unknown as number }, 'gate: `p95` must be a number of milliseconds > 0, got "fast"'],
    [
      { p100: 5 },
      "gate: unknown key `p100`; expected a latency stat (p50, p90, p95, p99, p99.9, avg, med, max) or one of maxErrorRate, minSuccesses, minCheckRate, abortOnFail, phases, inconclusive",
    ],
    [{ inconclusive: "ignore" as "warn" }, 'gate: `inconclusive` must be "fail" or "warn", got "ignore"'],
    [{ abortOnFail: "soon" }, 'gate: `abortOnFail` must be true, false or a k6 duration such as "10s", got "soon"'],
    [{ minCheckRate: 2 }, "gate: `minCheckRate` must be a number from 0 to 1, got 2"],
  ])("rejects %j with a message naming the option, the rule and the value", (gate, message) => {
    expect(() => compileGate(gate)).toThrow(new RangeError(message));
  });
});

describe("subMetric and trendStat", () => {
  it("writes k6's sub-metric selector syntax", () => {
    expect(subMetric("http_reqs", {})).toBe("http_reqs");
    expect(subMetric("http_reqs", { expected_response: "true", scenario: "peak" })).toBe(
      "http_reqs{expected_response:true,scenario:peak}",
    );
  });

  it("rejects tag values that would break the selector", () => {
    expect(() => subMetric("http_reqs", { scenario: "a,b" })).toThrow(RangeError);
  });

  it("maps percentile keys to k6 stats", () => {
    expect(["p50", "p95", "p99.9", "avg", "p0", "p100", "p", "x"].map(trendStat)).toEqual([
      "p(50)",
      "p(95)",
      "p(99.9)",
      "avg",
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
