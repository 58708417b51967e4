// A judged threshold: one type, whether k6 judged it (handleSummary data) or loadgate did (`loadgate merge`).
import { MetricIndex, parseMetricName } from "../vocabulary/metric-key.ts";
import { METRICS } from "../vocabulary/metric-names.ts";
import type { MetricType, SummaryMetric } from "../vocabulary/summary-data.ts";
import { parseThresholdExpression } from "../vocabulary/threshold-grammar.ts";
import { unitOf, type Unit } from "../vocabulary/units.ts";

/** One threshold as judged at the end of a run, with what it measured. */
export interface JudgedThreshold {
  /** The metric or sub-metric, e.g. `http_req_duration{expected_response:true}`. */
  metric: string;
  /** The expression as written, e.g. `p(95)<500`. */
  expression: string;
  /** The stat the expression reads, as k6 names it: `p(95)`, `rate`, `count`, `value`, `avg`, ... */
  stat: string;
  /** The comparison: `<`, `<=`, `>`, `>=`, `==`, `===`, `!=`. */
  operator: string;
  limit: number;
  /** The stat's value at the end of the run; absent when it is unknown (k6 skips a Rate without samples). */
  observed?: number;
  /** `true` when the threshold passed. */
  ok: boolean;
  /** Samples the (sub-)metric received; absent when k6's summary does not say. */
  samples?: number;
  /** Judged over zero samples of a Trend, Rate or Gauge: a pass here proves nothing. */
  vacuous: boolean;
  /** How the value is shown. */
  unit: Unit;
  /** Set when the metric's type was inferred from the expression: it never received a sample, so k6's output never declared it. */
  inferredType?: MetricType;
}

/** Number of samples behind a metric, when the summary tells (directly or through a companion counter). */
function sampleCount(index: MetricIndex<SummaryMetric>, key: string, metric: SummaryMetric): number | undefined {
  if (metric.type === "rate") return (metric.values["passes"] ?? 0) + (metric.values["fails"] ?? 0);
  if (metric.type === "counter") return undefined;
  if (metric.type === "trend") {
    const count = metric.values["count"];
    if (count !== undefined) return count;
    const { name, tags } = parseMetricName(key);
    if (name === "http_req_duration") return index.get("http_reqs", tags)?.values["count"];
    if (name === METRICS.phaseDuration && tags["phase"] !== undefined) {
      return index.get(METRICS.phaseSamples, tags)?.values["count"];
    }
  }
  return undefined;
}

/** A Trend whose every stat is 0 received no samples (k6 reports 0 for all stats of an empty Trend). */
function looksEmpty(metric: SummaryMetric): boolean {
  return metric.type === "trend" && Object.values(metric.values).every((v) => v === 0);
}

/**
 * Every threshold of k6's handleSummary `data.metrics` as k6 judged it, by metric key, with the observed
 * value, the limit and whether it was judged over no samples.
 */
export function judgedBySummary(metrics: Readonly<Record<string, SummaryMetric>>): JudgedThreshold[] {
  const index = new MetricIndex(metrics);
  const results: JudgedThreshold[] = [];
  for (const key of Object.keys(metrics).sort()) {
    const metric = metrics[key] as SummaryMetric;
    // k6 does not hand a metric's thresholds over in one order from run to run (the fault matrix saw
    // both orders of two phase guards): sorted, a run always lists, and its verdict names, the same one first.
    const entries = Object.entries(metric.thresholds ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [expression, { ok }] of entries) {
      const parsed = parseThresholdExpression(expression);
      const stat = typeof parsed === "string" ? expression : parsed.method;
      const samples = sampleCount(index, key, metric);
      const vacuous = metric.type !== "counter" && (samples === 0 || (samples === undefined && looksEmpty(metric)));
      const result: JudgedThreshold = {
        metric: key,
        expression,
        stat,
        operator: typeof parsed === "string" ? "" : parsed.operator,
        limit: typeof parsed === "string" ? Number.NaN : parsed.value,
        ok,
        vacuous,
        unit: unitOf(metric.type, metric.contains, stat),
      };
      const observed = metric.values[stat];
      if (observed !== undefined) result.observed = observed;
      if (samples !== undefined) result.samples = samples;
      results.push(result);
    }
  }
  return results;
}
