// What a verdict is built from, whichever side aggregated the run: k6's handleSummary data inside k6,
// or `loadgate merge` over several runners' samples in Node.
import type { AskedScenario } from "../scenarios/asked-load.ts";
import { judgedBySummary, type JudgedThreshold } from "../thresholds/judged.ts";
import { scenarioLatency } from "../thresholds/report-sub-metrics.ts";
import { MetricIndex, parseMetricName } from "../vocabulary/metric-key.ts";
import type { MetricValues, SummaryData, SummaryGroup } from "../vocabulary/summary-data.ts";

/** One check by name, over the whole run. */
export interface CheckResult {
  name: string;
  passes: number;
  fails: number;
}

/** A run's figures: every (sub-)metric kept, every threshold judged, every check. */
export interface RunMetrics {
  /** Each (sub-)metric by key (`http_reqs{scenario:peak}`), with k6's value names (`count`, `rate`, `p(95)`, ...). */
  metrics: Readonly<Record<string, MetricValues>>;
  /** Every threshold with its result, sorted by metric key. */
  thresholds: readonly JudgedThreshold[];
  checks: CheckResult[];
  /** The run's length in ms. */
  durationMs: number;
  /** What the scenarios asked k6 to deliver, when known (inside k6: its options); the verdict checks the run delivered it. */
  asked?: AskedScenario[];
  /**
   * Set when k6's summary carried no threshold results (its machine-readable shape): `thresholds` is
   * empty because they are unknown, not because none were set, and the verdict cannot be PASS.
   */
  thresholdsUnreported?: true;
}

function collectChecks(group: SummaryGroup | undefined, into: CheckResult[]): CheckResult[] {
  if (!group) return into;
  for (const check of group.checks ?? []) into.push({ name: check.name, passes: check.passes, fails: check.fails });
  for (const child of group.groups ?? []) collectChecks(child, into);
  return into;
}

/** Scenario names that have sub-metrics in the run's metrics (declared with `reportThresholds()` or `plan()`). */
export function scenarioNames(metrics: Readonly<Record<string, MetricValues>>): string[] {
  const names = new Set<string>();
  for (const key of Object.keys(metrics)) {
    const { name, tags } = parseMetricName(key);
    const scenario = tags["scenario"];
    if (scenario !== undefined && (name === "http_reqs" || name === "http_req_failed")) names.add(scenario);
  }
  return [...names].sort();
}

/**
 * The metrics with the latency of a run's only scenario, which `plan()` and `reportThresholds()` no
 * longer declare for a run of one (`declaredScenarioSubMetrics`), taken from the run-wide latency of
 * successful responses: only when the scenario's successful responses are the run's, counted apart
 * (`http_reqs{expected_response:true,scenario:x}` against `http_reqs{expected_response:true}`), so the
 * figures are those of the same values. Requests made outside it (in `setup()` or `teardown()`) leave
 * the scenario without a latency of its own.
 */
export function onlyScenarioLatency(metrics: Readonly<Record<string, MetricValues>>): Readonly<Record<string, MetricValues>> {
  const [only, ...others] = scenarioNames(metrics);
  if (only === undefined || others.length > 0) return metrics;
  const index = new MetricIndex(metrics);
  const success = { expected_response: "true" };
  const runLatency = index.get("http_req_duration", success);
  const ownLatency = index.get("http_req_duration", { ...success, scenario: only });
  const runCount = index.get("http_reqs", success)?.values["count"];
  const ownCount = index.get("http_reqs", { ...success, scenario: only })?.values["count"];
  if (runLatency === undefined || ownLatency !== undefined || runCount === undefined || ownCount !== runCount) return metrics;
  return { ...metrics, [scenarioLatency(only)]: { type: runLatency.type, contains: runLatency.contains, values: runLatency.values } };
}

/** The figures of a run as k6 gives them to `handleSummary(data)`, thresholds as k6 judged them. */
export function runMetricsFromSummary(data: SummaryData, asked?: AskedScenario[]): RunMetrics {
  const figures: RunMetrics = {
    metrics: onlyScenarioLatency(data.metrics),
    thresholds: judgedBySummary(data.metrics),
    checks: collectChecks(data.root_group, []),
    durationMs: data.state?.testRunDurationMs ?? 0,
  };
  if (asked !== undefined) figures.asked = asked;
  return figures;
}
