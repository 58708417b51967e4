import { formatMsProse as ms, formatShare } from "../../core/vocabulary/units.ts";
import { markdownParagraph, markdownText } from "../../core/escape/markdown.ts";
import { markupText as esc } from "../../core/escape/markup.ts";
import { terminalText } from "../../core/escape/terminal.ts";
import { describeScope, type Analysis, type ScopeReport } from "./analyse.ts";

/** Output formats of `loadgate analyse`. */
export const ANALYSE_FORMATS = ["text", "json", "md", "html"] as const;
export type AnalyseFormat = (typeof ANALYSE_FORMATS)[number];

const num = (n: number | null, unit = "") => (n === null ? "–" : `${n}${unit}`);
const lat = (n: number | null) => (n === null ? "–" : ms(n));
const pct = (n: number) => formatShare(n, 1);

function readNotes(a: Analysis): string[] {
  const notes: string[] = [];
  if (a.read.truncatedLastLine) {
    notes.push(`last line (${a.read.truncatedLastLine.line}, ${a.read.truncatedLastLine.bytes} bytes) was cut off (a killed run?) and skipped`);
  }
  if (a.read.gzipEndedEarly) notes.push("the gzip stream ended early (a killed run?); everything before the cut was read");
  if (a.read.malformed) notes.push(`${a.read.malformed.count} malformed lines skipped, the first at line ${a.read.malformed.firstLine}`);
  return notes;
}

/** A table of text cells, escaped for Markdown or the terminal. */
function table(head: string[], cells: string[][], md: boolean): string {
  if (md) {
    const row = (r: string[]) => `| ${r.map(markdownText).join(" | ")} |`;
    return [row(head), `|${head.map(() => "---").join("|")}|`, ...cells.map(row)].join("\n");
  }
  const rows = cells.map((r) => r.map(terminalText));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(head), ...rows.map(line)].join("\n");
}

function scopeRows(a: Analysis): string[][] {
  return a.scopes.map((s) => [
    s.scenario,
    s.step ?? "–",
    String(s.requests),
    `${s.failures} (${pct(s.errorRate)})`,
    String(s.rps),
    num(s.users),
    lat(s.latency.p50),
    lat(s.latency.p95),
    lat(s.latency.p99),
  ]);
}
const SCOPE_HEAD = ["scenario", "step", "requests", "failed", "req/s", "users", "p50", "p95", "p99"];

function ladderRows(a: Analysis): string[][] {
  return (a.ladder?.steps ?? []).map((s) => [
    s.step,
    s.users === null && s.level !== null ? `level ${s.level}` : num(s.users),
    String(s.rps),
    `${s.scaling}x`,
    s.efficiency === null ? "–" : pct(s.efficiency),
    lat(s.p95),
    pct(s.errorRate),
    s.broke ?? (s.stoppedScaling === null ? "within gate" : "within gate; stopped scaling"),
  ]);
}
const LADDER_HEAD = ["step", "users", "req/s", "scaling", "efficiency/user", "p95", "errors", "verdict"];

function windowRows(s: ScopeReport): string[][] {
  return s.windows.map((w) => [`${w.start}s`, String(w.requests), pct(w.errorRate), String(w.rps), lat(w.latency.p50), lat(w.latency.p95), lat(w.latency.p99)]);
}
const WINDOW_HEAD = ["from", "requests", "errors", "req/s", "p50", "p95", "p99"];

function heading(a: Analysis): string {
  return `${a.read.file}: ${a.read.samples} samples of the analysed metrics (${a.read.lines} lines), ${a.duration} s of run from ${a.startedAt ?? "–"}; latency over successful responses (expected_response:true), ${a.windowMs / 1000} s windows`;
}

/** The analysis as terminal text: findings first, then the per-scope and ladder tables. */
export function renderAnalysisText(a: Analysis): string {
  const out = [terminalText(heading(a)), ...readNotes(a).map((n) => `note: ${terminalText(n)}`), ""];
  out.push(a.findings.length === 0 ? "No findings: no degradation, cold start, step outside the gate, throughput knee, fast failures or dropped iterations." : "Findings:");
  for (const f of a.findings) out.push(`  [${f.kind}] ${terminalText(f.scope)}: ${terminalText(f.message)}`);
  out.push("", table(SCOPE_HEAD, scopeRows(a), false));
  if (a.ladder) out.push("", "Ladder (scaling table):", table(LADDER_HEAD, ladderRows(a), false));
  return out.join("\n") + "\n";
}

/** The analysis as Markdown (a CI job summary or a pull-request comment). */
export function renderAnalysisMarkdown(a: Analysis): string {
  const out = [`# loadgate analyse`, "", markdownParagraph(heading(a)), ...readNotes(a).map((n) => `> ${markdownParagraph(n)}`), "", "## Findings", ""];
  if (a.findings.length === 0) out.push("No findings.");
  for (const f of a.findings) out.push(`- **${f.kind}** (${markdownText(f.scope)}): ${markdownText(f.message)}`);
  out.push("", "## Scenarios and steps", "", table(SCOPE_HEAD, scopeRows(a), true));
  if (a.ladder) out.push("", "## Ladder", "", table(LADDER_HEAD, ladderRows(a), true));
  for (const s of a.scopes) {
    out.push("", `### ${markdownText(describeScope(s.scenario, s.step))}: windows`, "", table(WINDOW_HEAD, windowRows(s), true));
  }
  return out.join("\n") + "\n";
}

/** The analysis as JSON (the {@link Analysis} object). */
export function renderAnalysisJson(a: Analysis): string {
  return JSON.stringify(a, null, 2) + "\n";
}

// ---------- HTML with inline SVG charts ----------

const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];

interface Series {
  name: string;
  points: [number, number][];
}

function niceMax(n: number): number {
  if (!(n > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= n) ?? 10 * p;
}

/** A line chart as an SVG element: x and y axes from 0, ticks, a legend. */
export function lineChart(title: string, xLabel: string, yLabel: string, series: Series[]): string {
  const W = 640;
  const H = 260;
  const L = 56;
  const R = 130;
  const T = 28;
  const B = 40;
  const all = series.flatMap((s) => s.points);
  const xMax = niceMax(Math.max(...all.map((p) => p[0]), 0));
  const yMax = niceMax(Math.max(...all.map((p) => p[1]), 0));
  const x = (v: number) => L + (v / xMax) * (W - L - R);
  const y = (v: number) => H - B - (v / yMax) * (H - T - B);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`];
  parts.push(`<text x="${L}" y="18" font-size="14" font-weight="600">${esc(title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${L - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end">${+v.toPrecision(3)}</text>`);
    const xv = (xMax * i) / 4;
    parts.push(`<text x="${x(xv)}" y="${H - B + 16}" font-size="11" text-anchor="middle">${+xv.toPrecision(3)}</text>`);
  }
  parts.push(`<line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#6b7280"/>`);
  parts.push(`<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="#6b7280"/>`);
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 6}" font-size="12" text-anchor="middle">${esc(xLabel)}</text>`);
  parts.push(`<text x="14" y="${(T + H - B) / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${(T + H - B) / 2})">${esc(yLabel)}</text>`);
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const d = s.points.map((p, j) => `${j === 0 ? "M" : "L"}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(" ");
    if (s.points.length > 1) parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of s.points) parts.push(`<circle cx="${x(p[0]).toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="2.5" fill="${color}"/>`);
    parts.push(`<rect x="${W - R + 10}" y="${T + i * 18}" width="10" height="10" fill="${color}"/>`);
    parts.push(`<text x="${W - R + 24}" y="${T + i * 18 + 9}" font-size="11">${esc(s.name)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("");
}

/** A horizontal stacked bar chart as an SVG element (phase breakdown per scope). */
export function stackedBars(title: string, rows: { label: string; parts: { name: string; value: number }[] }[]): string {
  const W = 640;
  const L = 180;
  const rowH = 22;
  const H = 50 + rows.length * rowH + 20;
  const names = [...new Set(rows.flatMap((r) => r.parts.map((p) => p.name)))];
  const max = niceMax(Math.max(...rows.map((r) => r.parts.reduce((s, p) => s + p.value, 0)), 0));
  const scale = (v: number) => (v / max) * (W - L - 20);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`];
  out.push(`<text x="10" y="18" font-size="14" font-weight="600">${esc(title)}</text>`);
  names.forEach((n, i) => {
    out.push(`<rect x="${L + i * 110}" y="26" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${L + i * 110 + 14}" y="35" font-size="11">${esc(n)}</text>`);
  });
  rows.forEach((r, j) => {
    const yy = 46 + j * rowH;
    out.push(`<text x="${L - 6}" y="${yy + 13}" font-size="11" text-anchor="end">${esc(r.label)}</text>`);
    let at = L;
    for (const p of r.parts) {
      const w = scale(p.value);
      out.push(`<rect x="${at.toFixed(1)}" y="${yy}" width="${w.toFixed(1)}" height="16" fill="${COLORS[names.indexOf(p.name) % COLORS.length]}"><title>${esc(`${p.name}: ${ms(p.value)}`)}</title></rect>`);
      at += w;
    }
  });
  out.push(`<text x="${W - 20}" y="${H - 6}" font-size="11" text-anchor="end">p50, ms (scale to ${max})</text></svg>`);
  return out.join("");
}

/** A self-contained HTML page (no scripts, no network): findings, tables and inline SVG charts. */
export function renderAnalysisHtml(a: Analysis): string {
  const md = (head: string[], rows: string[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`)
      .join("")}</tbody></table>`;
  const label = (s: ScopeReport) => (s.step === null ? s.scenario : `step ${s.step}`);
  const mid = (s: ScopeReport) => s.windows.map((w) => w.start + a.windowMs / 2000);
  const line = (s: ScopeReport, pick: (w: ScopeReport["windows"][number]) => number | null): [number, number][] =>
    s.windows.flatMap((w, i): [number, number][] => {
      const v = pick(w);
      return v === null ? [] : [[mid(s)[i]!, v]];
    });
  const charts: string[] = [];
  for (const s of a.scopes) {
    charts.push(
      lineChart(`Latency over time, ${describeScope(s.scenario, s.step)} (successes)`, "seconds from start", "ms", [
        { name: "p50", points: line(s, (w) => w.latency.p50) },
        { name: "p95", points: line(s, (w) => w.latency.p95) },
        { name: "p99", points: line(s, (w) => w.latency.p99) },
      ]),
    );
  }
  charts.push(
    lineChart(
      "Error rate over time",
      "seconds from start",
      "% failed",
      a.scopes.map((s) => ({ name: label(s), points: line(s, (w) => 100 * w.errorRate) })),
    ),
  );
  if (a.ladder) {
    const steps = a.ladder.steps.filter((s) => s.users !== null);
    charts.push(
      lineChart("Throughput vs users", "users", "req/s", [
        { name: "measured", points: steps.map((s) => [s.users!, s.rps]) },
        { name: "linear", points: steps.map((s) => [s.users!, (a.ladder!.steps[0]!.rps / (a.ladder!.steps[0]!.users ?? 1)) * s.users!]) },
      ]),
    );
  }
  const withPhases = a.scopes.filter((s) => s.phases.length > 0);
  if (withPhases.length > 0) {
    charts.push(
      stackedBars(
        "Phase breakdown (loadgate_phase_duration p50)",
        withPhases.map((s) => ({ label: label(s), parts: s.phases.map((p) => ({ name: p.phase, value: p.p50 })) })),
      ),
    );
  }
  const findings =
    a.findings.length === 0
      ? `<p class="ok">No findings: no degradation, cold start, step outside the gate, throughput knee, fast failures or dropped iterations.</p>`
      : `<ul>${a.findings.map((f) => `<li class="finding"><b>${esc(f.kind)}</b> (${esc(f.scope)}): ${esc(f.message)}</li>`).join("")}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>loadgate analyse: ${esc(a.read.file)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:960px;color:#111827;padding:0 16px}
table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #d1d5db;padding:4px 8px;text-align:right}
th{background:#f3f4f6}td:first-child,th:first-child{text-align:left}.finding{color:#991b1b}.ok{color:#166534}
.note{color:#92400e}svg{display:block;margin:12px 0;background:#fff}
</style></head><body>
<h1>loadgate analyse</h1>
<p>${esc(heading(a))}</p>
${readNotes(a).map((n) => `<p class="note">${esc(n)}</p>`).join("\n")}
<h2>Findings</h2>
${findings}
<h2>Scenarios and steps</h2>
${md(SCOPE_HEAD, scopeRows(a))}
${a.ladder ? `<h2>Ladder</h2>${md(LADDER_HEAD, ladderRows(a))}` : ""}
<h2>Charts</h2>
${charts.join("\n")}
</body></html>
`;
}

/** The analysis in `format`. */
export function renderAnalysis(a: Analysis, format: AnalyseFormat): string {
  switch (format) {
    case "text":
      return renderAnalysisText(a);
    case "json":
      return renderAnalysisJson(a);
    case "md":
      return renderAnalysisMarkdown(a);
    case "html":
      return renderAnalysisHtml(a);
  }
}
