// Renderers of a history's trends: sparklines in the terminal and in Markdown.
import type { Trend } from "../verdict/history.ts";
import { formatMsProse } from "../vocabulary/units.ts";
import { markdownText } from "../escape/markdown.ts";
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
