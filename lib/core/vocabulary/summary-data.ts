// What k6 hands to `handleSummary(data)` (k6's legacy summary format), as far as loadgate reads it.

/** A metric's type, spelled as k6's summary and JSON output spell it. */
export type MetricType = "counter" | "gauge" | "rate" | "trend";

/** The figures of one (sub-)metric, named as k6's summary names them. */
export interface MetricValues {
  type: MetricType;
  contains: "default" | "time" | "data";
  /** Trends: the `summaryTrendStats`; counters: count, rate; rates: rate, passes, fails; gauges: value, min, max. */
  values: Record<string, number>;
}

/** One metric of k6's handleSummary `data.metrics`. */
export interface SummaryMetric extends MetricValues {
  /** Each threshold expression with k6's result; `ok: true` means it passed. */
  thresholds?: Record<string, { ok: boolean }>;
}

/** One check of `data.root_group`. */
export interface SummaryCheck {
  name: string;
  path?: string;
  passes: number;
  fails: number;
}

/** A group of `data.root_group`, with its checks and nested groups. */
export interface SummaryGroup {
  name: string;
  path?: string;
  checks: SummaryCheck[];
  groups: SummaryGroup[];
}

/** The object k6 passes to `handleSummary(data)`, as far as loadgate reads it. */
export interface SummaryData {
  metrics: Record<string, SummaryMetric>;
  state?: { testRunDurationMs?: number; isStdOutTTY?: boolean; isStdErrTTY?: boolean };
  root_group?: SummaryGroup;
  options?: { summaryTrendStats?: string[]; summaryTimeUnit?: string; noColor?: boolean };
}
