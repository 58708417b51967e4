import { readFileSync } from "node:fs";
import { runMetricsFromSummary } from "../../lib/core/verdict/run-metrics.ts";
import { buildSummaryReport, type SummaryReport } from "../../lib/core/verdict/summary-report.ts";
import { buildVerdict, type BuildVerdictOptions, type Verdict } from "../../lib/core/verdict/verdict.ts";
import type { SummaryData } from "../../lib/core/vocabulary/summary-data.ts";

/** The handleSummary data captured from real k6 runs (see test/fixtures/summary/capture.mjs). */
export const FIXTURES = ["healthy-with-phases", "all-failed-fast", "all-timed-out", "two-scenarios-one-broken", "aborted-on-fail"] as const;

export function fixture(name: (typeof FIXTURES)[number]): SummaryData {
  return JSON.parse(readFileSync(new URL(`../fixtures/summary/${name}.json`, import.meta.url), "utf8")) as SummaryData;
}

/** The verdict of handleSummary data, as `summary()` builds it inside k6. */
export function verdictOf(data: SummaryData, options: BuildVerdictOptions = {}): Verdict {
  return buildVerdict(runMetricsFromSummary(data), options);
}

/** The summary.json model of handleSummary data, as `summary()` builds it inside k6. */
export function reportOf(data: SummaryData): SummaryReport {
  return buildSummaryReport(runMetricsFromSummary(data));
}
