import { describe, expect, it } from "vitest";
import { Histogram } from "../../../../lib/core/stats/histogram.ts";
import { evaluateThresholds, type MetricStats } from "../../../../lib/core/thresholds/evaluate.ts";
import { parseThresholdKey } from "../../../../lib/core/vocabulary/metric-key.ts";
import type { MetricType } from "../../../../lib/core/vocabulary/summary-data.ts";

/** Samples of one metric, each with its tags. */
type Samples = Record<string, { value: number; tags: Record<string, string> }[]>;

/** A select function over raw samples: the sub-metric holds samples whose tags include every pair. */
function selectOver(samples: Samples) {
  return (metric: string, tags: Readonly<Record<string, string>>): MetricStats | undefined => {
    const matching = (samples[metric] ?? []).filter((s) => Object.entries(tags).every(([k, v]) => s.tags[k] === v));
    if (matching.length === 0) return undefined;
    const histogram = new Histogram();
    for (const s of matching) histogram.record(s.value);
    const values = matching.map((s) => s.value);
    return {
      count: values.length,
      sum: values.reduce((a, b) => a + b, 0),
      min: Math.min(...values),
      max: Math.max(...values),
      nonZero: values.filter((v) => v !== 0).length,
      last: values[values.length - 1]!,
      histogram,
    };
  };
}

const types: Record<string, MetricType> = {
  http_reqs: "counter",
  http_req_failed: "rate",
  http_req_duration: "trend",
  vus: "gauge",
  checks: "rate",
};

const ok = { expected_response: "true", scenario: "peak" };
const bad = { expected_response: "false", scenario: "peak" };
const SAMPLES: Samples = {
  http_reqs: [
    { value: 1, tags: ok },
    { value: 1, tags: ok },
    { value: 1, tags: ok },
    { value: 1, tags: bad },
  ],
  http_req_failed: [
    { value: 0, tags: ok },
    { value: 0, tags: ok },
    { value: 0, tags: ok },
    { value: 1, tags: bad },
  ],
  http_req_duration: [
    { value: 100, tags: ok },
    { value: 200, tags: ok },
    { value: 300, tags: ok },
    { value: 2, tags: bad },
  ],
  vus: [
    { value: 10, tags: {} },
    { value: 4, tags: {} },
  ],
};

function judge(thresholds: Record<string, string[]>, durationMs?: number) {
  return evaluateThresholds(thresholds, selectOver(SAMPLES), { types, ...(durationMs === undefined ? {} : { durationMs }) }).map(
    ({ metric, expression, observed, ok, samples, vacuous }) => ({ metric, expression, observed, ok, samples, vacuous }),
  );
}

describe("evaluateThresholds", () => {
  it("reads a Counter's count, a Rate's rate, a Gauge's last value and a Trend's stats as k6 does", () => {
    expect(
      judge({
        "http_reqs{expected_response:true}": ["count>=3", "count>3"],
        http_req_failed: ["rate<=0.25", "rate<0.25"],
        vus: ["value==4"],
        "http_req_duration{expected_response:true}": ["max<=300", "min==100", "avg==200"],
      }),
    ).toEqual([
      { metric: "http_reqs{expected_response:true}", expression: "count>=3", observed: 3, ok: true, samples: 3, vacuous: false },
      { metric: "http_reqs{expected_response:true}", expression: "count>3", observed: 3, ok: false, samples: 3, vacuous: false },
      { metric: "http_req_failed", expression: "rate<=0.25", observed: 0.25, ok: true, samples: 4, vacuous: false },
      { metric: "http_req_failed", expression: "rate<0.25", observed: 0.25, ok: false, samples: 4, vacuous: false },
      { metric: "vus", expression: "value==4", observed: 4, ok: true, samples: 2, vacuous: false },
      { metric: "http_req_duration{expected_response:true}", expression: "max<=300", observed: 300, ok: true, samples: 3, vacuous: false },
      { metric: "http_req_duration{expected_response:true}", expression: "min==100", observed: 100, ok: true, samples: 3, vacuous: false },
      { metric: "http_req_duration{expected_response:true}", expression: "avg==200", observed: 200, ok: true, samples: 3, vacuous: false },
    ]);
  });

  it("takes percentiles from the histogram, within its 1% precision", () => {
    const [p] = evaluateThresholds({ "http_req_duration{expected_response:true}": ["p(95)<301"] }, selectOver(SAMPLES), { types });
    expect(p!.ok).toBe(true);
    expect(Math.abs(p!.observed! - 300)).toBeLessThanOrEqual(3);
  });

  it("selects samples whose tags include every pair, in any order, with spaces and quotes trimmed like k6", () => {
    expect(
      judge({
        "http_reqs{scenario:peak,expected_response:false}": ["count==1"],
        "http_reqs{ expected_response : 'true' }": ["count==3"],
        "http_reqs{scenario:peak}": ["count==4"],
      }).map((r) => r.observed),
    ).toEqual([1, 3, 4]);
    expect(parseThresholdKey('http_reqs{scenario:"peak", step:5}')).toEqual({ name: "http_reqs", tags: { scenario: "peak", step: "5" } });
  });

  it("keeps k6's verdicts on empty metrics: a Rate passes, a Trend reads 0, a Counter's count is 0", () => {
    expect(
      judge({
        "http_req_failed{scenario:none}": ["rate<=0.01"],
        "http_req_duration{scenario:none}": ["p(95)<500"],
        "http_reqs{scenario:none}": ["count>=1"],
      }),
    ).toEqual([
      { metric: "http_req_failed{scenario:none}", expression: "rate<=0.01", observed: undefined, ok: true, samples: 0, vacuous: true },
      { metric: "http_req_duration{scenario:none}", expression: "p(95)<500", observed: 0, ok: true, samples: 0, vacuous: true },
      { metric: "http_reqs{scenario:none}", expression: "count>=1", observed: 0, ok: false, samples: 0, vacuous: false },
    ]);
  });

  it("reads a Counter's rate per second of the run, and skips it without a duration like k6 at zero duration", () => {
    expect(judge({ http_reqs: ["rate<2"] }, 2000).map((r) => [r.observed, r.ok])).toEqual([[2, false]]);
    expect(judge({ http_reqs: ["rate<2"] }).map((r) => [r.observed, r.ok])).toEqual([[undefined, true]]);
  });

  it("judges a metric that never got a sample (so k6's output never declared it) as an empty metric of the type its stat implies", () => {
    const results = evaluateThresholds(
      { my_errors: ["count<5", "count>=1"], "my_latency{phase:x}": ["p(95)<300"], my_ok: ["rate>0.9"], my_level: ["value==0"] },
      selectOver(SAMPLES),
      { types },
    );
    expect(results.map(({ expression, observed, ok, vacuous, inferredType }) => ({ expression, observed, ok, vacuous, inferredType }))).toEqual([
      { expression: "count<5", observed: 0, ok: true, vacuous: false, inferredType: "counter" },
      { expression: "count>=1", observed: 0, ok: false, vacuous: false, inferredType: "counter" },
      { expression: "p(95)<300", observed: 0, ok: true, vacuous: true, inferredType: "trend" },
      { expression: "rate>0.9", observed: undefined, ok: true, vacuous: true, inferredType: "rate" },
      { expression: "value==0", observed: 0, ok: true, vacuous: true, inferredType: "gauge" },
    ]);
  });

  it("rejects what k6 would reject", () => {
    expect(() => judge({ http_req_failed: ["p(95)<1"] })).toThrow("threshold http_req_failed: \"p(95)<1\": `p(95)` does not apply to a rate metric");
    expect(() => judge({ http_req_failed: ["rate<=fast"] })).toThrow(/threshold http_req_failed: "rate<=fast": the right-hand side "fast" is not a number/);
    expect(() => judge({ "http_reqs{scenario}": ["count>1"] })).toThrow(/threshold key "http_reqs\{scenario\}": tag selector "scenario"/);
  });
});
