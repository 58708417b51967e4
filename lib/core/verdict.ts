// The loadgate verdict: what a run's handleSummary data means, as plain data every report renders.
import { countsErrorKinds, describeErrorKinds, errorKinds, type ErrorKind } from "./error-kinds.ts";
import { METRICS, parseMetricName } from "./metrics.ts";
import { phaseBreakdown, type PhaseBreakdown } from "./phase-breakdown.ts";

export { parseMetricName, type MetricName } from "./metrics.ts";

/** One metric of k6's handleSummary `data.metrics` (k6's legacy summary format). */
export interface SummaryMetric {
  type: "counter" | "gauge" | "rate" | "trend";
  contains: "default" | "time" | "data";
  /** Trends: the `summaryTrendStats`; counters: count, rate; rates: rate, passes, fails; gauges: value, min, max. */
  values: Record<string, number>;
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

/** One threshold as k6 judged it, with what it measured. */
export interface ThresholdResult {
  /** The metric or sub-metric, e.g. `http_req_duration{expected_response:true}`. */
  metric: string;
  /** The expression as written, e.g. `p(95)<500`. */
  expression: string;
  /** The stat the expression reads: `p(95)`, `rate`, `count`, ... */
  stat: string;
  /** The comparison: `<`, `<=`, `>`, `>=`, `==`, `===`, `!=`. */
  operator: string;
  limit: number;
  /** The stat's value at the end of the run; absent when the summary does not carry the stat. */
  observed?: number;
  /** k6's result: `true` means the threshold passed. */
  ok: boolean;
  /** Samples the metric received; absent when k6's summary does not say. */
  samples?: number;
  /** Evaluated over zero samples: a pass here proves nothing. */
  vacuous: boolean;
  /** How the value is shown: milliseconds, a share 0..1, or a plain number. */
  unit: "ms" | "share" | "count";
}

/** Requests, successes and latency of successful responses for one scope (the run or a scenario). */
export interface ScopeRow {
  /** `"all"` for the whole run, else the scenario name. */
  scope: string;
  requests: number;
  successes: number;
  failures: number;
  /** failures / requests, 0 when there were no requests. */
  errorRate: number;
  /** Latency of successful responses in ms; absent when there were none. */
  p50?: number;
  p95?: number;
  p99?: number;
  /** Requests per second over the run. */
  throughput: number;
}

/** The loadgate verdict of one run. */
export interface Verdict {
  /** `true` when every threshold passed (k6 exits 0), `false` when one failed (k6 exits 99). */
  ok: boolean;
  /** Why, in words, most important first. */
  reasons: string[];
  /** What a reader should know that does not change the verdict (vacuous passes, missing gates). */
  notes: string[];
  durationMs: number;
  run: ScopeRow;
  scenarios: ScopeRow[];
  /**
   * The phase breakdown per scenario (or of the whole run) when the run recorded server-side phases:
   * each phase's p50/p95/p99 and share of the server total, the unattributed time, timed/untimed counts.
   */
  phases: PhaseBreakdown[];
  thresholds: ThresholdResult[];
  checks: { name: string; passes: number; fails: number }[];
  /** Failed requests by kind (status code, k6 error code); present when the run declared the error-kind sub-metrics. */
  errors?: ErrorKind[];
}

function metricId(name: string, tags: Record<string, string>): string {
  return `${name}|${Object.keys(tags)
    .sort()
    .map((k) => `${k}=${tags[k]}`)
    .join(",")}`;
}

/** Looks metrics up by name and tag set, whatever the order of the tags in the key. */
class MetricIndex {
  readonly byId = new Map<string, SummaryMetric>();
  constructor(metrics: Record<string, SummaryMetric>) {
    for (const [key, metric] of Object.entries(metrics)) {
      const { name, tags } = parseMetricName(key);
      this.byId.set(metricId(name, tags), metric);
    }
  }
  get(name: string, tags: Record<string, string> = {}): SummaryMetric | undefined {
    return this.byId.get(metricId(name, tags));
  }
}

const EXPRESSION = /^\s*([a-z]+(?:\(\d+(?:\.\d+)?\))?)\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i;

/** Number of samples behind a metric, when the summary tells (directly or through a companion counter). */
function sampleCount(index: MetricIndex, key: string, metric: SummaryMetric): number | undefined {
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

function unitOf(metric: SummaryMetric, stat: string): ThresholdResult["unit"] {
  if (metric.type === "trend" && metric.contains === "time" && stat !== "count") return "ms";
  if (metric.type === "rate") return "share";
  return "count";
}

/** Every threshold in the summary with its observed value, limit, result and whether it was vacuous. */
export function thresholdResults(data: SummaryData): ThresholdResult[] {
  const index = new MetricIndex(data.metrics);
  const results: ThresholdResult[] = [];
  for (const key of Object.keys(data.metrics).sort()) {
    const metric = data.metrics[key] as SummaryMetric;
    for (const [expression, { ok }] of Object.entries(metric.thresholds ?? {})) {
      const match = EXPRESSION.exec(expression);
      const stat = match?.[1] ?? expression;
      const samples = sampleCount(index, key, metric);
      const vacuous = metric.type !== "counter" && (samples === 0 || (samples === undefined && looksEmpty(metric)));
      const result: ThresholdResult = {
        metric: key,
        expression,
        stat,
        operator: match?.[2] ?? "",
        limit: match ? Number(match[3]) : Number.NaN,
        ok,
        vacuous,
        unit: unitOf(metric, stat),
      };
      const observed = metric.values[stat];
      if (observed !== undefined) result.observed = observed;
      if (samples !== undefined) result.samples = samples;
      results.push(result);
    }
  }
  return results;
}

function scopeRow(index: MetricIndex, scope: string, tags: Record<string, string>, seconds: number): ScopeRow {
  const reqs = index.get("http_reqs", tags);
  const failed = index.get("http_req_failed", tags);
  const succeeded = index.get("http_reqs", { ...tags, expected_response: "true" });
  const latency = index.get("http_req_duration", { ...tags, expected_response: "true" });
  const requests = reqs?.values["count"] ?? (failed ? (failed.values["passes"] ?? 0) + (failed.values["fails"] ?? 0) : 0);
  // http_req_failed counts a failed request as a "pass" (value 1).
  const failures = failed?.values["passes"] ?? (succeeded ? requests - (succeeded.values["count"] ?? 0) : 0);
  const successes = succeeded?.values["count"] ?? requests - failures;
  const row: ScopeRow = {
    scope,
    requests,
    successes,
    failures,
    errorRate: requests === 0 ? 0 : failures / requests,
    throughput: reqs?.values["rate"] ?? (seconds > 0 ? requests / seconds : 0),
  };
  if (latency && successes > 0) {
    const p50 = latency.values["med"] ?? latency.values["p(50)"];
    const p95 = latency.values["p(95)"];
    const p99 = latency.values["p(99)"];
    if (p50 !== undefined) row.p50 = p50;
    if (p95 !== undefined) row.p95 = p95;
    if (p99 !== undefined) row.p99 = p99;
  }
  return row;
}

/** Scenario names that have sub-metrics in the summary (declared with {@link reportThresholds}). */
function scenarioNames(data: SummaryData): string[] {
  const names = new Set<string>();
  for (const key of Object.keys(data.metrics)) {
    const { name, tags } = parseMetricName(key);
    const scenario = tags["scenario"];
    if (scenario !== undefined && (name === "http_reqs" || name === "http_req_failed")) names.add(scenario);
  }
  return [...names].sort();
}

function collectChecks(group: SummaryGroup | undefined, into: Verdict["checks"]): Verdict["checks"] {
  if (!group) return into;
  for (const check of group.checks ?? []) into.push({ name: check.name, passes: check.passes, fails: check.fails });
  for (const child of group.groups ?? []) collectChecks(child, into);
  return into;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A value with its unit, for sentences and tables: `512.30ms`, `1.25s`, `12.50%`, `42`. */
export function formatValue(value: number | undefined, unit: ThresholdResult["unit"]): string {
  if (value === undefined || Number.isNaN(value)) return "-";
  if (unit === "ms") return formatMs(value);
  if (unit === "share") return formatShare(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** Milliseconds in k6's style: `850µs`, `60.87ms`, `1.25s`. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return "-";
  if (ms === 0) return "0s";
  if (Math.abs(ms) < 1) return `${(ms * 1000).toFixed(0)}µs`;
  if (Math.abs(ms) < 1000) return `${ms.toFixed(2)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

/** A share 0..1 as a percentage: `12.50%`. */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}

function describeThreshold(t: ThresholdResult): string {
  const limit = formatValue(t.limit, t.unit);
  const observed = formatValue(t.observed, t.unit);
  return `${t.metric} ${t.expression} failed: ${t.stat} was ${observed} (limit ${t.operator} ${limit})`;
}

const isLatencyGate = (t: ThresholdResult) => parseMetricName(t.metric).name === "http_req_duration";

/** Options of {@link buildVerdict}. */
export interface BuildVerdictOptions {
  /** The phases in the order the breakdown lists them; others follow by name. @default [] */
  phases?: readonly string[];
}

/**
 * Builds the verdict of a run from k6's handleSummary data: per-scope rows, the phase breakdown,
 * every threshold with observed value and limit, vacuous thresholds, and the reasons in words.
 */
export function buildVerdict(data: SummaryData, options: BuildVerdictOptions = {}): Verdict {
  const index = new MetricIndex(data.metrics);
  const durationMs = data.state?.testRunDurationMs ?? 0;
  const seconds = durationMs / 1000;
  const run = scopeRow(index, "all", {}, seconds);
  const scenarios = scenarioNames(data).map((name) => scopeRow(index, name, { scenario: name }, seconds));
  const thresholds = thresholdResults(data);
  const failed = thresholds.filter((t) => !t.ok);
  const ok = failed.length === 0;
  const reasons: string[] = [];
  const notes: string[] = [];

  if (run.requests === 0) {
    reasons.push("no HTTP requests were made");
  } else if (run.failures > 0) {
    let sentence = `${run.failures} of ${plural(run.requests, "request")} failed`;
    if (countsErrorKinds(data.metrics)) sentence += `: ${describeErrorKinds(errorKinds(data.metrics), run.failures)}`;
    const latencyGates = thresholds.filter(isLatencyGate);
    if (latencyGates.length > 0) {
      const measured = Math.min(...latencyGates.map((t) => t.samples ?? run.successes));
      sentence += `; latency gates measured ${plural(measured, "successful response")}`;
    }
    reasons.push(sentence);
  } else {
    reasons.push(`all ${plural(run.requests, "request")} succeeded`);
  }
  for (const row of scenarios) {
    if (scenarios.length > 1 && row.failures > 0) {
      reasons.push(`scenario ${row.scope}: ${row.failures} of ${plural(row.requests, "request")} failed`);
    }
  }
  for (const t of failed) reasons.push(describeThreshold(t));
  if (ok && thresholds.length > 0) reasons.push(`all ${plural(thresholds.length, "threshold")} passed`);

  for (const t of thresholds.filter((t) => t.vacuous && t.ok)) {
    notes.push(`${t.metric} ${t.expression} passed over no samples: it proves nothing`);
  }
  const phases = phaseBreakdown(data, options.phases === undefined ? {} : { phases: options.phases });
  for (const b of phases) {
    const untimed = b.untimed.missing + b.untimed.malformed;
    if (untimed === 0) continue;
    const scope = Object.entries(b.scope).map(([name, value]) => `${name} ${value}: `).join("");
    const why = [b.untimed.missing > 0 ? `${b.untimed.missing} missing` : "", b.untimed.malformed > 0 ? `${b.untimed.malformed} malformed` : ""].filter(Boolean);
    notes.push(`${scope}${untimed} of ${plural(b.timed + untimed, "successful response")} carried no readable timings (${why.join(", ")}): the phase figures leave them out`);
  }
  if (thresholds.length === 0) notes.push("no thresholds were set: this verdict checks nothing");
  else if (!thresholds.some((t) => parseMetricName(t.metric).name === "http_reqs" && t.stat === "count")) {
    notes.push("no success-count guard (http_reqs{expected_response:true} count>=N): a run with no successes could pass");
  }

  const verdict: Verdict = {
    ok,
    reasons,
    notes,
    durationMs,
    run,
    scenarios,
    phases,
    thresholds,
    checks: collectChecks(data.root_group, []),
  };
  if (countsErrorKinds(data.metrics)) verdict.errors = errorKinds(data.metrics);
  return verdict;
}
