import type { Threshold } from "k6/options";
import { parseMetricName, subMetric, tagSetKey } from "../vocabulary/metric-key.ts";
import { METRICS, UNLISTED_PHASE } from "../vocabulary/metric-names.ts";
import type { MetricValues } from "../vocabulary/summary-data.ts";
import { formatMsFixed, formatShare } from "../vocabulary/units.ts";
import { mergeTrendStats, type CompiledThresholds } from "../thresholds/record.ts";
import { terminalText } from "../escape/terminal.ts";

/** Percentiles of one Trend in milliseconds; a stat is absent when `summaryTrendStats` lacked it. */
export interface TrendStats {
  p50?: number;
  p95?: number;
  p99?: number;
  avg?: number;
}

/** One phase of a {@link PhaseBreakdown}. */
export interface PhaseBreakdownRow {
  phase: string;
  /** Samples recorded for the phase (`loadgate_phase_samples`). */
  samples: number;
  /** Its percentiles; absent when it has no samples (k6 reports 0 for an empty Trend). */
  stats?: TrendStats;
  /** Its summed time over the summed server total, 0..1; absent without samples. */
  share?: number;
}

/** The phase breakdown of one scope of a run (a scenario, or the whole run). */
export interface PhaseBreakdown {
  /** The tags selecting the scope, e.g. `{ scenario: "search" }`; `{}` is the whole run. */
  scope: Record<string, string>;
  /** The phases, listed ones first in their order, then the rest by name. */
  phases: PhaseBreakdownRow[];
  /** Server time in no phase (a `total` above the sum of the phases), as a share of the server total. */
  unphasedShare?: number;
  /** The server total (Server-Timing `total`, else the sum of the phases). */
  server?: TrendStats;
  /** Client-measured duration minus the server total: network and queueing. */
  unattributed?: TrendStats;
  /** Successful responses that carried readable timings. */
  timed: number;
  /** Successful responses without readable timings, by reason. */
  untimed: { missing: number; malformed: number };
}

/** Options of {@link phaseBreakdownThresholds}. */
export interface PhaseBreakdownThresholdsOptions {
  /** The phases to break down. */
  phases: readonly string[];
  /** Scenarios to break down one by one; without them, the whole run. */
  scenarios?: readonly string[];
}

const REASONS = ["missing", "malformed"] as const;

/**
 * Declares, as empty threshold lists (`[]`, which gate nothing), the sub-metrics the breakdown
 * needs: k6 keeps per-scenario and per-phase figures only for sub-metrics a threshold names.
 * Merge the result into `options` with your other thresholds.
 * @example export const options = { scenarios, ...phaseBreakdownThresholds({ phases: ["embedding", "fusion"], scenarios: ["search"] }) };
 */
export function phaseBreakdownThresholds(options: PhaseBreakdownThresholdsOptions): CompiledThresholds {
  const scopes: Record<string, string>[] =
    options.scenarios === undefined ? [{}] : options.scenarios.map((scenario) => ({ scenario }));
  const thresholds: Record<string, Threshold[]> = {};
  for (const scope of scopes) {
    for (const phase of [...options.phases, UNLISTED_PHASE]) {
      thresholds[subMetric(METRICS.phaseDuration, { phase, ...scope })] = [];
      thresholds[subMetric(METRICS.phaseSamples, { phase, ...scope })] = [];
    }
    thresholds[subMetric(METRICS.serverDuration, scope)] = [];
    thresholds[subMetric(METRICS.unattributedDuration, scope)] = [];
    thresholds[subMetric(METRICS.timedResponses, scope)] = [];
    for (const reason of REASONS) thresholds[subMetric(METRICS.untimedResponses, { reason, ...scope })] = [];
  }
  return { thresholds, summaryTrendStats: mergeTrendStats(["med", "p(95)", "p(99)"]) };
}

function trendStats(values: Record<string, number | undefined>): TrendStats {
  const stats: TrendStats = {};
  const take = (key: keyof TrendStats, k6Key: string) => {
    const value = values[k6Key];
    if (typeof value === "number" && Number.isFinite(value)) stats[key] = value;
  };
  take("p50", "med");
  take("p95", "p(95)");
  take("p99", "p(99)");
  take("avg", "avg");
  return stats;
}

interface ScopeParts {
  scope: Record<string, string>;
  phases: Map<string, { stats?: Record<string, number | undefined>; samples?: number }>;
  server?: Record<string, number | undefined>;
  unattributed?: Record<string, number | undefined>;
  timed?: number;
  untimed: { missing: number; malformed: number };
  /** Whether the untimed counts by reason were kept for this scope. */
  untimedByReason?: boolean;
}

/**
 * The phase breakdown of a run from k6's summary data, one entry per scenario whose sub-metrics
 * {@link phaseBreakdownThresholds} declared (or one for the whole run): each phase's p50/p95/p99 and
 * share of the server total, the unattributed time, and how many responses carried timings.
 * @example const rows = phaseBreakdown(data, { phases: ["embedding", "fusion"] });
 */
export function phaseBreakdown(data: { metrics: Readonly<Record<string, MetricValues>> }, options: { phases?: readonly string[] } = {}): PhaseBreakdown[] {
  const order = options.phases ?? [];
  const scopes = new Map<string, ScopeParts>();
  const partsFor = (scope: Record<string, string>): ScopeParts => {
    const key = tagSetKey(scope);
    let parts = scopes.get(key);
    if (parts === undefined) {
      parts = { scope, phases: new Map(), untimed: { missing: 0, malformed: 0 } };
      scopes.set(key, parts);
    }
    return parts;
  };
  let phasedScopes = 0;
  // The whole run's untimed count without its reasons (k6 keeps a sub-metric only when a threshold names it).
  let runUntimed = 0;

  for (const [key, metric] of Object.entries(data.metrics ?? {})) {
    const { name, tags } = parseMetricName(key);
    const values = metric?.values ?? {};
    if (name === METRICS.phaseDuration || name === METRICS.phaseSamples) {
      const { phase, ...scope } = tags;
      if (phase === undefined) continue;
      const parts = partsFor(scope);
      const row = parts.phases.get(phase) ?? {};
      if (name === METRICS.phaseDuration) row.stats = values;
      else row.samples = values["count"] ?? 0;
      if (!parts.phases.has(phase)) {
        if (parts.phases.size === 0) phasedScopes++;
        parts.phases.set(phase, row);
      }
    } else if (name === METRICS.untimedResponses) {
      const { reason, ...scope } = tags;
      if (reason === "missing" || reason === "malformed") {
        const parts = partsFor(scope);
        parts.untimed[reason] = values["count"] ?? 0;
        parts.untimedByReason = true;
      } else if (Object.keys(tags).length === 0) runUntimed = values["count"] ?? 0;
    } else if (name === METRICS.serverDuration) {
      partsFor(tags).server = values;
    } else if (name === METRICS.unattributedDuration) {
      partsFor(tags).unattributed = values;
    } else if (name === METRICS.timedResponses) {
      partsFor(tags).timed = values["count"] ?? 0;
    }
  }

  // A whole-run row whose reasons were not kept reads them from its scenarios when they account for
  // every untimed response of the run; else it would say "0 of 0" where a scenario says "0 of 20".
  const run = scopes.get(tagSetKey({}));
  if (run !== undefined && run.untimedByReason !== true && runUntimed > 0) {
    const others = [...scopes.values()].filter((p) => p !== run && p.untimedByReason === true && Object.keys(p.scope).length === 1 && "scenario" in p.scope);
    const missing = others.reduce((sum, p) => sum + p.untimed.missing, 0);
    const malformed = others.reduce((sum, p) => sum + p.untimed.malformed, 0);
    if (missing + malformed === runUntimed) run.untimed = { missing, malformed };
  }

  const result: PhaseBreakdown[] = [];
  for (const parts of scopes.values()) {
    // The whole run's base metrics always exist; show them only when no scope has phases of its own.
    if (parts.phases.size === 0 && (phasedScopes > 0 || Object.keys(parts.scope).length > 0)) continue;
    const timed = parts.timed ?? 0;
    const serverAvg = parts.server?.["avg"];
    const serverSum = timed > 0 && typeof serverAvg === "number" ? serverAvg * timed : 0;
    // The unlisted phases' row shows only when a server named one, and always comes last.
    const unlisted = parts.phases.get(UNLISTED_PHASE);
    if (unlisted !== undefined && !((unlisted.samples ?? 0) > 0)) parts.phases.delete(UNLISTED_PHASE);
    const names = [...parts.phases.keys()].sort((a, b) => {
      if (a === UNLISTED_PHASE || b === UNLISTED_PHASE) return (a === UNLISTED_PHASE ? 1 : 0) - (b === UNLISTED_PHASE ? 1 : 0);
      const ia = order.indexOf(a);
      const ib = order.indexOf(b);
      if (ia >= 0 || ib >= 0) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
      return a < b ? -1 : a > b ? 1 : 0;
    });
    let shared = 0;
    const phases: PhaseBreakdownRow[] = names.map((phase) => {
      const found = parts.phases.get(phase) ?? {};
      const samples = found.samples ?? 0;
      const row: PhaseBreakdownRow = { phase, samples };
      if (samples > 0 && found.stats !== undefined) {
        const stats = trendStats(found.stats);
        row.stats = stats;
        if (serverSum > 0 && stats.avg !== undefined) {
          row.share = (stats.avg * samples) / serverSum;
          shared += row.share;
        }
      }
      return row;
    });
    const breakdown: PhaseBreakdown = { scope: parts.scope, phases, timed, untimed: parts.untimed };
    if (timed > 0) {
      // Without any phase's figures (no phaseBreakdownThresholds() for this scope) the time outside
      // the phases is unknown, not the whole server total.
      if (serverSum > 0 && phases.length > 0) breakdown.unphasedShare = Math.max(0, 1 - shared);
      if (parts.server !== undefined) breakdown.server = trendStats(parts.server);
      if (parts.unattributed !== undefined) breakdown.unattributed = trendStats(parts.unattributed);
    }
    result.push(breakdown);
  }
  return result.sort((a, b) => {
    const ka = tagSetKey(a.scope);
    const kb = tagSetKey(b.scope);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

const NO_SAMPLES = "no samples";
/** What a breakdown without any phase's figures says in place of its phases. */
const NOT_KEPT = "not kept: phaseBreakdownThresholds() declares them";
/** Cells that span the figure columns in the terminal. */
const SPANNING = new Set([NO_SAMPLES, NOT_KEPT]);

const ms = (value: number | undefined) => formatMsFixed(value, 1);
const percent = (value: number | undefined) => (value === undefined ? "" : formatShare(value, 1));

/** A phase's name in a table: the sum of the phases the script does not list reads "(other named phases)". */
export function phaseLabel(phase: string): string {
  return phase === UNLISTED_PHASE ? "(other named phases)" : phase;
}

/** The scope of a breakdown in words: `scenario search`, or `""` for the whole run. */
export function phaseScopeLabel(breakdown: Pick<PhaseBreakdown, "scope">): string {
  return Object.entries(breakdown.scope)
    .map(([name, value]) => `${name} ${value}`)
    .join(", ");
}

/** A breakdown to show, with the scopes whose breakdown is the same (a run of one scenario is that scenario). */
export type ShownBreakdown = PhaseBreakdown & { same?: Record<string, string>[] };

/**
 * The breakdowns worth a table each: a run of one scenario is that scenario, so where the only
 * scenario's breakdown has exactly the whole run's figures and counts, it is folded into the whole
 * run's, its scope listed in `same`.
 */
export function distinctBreakdowns(breakdowns: readonly PhaseBreakdown[]): ShownBreakdown[] {
  const shown: ShownBreakdown[] = breakdowns.map((b) => ({ ...b }));
  const run = shown.find((b) => Object.keys(b.scope).length === 0);
  const scenarios = shown.filter((b) => Object.keys(b.scope).length === 1 && b.scope["scenario"] !== undefined);
  const [only] = scenarios;
  if (run === undefined || only === undefined || scenarios.length !== 1) return shown;
  const figures = ({ scope: _, ...rest }: PhaseBreakdown) => JSON.stringify(rest);
  if (figures(run) !== figures(only)) return shown;
  run.same = [only.scope];
  return shown.filter((b) => b !== only);
}

/**
 * The heading of one breakdown: `phase breakdown (scenario search): 50 of 50 successful responses
 * carried timings`, with the untimed ones and why; `(whole run = scenario search)` when folded.
 */
export function phaseBreakdownHeading(b: ShownBreakdown): string {
  const own = phaseScopeLabel(b);
  const scope = [own === "" && b.same !== undefined ? "whole run" : own, ...(b.same ?? []).map((s) => phaseScopeLabel({ scope: s }) || "whole run")]
    .filter(Boolean)
    .join(" = ");
  const untimed = b.untimed.missing + b.untimed.malformed;
  const reasons = [
    b.untimed.missing > 0 ? `${b.untimed.missing} missing` : "",
    b.untimed.malformed > 0 ? `${b.untimed.malformed} malformed` : "",
  ].filter(Boolean);
  return (
    `phase breakdown${scope === "" ? "" : ` (${scope})`}: ${b.timed} of ${b.timed + untimed} successful responses carried timings` +
    (untimed > 0 ? `; ${untimed} untimed (${reasons.join(", ")})` : "")
  );
}

/**
 * The rows of one breakdown's table, header first: each phase's p50/p95/p99 and share of the
 * server total, server time in no phase, the server total and the unattributed time. A phase
 * without samples has `"no samples"` in its p50 cell and nothing after it; a breakdown without any
 * phase's figures (k6 kept none: no phaseBreakdownThresholds()) says so in one row instead. Every
 * renderer (terminal, Markdown, HTML) lays out these rows.
 */
export function phaseBreakdownRows(b: PhaseBreakdown): string[][] {
  const rows: string[][] = [["", "p50", "p95", "p99", "share"]];
  if (b.phases.length === 0) rows.push(["each phase", NOT_KEPT, "", "", ""]);
  for (const row of b.phases) {
    if (row.stats === undefined) rows.push([row.phase, NO_SAMPLES, "", "", ""]);
    else rows.push([phaseLabel(row.phase), ms(row.stats.p50), ms(row.stats.p95), ms(row.stats.p99), percent(row.share)]);
  }
  if (b.unphasedShare !== undefined && b.unphasedShare >= 0.0005) rows.push(["(in no phase)", "", "", "", percent(b.unphasedShare)]);
  if (b.server !== undefined) rows.push(["server total", ms(b.server.p50), ms(b.server.p95), ms(b.server.p99), b.unphasedShare === undefined ? "" : "100.0%"]);
  if (b.unattributed !== undefined) rows.push(["unattributed", ms(b.unattributed.p50), ms(b.unattributed.p95), ms(b.unattributed.p99), ""]);
  return rows;
}

/**
 * Renders breakdowns as plain-text tables for the terminal, one per scope, each line indented by
 * `indent`; phase and tag names with control characters show them written out (`\x1b`).
 * @example console.log(renderPhaseBreakdown(phaseBreakdown(data)));
 */
export function renderPhaseBreakdown(breakdowns: readonly PhaseBreakdown[], indent = ""): string {
  if (breakdowns.length === 0) return `${indent}phase breakdown: no phase metrics in this run\n`;
  const blocks: string[] = [];
  for (const b of distinctBreakdowns(breakdowns)) {
    const rows = phaseBreakdownRows(b).map((row) => row.map(terminalText));
    // A phase without samples says so across the figure columns instead of widening one of them.
    const sized = rows.filter((r) => !SPANNING.has(r[1] ?? ""));
    const widths = rows[0]!.map((_, column) => Math.max(...(column === 0 ? rows : sized).map((r) => (r[column] ?? "").length)));
    const lines = rows.map((r) =>
      SPANNING.has(r[1] ?? "")
        ? `${r[0]!.padEnd(widths[0]!)}  ${r[1]}`
        : r
            .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
            .join("  ")
            .trimEnd(),
    );
    blocks.push([`${indent}${terminalText(phaseBreakdownHeading(b))}`, ...lines.map((line) => `${indent}  ${line}`)].join("\n"));
  }
  return `${blocks.join("\n\n")}\n`;
}
