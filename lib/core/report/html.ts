import { comparisonRows, formatTolerance } from "../verdict/compare.ts";
import type { ScopeRow } from "../verdict/verdict.ts";
import { describeLadderStep } from "../verdict/ladder.ts";
import { distinctBreakdowns, phaseBreakdownHeading, phaseBreakdownRows, phaseScopeLabel } from "../phases/breakdown.ts";
import { scopeTable } from "./text.ts";
import { formatMs, formatShare, formatValue } from "../vocabulary/units.ts";
import { markupText as esc } from "../escape/markup.ts";
import type { SummaryReport } from "../verdict/summary-report.ts";

const COLORS = { p50: "#4c78a8", p95: "#f58518", p99: "#b279a2", ok: "#2e7d32", failed: "#c62828" };

interface Bar {
  label: string;
  /** Stacked segments, left to right. */
  segments: { value: number; color: string; title: string }[];
}

/** A horizontal bar chart as inline SVG: one row per bar, each of stacked or grouped segments. */
function barChart(name: string, title: string, groups: { label: string; bars: Bar[] }[], max: number, unit: (v: number) => string): string {
  const labelWidth = 150;
  const width = 640;
  const plot = width - labelWidth - 70;
  const rowHeight = 18;
  let y = 8;
  const parts: string[] = [];
  for (const group of groups) {
    // A group's label has its own line: beside the bars' labels, a long one ran over them.
    if (group.label !== "") {
      parts.push(`<text x="0" y="${y + 12}" class="group">${esc(group.label)}</text>`);
      y += rowHeight;
    }
    for (const bar of group.bars) {
      let x = labelWidth;
      parts.push(`<text x="${labelWidth - 6}" y="${y + 13}" text-anchor="end">${esc(bar.label)}</text>`);
      let total = 0;
      for (const seg of bar.segments) {
        const w = max > 0 ? Math.max(seg.value > 0 ? 1 : 0, (seg.value / max) * plot) : 0;
        parts.push(`<rect x="${x.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowHeight - 4}" fill="${seg.color}"><title>${esc(seg.title)}</title></rect>`);
        x += w;
        total += seg.value;
      }
      parts.push(`<text x="${(x + 4).toFixed(1)}" y="${y + 13}">${esc(unit(total))}</text>`);
      y += rowHeight;
    }
    y += 6;
  }
  const height = y + 4;
  return `<figure><figcaption>${esc(title)}</figcaption><svg class="chart" data-chart="${name}" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${parts.join("")}</svg></figure>`;
}

function latencyChart(rows: readonly ScopeRow[]): string {
  const measured = rows.filter((r) => r.p50 !== undefined || r.p95 !== undefined || r.p99 !== undefined);
  if (measured.length === 0) return `<p class="empty">No latency chart: no successful responses were measured.</p>`;
  const max = Math.max(...measured.flatMap((r) => [r.p50 ?? 0, r.p95 ?? 0, r.p99 ?? 0]));
  const groups = measured.map((r) => ({
    label: r.scope,
    bars: (["p50", "p95", "p99"] as const)
      .filter((k) => r[k] !== undefined)
      .map((k) => ({ label: k, segments: [{ value: r[k] ?? 0, color: COLORS[k], title: `${r.scope} ${k} ${formatMs(r[k])}` }] })),
  }));
  return barChart("latency", "Latency of successful responses (p50, p95, p99)", groups, max, formatMs);
}

function errorChart(rows: readonly ScopeRow[]): string {
  const groups = [
    {
      label: "",
      bars: rows.map((r) => ({
        label: r.scope,
        segments: [
          { value: r.requests === 0 ? 0 : r.successes / r.requests, color: COLORS.ok, title: `${r.scope}: ${r.successes} succeeded` },
          { value: r.errorRate, color: COLORS.failed, title: `${r.scope}: ${r.failures} failed` },
        ],
      })),
    },
  ];
  const chart = barChart("errors", "Share of requests that succeeded (green) and failed (red)", groups, 1, () => "");
  const legend = rows.map((r) => `${esc(r.scope)}: ${formatShare(r.errorRate)} failed`).join(" · ");
  return `${chart}<p class="legend">${legend}</p>`;
}

function phaseChart(report: SummaryReport): string {
  const measured = report.phases.map((b) => ({ b, rows: b.phases.filter((p) => p.stats !== undefined) })).filter((m) => m.rows.length > 0);
  if (measured.length === 0) return "";
  const max = Math.max(...measured.flatMap((m) => m.rows.map((p) => p.stats?.p95 ?? p.stats?.p50 ?? 0)));
  const groups = measured.flatMap(({ b, rows }) =>
    rows.map((p) => {
      const label = phaseScopeLabel(b);
      const name = label === "" ? p.phase : `${p.phase} (${label})`;
      return {
        label: name,
        bars: (["p50", "p95"] as const)
          .filter((k) => p.stats?.[k] !== undefined)
          .map((k) => ({ label: k, segments: [{ value: p.stats?.[k] ?? 0, color: COLORS[k], title: `${name} ${k} ${formatMs(p.stats?.[k])}` }] })),
      };
    }),
  );
  return barChart("phases", "Server-side phases (p50, p95)", groups, max, formatMs);
}

/** A table whose first `textColumns` columns are left-aligned and the numbers right-aligned. */
function htmlTable(rows: readonly (readonly string[])[], textColumns = 1): string {
  const [head, ...body] = rows;
  if (!head) return "";
  const align = (i: number) => (i < textColumns ? ` class="text"` : "");
  return `<div class="scroll"><table><thead><tr>${head.map((h, i) => `<th${align(i)}>${esc(h)}</th>`).join("")}</tr></thead><tbody>${body
    .map((row) => `<tr>${row.map((c, i) => `<td${align(i)}>${esc(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table></div>`;
}

/** The page's style sheet, one for every report.html (the golden files hold it once, through this constant). */
export const REPORT_STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--muted:#666;--line:#ddd;--pass:#2e7d32;--fail:#c62828;--warn:#b26a00}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#161616;--muted:#aaa;--line:#333}}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:960px;padding:16px}
h1{font-size:1.6em;margin:.2em 0}.verdict.pass{color:var(--pass)}.verdict.fail{color:var(--fail)}.verdict.inconclusive{color:var(--warn)}
ul.reasons{padding-left:1.2em}.note,.cause.inconclusive,.cause.warning{color:var(--warn)}.cause.fail{color:var(--fail)}.fix{color:var(--muted)}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:right;white-space:nowrap}th.text,td.text{text-align:left}
figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}svg.chart{max-width:100%;height:auto;font-size:12px;fill:var(--fg)}
svg .group{font-weight:600}.legend,.empty,footer{color:var(--muted);font-size:.9em}
`;

/**
 * The HTML report: one self-contained page (inline CSS and SVG, no scripts, no network) with the
 * verdict, charts of latency percentiles, error share and phases, and every table.
 */
export function renderHtml(report: SummaryReport): string {
  const rows = report.scenarios.length > 0 ? [...report.scenarios, report.run] : [report.run];
  const verdict = report.verdict.toUpperCase();
  const mark = { fail: "✗", inconclusive: "?", warning: "!" };
  const causes = report.causes.map(
    (cause) =>
      `<li class="cause ${cause.verdict}">${mark[cause.verdict]} ${esc(cause.text)}${cause.fix === undefined ? "" : `<br><span class="fix">→ ${esc(cause.fix)}</span>`}</li>`,
  );
  const thresholdRows = [
    ["result", "metric", "threshold", "observed", "samples"],
    ...report.thresholds.map((t) => [
      t.ok ? (t.vacuous ? "vacuous pass" : "pass") : "FAIL",
      t.metric,
      t.expression,
      formatValue(t.observed, t.unit),
      t.samples === undefined ? "-" : String(t.samples),
    ]),
  ];
  const cmp = report.comparison;
  const body = [
    `<header><h1 class="verdict ${report.verdict}">loadgate: ${verdict}</h1>`,
    `<ul class="reasons">${causes.join("")}${report.reasons.map((r) => `<li>${esc(r)}</li>`).join("")}${report.notes.map((n) => `<li class="note">${esc(n)}</li>`).join("")}</ul></header>`,
    report.ladder
      ? `<section><h2>Ladder</h2>${report.ladder.text
          .split("\n")
          .map((line) => `<p><strong>${esc(line)}</strong></p>`)
          .join("")}<ul>${report.ladder.steps.map((s) => `<li>${esc(describeLadderStep(s))}</li>`).join("")}</ul></section>`
      : "",
    `<section><h2>Scenarios</h2>${htmlTable(scopeTable(rows))}${latencyChart(rows)}${errorChart(rows)}</section>`,
    report.phases.length > 0
      ? `<section><h2>Phases</h2>${distinctBreakdowns(report.phases)
          .map((b) => {
            const [head, ...rows] = phaseBreakdownRows(b);
            return `<p>${esc(phaseBreakdownHeading(b))}.</p>${htmlTable([["phase", ...(head ?? []).slice(1)], ...rows])}`;
          })
          .join("")}${phaseChart(report)}</section>`
      : "",
    `<section><h2>Thresholds</h2>${report.thresholds.length === 0 ? "<p>No thresholds were set.</p>" : htmlTable(thresholdRows, 3)}</section>`,
    report.runners
      ? `<section><h2>Runners</h2><p>Each runner judged alone, as k6 on that runner judged it.</p>${htmlTable([
          ["runner", "requests", "failed", "alone", "thresholds failed alone"],
          ...report.runners.map((r) => [r.file, String(r.requests), String(r.failedRequests), r.ok ? "pass" : "FAIL", r.failed.join("; ") || "-"]),
        ])}</section>`
      : "",
    report.checks.length > 0
      ? `<section><h2>Checks</h2>${htmlTable([["check", "passes", "fails"], ...report.checks.map((c) => [c.name, String(c.passes), String(c.fails)])])}</section>`
      : "",
    cmp
      ? `<section><h2>Baseline: ${esc(cmp.verdict)}</h2><p>Noise tolerance: ${esc(formatTolerance(cmp.tolerance))}.</p><ul>${cmp.reasons
          .map((r) => `<li>${esc(r)}</li>`)
          .join("")}</ul>${htmlTable(comparisonRows(cmp), 1)}</section>`
      : "",
    `<footer>Run duration ${esc(formatMs(report.durationMs))} · schema ${esc(report.schema)}</footer>`,
  ].join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>loadgate: ${verdict}</title><style>${REPORT_STYLE}</style></head>
<body>
${body}
</body></html>
`;
}
