// The report model: what every report of a run says (summary.json's content), built in one place and
// rendered by lib/core/report/.
import type { Ladder } from "../scenarios/ramp-ladder.ts";
import { compareSummaries, type Comparison, type CompareTolerance } from "./compare.ts";
import { ladderResult, type LadderResult } from "./ladder.ts";
import type { RunMetrics } from "./run-metrics.ts";
import { buildVerdict, type Verdict } from "./verdict.ts";

/**
 * The `schema` value of summary.json; bumped when a field changes meaning or goes away
 * (`@2`: `phases` holds the phase breakdown per scenario; `@3`: `verdict` is pass, fail or
 * inconclusive, `causes` say why, and `reasons` only say what the run did).
 */
export const SUMMARY_SCHEMA = "loadgate/summary@3" as const;

/** Earlier schemas, still read as baselines: @1's `phases` rows are dropped, and both get a verdict from `ok`. */
const SUMMARY_SCHEMA_1 = "loadgate/summary@1";
const SUMMARY_SCHEMA_2 = "loadgate/summary@2";

/**
 * The content of `summary.json`: the {@link Verdict} of the run (`ok: true` means passed, unlike
 * k6's `--summary-export`), plus the baseline comparison when one was given.
 */
export interface SummaryReport extends Verdict {
  schema: typeof SUMMARY_SCHEMA;
  /** Present when the run was compared with a baseline (`-e BASELINE=path`). */
  comparison?: Comparison;
  /** Present for a ramp ladder run: each step's outcome and the capacity found. */
  ladder?: LadderResult;
  /** Present for a run split over several k6 processes (`loadgate merge`): each runner judged alone. */
  runners?: RunnerVerdict[];
}

/** One runner of a split run, judged over its own samples only, as k6 on that runner judged it. */
export interface RunnerVerdict {
  /** Its k6 JSON output file. */
  file: string;
  requests: number;
  failedRequests: number;
  /** Whether every threshold passed over this runner's samples alone. */
  ok: boolean;
  /** `metric expression` of each threshold that failed on this runner alone. */
  failed: string[];
}

/** Options of {@link buildSummaryReport}. */
export interface SummaryReportOptions {
  /** The phases in the order the breakdown lists them; others follow by name. @default [] */
  phases?: readonly string[];
  /** A ramp ladder the run followed: its capacity goes on top of the summary, its steps in every report. */
  ladder?: Pick<Ladder, "steps" | "model" | "timeUnit" | "gate">;
  /** The baseline summary.json text and where it came from, to add deltas to every report. */
  baseline?: { text: string; source: string };
  /** Noise tolerances of the baseline comparison. @default COMPARE_DEFAULTS */
  tolerance?: Partial<CompareTolerance>;
  /** `warn` lets inconclusive conditions pass as warnings; FAIL stays FAIL. @default "inconclusive" */
  inconclusive?: "inconclusive" | "warn";
}

/** The summary.json document of a run: its verdict, and its ladder and baseline comparison when asked. */
export function buildSummaryReport(figures: RunMetrics, options: SummaryReportOptions = {}): SummaryReport {
  const report: SummaryReport = {
    schema: SUMMARY_SCHEMA,
    ...buildVerdict(figures, {
      ...(options.phases === undefined ? {} : { phases: options.phases }),
      ...(options.inconclusive === undefined ? {} : { inconclusive: options.inconclusive }),
    }),
  };
  if (options.ladder) report.ladder = ladderResult(figures, options.ladder);
  if (options.baseline) {
    const baseline = parseSummaryReport(options.baseline.text, options.baseline.source);
    report.comparison = compareSummaries(report, baseline, options.tolerance ?? {});
  }
  return report;
}

/**
 * Reads a summary.json text back, checking its schema; `source` names the file in errors.
 * Throws a TypeError naming the file, what was expected and what was found.
 */
export function parseSummaryReport(text: string, source: string): SummaryReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`${source}: not JSON (${(error as Error).message})`);
  }
  const schema = (value as { schema?: unknown } | null)?.schema;
  if ((schema === SUMMARY_SCHEMA_1 || schema === SUMMARY_SCHEMA_2) && typeof value === "object" && value !== null) {
    // Before @3 a report knew pass and fail only; @1 phase rows were whole-run averages, not
    // comparable with the breakdown: compare the rest.
    const old = value as { ok?: unknown; phases?: unknown };
    value = {
      ...value,
      schema: SUMMARY_SCHEMA,
      verdict: old.ok === true ? "pass" : "fail",
      causes: [],
      ...(schema === SUMMARY_SCHEMA_1 ? { phases: [] } : {}),
    };
  } else if (schema !== SUMMARY_SCHEMA) {
    throw new TypeError(`${source}: /schema must be "${SUMMARY_SCHEMA}" (a loadgate summary.json), got ${JSON.stringify(schema)}`);
  }
  const report = value as SummaryReport;
  for (const key of ["run", "scenarios", "phases", "thresholds"] as const) {
    if (report[key] === undefined) throw new TypeError(`${source}: /${key} is missing`);
  }
  return report;
}
