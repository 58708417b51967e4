// One verdict for a test split over several k6 processes (k6-operator runners, or `k6 run
// --execution-segment` by hand): every runner's `--out json` samples are aggregated together and the
// thresholds judged once, as k6 would have judged them had one process sent every request.
import { basename } from "node:path";
import type { Threshold } from "k6/options";
import { KNOWN_METRIC_TYPES } from "../core/k6-threshold.ts";
import { evaluateThresholds, parseSelector, type MetricType, type ThresholdEvaluation } from "../core/threshold-eval.ts";
import { aggregateK6Output, K6Aggregate } from "./analyse/aggregate.ts";
import type { K6MetricInfo } from "./analyse/read-k6-output.ts";

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
}

/** The runner files do not make up the run (a runner is missing), or there is nothing to judge. */
export class MergeError extends Error {
  override name = "MergeError" as const;
}

const SUMMARY_METRICS = ["http_reqs", "http_req_failed", "http_req_duration"];

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
  const keepTags = [...new Set(["expected_response", ...selectors.flatMap((s) => Object.keys(s.tags))])];
  const metrics = [...new Set([...SUMMARY_METRICS, ...selectors.map((s) => s.name)])];
  const perRunner: K6Aggregate[] = [];
  for (const file of files) perRunner.push(await aggregateK6Output([file], { keepTags, metrics }));
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
  };
  const p95 = all.select("http_req_duration", { expected_response: "true" })?.histogram?.percentile(95);
  if (p95 !== undefined && !Number.isNaN(p95)) result.p95 = p95;
  return result;
}

/** A threshold's observed value as k6's summary shows it: `12.34ms`, `20.00%`, `32`. */
export function formatObserved(r: ThresholdEvaluation, unit: MergeResult["units"][string]): string {
  if (r.observed === undefined) return `${r.stat}=n/a (no samples)`;
  const v = r.observed;
  if (unit === "ms") return `${r.stat}=${v.toFixed(2)}ms`;
  if (unit === "share") return `${r.stat}=${(v * 100).toFixed(2)}%`;
  return `${r.stat}=${Number.isInteger(v) ? v : v.toFixed(4)}`;
}

/** The merged verdict as text, the way k6's end-of-test thresholds block reads. */
export function renderMergeText(result: MergeResult): string {
  const lines: string[] = [];
  const n = result.runners.length;
  lines.push(
    `loadgate merge: ${n} runner${n === 1 ? "" : "s"}, ${result.requests} requests, ${result.failedRequests} failed (${(result.errorRate * 100).toFixed(2)}%)` +
      `${result.p95 === undefined ? "" : `, p(95) of successes ${result.p95.toFixed(2)}ms`}, ${(result.durationMs / 1000).toFixed(1)}s`,
  );
  lines.push("", "  THRESHOLDS (over all runners' samples)");
  const width = Math.max(...result.thresholds.map((r) => r.metric.length));
  let previous = "";
  for (const r of result.thresholds) {
    const alone = result.runners.map((runner) => (runner.failed.includes(`${r.metric} ${r.expression}`) ? "✗" : "✓")).join("");
    const head = r.metric === previous ? "".padEnd(width) : r.metric.padEnd(width);
    previous = r.metric;
    lines.push(
      `    ${head}  ${r.ok ? "✓" : "✗"} '${r.expression}' ${formatObserved(r, result.units[r.metric] ?? "count")}${r.vacuous ? " (no samples)" : ""}   runners alone: ${alone}`,
    );
  }
  lines.push("", "  RUNNERS (each judged alone, as k6 on that runner judged it)");
  for (const runner of result.runners) {
    lines.push(
      `    ${runner.ok ? "✓" : "✗"} ${runner.file}  ${runner.requests} requests, ${runner.failedRequests} failed${runner.ok ? "" : `; failed alone: ${runner.failed.join("; ")}`}`,
    );
  }
  for (const note of result.notes) lines.push(`  note: ${note}`);
  const failed = result.thresholds.filter((r) => !r.ok).length;
  const disagree = result.runners.filter((r) => r.ok !== result.ok).length;
  lines.push(
    "",
    result.ok
      ? `verdict: PASSED — all ${result.thresholds.length} thresholds pass over all ${n} runners' samples`
      : `verdict: FAILED — ${failed} of ${result.thresholds.length} thresholds failed over all ${n} runners' samples`,
  );
  if (disagree > 0) {
    lines.push(`  ${disagree} of ${n} runners alone said the opposite: per-runner verdicts judge a share, not the test`);
  }
  return `${lines.join("\n")}\n`;
}

/** The merged verdict as a Markdown table, for a pipeline's job summary. */
export function renderMergeMarkdown(result: MergeResult): string {
  const rows = result.thresholds.map(
    (r) =>
      `| \`${r.metric}\` | \`${r.expression}\` | ${formatObserved(r, result.units[r.metric] ?? "count").replace(/^[^=]*=/, "")} | ${r.ok ? "✓ pass" : "✗ fail"} | ${result.runners
        .map((runner) => (runner.failed.includes(`${r.metric} ${r.expression}`) ? "✗" : "✓"))
        .join(" ")} |`,
  );
  return [
    `## loadgate merge: ${result.ok ? "PASSED" : "FAILED"}`,
    "",
    `${result.runners.length} runners, ${result.requests} requests, ${result.failedRequests} failed (${(result.errorRate * 100).toFixed(2)}%)${result.p95 === undefined ? "" : `, p(95) of successes ${result.p95.toFixed(2)} ms`}.`,
    "",
    "| metric | threshold | observed (all runners) | verdict | each runner alone |",
    "|---|---|---|---|---|",
    ...rows,
    ...(result.notes.length > 0 ? ["", ...result.notes.map((n) => `- ${n}`)] : []),
    "",
  ].join("\n");
}
