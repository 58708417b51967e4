// The loadgate verdict: what a run's figures mean (PASS, FAIL or INCONCLUSIVE, and why), as plain data every report renders.
import { distinctBreakdowns, phaseBreakdown, type PhaseBreakdown } from "../phases/breakdown.ts";
import type { AskedScenario } from "../scenarios/asked-load.ts";
import type { JudgedThreshold } from "../thresholds/judged.ts";
import { MetricIndex, parseMetricName } from "../vocabulary/metric-key.ts";
import type { MetricValues } from "../vocabulary/summary-data.ts";
import { formatMsProse } from "../vocabulary/units.ts";
import { findCauses, settleVerdict, type Cause, type VerdictValue } from "./causes.ts";
import { countsErrorKinds, describeErrorKinds, errorKinds, type ErrorKind } from "./error-kinds.ts";
import { scenarioNames, type CheckResult, type RunMetrics } from "./run-metrics.ts";

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
  /**
   * Requests per second over the time the scope ran: the whole run for `"all"`; for a scenario, from
   * its start time to the end of its duration (or of the run, for an iteration-based scenario).
   */
  throughput: number;
}

/** The loadgate verdict of one run. */
export interface Verdict {
  /** `pass`: the budgets were met; `fail`: one was broken; `inconclusive`: this run cannot tell (see `causes`). */
  verdict: VerdictValue;
  /** `true` when every threshold passed (k6 exits 0), `false` when one failed (k6 exits 99). */
  ok: boolean;
  /** Why the verdict is not PASS, most important first, each with a code and what to change; empty on a PASS. */
  causes: Cause[];
  /** What the run did, in words: requests, failures by kind, how many thresholds passed. */
  reasons: string[];
  /** What a reader should know that does not change the verdict (untimed responses, missing guards). */
  notes: string[];
  durationMs: number;
  run: ScopeRow;
  scenarios: ScopeRow[];
  /**
   * The phase breakdown per scenario (or of the whole run) when the run recorded server-side phases:
   * each phase's p50/p95/p99 and share of the server total, the unattributed time, timed/untimed counts.
   */
  phases: PhaseBreakdown[];
  thresholds: JudgedThreshold[];
  checks: CheckResult[];
  /**
   * What each scenario asked k6 to deliver (its model, start, end and users or iterations), when known:
   * inside handleSummary, from k6's options. Reports draw a plan's parts from it.
   */
  asked?: AskedScenario[];
  /** Failed requests by kind (status code, k6 error code); present when the run declared the error-kind sub-metrics. */
  errors?: ErrorKind[];
}

function scopeRow(index: MetricIndex<MetricValues>, scope: string, tags: Record<string, string>, seconds: number, whole: boolean): ScopeRow {
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
    // k6's `rate` of a sub-metric divides by the whole test's duration, not by the time its scenario ran.
    throughput: whole ? (reqs?.values["rate"] ?? (seconds > 0 ? requests / seconds : 0)) : seconds > 0 ? requests / seconds : 0,
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

/**
 * The seconds a scenario ran: from its start time to the end of its duration, within the run; an
 * iteration-based scenario (no duration) to the end of the run. The whole run when its scenarios are unknown.
 */
function scenarioSeconds(asked: RunMetrics["asked"], name: string, durationMs: number): number {
  const scenario = asked?.find((s) => s.name === name);
  if (scenario === undefined) return durationMs / 1000;
  const end = Math.min(scenario.endMs ?? durationMs, durationMs);
  return Math.max(0, end - scenario.startMs) / 1000;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A latency gate over successful responses only (`http_req_duration{expected_response:true...}`). */
const isSuccessLatencyGate = (t: JudgedThreshold) => {
  const { name, tags } = parseMetricName(t.metric);
  return name === "http_req_duration" && tags["expected_response"] === "true";
};

/** Options of {@link buildVerdict}. */
export interface BuildVerdictOptions {
  /** The phases in the order the breakdown lists them; others follow by name. @default [] */
  phases?: readonly string[];
  /** `warn` lets inconclusive conditions pass as warnings (a team's choice); FAIL stays FAIL. @default "inconclusive" */
  inconclusive?: "inconclusive" | "warn";
}

/**
 * Builds the verdict of a run from its figures (k6's handleSummary data, or a merged split run):
 * per-scope rows, the phase breakdown, every threshold with observed value and limit, vacuous
 * thresholds, and the reasons in words.
 */
export function buildVerdict(figures: RunMetrics, options: BuildVerdictOptions = {}): Verdict {
  const { metrics, durationMs } = figures;
  const index = new MetricIndex(metrics);
  const seconds = durationMs / 1000;
  const run = scopeRow(index, "all", {}, seconds, true);
  const scenarios = scenarioNames(metrics).map((name) =>
    scopeRow(index, name, { scenario: name }, scenarioSeconds(figures.asked, name, durationMs), false),
  );
  const thresholds = [...figures.thresholds];
  const failed = thresholds.filter((t) => !t.ok);
  const ok = failed.length === 0;
  const reasons: string[] = [];
  const notes: string[] = [];

  if (run.requests === 0) {
    reasons.push("no HTTP requests were made");
  } else if (run.failures > 0) {
    let sentence = `${run.failures} of ${plural(run.requests, "request")} failed`;
    if (countsErrorKinds(metrics)) sentence += `: ${describeErrorKinds(errorKinds(metrics), run.failures)}`;
    // A latency gate over successes times exactly the run's successful responses; a scoped gate
    // times fewer, so its count is not the run's.
    if (thresholds.some(isSuccessLatencyGate)) sentence += `; latency gates measured ${plural(run.successes, "successful response")}`;
    reasons.push(sentence);
  } else {
    reasons.push(`all ${plural(run.requests, "request")} succeeded`);
  }
  for (const row of scenarios) {
    if (scenarios.length > 1 && row.failures > 0) {
      reasons.push(`scenario ${row.scope}: ${row.failures} of ${plural(row.requests, "request")} failed`);
    }
  }
  if (thresholds.length > 0) {
    reasons.push(ok ? `all ${plural(thresholds.length, "threshold")} passed` : `${failed.length} of ${plural(thresholds.length, "threshold")} failed`);
  }
  // A breakdown the same as another (the whole run and its only scenario) is said once.
  const phases = phaseBreakdown(figures, options.phases === undefined ? {} : { phases: options.phases });
  for (const b of distinctBreakdowns(phases)) {
    const untimed = b.untimed.missing + b.untimed.malformed;
    if (untimed === 0) continue;
    const scope = Object.entries(b.scope).map(([name, value]) => `${name} ${value}: `).join("");
    const why = [b.untimed.missing > 0 ? `${b.untimed.missing} missing` : "", b.untimed.malformed > 0 ? `${b.untimed.malformed} malformed` : ""].filter(Boolean);
    notes.push(`${scope}${untimed} of ${plural(b.timed + untimed, "successful response")} carried no readable timings (${why.join(", ")}): the phase figures leave them out`);
  }
  for (const b of distinctBreakdowns(phases)) {
    const unattributed = b.unattributed?.p50 ?? b.unattributed?.avg;
    if (unattributed === undefined || unattributed >= 0 || b.server === undefined) continue;
    const scope = Object.entries(b.scope).map(([name, value]) => `${name} ${value}: `).join("");
    const server = b.server.p50 ?? b.server.avg;
    notes.push(
      `${scope}the server total${server === undefined ? "" : ` (p50 ${formatMsProse(server)})`} is longer than the client's duration of the same responses (unattributed p50 ${formatMsProse(unattributed)}), which cannot be: the phase figures are wrong. ` +
        `The server's total entry was likely read as a phase: name it with the total option (serverTiming({ total: "<name>" })), or check that the phases do not overlap`,
    );
  }
  if (thresholds.length > 0 && !thresholds.some((t) => parseMetricName(t.metric).name === "http_reqs" && t.stat === "count")) {
    notes.push("no success-count guard (http_reqs{expected_response:true} count>=N): a run with no successes could pass");
  }

  const settled = settleVerdict(
    findCauses({
      metrics,
      thresholds,
      durationMs,
      ...(figures.asked === undefined ? {} : { asked: figures.asked }),
      ...(figures.thresholdsUnreported === true ? { thresholdsUnreported: true as const } : {}),
    }),
    options.inconclusive,
  );
  const verdict: Verdict = {
    verdict: settled.verdict,
    ok,
    causes: settled.causes,
    reasons,
    notes,
    durationMs,
    run,
    scenarios,
    phases,
    thresholds,
    checks: figures.checks,
  };
  if (figures.asked !== undefined && figures.asked.length > 0) verdict.asked = figures.asked;
  if (countsErrorKinds(metrics)) verdict.errors = errorKinds(metrics);
  return verdict;
}
