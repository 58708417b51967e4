// What a verdict is built from, whichever side aggregated the run: k6's handleSummary data inside k6,
// or `loadgate merge` over several runners' samples in Node.
import type { AskedScenario } from "../scenarios/asked-load.ts";
import { judgedBySummary, type JudgedThreshold } from "../thresholds/judged.ts";
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

/** The figures of a run as k6 gives them to `handleSummary(data)`, thresholds as k6 judged them. */
export function runMetricsFromSummary(data: SummaryData, asked?: AskedScenario[]): RunMetrics {
  const figures: RunMetrics = {
    metrics: data.metrics,
    thresholds: judgedBySummary(data.metrics),
    checks: collectChecks(data.root_group, []),
    durationMs: data.state?.testRunDurationMs ?? 0,
  };
  if (asked !== undefined) figures.asked = asked;
  return figures;
}
