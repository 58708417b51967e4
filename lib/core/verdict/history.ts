// Run history: one entry per run (commit, date, verdict, key figures per scope and phase), and the
// slow creep a series of runs shows when no single comparison does.
import { median, theilSen } from "../stats/robust.ts";
import { normalQuantile } from "../stats/quantile-shift.ts";
import { InputFileError } from "../errors.ts";
import type { RunSamples } from "./sample-comparison.ts";
import type { SummaryReport } from "./summary-report.ts";

/** One scope's key figures in a history entry, ms over successful responses. */
export interface HistoryFigures {
  requests: number;
  /** Share of requests that failed, 0..1. */
  errorRate: number;
  p50?: number;
  p95?: number;
  /** By phase: its p(50) and p(95). */
  phases: Record<string, { p50: number; p95: number }>;
}

/** One line of a history file (JSON lines), schema `loadgate/history@1`. */
export interface HistoryEntry {
  schema: "loadgate/history@1";
  commit: string;
  /** ISO 8601. */
  date: string;
  /** The run's verdict when it is known (pass, fail, inconclusive). */
  verdict?: string;
  /** By scope (`scenario:search`). */
  scopes: Record<string, HistoryFigures>;
}

/** The p-th nearest-rank percentile of an ascending typed array (NaN when empty). */
function rank(values: Float64Array, p: number): number {
  if (values.length === 0) return Number.NaN;
  return values[Math.min(values.length, Math.max(1, Math.ceil((p / 100) * values.length))) - 1]!;
}

/** The history entry of a run's samples. */
export function historyEntry(run: RunSamples, meta: { commit: string; date: string; verdict?: string }): HistoryEntry {
  const scopes: Record<string, HistoryFigures> = {};
  for (const scope of run.scopes) {
    const figures: HistoryFigures = {
      requests: scope.requests,
      errorRate: scope.requests === 0 ? 0 : (scope.requests - scope.durations.length) / scope.requests,
      phases: {},
    };
    if (scope.durations.length > 0) {
      figures.p50 = rank(scope.durations, 50);
      figures.p95 = rank(scope.durations, 95);
    }
    for (const [phase, values] of Object.entries(scope.phases)) {
      if (values.length > 0) figures.phases[phase] = { p50: rank(values, 50), p95: rank(values, 95) };
    }
    scopes[scope.scope] = figures;
  }
  return { schema: "loadgate/history@1", commit: meta.commit, date: meta.date, ...(meta.verdict === undefined ? {} : { verdict: meta.verdict }), scopes };
}

/**
 * The history entry of a run's summary.json (what `handleSummary` wrote): per scenario its requests,
 * error rate and k6's p(50)/p(95) of successful responses, its phases' p(50)/p(95), and the run's verdict.
 * Scopes are named as {@link historyEntry} names them (`scenario:search`), so both kinds of entry form one series.
 */
export function historyEntryFromSummary(report: SummaryReport, meta: { commit: string; date: string }): HistoryEntry {
  const scopes: Record<string, HistoryFigures> = {};
  const rows = report.scenarios.length > 0 ? report.scenarios.map((row) => [`scenario:${row.scope}`, row] as const) : [["run", report.run] as const];
  for (const [name, row] of rows) {
    const figures: HistoryFigures = { requests: row.requests, errorRate: row.errorRate, phases: {} };
    if (row.p50 !== undefined) figures.p50 = row.p50;
    if (row.p95 !== undefined) figures.p95 = row.p95;
    const scenario = name === "run" ? undefined : row.scope;
    const breakdown = report.phases.find((b) => b.scope["scenario"] === scenario);
    for (const phase of breakdown?.phases ?? []) {
      if (phase.stats?.p50 !== undefined && phase.stats.p95 !== undefined) figures.phases[phase.phase] = { p50: phase.stats.p50, p95: phase.stats.p95 };
    }
    scopes[name] = figures;
  }
  return { schema: "loadgate/history@1", commit: meta.commit, date: meta.date, verdict: report.verdict, scopes };
}

/** Options of {@link findCreep}. */
export interface FindCreepOptions {
  /** Runs looked at: the last N of the history. @default 10 */
  last?: number;
  /** Confidence of the one-sided Mann-Kendall test that the figure rises. @default 0.95 */
  level?: number;
  /** Smallest rise over the runs looked at (Theil-Sen slope × (runs − 1)) worth a flag, relative to their median. @default 0.02 */
  minRise?: number;
}

export const FIND_CREEP_DEFAULTS = { last: 10, level: 0.95, minRise: 0.02 } as const satisfies Required<FindCreepOptions>;

/** One figure's trend over the last runs. */
export interface Trend {
  scope: string;
  /** `p(50)`, `p(95)`, or a phase's: `phase:fusion p(50)`. */
  figure: string;
  /** The figure, oldest run first. */
  values: number[];
  /** Theil-Sen slope, ms per run. */
  slopeMsPerRun: number;
  /** slope × (runs − 1), relative to the median of the values. */
  rise: number;
  /** Mann-Kendall z (positive: rising). */
  z: number;
  /** The figure rises beyond chance (z above the one-sided quantile) by at least `minRise`. */
  creeping: boolean;
}

/** Mann-Kendall S statistic's z, with continuity correction (no tie correction). */
function mannKendallZ(values: readonly number[]): number {
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(values[j]! - values[i]!);
  const variance = (n * (n - 1) * (2 * n + 5)) / 18;
  return s === 0 ? 0 : (s - Math.sign(s)) / Math.sqrt(variance);
}

/**
 * The trend of every figure over the last runs of a history (oldest first): Theil-Sen slope and a
 * one-sided Mann-Kendall test; a figure creeps when it rises beyond chance and by at least `minRise`.
 * Figures missing from some of the runs are left out.
 * @example findCreep(entries).filter((t) => t.creeping)
 */
export function findCreep(history: readonly HistoryEntry[], options: FindCreepOptions = {}): Trend[] {
  const { last, level, minRise } = { ...FIND_CREEP_DEFAULTS, ...options };
  const runs = history.slice(-last);
  if (runs.length < 4) return [];
  const critical = normalQuantile(level);
  const series = new Map<string, { scope: string; figure: string; values: (number | undefined)[] }>();
  runs.forEach((entry, index) => {
    for (const [scope, figures] of Object.entries(entry.scopes)) {
      const put = (figure: string, value: number | undefined) => {
        const key = `${scope}\u0000${figure}`;
        let s = series.get(key);
        if (s === undefined) {
          s = { scope, figure, values: Array<number | undefined>(runs.length).fill(undefined) };
          series.set(key, s);
        }
        s.values[index] = value;
      };
      put("p(50)", figures.p50);
      put("p(95)", figures.p95);
      for (const [phase, stats] of Object.entries(figures.phases)) {
        put(`phase:${phase} p(50)`, stats.p50);
        put(`phase:${phase} p(95)`, stats.p95);
      }
    }
  });
  const trends: Trend[] = [];
  for (const s of series.values()) {
    if (s.values.some((value) => value === undefined || !Number.isFinite(value))) continue;
    const values = s.values as number[];
    const { slope } = theilSen(values.map((_, i) => i), values);
    const rise = (slope * (values.length - 1)) / median(values);
    const z = mannKendallZ(values);
    trends.push({ scope: s.scope, figure: s.figure, values, slopeMsPerRun: slope, rise, z, creeping: z > critical && rise >= minRise });
  }
  return trends;
}

/** Parses a history file's text (JSON lines); a line that is not a history entry throws with its number. */
export function parseHistory(text: string, file: string): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let entry: Partial<HistoryEntry>;
    try {
      entry = JSON.parse(line) as Partial<HistoryEntry>;
    } catch (error) {
      throw new InputFileError(`${file}:${index + 1}: not JSON (${(error as Error).message})`);
    }
    if (entry?.schema !== "loadgate/history@1" || typeof entry.scopes !== "object") {
      throw new InputFileError(`${file}:${index + 1}: /schema must be "loadgate/history@1", got ${JSON.stringify(entry?.schema)}`);
    }
    entries.push(entry as HistoryEntry);
  });
  return entries;
}
