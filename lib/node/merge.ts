// One verdict for a test split over several k6 processes (k6-operator runners, or `k6 run
// --execution-segment` by hand): every runner's `--out json` samples are aggregated together and the
// thresholds judged once, as k6 would have judged them had one process sent every request.
import { basename } from "node:path";
import type { Threshold } from "k6/options";
import { MergeError } from "../core/errors.ts";
import { evaluateThresholds } from "../core/thresholds/evaluate.ts";
import type { JudgedThreshold } from "../core/thresholds/judged.ts";
import { RUN_SUB_METRICS, scenarioSubMetrics } from "../core/thresholds/report-sub-metrics.ts";
import { ERROR_KIND_SUB_METRICS } from "../core/vocabulary/error-codes.ts";
import type { CheckResult, RunMetrics } from "../core/verdict/run-metrics.ts";
import { buildSummaryReport, type RunnerVerdict, type SummaryReport } from "../core/verdict/summary-report.ts";
import { isSelectorPart, parseMetricName, parseThresholdKey, subMetric } from "../core/vocabulary/metric-key.ts";
import { METRICS } from "../core/vocabulary/metric-names.ts";
import type { MetricType, MetricValues } from "../core/vocabulary/summary-data.ts";
import { KNOWN_METRIC_TYPES } from "../core/vocabulary/threshold-grammar.ts";
import { aggregateK6Output, K6Aggregate, type SeriesAggregate } from "./analyse/aggregate.ts";
import { assertCompleteOutput } from "./input-files.ts";

/** Options of {@link mergeK6Outputs}. */
export interface MergeOptions {
  /**
   * The thresholds to judge (a compiled preset). Required: k6's JSON output lists a metric's own
   * thresholds but not those of its sub-metrics (`http_reqs{expected_response:true}`), so the files
   * alone cannot say what the runners were judged by.
   */
  thresholds: Readonly<Record<string, readonly Threshold[]>>;
  /** How many runner files there must be; a missing runner is an error, not a smaller test. @default any number */
  runners?: number;
  /**
   * Judge files that end mid-line or mid-gzip-stream (a runner killed while writing) by their complete
   * lines, with a note. Otherwise such a file is an error: a verdict over missing samples could pass. @default false
   */
  allowTruncated?: boolean;
}

/** The merged verdict's input: the split run's figures judged once over every runner's samples. */
export interface MergeResult {
  /** `true` when every threshold passes over all runners' samples together. */
  ok: boolean;
  /** The merged run's metrics, thresholds and checks: what the single-run verdict is built from. */
  figures: RunMetrics;
  /** Each runner judged over its own samples alone, which is what k6 on that runner decided. */
  runners: RunnerVerdict[];
  /** What a reader should know about the files: cut-off files, metrics no runner declared. */
  notes: string[];
}

const SUMMARY_METRICS = ["http_reqs", "http_req_failed", "http_req_duration", "checks", "iterations", "dropped_iterations", ...Object.values(METRICS)];
/** Tags the reports split by: per-scenario rows, the phase breakdown, untimed reasons, checks. */
const REPORT_TAGS = ["expected_response", "scenario", "phase", "reason", "check", "error_code"];
const TREND_STATS: [string, number][] = [["med", 50], ["p(90)", 90], ["p(95)", 95], ["p(99)", 99]];

function fallbackTypes(): Record<string, MetricType> {
  const types: Record<string, MetricType> = {};
  for (const [name, type] of Object.entries(KNOWN_METRIC_TYPES)) types[name] = type.toLowerCase() as MetricType;
  return types;
}

function spanOf(aggregate: K6Aggregate): number {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const byTags of aggregate.series.values()) {
    for (const s of byTags.values()) {
      first = Math.min(first, s.firstTime);
      last = Math.max(last, s.lastTime);
    }
  }
  return last > first ? last - first : 0;
}

/**
 * Aggregates every runner's k6 JSON output (plain or gzip) and judges the thresholds once over all of
 * their samples: counts and rates exactly, percentiles from merged histograms (within 1%). Each
 * runner is also judged alone, which is what k6 on that runner decided.
 * @example const result = await mergeK6Outputs(["runner-1.json.gz", "runner-2.json.gz"], { thresholds });
 */
export async function mergeK6Outputs(files: readonly string[], options: MergeOptions): Promise<MergeResult> {
  if (files.length === 0) throw new MergeError("no runner files given");
  if (options.runners !== undefined && files.length !== options.runners) {
    throw new MergeError(
      `expected ${options.runners} runner files (one per runner), got ${files.length}: ${files.map((f) => basename(f)).join(", ") || "none"}; a missing runner's requests would be missing from the verdict`,
    );
  }
  const thresholds = options.thresholds;
  if (Object.keys(thresholds).length === 0) throw new MergeError("the preset compiles to no thresholds: nothing to judge");
  // Only the tags a selector names (and expected_response, for the totals) split series; only the
  // metrics judged or totalled are read.
  const selectors = Object.keys(thresholds).map(parseThresholdKey);
  const keepTags = [...new Set([...REPORT_TAGS, ...selectors.flatMap((s) => Object.keys(s.tags))])];
  const metrics = [...new Set([...SUMMARY_METRICS, ...selectors.map((s) => s.name)])];
  const perRunner: K6Aggregate[] = [];
  for (const file of files) {
    const aggregate = await aggregateK6Output([file], { keepTags, metrics });
    try {
      assertCompleteOutput(file, aggregate.reads[0]!, options.allowTruncated === true);
    } catch (error) {
      throw new MergeError((error as Error).message);
    }
    perRunner.push(aggregate);
  }
  const all = new K6Aggregate(keepTags);
  for (const runner of perRunner) all.merge(runner);

  const fallback = fallbackTypes();
  const judge = (aggregate: K6Aggregate) => {
    const types: Record<string, MetricType> = {};
    const contains: Record<string, string> = {};
    for (const [name, info] of aggregate.metrics) {
      types[name] = info.type;
      contains[name] = info.contains;
    }
    return evaluateThresholds(thresholds, (metric, tags) => aggregate.select(metric, tags), {
      types,
      fallbackTypes: fallback,
      contains,
      durationMs: spanOf(aggregate),
    });
  };

  const notes: string[] = [];
  const runners: RunnerVerdict[] = perRunner.map((aggregate, i) => {
    const results = judge(aggregate);
    const read = aggregate.reads[0]!;
    if (read.truncatedLastLine) notes.push(`${files[i]}: the last line was cut off (a runner killed mid-write?): its last sample is missing`);
    if (read.gzipEndedEarly) notes.push(`${files[i]}: the gzip stream ended early (a runner killed mid-write?): its last samples are missing`);
    return {
      file: files[i]!,
      requests: aggregate.select("http_reqs")?.sum ?? 0,
      failedRequests: aggregate.select("http_req_failed")?.nonZero ?? 0,
      ok: results.every((r) => r.ok),
      failed: results.filter((r) => !r.ok).map((r) => `${r.metric} ${r.expression}`),
    };
  });

  // Sorted by metric key like k6's own summary, so both sources list thresholds alike.
  const judged = judge(all).sort((a, b) => (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
  for (const r of judged) {
    if (r.inferredType !== undefined) {
      notes.push(`${r.metric}: no runner recorded a sample, so k6 never declared it; judged as an empty ${r.inferredType}`);
    }
  }
  const durationMs = spanOf(all);
  const unselectable = new Set<string>();
  const merged = mergedMetrics(all, judged, fallback, durationMs, unselectable);
  for (const what of unselectable) {
    notes.push(`${what} cannot be named in a tag selector (letters, digits, "_", "-" and "." only): it gets no row of its own; its samples still count in the whole run's figures`);
  }
  return {
    ok: judged.every((r) => r.ok),
    figures: { metrics: merged, thresholds: judged, checks: mergedChecks(all), durationMs },
    runners,
    notes,
  };
}

/** One (sub-)metric's figures named as k6's summary names them (an empty Trend reads 0 for every stat, as in k6). */
function metricValues(series: SeriesAggregate | undefined, type: MetricType, contains: MetricValues["contains"], seconds: number): MetricValues {
  const count = series?.count ?? 0;
  let values: Record<string, number>;
  if (type === "counter") values = { count: series?.sum ?? 0, rate: seconds > 0 ? (series?.sum ?? 0) / seconds : 0 };
  else if (type === "rate") values = { rate: count === 0 ? 0 : (series?.nonZero ?? 0) / count, passes: series?.nonZero ?? 0, fails: count - (series?.nonZero ?? 0) };
  else if (type === "gauge") values = { value: series?.last ?? 0, min: count === 0 ? 0 : (series?.min ?? 0), max: count === 0 ? 0 : (series?.max ?? 0) };
  else {
    values = { avg: count === 0 ? 0 : (series?.sum ?? 0) / count, min: count === 0 ? 0 : (series?.min ?? 0), max: count === 0 ? 0 : (series?.max ?? 0), count };
    for (const [stat, p] of TREND_STATS) {
      const v = count === 0 ? 0 : series?.histogram?.percentile(p);
      values[stat] = v === undefined || Number.isNaN(v) ? 0 : v;
    }
  }
  return { type, contains, values };
}

function tagValues(all: K6Aggregate, metric: string, tag: string): string[] {
  return [...new Set([...(all.series.get(metric)?.values() ?? [])].map((s) => s.tags[tag]).filter((v): v is string => v !== undefined))].sort();
}

/**
 * The values of `tag` that can key a sub-metric; the others (a phase a server named `a|b`, a scenario
 * tag a script overrode with any text) go to `unselectable` as `tag "value"`.
 */
function selectableValues(all: K6Aggregate, metric: string, tag: string, unselectable: Set<string>): string[] {
  return tagValues(all, metric, tag).filter((value) => isSelectorPart(value) || !unselectable.add(`${tag} ${JSON.stringify(value)}`));
}

/**
 * The merged (sub-)metrics the single-run verdict reads: the run's and each scenario's request
 * metrics, the phase-breakdown metrics, and every judged (sub-)metric.
 */
function mergedMetrics(
  all: K6Aggregate,
  judged: readonly JudgedThreshold[],
  fallback: Record<string, MetricType>,
  durationMs: number,
  unselectable: Set<string>,
): Record<string, MetricValues> {
  // Iterations completed and dropped (the verdict checks that the load asked was delivered), and the
  // failure kinds, as a single run's summary() counts them (`30 × status 503`).
  const keys = new Set<string>(["http_reqs", "http_req_failed", "http_req_duration", "iterations", "dropped_iterations", ...RUN_SUB_METRICS, ...ERROR_KIND_SUB_METRICS]);
  const scenarios = selectableValues(all, "http_reqs", "scenario", unselectable);
  for (const scenario of scenarios) for (const key of scenarioSubMetrics(scenario)) keys.add(key);
  // The phase breakdown's metrics, for the run and each scenario, where any sample was recorded.
  for (const scope of [{}, ...scenarios.map((scenario) => ({ scenario }))] as Record<string, string>[]) {
    for (const name of [METRICS.serverDuration, METRICS.unattributedDuration, METRICS.timedResponses]) {
      if (all.select(name, scope) !== undefined) keys.add(subMetric(name, scope));
    }
    for (const phase of selectableValues(all, METRICS.phaseDuration, "phase", unselectable)) {
      if (all.select(METRICS.phaseDuration, { ...scope, phase }) === undefined) continue;
      keys.add(subMetric(METRICS.phaseDuration, { phase, ...scope }));
      keys.add(subMetric(METRICS.phaseSamples, { phase, ...scope }));
    }
    for (const reason of selectableValues(all, METRICS.untimedResponses, "reason", unselectable)) {
      if (all.select(METRICS.untimedResponses, { ...scope, reason }) !== undefined) keys.add(subMetric(METRICS.untimedResponses, { reason, ...scope }));
    }
  }
  const inferred = new Map(judged.filter((r) => r.inferredType !== undefined).map((r) => [r.metric, r.inferredType!]));
  for (const r of judged) keys.add(r.metric);

  const metrics: Record<string, MetricValues> = {};
  for (const key of keys) {
    const { name, tags } = parseMetricName(key);
    const info = all.metrics.get(name);
    const type = info?.type ?? inferred.get(key) ?? fallback[name];
    if (type === undefined) continue;
    metrics[key] = metricValues(all.select(name, tags), type, info?.contains ?? "default", durationMs / 1000);
  }
  return metrics;
}

/** Checks by name, as k6's root group lists them (groups are not kept apart). */
function mergedChecks(all: K6Aggregate): CheckResult[] {
  return tagValues(all, "checks", "check").map((name) => {
    const series = all.select("checks", { check: name });
    return { name, passes: series?.nonZero ?? 0, fails: (series?.count ?? 0) - (series?.nonZero ?? 0) };
  });
}

/**
 * The merged run's summary.json document: the single-run verdict over all runners' samples, with
 * each runner judged alone and what a reader should know about the files.
 */
export function mergeSummaryReport(result: MergeResult): SummaryReport {
  const report = buildSummaryReport(result.figures);
  const notes = [...result.notes];
  const disagree = result.runners.filter((r) => r.ok !== result.ok).length;
  if (disagree > 0) {
    notes.push(`${disagree} of ${result.runners.length} runners alone said the opposite: per-runner verdicts judge a share, not the test`);
  }
  return {
    ...report,
    notes: [
      result.runners.length === 1 ? "judged over the samples of 1 runner" : `judged over all ${result.runners.length} runners' samples together`,
      ...report.notes,
      ...notes,
    ],
    runners: result.runners,
  };
}
