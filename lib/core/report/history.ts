// Renderers of a history's trends: sparklines in the terminal, in Markdown, and as inline SVG in HTML.
import type { Trend } from "../verdict/history.ts";
import { formatMsProse } from "../vocabulary/units.ts";
import { markdownText } from "../escape/markdown.ts";
import { markupText } from "../escape/markup.ts";
import { REPORT_STYLE } from "./html.ts";
import { table } from "./text.ts";

const BARS = "▁▂▃▄▅▆▇█";

/** A sparkline of `values`: one bar per value, lowest ▁, highest █ (all ▄ when flat). */
export function sparkline(values: readonly number[]): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return values.map((value) => (high === low ? BARS[3] : BARS[Math.min(7, Math.floor(((value - low) / (high - low)) * 8))])).join("");
}

function rows(trends: readonly Trend[]): string[][] {
  return trends.map((t) => [
    t.scope,
    t.figure,
    sparkline(t.values),
    `${formatMsProse(t.values[0]!)} → ${formatMsProse(t.values[t.values.length - 1]!)}`,
    `${t.slopeMsPerRun >= 0 ? "+" : "-"}${formatMsProse(Math.abs(t.slopeMsPerRun))}/run`,
    t.creeping ? "creeping" : "",
  ]);
}

const HEADER = ["scope", "figure", "trend", "first → last", "slope", ""];

/** Size of an SVG sparkline, px. */
export const SPARKLINE_SVG = { width: 120, height: 24, pad: 3 } as const;

/**
 * An inline SVG sparkline of `values` (oldest first): a line from left to right, lowest value at the
 * bottom, highest at the top (a flat series runs across the middle), a dot on the last value; its
 * `<title>` lists the values, for readers and screen readers.
 */
export function sparklineSvg(values: readonly number[], label: string): string {
  const { width, height, pad } = SPARKLINE_SVG;
  const low = Math.min(...values);
  const high = Math.max(...values);
  const x = (i: number) => (values.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (values.length - 1));
  const y = (v: number) => (high === low ? height / 2 : height - pad - ((v - low) / (high - low)) * (height - 2 * pad));
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const last = values.length - 1;
  const title = `${label}: ${values.map(formatMsProse).join(", ")}`;
  return (
    `<svg class="spark" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${markupText(title)}</title>` +
    `<polyline points="${points}" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/>` +
    `<circle cx="${x(last).toFixed(1)}" cy="${y(values[last]!).toFixed(1)}" r="2.5" fill="currentColor"/></svg>`
  );
}

/**
 * The trends of a history as one self-contained HTML page (inline CSS and SVG, no script, no network):
 * the creep verdict, then a table with an SVG sparkline per figure, creeping figures first.
 */
export function renderTrendsHtml(trends: readonly Trend[], runs: number): string {
  const creeping = trends.filter((t) => t.creeping);
  const head = creeping.length === 0 ? `no creep over the last ${runs} runs` : `creep over the last ${runs} runs`;
  const body = [...creeping, ...trends.filter((t) => !t.creeping)].map((t) => {
    const [scope, figure, , span, slope, flag] = rows([t])[0]!;
    return (
      `<tr${t.creeping ? ' class="creeping"' : ""}><td class="text">${markupText(scope!)}</td><td class="text">${markupText(figure!)}</td>` +
      `<td class="text">${sparklineSvg(t.values, `${t.scope} ${t.figure}`)}</td><td>${markupText(span!)}</td><td>${markupText(slope!)}</td><td class="text">${flag}</td></tr>`
    );
  });
  const note =
    trends.length === 0
      ? `<p class="empty">No figure was present in each of the last ${runs} runs, or fewer than 4 runs were recorded: no trend.</p>`
      : `<div class="scroll"><table><thead><tr>${HEADER.map((h, i) => `<th${i < 3 || i === 5 ? ' class="text"' : ""}>${markupText(h)}</th>`).join("")}</tr></thead><tbody>${body.join("")}</tbody></table></div>`;
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>loadgate history: ${head}</title>`,
    `<style>${REPORT_STYLE}svg.spark{vertical-align:middle;color:var(--muted)}tr.creeping svg.spark,tr.creeping td:last-child{color:var(--fail)}</style></head><body>`,
    `<h1 class="verdict ${creeping.length === 0 ? "pass" : "fail"}">loadgate history: ${head}</h1>`,
    note,
    "<footer>Trend: each figure over the last runs, oldest first; the dot is the last run. Creeping: it rises beyond chance (one-sided Mann-Kendall test) and by at least the smallest rise worth a flag (Theil-Sen slope over these runs).</footer>",
    "</body></html>",
    "",
  ].join("\n");
}

/** The trends of a history as terminal text: creeping figures first. */
export function renderTrendsText(trends: readonly Trend[], runs: number): string {
  const creeping = trends.filter((t) => t.creeping);
  const head = creeping.length === 0 ? `loadgate history: no creep over the last ${runs} runs` : `loadgate history: CREEP over the last ${runs} runs in ${creeping.map((t) => `${t.scope} ${t.figure}`).join(", ")}`;
  return [head, "", ...table([HEADER, ...rows([...creeping, ...trends.filter((t) => !t.creeping)])], "  ")].join("\n");
}

/** The trends of a history as Markdown, for a pull-request comment or the job summary. */
export function renderTrendsMarkdown(trends: readonly Trend[], runs: number): string {
  const creeping = trends.filter((t) => t.creeping);
  const out = [
    creeping.length === 0 ? `### loadgate history: no creep over the last ${runs} runs` : `### loadgate history: 🔴 creep over the last ${runs} runs`,
    "",
    `| ${HEADER.join(" | ")} |`,
    `|${HEADER.map(() => "---").join("|")}|`,
  ];
  for (const row of rows([...creeping, ...trends.filter((t) => !t.creeping)])) out.push(`| ${row.map(markdownText).join(" | ")} |`);
  return `${out.join("\n")}\n`;
}
