// Which summary shape k6 handed to handleSummary, and its figures as the verdict's input. k6 v2.2.0
// passes its legacy shape (a `metrics` map with each metric's thresholds) unless the run sets
// `--new-machine-readable-summary`, which passes the shape of grafana/k6-summary (`version`,
// `config`, `results`) built in k6's `internal/lib/summary/machine_readable.go`.
import type { CheckResult, RunMetrics } from "./run-metrics.ts";
import { onlyScenarioLatency, runMetricsFromSummary } from "./run-metrics.ts";
import type { AskedScenario } from "../scenarios/asked-load.ts";
import {
  isMachineReadableSummary,
  type HandleSummaryData,
  type MachineReadableMetric,
  type MachineReadableSummary,
  type MetricType,
  type MetricValues,
} from "../vocabulary/summary-data.ts";

/** k6's machine-readable trend keys (`p90`; `p(90)` in its JSON schema) in its legacy spelling (`p(90)`). */
function trendStat(key: string): string {
  const short = /^p(\d+(?:\.\d+)?)$/.exec(key);
  return short === null ? key : `p(${short[1]})`;
}

/**
 * k6 hands the machine-readable summary over as Go values: `type` and `contains` are Go string types
 * that compare equal to no JavaScript string until converted, and `values` is a Go struct.
 */
function plain(metric: MachineReadableMetric): MachineReadableMetric {
  const values: Record<string, number> = {};
  for (const [key, value] of Object.entries(metric.values ?? {})) values[key] = Number(value);
  return { name: String(metric.name), type: String(metric.type) as MetricType, contains: String(metric.contains) as MachineReadableMetric["contains"], values };
}

/** One machine-readable metric's values named as the legacy summary names them. */
function legacyValues(metric: MachineReadableMetric, seconds: number): Record<string, number> {
  const v = metric.values;
  switch (metric.type) {
    case "counter": {
      const count = v["count"] ?? 0;
      return seconds > 0 ? { count, rate: count / seconds } : { count };
    }
    case "rate": {
      const matches = v["matches"] ?? 0;
      return { rate: v["rate"] ?? 0, passes: matches, fails: (v["total"] ?? matches) - matches };
    }
    case "trend":
      return Object.fromEntries(Object.entries(v).map(([key, value]) => [trendStat(key), value]));
    default:
      return { ...v };
  }
}

/**
 * The figures of a run from k6's machine-readable summary. It carries no threshold results (k6
 * v2.2.0; k6 issue 4872), so `thresholds` is empty and `thresholdsUnreported` says why: the verdict
 * then cannot be PASS. Its checks' rate metric (`checks_succeeded`) is kept under k6's name `checks`.
 */
export function runMetricsFromMachineReadable(data: MachineReadableSummary, asked?: AskedScenario[]): RunMetrics {
  const durationMs = (data.config?.duration ?? 0) * 1000;
  const metrics: Record<string, MetricValues> = {};
  for (const metric of (data.results.metrics ?? []).map(plain)) {
    metrics[metric.name] = { type: metric.type, contains: metric.contains, values: legacyValues(metric, durationMs / 1000) };
  }
  const succeeded = (data.results.checks?.metrics ?? []).map(plain).find((m) => m.name === "checks_succeeded");
  if (succeeded !== undefined && metrics["checks"] === undefined) {
    metrics["checks"] = { type: "rate", contains: succeeded.contains, values: legacyValues(succeeded, durationMs / 1000) };
  }
  const checks: CheckResult[] = (data.results.checks?.results ?? []).map((c) => ({ name: String(c.name), passes: Number(c.passes), fails: Number(c.fails) }));
  const figures: RunMetrics = { metrics: onlyScenarioLatency(metrics), thresholds: [], checks, durationMs, thresholdsUnreported: true };
  if (asked !== undefined) figures.asked = asked;
  return figures;
}

/** The figures of a run from whichever summary shape k6 passed to `handleSummary(data)`. */
export function runMetricsFromHandleSummary(data: HandleSummaryData, asked?: AskedScenario[]): RunMetrics {
  return isMachineReadableSummary(data) ? runMetricsFromMachineReadable(data, asked) : runMetricsFromSummary(data, asked);
}
