import { comparisonRows, formatTolerance } from "../verdict/compare.ts";
import { describeLadderStep } from "../verdict/ladder.ts";
import { distinctBreakdowns, phaseBreakdownHeading, phaseBreakdownRows } from "../phases/breakdown.ts";
import { scopeTable } from "./text.ts";
import { formatMs, formatValue } from "../vocabulary/units.ts";
import { markdownParagraph, markdownText } from "../escape/markdown.ts";
import type { SummaryReport } from "../verdict/summary-report.ts";

/** A table cell: text, escaped when written, or Markdown this renderer wrote. */
type Cell = string | { markdown: string };

const cell = (c: Cell) => (typeof c === "string" ? markdownText(c) : c.markdown);
/** Monospaced text in a table cell: HTML's `<code>`, as a code span shows backslashes as written and one before a `|` would end the cell. */
const code = (text: string): Cell => ({ markdown: `<code>${markdownText(text)}</code>` });

/** A GitHub table; the first `textColumns` columns are left-aligned, the numbers right-aligned. */
function mdTable(rows: readonly (readonly Cell[])[], textColumns = 1): string[] {
  const [head, ...body] = rows;
  if (!head) return [];
  return [
    `| ${head.map(cell).join(" | ")} |`,
    `| ${head.map((_, i) => (i < textColumns ? "---" : "---:")).join(" | ")} |`,
    ...body.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ];
}

/** The Markdown report, for `$GITHUB_STEP_SUMMARY` and pull-request comments. */
export function renderMarkdown(report: SummaryReport): string {
  const out: string[] = [];
  const heading = { pass: "✅ loadgate: PASS", fail: "❌ loadgate: FAIL", inconclusive: "❔ loadgate: INCONCLUSIVE" };
  out.push(`## ${heading[report.verdict]}`, "");
  const mark = { fail: "❌", inconclusive: "❔", warning: "⚠️" };
  for (const cause of report.causes) {
    out.push(`- ${mark[cause.verdict]} ${markdownParagraph(cause.text)}${cause.fix === undefined ? "" : ` — ${markdownText(cause.fix)}`}`);
  }
  for (const reason of report.reasons) out.push(`- ${markdownParagraph(reason)}`);
  for (const note of report.notes) out.push(`- ⚠️ ${markdownText(note)}`);
  if (report.ladder) {
    out.push("", "### Ladder", "", ...report.ladder.text.split("\n").map((line) => `**${markdownText(line)}**  `), "");
    for (const step of report.ladder.steps) out.push(`- ${markdownParagraph(describeLadderStep(step))}`);
  }
  out.push("", "### Scenarios", "");
  out.push(...mdTable(scopeTable(report.scenarios.length > 0 ? [...report.scenarios, report.run] : [report.run])));
  out.push("", "Latency percentiles count successful responses only.");
  if (report.phases.length > 0) {
    out.push("", "### Phases");
    for (const breakdown of distinctBreakdowns(report.phases)) {
      const [head, ...rows] = phaseBreakdownRows(breakdown);
      out.push("", `${markdownParagraph(phaseBreakdownHeading(breakdown))}.`, "", ...mdTable([["phase", ...(head ?? []).slice(1)], ...rows]));
    }
    out.push("", "Shares are of the server total; unattributed is the client-measured duration minus it (network and queueing).");
  }
  out.push("", "### Thresholds", "");
  if (report.thresholds.length === 0) out.push("No thresholds were set.");
  else {
    out.push(
      ...mdTable([
        ["result", "metric", "threshold", "observed", "samples"],
        ...report.thresholds.map((t) => [
          t.ok ? (t.vacuous ? "⚠️ vacuous" : "✅ pass") : "❌ fail",
          code(t.metric),
          code(t.expression),
          formatValue(t.observed, t.unit),
          t.samples === undefined ? "-" : String(t.samples),
        ]),
      ], 3),
    );
  }
  if (report.runners) {
    out.push("", "### Runners", "", "Each runner judged alone, as k6 on that runner judged it; the verdict above judges all of their samples together.", "");
    out.push(
      ...mdTable([
        ["runner", "requests", "failed", "alone", "thresholds failed alone"],
        ...report.runners.map((r) => [r.file, String(r.requests), String(r.failedRequests), r.ok ? "✅ pass" : "❌ fail", r.failed.join("; ") || "-"]),
      ]),
    );
  }
  if (report.checks.length > 0) {
    out.push("", "### Checks", "");
    out.push(...mdTable([["check", "passes", "fails"], ...report.checks.map((c) => [c.name, String(c.passes), String(c.fails)])]));
  }
  const cmp = report.comparison;
  if (cmp) {
    const icon = cmp.verdict === "regression" ? "❌" : cmp.verdict === "improvement" ? "🟢" : cmp.verdict === "inconclusive" ? "❔" : "➖";
    out.push("", `### Baseline: ${icon} ${cmp.verdict}`, "", `Noise tolerance: ${formatTolerance(cmp.tolerance)}.`, "");
    for (const reason of cmp.reasons) out.push(`- ${markdownParagraph(reason)}`);
    out.push("");
    out.push(
      ...mdTable(comparisonRows(cmp), 1),
    );
  }
  out.push("", `<sub>Run duration ${formatMs(report.durationMs)}. loadgate summary schema \`${report.schema}\`.</sub>`, "");
  return out.join("\n");
}
