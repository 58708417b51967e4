// Why a run is not a PASS: each cause with a machine-readable code, the verdict it leads to, what was
// seen and what to change. FAIL means a budget was broken; INCONCLUSIVE means the run cannot tell
// whether the budgets were met (the load asked was not delivered, a gate saw too few samples or
// none, the thresholds could not see the errors, the run was cut short).
import type { AskedScenario } from "../scenarios/asked-load.ts";
import { percentileNeeds, percentilePosition } from "../stats/percentile-rank.ts";
import type { JudgedThreshold } from "../thresholds/judged.ts";
import { MetricIndex, parseMetricName, type Scope } from "../vocabulary/metric-key.ts";
import { METRICS } from "../vocabulary/metric-names.ts";
import type { MetricValues } from "../vocabulary/summary-data.ts";
import { formatMsProse, formatShare, formatValue } from "../vocabulary/units.ts";

/** The three verdicts: the budgets were met, broken, or this run cannot tell. */
export type VerdictValue = "pass" | "fail" | "inconclusive";

/** Every cause a verdict names, by code. */
export const CAUSE_CODES = [
  "threshold-failed",
  "no-successes",
  "no-requests",
  "dropped-iterations",
  "arrival-rate-short",
  "iterations-short",
  "scenario-not-started",
  "run-cut-short",
  "too-few-samples",
  "empty-gate",
  "errors-unmeasured",
  "no-thresholds",
  "thresholds-unreported",
] as const;

/** A cause's machine-readable code. */
export type CauseCode = (typeof CAUSE_CODES)[number];

/** One reason the verdict is not PASS. */
export interface Cause {
  code: CauseCode;
  /**
   * The verdict it leads to: `fail`, `inconclusive`, or `warning` (an inconclusive condition the
   * run was told to let pass: `summary({ inconclusive: "warn" })`).
   */
  verdict: "fail" | "inconclusive" | "warning";
  /** What was seen, with its numbers. */
  text: string;
  /** What to change so that the next run can tell. */
  fix?: string;
}

/** What the causes are judged from. */
export interface CauseInputs {
  metrics: Readonly<Record<string, MetricValues>>;
  thresholds: readonly JudgedThreshold[];
  durationMs: number;
  /** What the scenarios asked for, when known (k6's options inside handleSummary). */
  asked?: readonly AskedScenario[];
  /** k6's summary carried no threshold results (its machine-readable shape): `thresholds` is empty because they are unknown. */
  thresholdsUnreported?: true;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;


/** A scope in words: `scenario peak: `, or nothing for the whole run. */
function scopePrefix(tags: Scope): string {
  const parts = Object.entries(tags).filter(([name]) => name !== "expected_response");
  return parts.length === 0 ? "" : `${parts.map(([name, value]) => `${name} ${value}`).join(", ")}: `;
}

function withoutExpected(tags: Record<string, string>): Record<string, string> {
  const { expected_response: _ignored, ...rest } = tags;
  return rest;
}

const isSuccessGuard = (name: string, tags: Scope, t: JudgedThreshold) =>
  name === "http_reqs" && tags["expected_response"] === "true" && t.stat === "count" && t.operator.startsWith(">");
const isPhaseGuard = (name: string, t: JudgedThreshold) => name === METRICS.phaseSamples && t.stat === "count" && t.operator.startsWith(">");
const isDroppedGuard = (name: string) => name === "dropped_iterations";

function describeFailed(t: JudgedThreshold): string {
  return `${t.metric} ${t.expression} failed: ${t.stat} was ${formatValue(t.observed, t.unit)} (limit ${t.operator} ${formatValue(t.limit, t.unit)})`;
}

/**
 * The causes of a run's verdict, most important first: FAIL causes (broken budgets), then
 * INCONCLUSIVE ones. A failed guard threshold (success count, phase samples, dropped iterations)
 * is classified by what it guards: no successes at all is a FAIL; no requests, too few samples or
 * dropped iterations make the run inconclusive.
 */
export function findCauses(inputs: CauseInputs): Cause[] {
  const index = new MetricIndex(inputs.metrics);
  const count = (name: string, tags: Scope = {}) => index.get(name, tags)?.values["count"];
  // Requests in a scope: its http_reqs, else its http_req_failed samples; unknown when neither was kept.
  const requestsIn = (scope: Scope): number | undefined => {
    const direct = count("http_reqs", scope);
    if (direct !== undefined) return direct;
    const rate = index.get("http_req_failed", scope)?.values;
    if (rate !== undefined) return (rate["passes"] ?? 0) + (rate["fails"] ?? 0);
    return Object.keys(scope).length === 0 ? 0 : undefined;
  };
  const fail: Cause[] = [];
  const inconclusive: Cause[] = [];
  const seen = new Set<string>();
  const add = (into: Cause[], key: string, cause: Cause) => {
    if (seen.has(key)) return;
    seen.add(key);
    into.push(cause);
  };

  // Budgets and guards, as the thresholds judged them.
  for (const t of inputs.thresholds) {
    const { name, tags } = parseMetricName(t.metric);
    if (t.ok) continue;
    if (isDroppedGuard(name)) continue; // the dropped iterations themselves are a cause below
    if (isSuccessGuard(name, tags, t)) {
      const scope = withoutExpected(tags);
      const requests = requestsIn(scope);
      const successes = t.observed ?? 0;
      const where = scopePrefix(scope);
      const key = `requests|${JSON.stringify(scope)}`;
      if (requests === 0) {
        add(inconclusive, key, {
          code: "no-requests",
          verdict: "inconclusive",
          text: `${where}no requests were made, so nothing was judged (${t.metric} ${t.expression})`,
          fix: "check that the scenario starts and reaches the target (BASE_URL, the scenario's start time, an earlier abort)",
        });
      } else if (successes === 0) {
        add(fail, key, {
          code: "no-successes",
          verdict: "fail",
          text: `${where}none of ${requests === undefined ? "the requests" : plural(requests, "request")} succeeded (${t.metric} ${t.expression})`,
        });
      } else {
        add(inconclusive, `samples|${t.metric}|${t.expression}`, {
          code: "too-few-samples",
          verdict: "inconclusive",
          text: `${where}${plural(successes, "successful response")}, fewer than the ${formatValue(t.limit, "count")} the gate needs (${t.metric} ${t.expression})`,
          fix: "send more requests (a longer hold, more iterations) or lower the gate's percentile",
        });
      }
      continue;
    }
    if (isPhaseGuard(name, t)) {
      const observed = t.observed ?? 0;
      const { phase: _phase, ...scope } = withoutExpected(tags);
      add(inconclusive, `phase|${t.metric}`, {
        code: observed === 0 ? "empty-gate" : "too-few-samples",
        verdict: "inconclusive",
        text:
          observed === 0
            ? `${scopePrefix(scope)}phase ${tags["phase"] ?? "?"} received no timings, so its gate judged nothing (${t.metric} ${t.expression})`
            : `${scopePrefix(scope)}phase ${tags["phase"] ?? "?"} received ${plural(observed, "timing")}, fewer than the ${formatValue(t.limit, "count")} its gate needs (${t.metric} ${t.expression})`,
        fix: "check that the server sends the phase (Server-Timing or the JSON field) on successful responses, and send more requests",
      });
      continue;
    }
    add(fail, `threshold|${t.metric}|${t.expression}`, { code: "threshold-failed", verdict: "fail", text: describeFailed(t) });
  }

  // The load asked was not delivered.
  const runRequests = count("http_reqs") ?? 0;
  if (runRequests === 0 && !seen.has(`requests|{}`)) {
    add(inconclusive, "requests|{}", {
      code: "no-requests",
      verdict: "inconclusive",
      text: "no HTTP requests were made, so nothing was judged",
      fix: "check that the scenarios start and reach the target (BASE_URL, an error in the iteration code)",
    });
  }
  const dropped = count("dropped_iterations") ?? 0;
  if (dropped > 0) {
    const byScenario = (inputs.asked ?? [])
      .map((s) => ({ scenario: s, n: count("dropped_iterations", { scenario: s.name }) ?? 0 }))
      .filter(({ n }) => n > 0);
    const where = byScenario.length > 0 ? ` (${byScenario.map(({ scenario, n }) => `${n} in ${scenario.name}`).join(", ")})` : "";
    // k6 drops an arrival when no pre-allocated VU is free (open model), and the iterations an
    // iteration-based scenario had not started when its maxDuration ended (closed model).
    const closedOnly = byScenario.length > 0 && byScenario.every(({ scenario }) => scenario.model === "closed");
    add(inconclusive, "dropped", {
      code: "dropped-iterations",
      verdict: "inconclusive",
      text: closedOnly
        ? `${plural(dropped, "iteration")} ${dropped === 1 ? "was" : "were"} dropped${where}: the scenario's maxDuration ended before k6 could start ${dropped === 1 ? "it" : "them"}, so the load asked was not delivered`
        : `${plural(dropped, "iteration")} ${dropped === 1 ? "was" : "were"} dropped${where}: k6 had no free VU to start ${dropped === 1 ? "it" : "them"}, so the load asked was not delivered`,
      fix: closedOnly
        ? "raise the scenario's maxDuration (or ask for fewer iterations)"
        : "raise preAllocatedVUs, or give the open-model builder an expectedLatency as high as the latency you measure: k6 drops an iteration as soon as no pre-allocated VU is free",
    });
  }
  const asked = inputs.asked ?? [];
  const single = asked.length === 1;
  for (const s of asked) {
    const scope = { scenario: s.name };
    const iterations = count("iterations", scope) ?? (single ? count("iterations") : undefined);
    const requests = count("http_reqs", scope) ?? (single ? runRequests : undefined);
    if (s.startMs >= inputs.durationMs && inputs.durationMs > 0) {
      add(inconclusive, `not-started|${s.name}`, {
        code: "scenario-not-started",
        verdict: "inconclusive",
        text: `scenario ${s.name} never started: the run ended at ${formatMsProse(inputs.durationMs)}, before its start time ${formatMsProse(s.startMs)}`,
        fix: "let the run finish (an interrupt or an abort ended it early)",
      });
      continue;
    }
    if ((iterations ?? 0) === 0 && requests === 0) {
      add(inconclusive, `not-started|${s.name}`, {
        code: "scenario-not-started",
        verdict: "inconclusive",
        text: `scenario ${s.name} completed no iteration and made no request`,
        fix: "check the scenario's exec function and that its VUs could start",
      });
      continue;
    }
    if (iterations === undefined || s.iterations === undefined || s.iterations <= 0) continue;
    const share = iterations / s.iterations;
    if (s.model === "open" && share < 0.95) {
      add(inconclusive, `short|${s.name}`, {
        code: "arrival-rate-short",
        verdict: "inconclusive",
        text: `scenario ${s.name} completed ${plural(iterations, "iteration")} of the ${Math.round(s.iterations)} its arrival rate asked (${formatShare(share, 1)}, below 95%)`,
        fix: "give the scenario more VUs (preAllocatedVUs, maxVUs) or a lower rate, and let it run to its end",
      });
    } else if (s.model === "closed" && iterations < s.iterations) {
      add(inconclusive, `short|${s.name}`, {
        code: "iterations-short",
        verdict: "inconclusive",
        text: `scenario ${s.name} completed ${plural(iterations, "iteration")} of the ${s.iterations} it asked for: cut by its maxDuration or an interrupt`,
        fix: "raise the scenario's maxDuration, or let the run finish",
      });
    }
  }
  const plannedEnd = Math.max(0, ...asked.map((s) => s.endMs ?? 0));
  // k6 ends a duration-based scenario at its duration (then waits up to gracefulStop); a run that
  // stops a second or more before that was interrupted or aborted.
  if (plannedEnd > 0 && inputs.durationMs < plannedEnd - 1000) {
    add(inconclusive, "cut-short", {
      code: "run-cut-short",
      verdict: "inconclusive",
      text: `the run stopped at ${formatMsProse(inputs.durationMs)} of the ${formatMsProse(plannedEnd)} its scenarios asked for (interrupted, or aborted)`,
      fix: "let the run finish; a run stopped with Ctrl+C or test.abort() cannot support a pass",
    });
  }

  // Gates that saw too little: percentiles over fewer samples than they need, gates over none.
  for (const t of inputs.thresholds) {
    const percentile = /^p\((\d+(?:\.\d+)?)\)$/.exec(t.stat);
    if (t.vacuous) {
      if (t.ok) {
        add(inconclusive, `empty|${t.metric}|${t.expression}`, {
          code: "empty-gate",
          verdict: "inconclusive",
          text: `${t.metric} ${t.expression} passed over no samples: it judged nothing`,
          fix: "check that the scope (scenario, step, phase) it names ran and recorded samples",
        });
      }
      continue;
    }
    if (percentile === null || t.samples === undefined || t.samples === 0) continue;
    const q = Number(percentile[1]);
    const needs = percentileNeeds(q);
    if (t.samples >= needs) continue;
    add(inconclusive, `samples|${t.metric}|${t.expression}`, {
      code: "too-few-samples",
      verdict: "inconclusive",
      text: `${t.metric} ${t.expression}: ${t.stat} over ${plural(t.samples, "sample")} is ${percentilePosition(q, t.samples)}; a ${t.stat} needs at least ${needs} samples (one in ${needs} lies above it)`,
      fix: `send at least ${needs} successful requests, or gate a percentile the run can measure`,
    });
  }

  // Thresholds that cannot see what happened.
  const failures = index.get("http_req_failed")?.values["passes"] ?? 0;
  // With no threshold judged, no guard can say that nothing succeeded: say it here.
  if (inputs.thresholds.length === 0 && runRequests > 0 && failures >= runRequests) {
    add(fail, "requests|{}", {
      code: "no-successes",
      verdict: "fail",
      text: `none of ${plural(runRequests, "request")} succeeded`,
    });
  }
  if (inputs.thresholdsUnreported === true) {
    add(inconclusive, "thresholds-unreported", {
      code: "thresholds-unreported",
      verdict: "inconclusive",
      text: `k6's machine-readable summary (--new-machine-readable-summary) carries no threshold results (k6 v2.2.0, k6 issue 4872), so this report cannot tell whether the budgets were met${failures > 0 ? `; ${failures} of ${plural(runRequests, "request")} failed` : ""}`,
      fix: "run without --new-machine-readable-summary (and without K6_NEW_MACHINE_READABLE_SUMMARY): k6's exit code judges the thresholds either way, the reports only in its legacy summary",
    });
  } else if (inputs.thresholds.length === 0) {
    add(inconclusive, "no-thresholds", {
      code: "no-thresholds",
      verdict: "inconclusive",
      text: `no thresholds were judged (none were set, or k6 ran with --no-thresholds)${failures > 0 ? `, and ${failures} of ${plural(runRequests, "request")} failed` : ""}: this run checks nothing`,
      fix: "set thresholds (a loadgate preset: -e PRESET=error-aware) and run without --no-thresholds",
    });
  } else if (failures > 0) {
    const seesErrors = inputs.thresholds.some((t) => {
      const { name, tags } = parseMetricName(t.metric);
      return name === "http_req_failed" || name === "checks" || isSuccessGuard(name, tags, t);
    });
    if (!seesErrors) {
      add(inconclusive, "errors-unmeasured", {
        code: "errors-unmeasured",
        verdict: "inconclusive",
        text: `${failures} of ${plural(runRequests, "request")} failed, but no threshold measures errors: the latency gates passed on whatever answered`,
        fix: 'add an error budget and a success-count guard (http_req_failed: ["rate<=0.01"], "http_reqs{expected_response:true}": ["count>=1"]), as every loadgate preset does',
      });
    }
  }
  return [...fail, ...inconclusive];
}

/** Inconclusive causes `warn` never turns into warnings: a run whose thresholds judged nothing cannot pass. */
const UNWAIVABLE: ReadonlySet<CauseCode> = new Set<CauseCode>(["no-thresholds", "thresholds-unreported"]);

/**
 * The verdict the causes lead to, and the causes as the verdict states them: with `warn`, an
 * inconclusive cause is a warning and the verdict passes unless a budget failed, or no threshold
 * judged the run (`no-thresholds`, `thresholds-unreported` stay inconclusive).
 */
export function settleVerdict(causes: readonly Cause[], inconclusive: "inconclusive" | "warn" = "inconclusive"): { verdict: VerdictValue; causes: Cause[] } {
  const waivable = (c: Cause) => c.verdict === "inconclusive" && !UNWAIVABLE.has(c.code);
  const stated = inconclusive === "warn" ? causes.map((c) => (waivable(c) ? { ...c, verdict: "warning" as const } : c)) : [...causes];
  const verdict = stated.some((c) => c.verdict === "fail") ? "fail" : stated.some((c) => c.verdict === "inconclusive") ? "inconclusive" : "pass";
  return { verdict, causes: stated };
}
