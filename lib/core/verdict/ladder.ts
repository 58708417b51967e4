import { latencyLimits, trendStat, GATE_DEFAULTS, type Gate } from "../thresholds/gate.ts";
import type { Ladder } from "../scenarios/ramp-ladder.ts";
import { hasTag, MetricIndex } from "../vocabulary/metric-key.ts";
import { formatShare } from "../vocabulary/units.ts";
import { visible } from "../escape/visible.ts";
import type { SummaryData } from "../vocabulary/summary-data.ts";
import { runMetricsFromSummary, type RunMetrics } from "./run-metrics.ts";

/** One step's outcome. */
export interface LadderStepResult {
  level: number;
  scenario: string;
  /** "not run" when the step sent no request (the run was aborted before it). */
  status: "passed" | "failed" | "not run";
  /** Requests the step sent (`http_reqs{step:<level>}`). */
  requests: number;
  /** Share of them that failed (`http_req_failed{step:<level>}`), when any were sent. */
  errorRate?: number;
  /** The gate's latency stats over the step's successful responses, in ms (`{ "p(95)": 312 }`). */
  latency: Record<string, number>;
  /** Thresholds that failed, as `metric: expression`. */
  failed: string[];
}

/** What a ladder run found. */
export interface LadderResult {
  /** The highest level that passed with every level below it passing too; undefined when the first failed. */
  capacity?: number;
  /** The first level that failed, if one did. */
  firstFailing?: number;
  steps: LadderStepResult[];
  /** "capacity: 5 concurrent users within p95 < 500 ms", then one line on the first failing step. */
  text: string;
}

function loadLevel(ladder: Pick<Ladder, "model" | "timeUnit">, level: number): string {
  if (ladder.model === "concurrency") return `${level} concurrent user${level === 1 ? "" : "s"}`;
  return ladder.timeUnit === "1s" ? `${level} requests/s` : `${level} requests per ${ladder.timeUnit}`;
}

/** The gate's budget in words: its latency limits, else its error budget. */
function budgetOf(gate: Gate): string {
  const limits = latencyLimits(gate).map(([key, limit]) => `${key} < ${String(limit)} ms`);
  if (limits.length > 0) return limits.join(", ");
  return `error rate <= ${(gate.maxErrorRate ?? GATE_DEFAULTS.maxErrorRate) * 100}%`;
}

/**
 * Turns handleSummary data of a {@link rampLadder} run into its result: each step passed, failed or
 * not run, the capacity (highest level passing with all below it), and the first failing level.
 * @example export function handleSummary(data) { return { stdout: ladderResult(data, ladder).text + "\n" }; }
 */
export function ladderResult(run: RunMetrics | SummaryData, ladder: Pick<Ladder, "steps" | "model" | "timeUnit" | "gate">): LadderResult {
  const figures = "durationMs" in run ? run : runMetricsFromSummary(run);
  const index = new MetricIndex(figures.metrics);
  const stats = latencyLimits(ladder.gate).map(([key]) => trendStat(key) as string);
  const steps = ladder.steps.map((step): LadderStepResult => {
    const scope = { step: String(step.level) };
    const requests = index.get("http_reqs", scope)?.values["count"] ?? 0;
    const errorRate = index.get("http_req_failed", scope)?.values["rate"];
    const durations = index.get("http_req_duration", { expected_response: "true", ...scope })?.values ?? {};
    const latency: Record<string, number> = {};
    for (const stat of stats) if (durations[stat] !== undefined) latency[stat] = durations[stat];
    const failed = figures.thresholds
      .filter((t) => !t.ok && hasTag(t.metric, "step", scope.step))
      .map((t) => `${t.metric}: ${t.expression}`);
    const status = requests === 0 ? "not run" : failed.length > 0 ? "failed" : "passed";
    return {
      level: step.level,
      scenario: step.scenario,
      status,
      requests,
      ...(errorRate === undefined || requests === 0 ? {} : { errorRate }),
      latency,
      failed,
    };
  });

  const firstNotPassed = steps.findIndex((s) => s.status !== "passed");
  const passing = firstNotPassed === -1 ? steps : steps.slice(0, firstNotPassed);
  const capacity = passing.at(-1)?.level;
  const firstFailing = steps.find((s) => s.status === "failed");
  const budget = budgetOf(ladder.gate);
  const lines = [
    capacity === undefined
      ? `capacity: below ${loadLevel(ladder, steps[0]?.level ?? 1)} within ${budget}`
      : `capacity: ${loadLevel(ladder, capacity)} within ${budget}`,
  ];
  if (firstFailing !== undefined) {
    // `text` is lines: a line break inside a threshold key is written out, not a line of its own.
    lines.push(`first failing step: ${loadLevel(ladder, firstFailing.level)} (${firstFailing.failed.map(visible).join("; ")})`);
  }
  const notRun = steps.filter((s) => s.status === "not run").map((s) => s.level);
  if (notRun.length > 0) lines.push(`not run: ${notRun.join(", ")}`);
  return {
    ...(capacity === undefined ? {} : { capacity }),
    ...(firstFailing === undefined ? {} : { firstFailing: firstFailing.level }),
    steps,
    text: lines.join("\n"),
  };
}

/** One step in words: `step 5 (step_5): passed, 120 requests, p95 312 ms, errors 0.0%`. */
export function describeLadderStep(step: LadderStepResult): string {
  if (step.status === "not run") return `step ${step.level} (${step.scenario}): not run`;
  const p95 = step.latency["p(95)"];
  return `step ${step.level} (${step.scenario}): ${step.status}, ${step.requests} requests, p95 ${p95 === undefined ? "-" : `${Math.round(p95)} ms`}, errors ${formatShare(step.errorRate ?? 0, 1)}`;
}
