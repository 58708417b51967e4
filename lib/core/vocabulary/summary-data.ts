// What k6 hands to `handleSummary(data)`: the legacy summary format and the machine-readable one, as far as loadgate reads them.

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

/**
 * One metric of k6's machine-readable summary (`k6 run --new-machine-readable-summary`, schema
 * 1.0.0 of grafana/k6-summary), as k6 v2.2.0 hands it to handleSummary: trends carry only avg, min,
 * med, max, p90 and p95 (`internal/lib/summary/machine_readable.go`), counters only `count`, rates
 * `matches`, `total` and `rate`, gauges `value`, `min` and `max`.
 */
export interface MachineReadableMetric {
  name: string;
  type: MetricType;
  contains: "default" | "time" | "data";
  values: Record<string, number>;
}

/**
 * What k6 passes to `handleSummary(data)` under `--new-machine-readable-summary`: no thresholds,
 * no groups, no state; the run's length in seconds in `config.duration`.
 */
export interface MachineReadableSummary {
  version: string;
  config?: { duration?: number; execution?: string; script?: string };
  metadata?: { k6_version?: string; generated_at?: string };
  results: {
    metrics?: MachineReadableMetric[];
    checks?: { metrics?: MachineReadableMetric[]; results?: { name: string; passes: number; fails: number }[] };
  };
}

/** Either summary shape k6 hands to `handleSummary(data)`: the legacy `metrics` map, or the machine-readable one. */
export type HandleSummaryData = SummaryData | MachineReadableSummary;

/** `true` for k6's machine-readable summary shape (`version` and `results`, no `metrics` map). */
export function isMachineReadableSummary(data: HandleSummaryData): data is MachineReadableSummary {
  const candidate = data as Partial<MachineReadableSummary> & { metrics?: unknown };
  return typeof candidate.results === "object" && candidate.results !== null && typeof candidate.metrics !== "object";
}
