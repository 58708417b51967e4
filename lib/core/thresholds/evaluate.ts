// Evaluates k6 threshold expressions over aggregates loadgate computed itself (from the samples of
// one or many k6 processes), with k6 v2.2.0's semantics (metrics/thresholds.go, metrics/sink.go):
// a Counter's `count` is the sum of its values and `rate` that sum per second of the run; a Gauge's
// `value` is its last value; a Rate with no samples passes; an empty Trend reads 0 for every stat.
import type { Threshold } from "k6/options";
import type { Histogram } from "../stats/histogram.ts";
import { parseThresholdKey } from "../vocabulary/metric-key.ts";
import type { MetricType } from "../vocabulary/summary-data.ts";
import { parseThresholdExpression } from "../vocabulary/threshold-grammar.ts";
import { unitOf } from "../vocabulary/units.ts";
import type { JudgedThreshold } from "./judged.ts";

/** What the evaluator needs to know about the samples a (sub-)metric received. */
export interface MetricStats {
  /** Samples received. */
  count: number;
  /** Sum of their values. */
  sum: number;
  min: number;
  max: number;
  /** Samples whose value was not 0 (a Rate's passes). */
  nonZero: number;
  /** The value of the latest sample (a Gauge's value). */
  last: number;
  /** Every value, for Trend percentiles and the median. */
  histogram?: Histogram;
}

/** Looks up the combined samples of `metric` whose tags include every pair of `tags`; undefined when none. */
export type SelectMetric = (metric: string, tags: Readonly<Record<string, string>>) => MetricStats | undefined;

/** Options of {@link evaluateThresholds}. */
export interface EvaluateThresholdsOptions {
  /** The type of each metric by name (from k6's output); metrics not listed are looked up in `fallbackTypes`. */
  types: Readonly<Record<string, MetricType>>;
  /** What each metric by name holds (k6's `time`, `data` or `default`), for the unit its values are shown in. @default {} */
  contains?: Readonly<Record<string, string>>;
  /** Types of metrics that may be missing from the output (k6's built-ins). @default {} */
  fallbackTypes?: Readonly<Record<string, MetricType>>;
  /** Length of the run in ms, for a Counter's `rate` (per second). Without it `rate` on a Counter is skipped like k6 does at zero duration. */
  durationMs?: number;
}

/** The expression of a threshold entry (k6 accepts a string or `{ threshold, abortOnFail, delayAbortEval }`). */
function expressionOf(entry: Threshold): string {
  return typeof entry === "string" ? entry : entry.threshold;
}

function compare(lhs: number, operator: string, rhs: number): boolean {
  switch (operator) {
    case "<":
      return lhs < rhs;
    case "<=":
      return lhs <= rhs;
    case ">":
      return lhs > rhs;
    case ">=":
      return lhs >= rhs;
    case "==":
    case "===":
      return lhs === rhs;
    default:
      return lhs !== rhs;
  }
}

/** The value k6 would read for `stat` from the sink of a metric of `type`; undefined where k6 skips the threshold. */
function statValue(type: MetricType, stat: string, s: MetricStats | undefined, durationMs: number | undefined): number | undefined {
  const count = s?.count ?? 0;
  switch (type) {
    case "counter":
      if (stat === "count") return s?.sum ?? 0;
      return durationMs !== undefined && durationMs > 0 ? (s?.sum ?? 0) / (durationMs / 1000) : undefined;
    case "gauge":
      return count === 0 ? 0 : s!.last;
    case "rate":
      return count === 0 ? undefined : s!.nonZero / count;
    case "trend": {
      if (count === 0) return 0;
      if (stat === "min") return s!.min;
      if (stat === "max") return s!.max;
      if (stat === "avg") return s!.sum / count;
      const pct = stat === "med" ? 50 : Number(stat.slice(2, -1));
      if (s!.histogram === undefined) throw new Error(`no histogram for a Trend's ${stat}`);
      return s!.histogram.percentile(pct);
    }
  }
}

/** The type of an undeclared metric, from the stat a threshold reads: an empty Rate for `rate` (k6 passes it). */
function inferType(stat: string): MetricType {
  if (stat === "count") return "counter";
  if (stat === "value") return "gauge";
  if (stat === "rate") return "rate";
  return "trend";
}

const STATS_BY_TYPE: Readonly<Record<MetricType, (stat: string) => boolean>> = {
  counter: (stat) => stat === "count" || stat === "rate",
  gauge: (stat) => stat === "value",
  rate: (stat) => stat === "rate",
  trend: (stat) => ["avg", "min", "med", "max"].includes(stat) || stat.startsWith("p("),
};

/**
 * Judges every threshold of a k6 `thresholds` object over aggregated samples, as k6 would at the end
 * of a run that had produced all of them. Percentiles come from mergeable histograms, so they are
 * within the histogram's precision (1%) of the exact value. A malformed key or expression throws a
 * `RangeError` naming it.
 * @example evaluateThresholds({ http_req_failed: ["rate<=0.01"] }, (m, t) => aggregate.select(m, t), { types })
 */
export function evaluateThresholds(
  thresholds: Readonly<Record<string, readonly Threshold[]>>,
  select: SelectMetric,
  options: EvaluateThresholdsOptions,
): JudgedThreshold[] {
  const results: JudgedThreshold[] = [];
  for (const [key, entries] of Object.entries(thresholds)) {
    const { name, tags } = parseThresholdKey(key);
    const declared = options.types[name] ?? options.fallbackTypes?.[name];
    const stats = select(name, tags);
    const samples = stats?.count ?? 0;
    for (const entry of entries) {
      const expression = expressionOf(entry);
      const parsed = parseThresholdExpression(expression);
      if (typeof parsed === "string") throw new RangeError(`threshold ${key}: ${JSON.stringify(expression)}: ${parsed}`);
      const result: JudgedThreshold = {
        metric: key,
        expression,
        stat: parsed.method,
        operator: parsed.operator,
        limit: parsed.value,
        ok: false,
        vacuous: false,
        unit: "count",
      };
      let type = declared;
      if (type === undefined) {
        // k6 writes a metric's declaration with its first sample, so a metric that never got one is
        // absent from the output; k6 itself judged it as an empty metric of its type, which the
        // method names (`count` only exists on Counters, `value` on Gauges, `rate` on Rates and Counters).
        type = inferType(parsed.method);
        result.inferredType = type;
      }
      if (!STATS_BY_TYPE[type](parsed.method)) {
        throw new RangeError(`threshold ${key}: ${JSON.stringify(expression)}: \`${parsed.method}\` does not apply to a ${type} metric`);
      }
      result.unit = unitOf(type, options.contains?.[name], parsed.method);
      const observed = statValue(type, parsed.method, stats, options.durationMs);
      result.vacuous = type !== "counter" && samples === 0;
      if (observed === undefined) {
        result.ok = true;
      } else {
        result.observed = observed;
        result.ok = compare(observed, parsed.operator, parsed.value);
      }
      result.samples = samples;
      results.push(result);
    }
  }
  return results;
}
