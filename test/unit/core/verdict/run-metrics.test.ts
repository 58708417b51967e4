import { describe, expect, test } from "vitest";
import { onlyScenarioLatency } from "../../../../lib/core/verdict/run-metrics.ts";
import type { MetricValues } from "../../../../lib/core/vocabulary/summary-data.ts";
import { fixture } from "../../../helpers/summary-fixtures.ts";

const OWN = "http_req_duration{expected_response:true,scenario:burst}";
const RUN = "http_req_duration{expected_response:true}";

/** A real run's metrics as k6 gives them when the scenario's latency sub-metric is not declared. */
function undeclared(metrics: Readonly<Record<string, MetricValues>>): Record<string, MetricValues> {
  const { [OWN]: _, ...rest } = metrics;
  return rest;
}

describe("onlyScenarioLatency", () => {
  test("gives a run of one scenario, whose successful responses are the run's, the run's latency as the scenario's: the figures k6 kept for both", () => {
    const { metrics } = fixture("healthy-with-phases");
    expect(metrics[OWN]?.values).toEqual(metrics[RUN]?.values);
    const filled = onlyScenarioLatency(undeclared(metrics));
    expect(filled[OWN]).toEqual({ type: "trend", contains: "time", values: metrics[OWN]?.values });
    expect(Object.keys(filled).sort()).toEqual(Object.keys(metrics).sort());
  });

  test("leaves a scenario without a latency when the run had successful responses outside it (setup or teardown)", () => {
    const metrics = undeclared(fixture("healthy-with-phases").metrics);
    const run = metrics["http_reqs{expected_response:true}"] as MetricValues;
    const outside = { ...metrics, "http_reqs{expected_response:true}": { ...run, values: { ...run.values, count: (run.values["count"] ?? 0) + 1 } } };
    expect(onlyScenarioLatency(outside)).toBe(outside);
  });

  test("leaves the metrics as they are when the scenario's latency was declared, when there is no run-wide latency, and for two scenarios", () => {
    const declared = fixture("healthy-with-phases").metrics;
    expect(onlyScenarioLatency(declared)).toBe(declared);
    const { [RUN]: _, ...noRunLatency } = undeclared(declared);
    expect(onlyScenarioLatency(noRunLatency)).toBe(noRunLatency);
    const two = fixture("two-scenarios-one-broken").metrics;
    const { ["http_req_duration{expected_response:true,scenario:search}"]: __, ...twoUndeclared } = two;
    expect(onlyScenarioLatency(twoUndeclared)).toBe(twoUndeclared);
  });
});
