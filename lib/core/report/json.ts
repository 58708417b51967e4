import type { SummaryReport } from "../verdict/summary-report.ts";

/** Renders summary.json. */
export function renderJson(report: SummaryReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
