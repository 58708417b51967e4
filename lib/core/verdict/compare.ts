// Baseline comparison of two loadgate summaries: pure, shared by `loadgate compare` and handleSummary.
import type { TrendStats } from "../phases/breakdown.ts";
import { formatMsFixed, formatShare } from "../vocabulary/units.ts";
import type { ScopeRow, Verdict } from "./verdict.ts";

/** How one figure moved against the baseline. */
export type Movement = "regression" | "improvement" | "within noise";

/** One figure of one scope, old and new. */
export interface MetricDelta {
  /**
   * `run`, `scenario:<name>`, or a phase-breakdown figure: `phase:<name>`, `phase:server total`,
   * `phase:unattributed`, prefixed with `scenario:<name>/` when the breakdown is per scenario.
   */
  scope: string;
  /** `p50`, `p95`, `p99` (ms), `errorRate` (0..1) or `throughput` (requests/s). */
  metric: string;
  old: number;
  new: number;
  /** new − old. */
  delta: number;
  /** delta / old; absent when old is 0. */
  relative?: number;
  movement: Movement;
  /** Why an apparent improvement was not counted as one. */
  note?: string;
}

/** The comparison of a run with its baseline. */
export interface Comparison {
  /**
   * `regression` when any figure regressed or the run failed where the baseline passed;
   * `inconclusive` when either run was: a comparison of a run that cannot support a verdict cannot either.
   */
  verdict: Movement | "inconclusive";
  /** Why, in words: one line per scope that moved, its moved figures old → new. */
  reasons: string[];
  /** Every figure compared; the only scenario's figures that repeat the run's exactly are left out (see `same`). */
  deltas: MetricDelta[];
  /**
   * Scopes left out because a run of one scenario is that scenario: where the scenario's figures
   * (or its breakdown's) are exactly the run's, `{ run: ["scenario:search"] }`.
   */
  same: Record<string, string[]>;
  tolerance: CompareTolerance;
}

/** Noise tolerances: a change counts only when it exceeds both the relative and the absolute tolerance. */
export interface CompareTolerance {
  /** Relative change treated as noise, 0.05 = 5%. @default 0.05 */
  relative: number;
  /** Latency change in ms treated as noise, so tiny values do not flap. @default 2 */
  absoluteMs: number;
  /** Error-rate change (absolute, 0..1) treated as noise. @default 0.001 */
  errorRate: number;
}

/** The default noise tolerances of a baseline comparison. */
export const COMPARE_DEFAULTS = { relative: 0.05, absoluteMs: 2, errorRate: 0.001 } as const satisfies CompareTolerance;

/** The parts of a summary a comparison reads (a summary.json, or a {@link Verdict}). */
export type Comparable = Pick<Verdict, "ok" | "run" | "scenarios" | "phases"> & Partial<Pick<Verdict, "verdict">>;

function scopes(summary: Comparable): Map<string, ScopeRow | TrendStats> {
  const map = new Map<string, ScopeRow | TrendStats>();
  map.set("run", summary.run);
  for (const row of summary.scenarios) map.set(`scenario:${row.scope}`, row);
  for (const breakdown of summary.phases) {
    const scenario = breakdown.scope["scenario"];
    const prefix = scenario === undefined ? "" : `scenario:${scenario}/`;
    for (const row of breakdown.phases) if (row.stats !== undefined) map.set(`${prefix}phase:${row.phase}`, row.stats);
    if (breakdown.server !== undefined) map.set(`${prefix}phase:server total`, breakdown.server);
    if (breakdown.unattributed !== undefined) map.set(`${prefix}phase:unattributed`, breakdown.unattributed);
  }
  return map;
}

/** Lower is better unless `higherIsBetter`; within noise unless the change passes both tolerances. */
function movement(old: number, now: number, relative: number, absolute: number, higherIsBetter = false): Movement {
  const delta = now - old;
  if (Math.abs(delta) <= absolute) return "within noise";
  if (old !== 0 && Math.abs(delta) <= relative * Math.abs(old)) return "within noise";
  const better = higherIsBetter ? delta > 0 : delta < 0;
  return better ? "improvement" : "regression";
}

function delta(scope: string, metric: string, old: number, now: number, movement: Movement): MetricDelta {
  const d: MetricDelta = { scope, metric, old, new: now, delta: now - old, movement };
  if (old !== 0) d.relative = (now - old) / old;
  return d;
}

/**
 * Compares a run with its baseline per scope (run, scenarios, phase breakdown) and figure (p50, p95, p99,
 * error rate, throughput). A scope whose error rate rose never counts as improved: failures are fast.
 */
export function compareSummaries(
  current: Comparable,
  baseline: Comparable,
  tolerance: Partial<CompareTolerance> = {},
): Comparison {
  const tol: CompareTolerance = { ...COMPARE_DEFAULTS, ...tolerance };
  const before = scopes(baseline);
  const deltas: MetricDelta[] = [];
  const same: Record<string, string[]> = {};
  const seen = new Map<string, string>();
  const only = current.scenarios.length === 1 ? current.scenarios[0]?.scope : undefined;
  const asRun = (scope: string) =>
    only === undefined ? scope : scope === `scenario:${only}` ? "run" : scope.startsWith(`scenario:${only}/`) ? scope.slice(`scenario:${only}/`.length) : scope;
  for (const [scope, now] of scopes(current)) {
    const old = before.get(scope);
    if (!old) continue;
    const scopeDeltas: MetricDelta[] = [];
    let moreErrors = false;
    if ("errorRate" in now && "errorRate" in old) {
      const m = movement(old.errorRate, now.errorRate, 0, tol.errorRate);
      moreErrors = m === "regression";
      scopeDeltas.push(delta(scope, "errorRate", old.errorRate, now.errorRate, m));
    }
    for (const key of ["p50", "p95", "p99"] as const) {
      const a = old[key];
      const b = now[key];
      if (a === undefined || b === undefined) continue;
      scopeDeltas.push(delta(scope, key, a, b, movement(a, b, tol.relative, tol.absoluteMs)));
    }
    if ("throughput" in now && "throughput" in old) {
      scopeDeltas.push(
        delta(scope, "throughput", old.throughput, now.throughput, movement(old.throughput, now.throughput, tol.relative, 0, true)),
      );
    }
    for (const d of scopeDeltas) {
      if (moreErrors && d.movement === "improvement") {
        d.movement = "within noise";
        d.note = "not an improvement: the error rate rose, and failures are fast";
      }
    }
    // A run of one scenario is that scenario: the same figures under both names are said once.
    // To 9 significant digits: a rate is divided by the same seconds along two paths (98.49333659582662 and …266).
    const figure = (v: number) => Number(v.toPrecision(9));
    const key = JSON.stringify([asRun(scope), ...scopeDeltas.map((d) => [d.metric, figure(d.old), figure(d.new)])]);
    const first = scopeDeltas.length > 0 ? seen.get(key) : undefined;
    if (first !== undefined) {
      (same[first] ??= []).push(scope);
      continue;
    }
    seen.set(key, scope);
    deltas.push(...scopeDeltas);
  }

  const reasons: string[] = [];
  if (baseline.ok && !current.ok) reasons.push("thresholds failed in this run and passed in the baseline");
  const regressions = deltas.filter((d) => d.movement === "regression");
  reasons.push(...movedByScope(regressions, "regressed", same));
  const improvements = deltas.filter((d) => d.movement === "improvement");
  const regressed = regressions.length > 0 || (baseline.ok && !current.ok);
  const unsure = [current.verdict === "inconclusive" ? "this run" : "", baseline.verdict === "inconclusive" ? "the baseline" : ""].filter(Boolean);
  if (unsure.length > 0) {
    reasons.unshift(`${unsure.join(" and ")} ${unsure.length === 1 ? "was" : "were"} INCONCLUSIVE: the figures compared may not reflect the load asked, so neither a regression nor an improvement can be claimed`);
    return { verdict: "inconclusive", reasons, deltas, same, tolerance: tol };
  }
  const verdict: Movement = regressed ? "regression" : improvements.length > 0 ? "improvement" : "within noise";
  if (!regressed) {
    reasons.push(...movedByScope(improvements, "improved", same));
    if (improvements.length === 0) reasons.push(`every figure is within noise (${formatTolerance(tol)})`);
  }
  return { verdict, reasons, deltas, same, tolerance: tol };
}

/**
 * A scope with the scopes whose figures are the same: `run (= scenario:search)`, and for a phase the
 * scenarios whose breakdown it repeats: `phase:fusion (= scenario:search)`.
 */
export function scopeLabel(scope: string, same: Readonly<Record<string, readonly string[]>>): string {
  const suffix = `/${scope}`;
  const others = (same[scope] ?? []).map((other) => (other.endsWith(suffix) ? other.slice(0, -suffix.length) : other));
  return others.length === 0 ? scope : `${scope} (= ${others.join(", ")})`;
}

/** One line per scope: `phase:fusion regressed: p50 80.00ms → 95.00ms (+18.8%), p95 …`. */
function movedByScope(moved: readonly MetricDelta[], word: string, same: Readonly<Record<string, readonly string[]>>): string[] {
  const byScope = new Map<string, MetricDelta[]>();
  for (const d of moved) byScope.set(d.scope, [...(byScope.get(d.scope) ?? []), d]);
  return [...byScope].map(([scope, ds]) => `${scopeLabel(scope, same)} ${word}: ${ds.map((d) => `${METRIC_WORDS[d.metric] ?? d.metric} ${describe(d)}`).join(", ")}`);
}

const METRIC_WORDS: Record<string, string> = { errorRate: "error rate", throughput: "req/s" };

/** The figures a comparison table has columns for, in order. */
const COLUMNS = ["p50", "p95", "p99", "errorRate", "throughput"] as const;

/**
 * The comparison as one table, header first: a row per scope (with the scopes of the same figures),
 * a column per figure, each cell `now (change)` marked ✗ for a regression and ✓ for an improvement.
 * Every renderer (terminal, Markdown, HTML, `loadgate compare`) lays out these rows.
 */
export function comparisonRows(cmp: Pick<Comparison, "deltas" | "same">): string[][] {
  const scopesInOrder = [...new Set(cmp.deltas.map((d) => d.scope))];
  const columns = COLUMNS.filter((metric) => cmp.deltas.some((d) => d.metric === metric));
  const rows: string[][] = [["scope", ...columns.map((m) => METRIC_WORDS[m] ?? m)]];
  for (const scope of scopesInOrder) {
    const cells = columns.map((metric) => {
      const d = cmp.deltas.find((x) => x.scope === scope && x.metric === metric);
      if (d === undefined) return "";
      const mark = d.movement === "regression" ? " ✗" : d.movement === "improvement" ? " ✓" : d.note !== undefined ? " (not better: errors rose)" : "";
      return `${formatFigure(d, d.new)} (${change(d)})${mark}`;
    });
    rows.push([scopeLabel(scope, cmp.same), ...cells]);
  }
  return rows;
}

function formatFigure(d: MetricDelta, v: number): string {
  return d.metric === "errorRate" ? formatShare(v) : d.metric === "throughput" ? `${v.toFixed(2)}/s` : formatMsFixed(v, 2);
}

/** The change of one figure: `+12.5%`, or in points for an error rate, or `+3.00ms` from 0. */
function change(d: MetricDelta): string {
  const sign = (v: number) => (v >= 0 ? "+" : "");
  if (d.metric === "errorRate") return `${sign(d.delta)}${(d.delta * 100).toFixed(2)} points`;
  if (d.relative === undefined) return `${sign(d.delta)}${formatFigure(d, d.delta)}`;
  return `${sign(d.relative)}${formatShare(d.relative, 1)}`;
}

/** `5% and 2ms (error rate 0.1 points)`. */
export function formatTolerance(tol: CompareTolerance): string {
  return `±${round(tol.relative * 100)}% and ±${round(tol.absoluteMs)}ms; error rate ±${round(tol.errorRate * 100)} points`;
}

const round = (n: number) => Number(n.toFixed(3));

/** A delta in words: `120.00ms → 180.00ms (+50.0%)`. */
export function describe(d: MetricDelta): string {
  const rel = d.relative === undefined ? "" : ` (${d.relative >= 0 ? "+" : ""}${formatShare(d.relative, 1)})`;
  return `${formatFigure(d, d.old)} → ${formatFigure(d, d.new)}${rel}`;
}

/**
 * Parses a tolerance flag: `5%` or `0.05` (relative), `2ms` or `0.5s` (absolute, in ms).
 * Throws a RangeError naming `what` and the value otherwise.
 */
export function parseTolerance(text: string, kind: "relative" | "absolute", what: string): number {
  const t = text.trim();
  if (kind === "relative") {
    const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
    if (pct) return Number(pct[1]) / 100;
    if (/^\d+(?:\.\d+)?$/.test(t) && Number(t) < 1) return Number(t);
    throw new RangeError(`${what} must be a percentage such as "5%" (or a fraction below 1 such as 0.05), got ${JSON.stringify(text)}`);
  }
  const abs = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(t);
  if (abs) return Number(abs[1]) * (abs[2] === "s" ? 1000 : 1);
  throw new RangeError(`${what} must be a duration such as "2ms" or "0.5s", got ${JSON.stringify(text)}`);
}
