import { comparisonRows, formatTolerance } from "../verdict/compare.ts";
import type { ScopeRow } from "../verdict/verdict.ts";
import { describeLadderStep } from "../verdict/ladder.ts";
import { distinctBreakdowns, phaseBreakdownHeading, phaseBreakdownRows, phaseLabel, phaseScopeLabel } from "../phases/breakdown.ts";
import { scopeTable } from "./text.ts";
import { barChart, figureHtml, htmlTable, PAGE_STYLE, whereItBroke, whereTheTimeWent, type StatPair, type StepFigures, type TimeScope } from "./charts.ts";
import { parseMetricName } from "../vocabulary/metric-key.ts";
import { parseThresholdExpression } from "../vocabulary/threshold-grammar.ts";
import { formatMs, formatShare, formatValue } from "../vocabulary/units.ts";
import { markupText as esc } from "../escape/markup.ts";
import type { SummaryReport } from "../verdict/summary-report.ts";
import type { AskedScenario } from "../scenarios/asked-load.ts";

const COLORS = { p50: "#4c78a8", p95: "#f58518", p99: "#b279a2", ok: "#2e7d32", failed: "#c62828" };

function latencyChart(report: SummaryReport, rows: readonly ScopeRow[]): string {
  const measured = rows.filter((r) => r.p50 !== undefined || r.p95 !== undefined || r.p99 !== undefined);
  if (measured.length === 0) {
    // Successes without their latency: k6 left out the sub-metric, which is not "none succeeded".
    return rows.some((r) => r.successes > 0)
      ? `<p class="empty">No latency chart: k6's summary holds no latency of the successful responses (it keeps <code>http_req_duration{expected_response:true}</code> only where a threshold names it).</p>`
      : `<p class="empty">No latency chart: no successful responses were measured.</p>`;
  }
  const old = (r: ScopeRow, k: "p50" | "p95" | "p99") => baselineOf(report, r === report.run ? "run" : `scenario:${r.scope}`, k);
  const max = Math.max(...measured.flatMap((r) => (["p50", "p95", "p99"] as const).flatMap((k) => [r[k] ?? 0, old(r, k) ?? 0])));
  const groups = measured.map((r) => ({
    label: r.scope,
    bars: (["p50", "p95", "p99"] as const).flatMap((k) => {
      if (r[k] === undefined) return [];
      const now = { label: k, segments: [{ value: r[k] ?? 0, color: COLORS[k], title: `${r.scope} ${k} ${formatMs(r[k])}` }] };
      const before = old(r, k);
      return before === undefined ? [now] : [now, { label: `${k} baseline`, segments: [{ value: before, color: `${COLORS[k]}73`, title: `${r.scope} ${k} in the baseline ${formatMs(before)}` }] }];
    }),
  }));
  return barChart("latency", `Latency of successful responses (p50, p95, p99)${report.comparison ? ", the baseline's pale beside" : ""}`, groups, max, formatMs);
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

/** The baseline's value of `metric` in `scope`, when the run was compared with one. */
function baselineOf(report: SummaryReport, scope: string, metric: string): number | undefined {
  const cmp = report.comparison;
  // A scope the comparison folded into the run's (a run of one scenario) has the run's figures.
  return cmp?.deltas.find((d) => (d.scope === scope || (cmp.same?.[d.scope] ?? []).includes(scope)) && d.metric === metric)?.old;
}

function statPair(get: (stat: "p50" | "p95") => number | undefined): StatPair {
  const pair: StatPair = {};
  for (const stat of ["p50", "p95"] as const) {
    const v = get(stat);
    if (v !== undefined) pair[stat] = v;
  }
  return pair;
}

/** The phase breakdowns as "where the time went" scopes, with the baseline's figures when compared. */
function timeScopes(report: SummaryReport): TimeScope[] {
  return distinctBreakdowns(report.phases).map((b) => {
    const scenario = b.scope["scenario"];
    const whole = scenario === undefined ? (Object.keys(b.scope).length === 0 ? report.run : undefined) : report.scenarios.find((r) => r.scope === scenario);
    const prefix = scenario === undefined ? "" : `scenario:${scenario}/`;
    const measured = b.phases.filter((p) => p.stats !== undefined);
    const scope: TimeScope = {
      label: [phaseScopeLabel(b) || "whole run", ...(b.same ?? []).map((s) => phaseScopeLabel({ scope: s }))].join(" = "),
      phases: measured.map((p) => ({ name: phaseLabel(p.phase), stats: statPair((k) => p.stats?.[k]) })),
      ...(b.server ? { server: statPair((k) => b.server?.[k]) } : {}),
      ...(b.unattributed ? { unattributed: statPair((k) => b.unattributed?.[k]) } : {}),
      ...(whole ? { whole: statPair((k) => whole[k]) } : {}),
    };
    if (report.comparison) {
      const old = (name: string) => statPair((k) => baselineOf(report, `${prefix}${name}`, k));
      const phases = measured.map((p) => ({ name: phaseLabel(p.phase), stats: old(`phase:${p.phase}`) }));
      if (phases.some((p) => p.stats.p50 !== undefined || p.stats.p95 !== undefined)) {
        scope.baseline = {
          phases,
          server: old("phase:server total"),
          unattributed: old("phase:unattributed"),
          whole: statPair((k) => baselineOf(report, scenario === undefined ? "run" : `scenario:${scenario}`, k)),
        };
      }
    }
    return scope;
  });
}

/** The p95 budget of a ladder's steps: the `p(95)<N` threshold on their successful responses' duration. */
function stepBudget(report: SummaryReport): number | undefined {
  for (const t of report.thresholds) {
    const { name, tags } = parseMetricName(t.metric);
    if (name !== "http_req_duration" || tags["step"] === undefined) continue;
    const parsed = parseThresholdExpression(t.expression);
    if (typeof parsed !== "string" && parsed.method === "p(95)" && (parsed.operator === "<" || parsed.operator === "<=")) return parsed.value;
  }
  return undefined;
}

/** The ladder's steps as "where it broke" charts; throughput from each step's scenario row, when the run kept one. */
function ladderCharts(report: SummaryReport): string {
  const ladder = report.ladder;
  if (!ladder) return "";
  const steps: StepFigures[] = ladder.steps.map((s) => {
    const row = report.scenarios.find((r) => r.scope === s.scenario);
    const p95 = s.latency["p(95)"];
    return {
      label: String(s.level),
      load: s.level,
      status: s.status === "not run" ? "not run" : s.status === "failed" ? "broke" : "within",
      ...(s.status !== "not run" && p95 !== undefined ? { p95 } : {}),
      ...(s.status !== "not run" && row ? { rps: row.throughput } : {}),
      ...(s.status === "failed" && s.failed.length > 0 ? { why: s.failed.join("; ") } : {}),
    };
  });
  const budgetMs = stepBudget(report);
  // The ladder's first line names its load: "2 concurrent users" or "5 requests/s".
  const loadName = /request/.test(ladder.text.split("\n")[0] ?? "") ? "requests/s" : "users";
  return whereItBroke(steps, {
    loadName,
    ...(budgetMs === undefined ? {} : { budgetMs }),
    ...(ladder.capacity === undefined ? {} : { capacity: String(ladder.capacity) }),
  })
    .map(figureHtml)
    .join("");
}

/** A plan part's p95 budget: a `p(95)<N` threshold on its successful responses' duration. */
function partBudget(report: SummaryReport, part: string): number | undefined {
  for (const t of report.thresholds) {
    const { name, tags } = parseMetricName(t.metric);
    if (name !== "http_req_duration" || tags["scenario"] !== part || tags["expected_response"] !== "true") continue;
    const parsed = parseThresholdExpression(t.expression);
    if (typeof parsed !== "string" && parsed.method === "p(95)" && (parsed.operator === "<" || parsed.operator === "<=")) return parsed.value;
  }
  return undefined;
}

/**
 * The parts of a plan run one after another, in start order: two or more scenarios with what they
 * asked known, each starting at or after the end of the one before (its duration, or an
 * iteration-based part's `maxDuration`). Undefined when parts run at the same time: they are not steps.
 */
export function planParts(report: SummaryReport): AskedScenario[] | undefined {
  const asked = [...(report.asked ?? [])].sort((a, b) => a.startMs - b.startMs);
  if (asked.length < 2) return undefined;
  for (let i = 1; i < asked.length; i++) {
    const before = asked[i - 1]!;
    const end = before.endMs ?? before.maxEndMs;
    if (end === undefined || end > asked[i]!.startMs) return undefined;
  }
  return asked;
}

/** Iterations per second an open-model part asked, on average over its duration. */
function arrivalRate(part: AskedScenario): number | undefined {
  const seconds = ((part.endMs ?? part.startMs) - part.startMs) / 1000;
  return part.iterations === undefined || seconds <= 0 ? undefined : part.iterations / seconds;
}

const loadUnit = (model: AskedScenario["model"]) => (model === "closed" ? "users" : "iterations/s");

/**
 * A plan's parts (scenarios run one after another) as "where it broke" charts: p95 per part against
 * the load it asked, parts with a failed threshold of their own as broken, parts without a request as
 * not run, the capacity the last part before the first broken one. Not for a ladder (drawn apart).
 */
function planCharts(report: SummaryReport): string {
  const parts = report.ladder ? undefined : planParts(report);
  if (!parts) return "";
  const oneModel = parts.every((p) => p.model === parts[0]!.model);
  const steps: StepFigures[] = parts.map((part) => {
    const row = report.scenarios.find((r) => r.scope === part.name);
    const load = part.model === "closed" ? part.vus : arrivalRate(part);
    const loadText = load === undefined ? "-" : `${+load.toPrecision(3)} ${load === 1 && part.model === "closed" ? "user" : loadUnit(part.model)}`;
    const failed = report.thresholds.filter((t) => !t.ok && parseMetricName(t.metric).tags["scenario"] === part.name);
    const ran = row !== undefined && row.requests > 0;
    return {
      label: part.name,
      load: oneModel && load !== undefined ? load : null,
      status: !ran ? "not run" : failed.length > 0 ? "broke" : "within",
      ...(ran && row.p95 !== undefined ? { p95: row.p95 } : {}),
      // A part with a duration: its requests over it; an iteration-based one has no duration to divide by.
      ...(ran && part.endMs !== undefined ? { rps: row.throughput } : {}),
      ...(failed.length > 0 ? { why: failed.map((t) => `${parseMetricName(t.metric).name} ${t.expression}`).join("; ") } : {}),
      axisLines: [part.name, oneModel ? (load === undefined ? "-" : String(+load.toPrecision(3))) : loadText],
      loadText,
    };
  });
  const budgets = new Set(parts.map((p) => partBudget(report, p.name)));
  const budgetMs = budgets.size === 1 ? [...budgets][0] : undefined;
  const broke = steps.findIndex((s) => s.status === "broke");
  const capacity = broke > 0 ? steps.slice(0, broke).reverse().find((s) => s.status === "within") : undefined;
  const checked = report.thresholds.some((t) => parts.some((p) => parseMetricName(t.metric).tags["scenario"] === p.name));
  return whereItBroke(steps, {
    step: "part",
    gate: checked ? "their own thresholds" : "their own thresholds (no threshold names a part)",
    // An arrival-rate part is drawn at the average rate it asked over its duration (a ramp's too).
    loadName: oneModel ? (parts[0]!.model === "closed" ? "users" : "iterations/s, each part's average") : "load: users, or iterations/s on average",
    ...(budgetMs === undefined ? {} : { budgetMs }),
    budgetOf: "every part's",
    noBudget: budgets.size === 1 ? "no part has a p95 budget of its own" : "the parts do not share one p95 budget",
    ...(capacity === undefined ? {} : { capacity: capacity.label }),
    noCapacity:
      broke === 0
        ? "the first part broke, so no capacity is marked"
        : broke > 0
          ? "no part before the first broken one stayed within its thresholds"
          : checked
            ? "no part broke its own thresholds, so no capacity is marked (it is above the largest load asked)"
            : "no threshold names a part, so none is marked broken and no capacity is marked",
    ...(oneModel ? {} : { noLinear: "the parts ask load of different kinds (users and iterations/s)" }),
  })
    .map(figureHtml)
    .join("");
}

/** The page's style sheet, one for every report.html (the golden files hold it once, through this constant). */
export const REPORT_STYLE = PAGE_STYLE;


/**
 * The HTML report: one self-contained page (inline CSS and SVG, no scripts, no network) with the
 * verdict and its reasons in words on top, then where the time went (phases), where a ladder broke,
 * latency and error share per scenario (the baseline's beside them when compared), and every table.
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
  const time = whereTheTimeWent(timeScopes(report));
  const plan = planCharts(report);
  const body = [
    `<header><h1 class="verdict ${report.verdict}">loadgate: ${verdict}</h1>`,
    `<ul class="reasons">${causes.join("")}${report.reasons.map((r) => `<li>${esc(r)}</li>`).join("")}${report.notes.map((n) => `<li class="note">${esc(n)}</li>`).join("")}</ul></header>`,
    (time ? `<section><h2>Where the time went</h2>${figureHtml(time)}</section>` : "") +
    (report.ladder
      ? `<section><h2>Where it broke: the ladder</h2>${report.ladder.text
          .split("\n")
          .map((line) => `<p><strong>${esc(line)}</strong></p>`)
          .join("")}${ladderCharts(report)}<ul>${report.ladder.steps.map((s) => `<li>${esc(describeLadderStep(s))}</li>`).join("")}</ul></section>`
      : ""),
    (plan ? `<section><h2>Where it broke: the plan</h2>${plan}</section>` : "") +
    `<section><h2>Scenarios</h2>${htmlTable(scopeTable(rows))}${latencyChart(report, rows)}${errorChart(rows)}</section>`,
    report.phases.length > 0
      ? `<section><h2>Phases</h2>${distinctBreakdowns(report.phases)
          .map((b) => {
            const [head, ...rows] = phaseBreakdownRows(b);
            return `<p>${esc(phaseBreakdownHeading(b))}.</p>${htmlTable([["phase", ...(head ?? []).slice(1)], ...rows])}`;
          })
          .join("")}</section>`
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
