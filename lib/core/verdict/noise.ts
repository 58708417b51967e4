// Noise learned from A/A runs (the same code run twice): how far a figure moves between two runs
// beyond what the samples of one run explain, and the comparison judged with that noise added.
import { DETECTION_POWER, normalQuantile, tQuantile } from "../stats/quantile-shift.ts";
import { movementReasons, type JudgedShift, type SampleComparison, type SampleMovement, type ScopeComparison } from "./sample-comparison.ts";

export { tQuantile };

/** Fewest A/A pairs a noise band is learned from: below it the t quantile is too wide to be of use. */
export const MIN_NOISE_PAIRS = 3;

/** One figure's noise between runs. */
export interface FigureNoise {
  /** A/A pairs it was learned from. */
  pairs: number;
  /** Standard deviation of the change between two runs of the same code beyond the bootstrap's own, ms. */
  betweenRunsMs: number;
}

/** A noise band learned from A/A pairs; written as JSON, schema `loadgate/noise@1`. */
export interface NoiseModel {
  schema: "loadgate/noise@1";
  pairs: number;
  /** By figure: `scenario:search p(95)`, `scenario:search/phase:fusion p(50)`. */
  figures: Record<string, FigureNoise>;
}

/** The figures of a scope with their keys in a {@link NoiseModel}. */
function figuresOf(scope: ScopeComparison): [key: string, shift: JudgedShift][] {
  const out: [string, JudgedShift][] = [];
  if (scope.p50) out.push([`${scope.scope} p(50)`, scope.p50]);
  if (scope.p95) out.push([`${scope.scope} p(95)`, scope.p95]);
  for (const blame of scope.blame) for (const phase of blame.phases) out.push([`${scope.scope}/phase:${phase.phase} p(${blame.p})`, phase.shift]);
  return out;
}

/**
 * Learns the noise between runs from comparisons of A/A pairs (each the same code run twice). A change
 * between two runs varies by 2τ² (each run's own offset) plus the sampling variance the bootstrap sees,
 * so 2τ² = mean(Δ²) − mean(SE²), floored at 0.
 * @example learnNoise(pairs.map(([a, b]) => compareSamples(a, b)))
 */
export function learnNoise(comparisons: readonly SampleComparison[]): NoiseModel {
  if (comparisons.length < MIN_NOISE_PAIRS) {
    throw new RangeError(`learnNoise(): needs at least ${MIN_NOISE_PAIRS} A/A pairs, got ${comparisons.length}`);
  }
  const sums = new Map<string, { n: number; deltas: number; variances: number }>();
  for (const comparison of comparisons) {
    for (const scope of comparison.scopes) {
      for (const [key, shift] of figuresOf(scope)) {
        const sum = sums.get(key) ?? { n: 0, deltas: 0, variances: 0 };
        sum.n++;
        sum.deltas += shift.delta ** 2;
        sum.variances += shift.standardError ** 2;
        sums.set(key, sum);
      }
    }
  }
  const figures: Record<string, FigureNoise> = {};
  for (const [key, sum] of [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (sum.n < MIN_NOISE_PAIRS) continue;
    figures[key] = { pairs: sum.n, betweenRunsMs: Math.sqrt(Math.max(0, (sum.deltas - sum.variances) / sum.n)) };
  }
  return { schema: "loadgate/noise@1", pairs: comparisons.length, figures };
}

function movementOf(delta: number, halfWidth: number): SampleMovement {
  return delta - halfWidth > 0 ? "regression" : delta + halfWidth < 0 ? "improvement" : "no detectable change";
}

/**
 * The comparison judged with the noise between runs added: each figure the model knows gets the
 * interval Δ ± t(pairs) · √(SE² + τ²·2), its smallest detectable change grows with it, and each scope's
 * movement and the verdict are judged again (p(50) and p(95) together, Bonferroni). An inconclusive
 * comparison stays inconclusive; figures the model does not know keep their bootstrap interval.
 */
export function withNoise(comparison: SampleComparison, noise: NoiseModel): SampleComparison {
  const alpha = 1 - comparison.level;
  const widen = (key: string, shift: JudgedShift, level: number): JudgedShift => {
    const figure = noise.figures[key];
    if (figure === undefined) return shift;
    const se = Math.sqrt(shift.standardError ** 2 + figure.betweenRunsMs ** 2);
    const t = tQuantile(1 - (1 - level) / 2, figure.pairs);
    const halfWidth = t * se;
    return {
      ...shift,
      low: shift.delta - halfWidth,
      high: shift.delta + halfWidth,
      standardError: se,
      smallestDetectable: (t + normalQuantile(DETECTION_POWER)) * se,
      movement: movementOf(shift.delta, halfWidth),
    };
  };
  const scopes = comparison.scopes.map((scope): ScopeComparison => {
    const next: ScopeComparison = {
      ...scope,
      blame: scope.blame.map((blame) => ({
        ...blame,
        phases: blame.phases.map((phase) => ({ ...phase, shift: widen(`${scope.scope}/phase:${phase.phase} p(${blame.p})`, phase.shift, comparison.level) })),
      })),
    };
    if (scope.p50) next.p50 = widen(`${scope.scope} p(50)`, scope.p50, comparison.level);
    if (scope.p95) next.p95 = widen(`${scope.scope} p(95)`, scope.p95, comparison.level);
    if (scope.movement !== "inconclusive" && scope.errorRate.movement !== "regression") {
      const family = 1 - alpha / 2;
      const moves = [scope.p50 && widen(`${scope.scope} p(50)`, scope.p50, family), scope.p95 && widen(`${scope.scope} p(95)`, scope.p95, family)]
        .filter((shift) => shift !== undefined)
        .map((shift) => (noise.figures[`${scope.scope} p(${shift.p})`] ? shift.movement : undefined));
      // A figure the model does not know keeps the movement compareSamples judged.
      if (moves.every((move) => move !== undefined)) {
        next.movement = moves.includes("regression") ? "regression" : moves.includes("improvement") ? "improvement" : "no detectable change";
      }
    }
    return next;
  });
  let verdict = comparison.verdict;
  if (verdict !== "inconclusive") {
    verdict = scopes.some((s) => s.movement === "regression") ? "regression" : scopes.some((s) => s.movement === "improvement") ? "improvement" : "no detectable change";
  }
  const before = new Set(movementReasons(comparison.scopes, comparison.level));
  const reasons = [...comparison.reasons.filter((reason) => !before.has(reason)), ...movementReasons(scopes, comparison.level)];
  return { ...comparison, verdict, reasons, scopes, noisePairs: noise.pairs };
}
