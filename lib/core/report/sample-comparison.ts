// Renderers of a sample comparison (SampleComparison): the terminal text of `loadgate compare` and a
// Markdown summary sized for a pull-request comment or $GITHUB_STEP_SUMMARY.
import type { Blame, JudgedShift, SampleComparison, SampleVerdict, ScopeComparison } from "../verdict/sample-comparison.ts";
import { formatMsProse, formatShare } from "../vocabulary/units.ts";
import { markdownText } from "../escape/markdown.ts";
import { terminalText } from "../escape/terminal.ts";
import { table } from "./text.ts";

/** `+38.5 ms`, `-2.0 ms`, `0.0 ms`. */
function signedMs(ms: number): string {
  const sign = ms > 0 ? "+" : ms < 0 ? "-" : "±";
  return `${sign}${formatMsProse(Math.abs(ms))}`;
}

/** `+38.5 ms (+4.1%)`. */
function change(shift: JudgedShift): string {
  const relative = shift.before > 0 ? ` (${shift.delta >= 0 ? "+" : ""}${((shift.delta / shift.before) * 100).toFixed(1)}%)` : "";
  return `${signedMs(shift.delta)}${relative}`;
}

/** `+21.0 … +55.0 ms`. */
function interval(shift: JudgedShift): string {
  return `${signedMs(shift.low).replace(/ ms$/, "")} … ${signedMs(shift.high)}`;
}

function level(comparison: SampleComparison): string {
  return `${Math.round(comparison.level * 100)}%`;
}

/**
 * How the intervals were made: `95% bootstrap intervals`, widened by each run's design effect when the
 * samples carried time blocks, and by the noise learned from A/A pairs when there was one.
 */
function intervals(comparison: SampleComparison, word: string): string {
  const blocked = comparison.scopes.some((scope) => scope.p50?.designEffect !== undefined);
  const widened = [
    ...(blocked ? ["each run's design effect (requests close in time move together)"] : []),
    ...(comparison.noisePairs === undefined ? [] : [`the noise between runs learned from ${comparison.noisePairs} A/A pairs`]),
  ];
  return `${level(comparison)} bootstrap ${word}${widened.length === 0 ? "" : ` widened by ${widened.join(" and ")}`}`;
}

/** The words of a shift in a sentence: `p(95) +38.5 ms (+4.1%), 95% CI +21.0 … +55.0 ms`. */
function shiftSentence(name: string, shift: JudgedShift, confidence: string): string {
  return `${name} ${change(shift)}, ${confidence} CI ${interval(shift)}`;
}

/** `p(95) +38.5 ms, of which fusion +31.0 ms, embedding +2.0 ms, unattributed +5.5 ms`. */
export function blameSentence(total: JudgedShift, blame: Blame): string {
  const parts = blame.phases.map((phase) => `${phase.phase} ${signedMs(phase.shift.delta)}`);
  parts.push(`unattributed ${signedMs(blame.unattributed)}`);
  return `p(${blame.p}) ${signedMs(total.delta)}, of which ${parts.join(", ")}`;
}

function totalOf(scope: ScopeComparison, blame: Blame): JudgedShift {
  return (blame.p === 50 ? scope.p50 : scope.p95)!;
}

function rows(scope: ScopeComparison): string[][] {
  const out: string[][] = [];
  for (const [name, shift] of [["p(50)", scope.p50], ["p(95)", scope.p95]] as const) {
    if (shift === undefined) continue;
    out.push([scope.scope, name, `${formatMsProse(shift.before)} → ${formatMsProse(shift.after)}`, change(shift), interval(shift), formatMsProse(shift.smallestDetectable), shift.movement]);
  }
  out.push([scope.scope, "error rate", `${formatShare(scope.errorRate.before)} → ${formatShare(scope.errorRate.after)}`, "", "", "", scope.errorRate.movement]);
  for (const phase of scope.blame.flatMap((blame) => blame.phases)) {
    const s = phase.shift;
    out.push([`${scope.scope}/phase:${phase.phase}`, `p(${s.p})`, `${formatMsProse(s.before)} → ${formatMsProse(s.after)}`, change(s), interval(s), formatMsProse(s.smallestDetectable), s.movement]);
  }
  return out;
}

const HEADER = ["scope", "stat", "baseline → now", "change", "CI", "smallest detectable", "movement"];

/** The terminal text of a sample comparison (no trailing newline). */
export function renderSampleComparisonText(comparison: SampleComparison): string {
  const lines = [
    `loadgate compare: ${comparison.verdict.toUpperCase()}  (samples of ${terminalText(comparison.current)} against ${terminalText(comparison.baseline)}; ` +
      `${intervals(comparison, "intervals")} over successful responses)`,
  ];
  for (const reason of comparison.reasons) lines.push(`  ${terminalText(reason)}`);
  for (const scope of comparison.scopes) {
    for (const blame of scope.blame) lines.push(`  ${terminalText(scope.scope)}: ${terminalText(blameSentence(totalOf(scope, blame), blame))}`);
  }
  lines.push("");
  const header = HEADER.map((cell) => (cell === "CI" ? `${level(comparison)} CI` : cell));
  lines.push(...table([header, ...comparison.scopes.flatMap(rows)], "  "));
  return lines.join("\n");
}

const MARK: Record<SampleVerdict, string> = {
  regression: "🔴 regression",
  improvement: "🟢 improvement",
  "no detectable change": "⚪ no detectable change",
  inconclusive: "🟡 inconclusive",
};

/**
 * A Markdown summary of a sample comparison sized for a pull-request comment: the verdict, each
 * scope's p(95) change with its interval and the phases it is blamed on, then the table of figures.
 */
export function renderSampleComparisonMarkdown(comparison: SampleComparison): string {
  const confidence = level(comparison);
  const out = [
    `### loadgate compare: ${MARK[comparison.verdict]}`,
    "",
    `Current run ${markdownText(comparison.current)} against baseline ${markdownText(comparison.baseline)}, ` +
      `over successful responses; ${intervals(comparison, "confidence intervals")}. A change whose interval holds 0 is *no detectable change*.`,
    "",
  ];
  for (const reason of comparison.reasons) out.push(`- ${markdownText(reason)}`);
  if (comparison.reasons.length > 0) out.push("");
  for (const scope of comparison.scopes) {
    if (scope.p95 === undefined) continue;
    out.push(`- **${markdownText(scope.scope)}**: ${markdownText(shiftSentence("p(95)", scope.p95, confidence))} — ${scope.p95.movement}; ` +
      `smallest detectable change ${markdownText(formatMsProse(scope.p95.smallestDetectable))}`);
    for (const blame of scope.blame) out.push(`  - ${markdownText(blameSentence(totalOf(scope, blame), blame))}`);
  }
  out.push("");
  const header = HEADER.map((cell) => (cell === "CI" ? `${confidence} CI` : cell));
  const body = comparison.scopes.flatMap(rows);
  out.push("<details><summary>All figures</summary>", "");
  out.push(`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`);
  for (const row of body) out.push(`| ${row.map(markdownText).join(" | ")} |`);
  out.push("", "</details>", "");
  return out.join("\n");
}
