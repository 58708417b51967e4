import type { Threshold } from "k6/options";
import { errorKindSubMetrics } from "../vocabulary/error-codes.ts";
import { subMetric } from "../vocabulary/metric-key.ts";
import { addThresholds } from "./record.ts";

/**
 * The sub-metrics a report needs for one scenario: its requests, successes, errors and latency, and
 * the iterations it completed and dropped (to check it delivered the load it asked). k6 computes a
 * sub-metric only when a threshold names it, so {@link reportThresholds} declares each with an empty list.
 */
export function scenarioSubMetrics(scenario: string): string[] {
  return [
    subMetric("http_reqs", { scenario }),
    subMetric("http_reqs", { expected_response: "true", scenario }),
    subMetric("http_req_failed", { scenario }),
    scenarioLatency(scenario),
    subMetric("iterations", { scenario }),
    subMetric("dropped_iterations", { scenario }),
  ];
}

/**
 * The latency of one scenario's successful responses: a Trend, whose every value k6 keeps for the
 * whole run (metrics/sink.go, TrendSink), so each declared one costs memory per request.
 */
export function scenarioLatency(scenario: string): string {
  return subMetric("http_req_duration", { expected_response: "true", scenario });
}

/**
 * The per-scenario sub-metrics to declare for a run of these scenarios: each one's
 * {@link scenarioSubMetrics}, except the latency of the only scenario of a run of one. Its requests
 * are the run's, so its latency is the run-wide `http_req_duration{expected_response:true}`
 * (the verdict reads it there: `onlyScenarioLatency`), and a second Trend of the same values would
 * only hold every one of them twice.
 */
export function declaredScenarioSubMetrics(scenarios: readonly string[]): string[] {
  const [only] = scenarios;
  if (scenarios.length === 1 && only !== undefined) return scenarioSubMetrics(only).filter((metric) => metric !== scenarioLatency(only));
  return scenarios.flatMap(scenarioSubMetrics);
}

/** Run-wide sub-metrics every report reads (successful responses and their latency). */
export const RUN_SUB_METRICS = [
  "http_reqs{expected_response:true}",
  "http_req_duration{expected_response:true}",
] as const;

/**
 * Adds empty (`[]`) threshold entries for the sub-metrics the per-scenario report rows and the
 * failure kinds (`http_reqs{error_code:N}`) read,
 * keeping every entry already in `thresholds`.
 * @example export const options = { scenarios, thresholds: reportThresholds(["smoke", "peak"], compiled.thresholds) };
 */
export function reportThresholds(
  scenarios: readonly string[],
  thresholds: Readonly<Record<string, Threshold[]>> = {},
): Record<string, Threshold[]> {
  const result: Record<string, Threshold[]> = {};
  for (const [metric, entries] of Object.entries(thresholds)) result[metric] = [...entries];
  for (const metric of RUN_SUB_METRICS) addThresholds(result, metric, []);
  // Failures by kind (status code, k6 error code) for the verdict's "30 × status 503".
  for (const metric of errorKindSubMetrics()) addThresholds(result, metric, []);
  for (const metric of declaredScenarioSubMetrics(scenarios)) addThresholds(result, metric, []);
  return result;
}
