import { formatMsProse as ms, formatShare } from "../../core/vocabulary/units.ts";
import { markdownParagraph, markdownText } from "../../core/escape/markdown.ts";
import { markupText as esc } from "../../core/escape/markup.ts";
import { terminalText } from "../../core/escape/terminal.ts";
import { figureHtml, howItMoved, htmlTable, PAGE_STYLE, whereItBroke, whereTheTimeWent, type ChartFigure, type StatPair } from "../../core/report/charts.ts";
import { describeScope, type Analysis, type Finding, type Latency, type ScopeReport } from "./analyse.ts";
import { phaseLabel } from "../../core/phases/breakdown.ts";

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

// ---------- HTML: the same charts and style sheet as report.html ----------

const pair = (l: Latency | null): StatPair => ({ ...(l?.p50 == null ? {} : { p50: l.p50 }), ...(l?.p95 == null ? {} : { p95: l.p95 }) });

/** The scope a finding names, by its `describeScope` words; a capacity finding is at the step outside the gate, a knee where scaling stopped. */
function findingScope(a: Analysis, f: Finding): ScopeReport | undefined {
  if (f.kind === "capacity" || f.kind === "knee") {
    const at = f.kind === "capacity" ? a.ladder?.brokeAt : a.ladder?.kneeAt;
    const step = a.ladder?.steps.find((s) => s.step === at);
    return a.scopes.find((s) => s.step === step?.step && s.scenario === step?.scenario);
  }
  return a.scopes.find((s) => describeScope(s.scenario, s.step) === f.scope);
}

/** The charts of the analysis: how it moved, where the time went, where a ladder broke. */
function analysisFigures(a: Analysis): { heading: string; figures: ChartFigure[] }[] {
  const sections: { heading: string; figures: ChartFigure[] }[] = [];
  const bands = a.scopes.length > 1 ? a.scopes.map((s) => ({ label: s.step === null ? s.scenario : `step ${s.step}`, from: s.start, to: s.end })) : [];
  const marks = a.findings.flatMap((f, i) => {
    const scope = findingScope(a, f);
    if (!scope) return [];
    // A cold start is where its scope begins; the rest cover their scope's stretch.
    return [{ n: i + 1, kind: f.kind, from: scope.start, to: f.kind === "cold-start" ? scope.start : scope.end }];
  });
  const timeline = howItMoved(
    a.timeline.map((w) => ({ start: w.start, requests: w.requests, errorRate: w.errorRate, p50: w.latency.p50, p95: w.latency.p95, p99: w.latency.p99, vus: w.vus })),
    bands,
    marks,
    a.windowMs / 1000,
  );
  if (timeline) sections.push({ heading: "How it moved", figures: [timeline] });
  const time = whereTheTimeWent(
    a.scopes.map((s) => ({
      label: describeScope(s.scenario, s.step),
      phases: s.phases.map((p) => ({ name: phaseLabel(p.phase), stats: { p50: p.p50, p95: p.p95 } })),
      ...(s.server ? { server: pair(s.server) } : {}),
      ...(s.unattributed ? { unattributed: pair(s.unattributed) } : {}),
      whole: pair(s.latency),
    })),
  );
  if (time) sections.push({ heading: "Where the time went", figures: [time] });
  if (a.ladder) {
    sections.push({
      heading: "Where it broke",
      figures: whereItBroke(
        a.ladder.steps.map((s) => ({
          label: s.step,
          load: s.users ?? s.level,
          status: s.broke === null ? "within" : "broke",
          ...(s.p95 === null ? {} : { p95: s.p95 }),
          rps: s.rps,
          ...(s.broke === null ? {} : { why: s.broke }),
        })),
        {
          loadName: a.ladder.steps.every((s) => s.users === null) ? "level" : "users",
          ...(a.p95Ms === null ? {} : { budgetMs: a.p95Ms }),
          ...(a.ladder.highestWithinGate === null ? {} : { capacity: a.ladder.highestWithinGate }),
        },
      ),
    });
  }
  return sections;
}

/**
 * A self-contained HTML page (no scripts, no network), in report.html's look: findings in words, then
 * how the run moved, where the time went, where a ladder broke, each chart with its figures as a table,
 * then the tables.
 */
export function renderAnalysisHtml(a: Analysis): string {
  const findings =
    a.findings.length === 0
      ? `<p>No findings: no degradation, cold start, step outside the gate, throughput knee, fast failures or dropped iterations.</p>`
      : `<ol class="reasons">${a.findings.map((f) => `<li class="finding"><b>${esc(f.kind)}</b> (${esc(f.scope)}): ${esc(f.message)}</li>`).join("")}</ol>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>loadgate analyse: ${esc(a.read.file)}</title><style>${PAGE_STYLE}</style></head>
<body>
<header><h1>loadgate analyse</h1>
<p>${esc(heading(a))}</p>
${readNotes(a).map((n) => `<p class="note">${esc(n)}</p>`).join("\n")}
<h2>Findings</h2>
${findings}</header>
${analysisFigures(a).map((s) => `<section><h2>${esc(s.heading)}</h2>${s.figures.map(figureHtml).join("")}</section>`).join("\n")}
<section><h2>Scenarios and steps</h2>${htmlTable([SCOPE_HEAD, ...scopeRows(a)], 2)}</section>
${a.ladder ? `<section><h2>Ladder</h2>${htmlTable([LADDER_HEAD, ...ladderRows(a)])}</section>` : ""}
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
