import { comparisonRows, formatTolerance } from "../verdict/compare.ts";
import type { ScopeRow } from "../verdict/verdict.ts";
import { describeLadderStep } from "../verdict/ladder.ts";
import { renderPhaseBreakdown } from "../phases/breakdown.ts";
import { formatMs, formatShare, formatValue } from "../vocabulary/units.ts";
import { terminalText as term } from "../escape/terminal.ts";
import type { SummaryReport } from "../verdict/summary-report.ts";

/** Options of {@link renderText}. */
export interface TextOptions {
  /** ANSI colours (k6 uses them when stdout is a terminal). @default false */
  color?: boolean;
  /** Where the report files went, listed under the verdict. @default [] */
  files?: readonly string[];
  /** Report files whose renderer threw, named on the verdict line. @default [] */
  failed?: readonly ReportFailure[];
  /** Why the files went where they did, when not to the folder asked for; said after the list. @default undefined */
  filesNote?: string;
}

/** A report that was not written: its path, and what its renderer threw. */
export interface ReportFailure {
  path: string;
  error: string;
}

/** The failures as the verdict line states them: `reports/report.html not written (TypeError: ...)`. */
export function describeFailures(failed: readonly ReportFailure[]): string {
  return failed.map((f) => `${term(f.path)} not written (${term(f.error)})`).join("; ");
}

const ANSI = { green: "\u001b[32m", red: "\u001b[31m", yellow: "\u001b[33m", bold: "\u001b[1m", reset: "\u001b[0m" };

/** Columns padded to their widest cell, two spaces apart; every cell shown as text (control characters written out). */
export function table(cells: readonly (readonly string[])[], indent = "    "): string[] {
  const rows = cells.map((row) => row.map(term));
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => `${indent}${row.map((cell, i) => cell + " ".repeat((widths[i] ?? 0) - [...cell].length)).join("  ")}`.trimEnd());
}

/** The per-scope table rows (header first), shared by the text and Markdown reports. */
export function scopeTable(rows: readonly ScopeRow[]): string[][] {
  return [
    ["scenario", "requests", "successes", "error rate", "p50", "p95", "p99", "req/s"],
    ...rows.map((r) => [
      r.scope,
      String(r.requests),
      String(r.successes),
      formatShare(r.errorRate),
      formatMs(r.p50),
      formatMs(r.p95),
      formatMs(r.p99),
      r.throughput.toFixed(2),
    ]),
  ];
}

/**
 * The end-of-test summary for the terminal, in k6's layout, with loadgate's verdict on top:
 * PASS/FAIL and the reasons (a ladder's capacity above them), scenarios, ladder steps, phases, thresholds (vacuous ones called out), checks, baseline.
 */
export function renderText(report: SummaryReport, options: TextOptions = {}): string {
  const c = (code: keyof typeof ANSI, text: string) => (options.color ? `${ANSI[code]}${text}${ANSI.reset}` : text);
  const tick = (ok: boolean) => (ok ? c("green", "✓") : c("red", "✗"));
  const out: string[] = [];
  // A ladder's capacity is the answer the run was for: it comes first.
  if (report.ladder) out.push("", ...report.ladder.text.split("\n").map((line) => `  ${term(line)}`));
  const word = { pass: c("green", "PASS"), fail: c("red", c("bold", "FAIL")), inconclusive: c("yellow", c("bold", "INCONCLUSIVE")) };
  const failed = options.failed ?? [];
  out.push("", `  loadgate verdict: ${word[report.verdict]}${failed.length > 0 ? ` — ${c("red", describeFailures(failed))}` : ""}`);
  // Each line carries its own mark: ✗ a broken budget, ? what keeps the run from telling, ! a warning, · what the run did.
  const mark = { fail: c("red", "✗"), inconclusive: c("yellow", "?"), warning: c("yellow", "!") };
  for (const cause of report.causes) {
    out.push(`    ${mark[cause.verdict]} ${term(cause.text)}`);
    if (cause.fix !== undefined) out.push(`      → ${term(cause.fix)}`);
  }
  for (const reason of report.reasons) out.push(`    · ${term(reason)}`);
  for (const note of report.notes) out.push(`    ${c("yellow", "!")} ${term(note)}`);
  if ((options.files ?? []).length > 0) {
    out.push(`    reports: ${(options.files ?? []).map(term).join(", ")}`);
    if (options.filesNote !== undefined) out.push(`      ${c("yellow", "!")} ${term(options.filesNote)}`);
  }

  const rows = report.scenarios.length > 0 ? [...report.scenarios, report.run] : [report.run];
  out.push("", "", "  █ SCENARIOS", "", ...table(scopeTable(rows)));

  if (report.ladder) out.push("", "", "  █ LADDER STEPS", "", ...report.ladder.steps.map((s) => `    ${term(describeLadderStep(s))}`));

  if (report.phases.length > 0) {
    out.push("", "", "  █ PHASES", "", ...renderPhaseBreakdown(report.phases, "    ").trimEnd().split("\n"));
  }

  out.push("", "", "  █ THRESHOLDS", "");
  if (report.thresholds.length === 0) out.push("    (none)");
  let metric = "";
  for (const t of report.thresholds) {
    if (t.metric !== metric) {
      if (metric !== "") out.push("");
      out.push(`    ${term(t.metric)}`);
      metric = t.metric;
    }
    const vacuous = t.vacuous ? c("yellow", "  (vacuous: evaluated over 0 samples)") : "";
    out.push(`    ${tick(t.ok)} '${term(t.expression)}' ${t.stat}=${formatValue(t.observed, t.unit)}${vacuous}`);
  }

  if (report.runners) {
    out.push("", "", "  █ RUNNERS (each judged alone, as k6 on that runner judged it)", "");
    for (const r of report.runners) {
      out.push(`    ${tick(r.ok)} ${term(r.file)}  ${r.requests} requests, ${r.failedRequests} failed${r.ok ? "" : `; failed alone: ${r.failed.map(term).join("; ")}`}`);
    }
  }

  if (report.checks.length > 0) {
    out.push("", "", "  █ CHECKS", "");
    for (const check of report.checks) {
      const total = check.passes + check.fails;
      out.push(`    ${tick(check.fails === 0)} ${term(check.name)}  ${check.passes} / ${total}`);
    }
  }

  const cmp = report.comparison;
  if (cmp) {
    out.push("", "", `  █ BASELINE: ${cmp.verdict.toUpperCase()} (noise ${formatTolerance(cmp.tolerance)})`, "");
    for (const reason of cmp.reasons) out.push(`    ${term(reason)}`);
    out.push("");
    out.push(...table(comparisonRows(cmp)));
  }
  out.push("", `  duration: ${formatMs(report.durationMs)}`, "");
  return `${out.join("\n")}\n`;
}
