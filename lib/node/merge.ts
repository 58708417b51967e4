// One verdict for a test split over several k6 processes (k6-operator runners, or `k6 run
// --execution-segment` by hand): every runner's `--out json` samples are aggregated together and the
// thresholds judged once, as k6 would have judged them had one process sent every request.
import { basename } from "node:path";
import type { Threshold } from "k6/options";
import { subMetric } from "../core/gate.ts";
import { KNOWN_METRIC_TYPES } from "../core/k6-threshold.ts";
import { METRICS } from "../core/metrics.ts";
import { summaryReport, type SummaryReport } from "../core/report/json.ts";
import { RUN_SUB_METRICS, scenarioSubMetrics } from "../core/report/sub-metrics.ts";
import { evaluateThresholds, parseSelector, type MetricType, type ThresholdEvaluation } from "../core/threshold-eval.ts";
import { parseMetricName, type SummaryData, type SummaryMetric } from "../core/verdict.ts";
import { aggregateK6Output, K6Aggregate, type SeriesAggregate } from "./analyse/aggregate.ts";
import type { K6MetricInfo } from "./analyse/read-k6-output.ts";
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

/** One runner's share, and what its own thresholds said about it alone. */
export interface RunnerReport {
  file: string;
  /** Samples read from the file. */
  samples: number;
  requests: number;
  failedRequests: number;
  /** From its first sample to its last, in ms. */
  durationMs: number;
  /** Whether every threshold passes over this runner's samples alone (what k6 on that runner decides). */
  ok: boolean;
  /** `metric expression` of each threshold that fails on this runner alone. */
  failed: string[];
}

/** The merged verdict of a split run. */
export interface MergeResult {
  /** `true` when every threshold passes over all runners' samples together. */
  ok: boolean;
  runners: RunnerReport[];
  /** From the first sample of any runner to the last, in ms. */
  durationMs: number;
  requests: number;
  failedRequests: number;
  /** failedRequests / requests; 0 without requests. */
  errorRate: number;
  /** p(95) of `http_req_duration{expected_response:true}` in ms, from merged histograms; absent without successes. */
  p95?: number;
  thresholds: ThresholdEvaluation[];
  /** How each threshold's value is shown, by threshold key. */
  units: Record<string, "ms" | "share" | "count" | "bytes">;
  /** What a reader should know that does not change the verdict (vacuous passes, truncated files). */
  notes: string[];
  /**
   * The merged samples in the shape of k6's handleSummary data (run, per-scenario and phase metrics,
   * each threshold with its merged result), so the single-run verdict and reports render it.
   */
  data: SummaryData;
}

/** The runner files do not make up the run (a runner is missing), or there is nothing to judge. */
export class MergeError extends Error {
  override name = "MergeError" as const;
}

const SUMMARY_METRICS = ["http_reqs", "http_req_failed", "http_req_duration", "checks", ...Object.values(METRICS)];
/** Tags the reports split by: per-scenario rows, the phase breakdown, untimed reasons, checks. */
const REPORT_TAGS = ["expected_response", "scenario", "phase", "reason", "check"];
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

function unitOf(info: K6MetricInfo | undefined, type: MetricType | undefined, stat: string): MergeResult["units"][string] {
  if (type === "rate") return "share";
  if (type === "trend" && info?.contains === "time") return "ms";
  if (info?.contains === "data" && stat !== "rate") return "bytes";
  return "count";
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
  const selectors = Object.keys(thresholds).map(parseSelector);
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
    for (const [name, info] of aggregate.metrics) types[name] = info.type;
    return evaluateThresholds(thresholds, (metric, tags) => aggregate.select(metric, tags), {
      types,
      fallbackTypes: fallback,
      durationMs: spanOf(aggregate),
    });
  };
  const totals = (aggregate: K6Aggregate) => {
    const requests = aggregate.select("http_reqs")?.sum ?? 0;
    const failed = aggregate.select("http_req_failed")?.nonZero ?? 0;
    return { requests, failed };
  };

  const notes: string[] = [];
  const runners: RunnerReport[] = perRunner.map((aggregate, i) => {
    const results = judge(aggregate);
    const read = aggregate.reads[0]!;
    if (read.truncatedLastLine) notes.push(`${files[i]}: the last line was cut off (a runner killed mid-write?): its last sample is missing`);
    if (read.gzipEndedEarly) notes.push(`${files[i]}: the gzip stream ended early (a runner killed mid-write?): its last samples are missing`);
    const { requests, failed } = totals(aggregate);
    return {
      file: files[i]!,
      samples: read.samples,
      requests,
      failedRequests: failed,
      durationMs: spanOf(aggregate),
      ok: results.every((r) => r.ok),
      failed: results.filter((r) => !r.ok).map((r) => `${r.metric} ${r.expression}`),
    };
  });

  const results = judge(all);
  const units: MergeResult["units"] = {};
  for (const r of results) {
    const { name } = parseSelector(r.metric);
    const info = all.metrics.get(name);
    units[r.metric] = unitOf(info, info?.type ?? fallback[name], r.stat);
    if (r.vacuous) notes.push(`${r.metric} ${r.expression} passed over zero samples: it proves nothing`);
    if (r.inferredType !== undefined) {
      notes.push(`${r.metric}: no runner recorded a sample, so k6 never declared it; judged as an empty ${r.inferredType}`);
    }
  }
  const { requests, failed } = totals(all);
  const result: MergeResult = {
    ok: results.every((r) => r.ok),
    runners,
    durationMs: spanOf(all),
    requests,
    failedRequests: failed,
    errorRate: requests === 0 ? 0 : failed / requests,
    thresholds: results,
    units,
    notes,
    data: summaryData(all, results, fallback),
  };
  const p95 = all.select("http_req_duration", { expected_response: "true" })?.histogram?.percentile(95);
  if (p95 !== undefined && !Number.isNaN(p95)) result.p95 = p95;
  return result;
}

/** One (sub-)metric's values the way k6's handleSummary data gives them. */
function summaryMetric(series: SeriesAggregate | undefined, type: MetricType, contains: SummaryMetric["contains"], seconds: number): SummaryMetric {
  const count = series?.count ?? 0;
  let values: Record<string, number>;
  if (type === "counter") values = { count: series?.sum ?? 0, rate: seconds > 0 ? (series?.sum ?? 0) / seconds : 0 };
  else if (type === "rate") values = { rate: count === 0 ? 0 : (series?.nonZero ?? 0) / count, passes: series?.nonZero ?? 0, fails: count - (series?.nonZero ?? 0) };
  else if (type === "gauge") values = { value: series?.last ?? 0, min: count === 0 ? 0 : (series?.min ?? 0), max: count === 0 ? 0 : (series?.max ?? 0) };
  else {
    // An empty Trend reads 0 for every stat, as in k6.
    values = { avg: count === 0 ? 0 : (series?.sum ?? 0) / count, min: count === 0 ? 0 : (series?.min ?? 0), max: count === 0 ? 0 : (series?.max ?? 0), count };
    for (const [stat, p] of TREND_STATS) {
      const v = count === 0 ? 0 : series?.histogram?.percentile(p);
      values[stat] = v === undefined || Number.isNaN(v) ? 0 : v;
    }
  }
  return { type, contains, values };
}

/**
 * The merged aggregate as k6's handleSummary data: the run's and each scenario's request metrics,
 * the phase-breakdown metrics, and every judged (sub-)metric with its merged threshold results.
 */
function summaryData(all: K6Aggregate, results: readonly ThresholdEvaluation[], fallback: Record<string, MetricType>): SummaryData {
  const durationMs = spanOf(all);
  const seconds = durationMs / 1000;
  const keys = new Set<string>(["http_reqs", "http_req_failed", "http_req_duration", ...RUN_SUB_METRICS]);
  const tagValues = (metric: string, tag: string) =>
    [...new Set([...(all.series.get(metric)?.values() ?? [])].map((s) => s.tags[tag]).filter((v): v is string => v !== undefined))].sort();
  const scenarios = tagValues("http_reqs", "scenario");
  for (const scenario of scenarios) for (const key of scenarioSubMetrics(scenario)) keys.add(key);
  // The phase breakdown's metrics, for the run and each scenario, where any sample was recorded.
  for (const scope of [{}, ...scenarios.map((scenario) => ({ scenario }))] as Record<string, string>[]) {
    for (const name of [METRICS.serverDuration, METRICS.unattributedDuration, METRICS.timedResponses]) {
      if (all.select(name, scope) !== undefined) keys.add(subMetric(name, scope));
    }
    for (const phase of tagValues(METRICS.phaseDuration, "phase")) {
      if (all.select(METRICS.phaseDuration, { ...scope, phase }) === undefined) continue;
      keys.add(subMetric(METRICS.phaseDuration, { phase, ...scope }));
      keys.add(subMetric(METRICS.phaseSamples, { phase, ...scope }));
    }
    for (const reason of tagValues(METRICS.untimedResponses, "reason")) {
      if (all.select(METRICS.untimedResponses, { ...scope, reason }) !== undefined) keys.add(subMetric(METRICS.untimedResponses, { reason, ...scope }));
    }
  }
  for (const r of results) keys.add(r.metric);

  const metrics: Record<string, SummaryMetric> = {};
  for (const key of keys) {
    const judged = results.filter((r) => r.metric === key);
    const { name, tags } = judged.length > 0 ? parseSelector(key) : parseMetricName(key);
    const info = all.metrics.get(name);
    const type = info?.type ?? judged[0]?.inferredType ?? fallback[name];
    if (type === undefined) continue;
    const metric = summaryMetric(all.select(name, tags), type, info?.contains ?? "default", seconds);
    if (judged.length > 0) {
      metric.thresholds = {};
      for (const r of judged) {
        metric.thresholds[r.expression] = { ok: r.ok };
        if (r.observed !== undefined && metric.values[r.stat] === undefined) metric.values[r.stat] = r.observed;
      }
    }
    metrics[key] = metric;
  }
  // Checks by name, as k6's root group lists them (groups are not kept apart).
  const checks = tagValues("checks", "check").map((name) => {
    const series = all.select("checks", { check: name });
    return { name, passes: series?.nonZero ?? 0, fails: (series?.count ?? 0) - (series?.nonZero ?? 0) };
  });
  return { metrics, state: { testRunDurationMs: durationMs }, root_group: { name: "", checks, groups: [] } };
}

/**
 * The merged run's summary.json document: the single-run verdict over all runners' samples, with
 * each runner judged alone and what a reader should know about the files.
 */
export function mergeSummaryReport(result: MergeResult): SummaryReport {
  const report = summaryReport(result.data);
  // Vacuous passes are the verdict's own notes; the files' and types' notes are the merge's.
  const notes = result.notes.filter((note) => !note.includes("passed over zero samples"));
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
    runners: result.runners.map(({ file, requests, failedRequests, ok, failed }) => ({ file, requests, failedRequests, ok, failed })),
  };
}
