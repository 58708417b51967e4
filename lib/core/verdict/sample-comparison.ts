// Two runs compared over their samples: each percentile's change with a bootstrap interval, and the
// phases that moved. The data every renderer of a sample comparison reads; built here only.
import { normalQuantile, quantileShift, QUANTILE_SHIFT_DEFAULTS, type QuantileShift, type QuantileShiftOptions } from "../stats/quantile-shift.ts";
import { designEffect, intervalInflation, type DesignEffect } from "../stats/design-effect.ts";

/** One scope's samples of one run (a scenario, or the whole run). Arrays are sorted ascending. */
export interface ScopeSamples {
  /** `scenario:<name>`, or `run` when the requests carry no scenario tag. */
  scope: string;
  /** Requests made (`http_req_duration` samples, successful or not). */
  requests: number;
  /** Durations of successful responses (`http_req_duration{expected_response:true}`), ms. */
  durations: Float64Array;
  /** Server-Timing phases of successful responses (`loadgate_phase_duration{phase:<name>}`), ms, by phase. */
  phases: Record<string, Float64Array>;
  /**
   * The time block each of `durations` falls in (aligned with it): requests close in time share the
   * machine's state, and the spread across blocks widens the intervals (see `designEffect`). Absent:
   * the durations are taken as independent.
   */
  blocks?: Uint32Array;
}

/** What a sample comparison reads from one run's k6 JSON output. */
export interface RunSamples {
  /** The file the samples came from. */
  file: string;
  scopes: ScopeSamples[];
  /** k6's `dropped_iterations`: the load asked was not delivered. */
  droppedIterations: number;
  /** Samples kept per series were capped: the interval describes a random subset. */
  sampled: boolean;
}

/** Which way a figure moved, judged by its interval. */
export type SampleMovement = "regression" | "improvement" | "no detectable change";

/** The comparison's answer: inconclusive when either run cannot support a verdict. */
export type SampleVerdict = SampleMovement | "inconclusive";

/** A percentile's change and how it is judged. */
export interface JudgedShift extends QuantileShift {
  /** `regression` when the whole interval is above 0, `improvement` when below, else `no detectable change`. */
  movement: SampleMovement;
  /**
   * How many times the variance of each run's percentile exceeds what independent requests would give,
   * measured over the run's time blocks (see `designEffect`); the interval is widened by it, and by
   * Student's t over the blocks (`intervalInflation`). Present for a scope's p(50) and p(95) when its
   * samples carry time blocks.
   */
  designEffect?: { before: DesignEffect; after: DesignEffect };
}

/** One phase's share of a percentile's change. */
export interface PhaseBlame {
  phase: string;
  shift: JudgedShift;
}

/** The change of one percentile split over the phases: Δ total = Σ Δ phase + unattributed. */
export interface Blame {
  p: number;
  /** The phases, largest absolute change first. */
  phases: PhaseBlame[];
  /**
   * Δ total − Σ Δ phase, ms: time outside the reported phases (network, queueing) and what
   * percentiles of parts do not add up to; a point estimate, without interval.
   */
  unattributed: number;
}

/** One scope compared. */
export interface ScopeComparison {
  scope: string;
  requests: { before: number; after: number };
  /** Share of requests that failed, 0..1, with its own judgement (a two-proportion z-test at `level`). */
  errorRate: { before: number; after: number; movement: SampleMovement };
  /** Absent when a run has no successful response in the scope. */
  p50?: JudgedShift;
  p95?: JudgedShift;
  /** The p(50) and p(95) changes split over the phases; empty unless both runs recorded phases in the scope. */
  blame: Blame[];
  /**
   * The scope's movement: a regression when the error rate rose, or when p(50) or p(95) rose with the
   * two judged together at `level` (each interval at 1 − (1 − level) / 2, Bonferroni), so testing two
   * percentiles does not double the false alarms; an improvement when one fell and none rose.
   */
  movement: SampleVerdict;
  /** Why the scope is inconclusive, when it is. */
  notes: string[];
}

/** Two runs compared over their samples. */
export interface SampleComparison {
  kind: "samples";
  verdict: SampleVerdict;
  current: string;
  baseline: string;
  level: number;
  /** Why the verdict is what it is, in words. */
  reasons: string[];
  scopes: ScopeComparison[];
  /** A/A pairs the noise between runs was learned from, when a noise band widened the intervals (see withNoise). */
  noisePairs?: number;
}

/** Options of {@link compareSamples}. */
export interface CompareSamplesOptions extends Omit<QuantileShiftOptions, "designEffect"> {
  /** Fewest successful responses a scope needs in each run for its p(95) to be a percentile (100 / (100 − 95)). @default 20 */
  minSamples?: number;
}

export const COMPARE_SAMPLES_DEFAULTS = {
  resamples: QUANTILE_SHIFT_DEFAULTS.resamples,
  level: QUANTILE_SHIFT_DEFAULTS.level,
  seed: QUANTILE_SHIFT_DEFAULTS.seed,
  minSamples: 20,
} as const satisfies Required<CompareSamplesOptions>;

function judge(shift: QuantileShift): JudgedShift {
  const movement: SampleMovement = shift.low > 0 ? "regression" : shift.high < 0 ? "improvement" : "no detectable change";
  return { ...shift, movement };
}

/** Two-proportion z-test of failures/requests, pooled; `no detectable change` when either run made no request. */
function errorMovement(failuresBefore: number, requestsBefore: number, failuresAfter: number, requestsAfter: number, level: number): SampleMovement {
  if (requestsBefore === 0 || requestsAfter === 0) return "no detectable change";
  const pooled = (failuresBefore + failuresAfter) / (requestsBefore + requestsAfter);
  if (pooled === 0 || pooled === 1) return "no detectable change";
  const z = (failuresAfter / requestsAfter - failuresBefore / requestsBefore) / Math.sqrt(pooled * (1 - pooled) * (1 / requestsBefore + 1 / requestsAfter));
  const critical = normalQuantile(1 - (1 - level) / 2);
  return z > critical ? "regression" : z < -critical ? "improvement" : "no detectable change";
}

function compareScope(before: ScopeSamples, after: ScopeSamples, options: Required<CompareSamplesOptions>): ScopeComparison {
  const shiftOptions = { resamples: options.resamples, level: options.level, seed: options.seed };
  const failuresBefore = before.requests - before.durations.length;
  const failuresAfter = after.requests - after.durations.length;
  const errorRate = {
    before: before.requests === 0 ? 0 : failuresBefore / before.requests,
    after: after.requests === 0 ? 0 : failuresAfter / after.requests,
    movement: errorMovement(failuresBefore, before.requests, failuresAfter, after.requests, options.level),
  };
  const result: ScopeComparison = {
    scope: before.scope,
    requests: { before: before.requests, after: after.requests },
    errorRate,
    movement: "no detectable change",
    blame: [],
    notes: [],
  };
  for (const [name, samples] of [["baseline", before], ["current", after]] as const) {
    if (samples.durations.length < options.minSamples) {
      result.notes.push(`the ${name} run has ${samples.durations.length} successful responses here; p(95) needs at least ${options.minSamples}`);
    }
  }
  // A scope's own percentiles are judged with each run's design effect; phases (blame) as independent samples.
  const effectOf = (samples: ScopeSamples, p: number): DesignEffect | undefined =>
    samples.blocks === undefined ? undefined : designEffect(samples.durations, samples.blocks, p);
  const totalShift = (p: number, level: number): JudgedShift => {
    const effects = { before: effectOf(before, p), after: effectOf(after, p) };
    const inflation = (effect: DesignEffect | undefined) => (effect === undefined ? 1 : intervalInflation(effect, level));
    const designEffectOption = { before: inflation(effects.before), after: inflation(effects.after) };
    const shift = judge(quantileShift(before.durations, after.durations, p, { ...shiftOptions, level, designEffect: designEffectOption }));
    if (effects.before === undefined && effects.after === undefined) return shift;
    return { ...shift, designEffect: { before: effects.before ?? { value: 1, blocks: 0 }, after: effects.after ?? { value: 1, blocks: 0 } } };
  };
  if (before.durations.length > 0 && after.durations.length > 0) {
    result.p50 = totalShift(50, options.level);
    result.p95 = totalShift(95, options.level);
    const names = Object.keys(after.phases).filter((phase) => before.phases[phase] !== undefined && before.phases[phase].length > 0 && after.phases[phase]!.length > 0);
    if (names.length > 0) {
      for (const total of [result.p50, result.p95]) {
        const phases = names
          .map((phase) => ({ phase, shift: judge(quantileShift(before.phases[phase]!, after.phases[phase]!, total.p, shiftOptions)) }))
          .sort((a, b) => Math.abs(b.shift.delta) - Math.abs(a.shift.delta) || (a.phase < b.phase ? -1 : 1));
        const attributed = phases.reduce((sum, phase) => sum + phase.shift.delta, 0);
        result.blame.push({ p: total.p, phases, unattributed: total.delta - attributed });
      }
    }
  }
  if (result.notes.length > 0) result.movement = "inconclusive";
  else if (errorRate.movement === "regression") result.movement = "regression";
  else {
    const moves = [50, 95].map((p) => totalShift(p, 1 - (1 - options.level) / 2).movement);
    result.movement = moves.includes("regression") ? "regression" : moves.includes("improvement") ? "improvement" : "no detectable change";
  }
  return result;
}

/** What moved in each scope, in words: the error rate, or which percentiles. */
export function movementReasons(scopes: readonly ScopeComparison[], level: number): string[] {
  const reasons: string[] = [];
  for (const scope of scopes) {
    if (scope.errorRate.movement === "regression") reasons.push(`${scope.scope}: the error rate rose beyond chance`);
    else if (scope.movement === "regression" || scope.movement === "improvement") {
      const moved = [scope.p50, scope.p95].filter((shift) => shift?.movement === scope.movement).map((shift) => `p(${shift!.p})`);
      reasons.push(`${scope.scope}: ${scope.movement} of ${moved.length > 0 ? moved.join(" and ") : "p(50) or p(95)"} (the two judged together at ${Math.round(level * 100)}%)`);
    }
  }
  return reasons;
}

/**
 * Compares the `current` run with the `baseline` run, scope by scope, over successful responses: the
 * change of p(50) and p(95) with a seeded bootstrap interval, the smallest change the pair could detect,
 * and the p(50) and p(95) changes split over the Server-Timing phases. A change whose interval holds 0 is
 * `no detectable change`. Inconclusive when either run dropped iterations or a scope is missing from a
 * run or has too few successes.
 * @example compareSamples(baselineSamples, currentSamples).verdict // "no detectable change"
 */
export function compareSamples(baseline: RunSamples, current: RunSamples, options: CompareSamplesOptions = {}): SampleComparison {
  const settings = { ...COMPARE_SAMPLES_DEFAULTS, ...options };
  const reasons: string[] = [];
  const scopes: ScopeComparison[] = [];
  for (const [name, run] of [["baseline", baseline], ["current", current]] as const) {
    if (run.droppedIterations > 0) reasons.push(`the ${name} run dropped ${run.droppedIterations} iterations: the load asked was not delivered`);
    if (run.scopes.length === 0) reasons.push(`the ${name} run made no request`);
  }
  const before = new Map(baseline.scopes.map((scope) => [scope.scope, scope]));
  const after = new Map(current.scopes.map((scope) => [scope.scope, scope]));
  for (const scope of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(scope);
    const a = after.get(scope);
    if (b === undefined || a === undefined) {
      reasons.push(`${scope} ran only in the ${b === undefined ? "current" : "baseline"} run`);
      continue;
    }
    const compared = compareScope(b, a, settings);
    for (const note of compared.notes) reasons.push(`${scope}: ${note}`);
    scopes.push(compared);
  }
  let verdict: SampleVerdict;
  if (reasons.length > 0) verdict = "inconclusive";
  else if (scopes.some((scope) => scope.movement === "regression")) verdict = "regression";
  else if (scopes.some((scope) => scope.movement === "improvement")) verdict = "improvement";
  else verdict = "no detectable change";
  reasons.push(...movementReasons(scopes, settings.level));
  return { kind: "samples", verdict, current: current.file, baseline: baseline.file, level: settings.level, reasons, scopes };
}
