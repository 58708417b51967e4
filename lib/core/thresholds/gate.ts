import type { Threshold } from "k6/options";
import { parseDuration } from "../vocabulary/duration.ts";
import { percentileNeeds } from "../stats/percentile-rank.ts";
import { subMetric, type Scope } from "../vocabulary/metric-key.ts";
import { addThresholds, mergeTrendStats, REPORT_TREND_STATS, type CompiledThresholds } from "./record.ts";
import { METRICS } from "../vocabulary/metric-names.ts";

/** A latency limit key: a percentile (`p95`, `p99.9`), `avg`, `med` or `max`. */
export type LatencyKey = `p${number}` | "avg" | "med" | "max";

/**
 * An error-aware gate: the budget a run (or one scope of it) must meet.
 * Latency limits are milliseconds, strict (`p95: 500` means `p(95)<500`), and count successful
 * responses only (`expected_response:true`), because failures are fast and would flatter them.
 */
export interface Gate {
  /** Latency limit in ms over successful responses for a percentile: `p95: 500` is `p(95)<500`. */
  [percentile: `p${number}`]: number | undefined;
  /** Mean latency limit in ms over successful responses. */
  avg?: number;
  /** Median latency limit in ms over successful responses. */
  med?: number;
  /** Slowest successful response allowed, in ms. */
  max?: number;
  /** Highest share of failed requests (`http_req_failed`), 0..1. @default 0.01 */
  maxErrorRate?: number;
  /** Fewest successful responses for the run to count at all: guards against gates over no samples. @default 1 */
  minSuccesses?: number;
  /** Lowest share of passing `check()`s, 0..1. Not gated when absent. */
  minCheckRate?: number;
  /**
   * Abort the run as soon as a gate fails: `true`, or the time to wait before the first evaluation
   * (k6's `delayAbortEval`, e.g. "10s"). @default false
   */
  abortOnFail?: boolean | string;
  /**
   * Server-side phase budgets by phase name, e.g. `{ embedding: { p95: 300 } }`: gated on
   * `loadgate_phase_duration{phase:<name>}`, with a `loadgate_phase_samples` count guard.
   */
  phases?: Readonly<Record<string, PhaseBudget>>;
  /**
   * What an inconclusive run does to k6's exit code. `fail` adds guard thresholds, so `k6 run` exits 99
   * when iterations were dropped (`dropped_iterations: count==0`) or a gated percentile got fewer
   * samples than it needs (`count>=20` successes for p95, 100 for p99); `warn` leaves them out, and
   * the verdict lists the conditions as warnings (`summary({ inconclusive: "warn" })`). @default "fail"
   */
  inconclusive?: "fail" | "warn";
}

/** The latency budget of one server-side phase: limits in ms, strict, plus a sample-count guard. */
export interface PhaseBudget {
  /** Latency limit in ms for a percentile of the phase's timings: `p95: 300` is `p(95)<300`. */
  [percentile: `p${number}`]: number | undefined;
  /** Mean phase time limit in ms. */
  avg?: number;
  /** Median phase time limit in ms. */
  med?: number;
  /** Slowest phase time allowed, in ms. */
  max?: number;
  /** Fewest timings of this phase for the gate to count at all (a Trend threshold over no samples passes). @default 1 */
  minSamples?: number;
}

export const GATE_DEFAULTS = { maxErrorRate: 0.01, minSuccesses: 1, inconclusive: "fail" } as const satisfies Partial<Gate>;

/** `p95` → `p(95)`, `avg` → `avg`; `undefined` for anything else. */
export function trendStat(key: string): string | undefined {
  if (key === "avg" || key === "med" || key === "max") return key;
  const match = /^p(\d{1,2}(?:\.\d+)?)$/.exec(key);
  if (!match) return undefined;
  const pct = Number(match[1]);
  return pct > 0 && pct < 100 ? `p(${match[1]})` : undefined;
}

function formatLimit(value: number): string {
  // k6 parses thresholds with strconv.ParseFloat; avoid exponent forms such as 1e-7.
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

function requireNumber(what: string, value: unknown, rule: string, ok: (n: number) => boolean): number {
  if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
    throw new RangeError(`${what} must be ${rule}, got ${JSON.stringify(value)}`);
  }
  return value;
}

const GATE_KEYS: ReadonlySet<string> = new Set(["maxErrorRate", "minSuccesses", "minCheckRate", "abortOnFail", "phases", "inconclusive"]);
const PHASE_BUDGET_KEYS: ReadonlySet<string> = new Set(["minSamples"]);

/** The latency limits of a gate (or phase budget, with `otherKeys`) in key order; unknown keys are an error. */
export function latencyLimits(
  gate: Gate | PhaseBudget,
  where = "gate",
  otherKeys: ReadonlySet<string> = GATE_KEYS,
): [LatencyKey, unknown][] {
  const limits: [LatencyKey, unknown][] = [];
  for (const [key, value] of Object.entries(gate)) {
    if (otherKeys.has(key) || value === undefined) continue;
    if (trendStat(key) === undefined) {
      throw new RangeError(
        `${where}: unknown key \`${key}\`; expected a latency stat (p50, p90, p95, p99, p99.9, avg, med, max) or one of ${[...otherKeys].join(", ")}`,
      );
    }
    limits.push([key as LatencyKey, value]);
  }
  return limits;
}

/** Builds one threshold entry, as an object when the gate aborts the run. */
function entry(expression: string, abortOnFail: Gate["abortOnFail"]): Threshold {
  if (abortOnFail === undefined || abortOnFail === false) return expression;
  if (abortOnFail === true) return { threshold: expression, abortOnFail: true };
  return { threshold: expression, abortOnFail: true, delayAbortEval: abortOnFail };
}

/**
 * Adds one phase budget's thresholds: latency limits on `loadgate_phase_duration{phase:<name>}` and,
 * because k6 Trend thresholds have no `count` and pass on zero samples, a guard
 * `loadgate_phase_samples{phase:<name>}: count>=minSamples`. Returns the trend stats it uses.
 */
function compilePhaseBudget(
  thresholds: Record<string, Threshold[]>,
  phase: string,
  budget: PhaseBudget,
  options: { scope: Scope; where: string; abort: Gate["abortOnFail"]; guards: boolean },
): string[] {
  const { scope, where, abort, guards } = options;
  if (typeof budget !== "object" || budget === null || Array.isArray(budget)) {
    throw new RangeError(`${where} must be an object of latency limits such as { "p95": 300 }, got ${JSON.stringify(budget)}`);
  }
  const minSamples = requireNumber(
    `${where}: \`minSamples\``,
    budget.minSamples ?? PHASE_DEFAULTS.minSamples,
    "an integer >= 1 (a phase gate over zero timings proves nothing)",
    (n) => Number.isInteger(n) && n >= 1,
  );
  const tags = { phase, ...scope };
  const stats: string[] = [];
  const latency: Threshold[] = [];
  for (const [key, limit] of latencyLimits(budget, where, PHASE_BUDGET_KEYS)) {
    const stat = trendStat(key) as string;
    requireNumber(`${where}: \`${key}\``, limit, "a number of milliseconds > 0", (n) => n > 0);
    latency.push(entry(`${stat}<${formatLimit(limit as number)}`, abort));
    stats.push(stat);
  }
  if (latency.length > 0) addThresholds(thresholds, subMetric(METRICS.phaseDuration, tags), latency);
  addThresholds(thresholds, subMetric(METRICS.phaseSamples, tags), sampleGuards(minSamples, stats, guards));
  return stats;
}

/**
 * The count guards of a latency gate: at least `minimum`, and (with `guards`) as many samples as its
 * highest percentile needs to differ from the maximum, as a second expression so the verdict can tell
 * "nothing succeeded" from "too few to judge".
 */
function sampleGuards(minimum: number, stats: readonly string[], guards: boolean): Threshold[] {
  const entries: Threshold[] = [`count>=${minimum}`];
  const percentiles = stats.map((stat) => /^p\((\d+(?:\.\d+)?)\)$/.exec(stat)?.[1]).filter((q): q is string => q !== undefined);
  const needs = Math.max(0, ...percentiles.map((q) => percentileNeeds(Number(q))));
  if (guards && needs > minimum) entries.push(`count>=${needs}`);
  return entries;
}

/** Defaults of a {@link PhaseBudget}. */
export const PHASE_DEFAULTS = { minSamples: 1 } as const satisfies Partial<PhaseBudget>;

/**
 * Compiles an error-aware gate to k6 thresholds: latency over successful responses only,
 * an error budget on `http_req_failed`, and a success-count guard that fails on zero samples.
 * @example compileGate({ p95: 500, phases: { embedding: { p95: 300 } } }, { scope: { scenario: "peak" } })
 */
export function compileGate(gate: Gate, options: { scope?: Scope; where?: string } = {}): CompiledThresholds {
  const scope = options.scope ?? {};
  const where = options.where ?? "gate";
  const maxErrorRate = requireNumber(
    `${where}: \`maxErrorRate\``,
    gate.maxErrorRate ?? GATE_DEFAULTS.maxErrorRate,
    "a number from 0 to 1",
    (n) => n >= 0 && n <= 1,
  );
  const minSuccesses = requireNumber(
    `${where}: \`minSuccesses\``,
    gate.minSuccesses ?? GATE_DEFAULTS.minSuccesses,
    "an integer >= 1 (a gate over zero successful responses proves nothing)",
    (n) => Number.isInteger(n) && n >= 1,
  );
  const inconclusive = gate.inconclusive ?? GATE_DEFAULTS.inconclusive;
  if (inconclusive !== "fail" && inconclusive !== "warn") {
    throw new RangeError(`${where}: \`inconclusive\` must be "fail" or "warn", got ${JSON.stringify(gate.inconclusive)}`);
  }
  const guards = inconclusive === "fail";
  if (typeof gate.abortOnFail === "string" && parseDuration(gate.abortOnFail) === undefined) {
    throw new RangeError(
      `${where}: \`abortOnFail\` must be true, false or a k6 duration such as "10s", got ${JSON.stringify(gate.abortOnFail)}`,
    );
  }

  const thresholds: Record<string, Threshold[]> = {};
  const stats: string[] = [...REPORT_TREND_STATS];
  const abort = gate.abortOnFail;

  const latency: Threshold[] = [];
  const gated: string[] = [];
  for (const [key, limit] of latencyLimits(gate, where)) {
    const stat = trendStat(key) as string;
    requireNumber(`${where}: \`${key}\``, limit, "a number of milliseconds > 0", (n) => n > 0);
    latency.push(entry(`${stat}<${formatLimit(limit as number)}`, abort));
    stats.push(stat);
    gated.push(stat);
  }
  if (latency.length > 0) {
    addThresholds(thresholds, subMetric("http_req_duration", { expected_response: "true", ...scope }), latency);
  }
  const errorExpression = maxErrorRate === 0 ? "rate==0" : `rate<=${formatLimit(maxErrorRate)}`;
  addThresholds(thresholds, subMetric("http_req_failed", scope), [entry(errorExpression, abort)]);
  // Never abort on the guards: successes only grow, so they can only be judged at the end.
  addThresholds(thresholds, subMetric("http_reqs", { expected_response: "true", ...scope }), sampleGuards(minSuccesses, gated, guards));
  // k6 tags dropped iterations with their scenario only, so the guard fits the run and a scenario scope.
  const scopeTags = Object.keys(scope);
  if (guards && (scopeTags.length === 0 || (scopeTags.length === 1 && scopeTags[0] === "scenario"))) {
    addThresholds(thresholds, subMetric("dropped_iterations", scope), ["count==0"]);
  }
  if (gate.minCheckRate !== undefined) {
    requireNumber(`${where}: \`minCheckRate\``, gate.minCheckRate, "a number from 0 to 1", (n) => n >= 0 && n <= 1);
    addThresholds(thresholds, subMetric("checks", scope), [
      entry(`rate>=${formatLimit(gate.minCheckRate)}`, abort),
    ]);
  }
  for (const [phase, budget] of Object.entries(gate.phases ?? {})) {
    stats.push(...compilePhaseBudget(thresholds, phase, budget, { scope, where: `${where}/phases/${phase}`, abort, guards }));
  }
  return { thresholds, summaryTrendStats: mergeTrendStats(stats) };
}
