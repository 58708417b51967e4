// The pictures of a run, shared by report.html (from handleSummary's aggregates) and the analyse page
// (from the run's samples): pure functions returning inline SVG with a caption and a table of the same
// figures, so both pages look alike and every chart has a text equivalent.
import { formatMsFixed, formatShare } from "../vocabulary/units.ts";
import { markupText as esc } from "../escape/markup.ts";

/** One chart: its SVG, a caption saying what is drawn, and the drawn figures as a table (header first). */
export interface ChartFigure {
  /** `data-chart` of the SVG. */
  name: string;
  title: string;
  svg: string;
  caption: string;
  table: string[][];
}

/** A stat of the "where the time went" bars. */
export type BarStat = "p50" | "p95";

/** Percentiles of one part, ms; a stat is absent when it was not measured. */
export type StatPair = Partial<Record<BarStat, number>>;

/** One scope's parts of a request's time, for {@link whereTheTimeWent}. */
export interface TimeScope {
  /** `scenario search`, `step 4`, `whole run`. */
  label: string;
  phases: { name: string; stats: StatPair }[];
  /** The server's own total (Server-Timing `total`, else the sum of the phases). */
  server?: StatPair;
  /** Client-measured duration minus the server total. */
  unattributed?: StatPair;
  /** The request's own duration (successful responses). */
  whole?: StatPair;
  /** The same figures from the baseline run, drawn beside these. */
  baseline?: Omit<TimeScope, "label" | "baseline">;
}

/** One step of a ladder or multi-step plan, for {@link whereItBroke}. */
export interface StepFigures {
  /** `2`, `step_4`: what the axis shows under the step. */
  label: string;
  /** Users or arrival rate of the step; null when unknown. */
  load: number | null;
  status: "within" | "broke" | "not run";
  p95?: number;
  /** Requests per second while the step ran. */
  rps?: number;
  /** Why the step broke, in words. */
  why?: string;
  /** The lines under the step on the axis (a plan's part: its name, then its load), when not just its load. */
  axisLines?: string[];
  /** The step's load in the tables, when not just the number (`2 users`, `5 iterations/s`). */
  loadText?: string;
}

/** One time window of a run, for {@link howItMoved}. */
export interface TimelineWindow {
  /** Seconds from the start of the run to the window's start. */
  start: number;
  requests: number;
  errorRate: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** Active VUs (k6's `vus` gauge, its highest value in the window); null without samples. */
  vus: number | null;
}

/** A stretch of the run drawn as a band: a scenario or a step. */
export interface TimelineBand {
  label: string;
  from: number;
  to: number;
}

/** A finding marked on the timeline where it occurs, numbered as the page lists it. */
export interface TimelineMark {
  n: number;
  kind: string;
  from: number;
  to: number;
}

const W = 480;
const PHASE_COLORS = ["#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756", "#72b7b2", "#eeca3b", "#9d755d"];
const UNPHASED = "#7f7f7f";
const UNATTRIBUTED = "#c9c2bd";
const LINE = { p50: "#4c78a8", p95: "#f58518", p99: "#b279a2", vus: "#6b6b6b", errors: "#c62828", budget: "#c62828", ok: "#2e7d32" };

/** A width no text of `size` px is wider than, per character (system-ui; digits and most letters are narrower). */
function textWidth(text: string, size = 12): number {
  return text.length * size * 0.62;
}

/** `text` cut to at most `width` px, with an ellipsis; the whole text goes into the element's `<title>`. */
function fit(text: string, width: number, size = 12): string {
  const max = Math.max(1, Math.floor(width / (size * 0.62)));
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

function label(x: number, y: number, text: string, attrs = "", whole = text): string {
  const title = whole === text ? "" : `<title>${esc(whole)}</title>`;
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attrs === "" ? "" : ` ${attrs}`}>${title}${esc(text)}</text>`;
}

function niceMax(n: number): number {
  if (!(n > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  // Four ticks of a quarter each: maxima whose quarters print short.
  return [1, 2, 3, 4, 5, 6, 8, 10].map((m) => m * p).find((m) => m >= n * 1.0001) ?? 10 * p;
}

/** Tick values 0..max, four intervals. */
function ticks(max: number): number[] {
  return [0, 1, 2, 3, 4].map((i) => (max * i) / 4);
}

const num = (v: number) => String(+v.toPrecision(3));
const ms1 = (v: number | undefined) => formatMsFixed(v, 1);

function svgOpen(name: string, title: string, height: number): string {
  return `<svg class="chart" data-chart="${esc(name)}" role="img" aria-label="${esc(title)}" viewBox="0 0 ${W} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">`;
}

/**
 * A legend laid out in rows from `y`, wrapping before `W`; returns the markup and the y below it.
 * `dash` draws a line sample instead of a swatch.
 */
interface LegendItem {
  text: string;
  color: string;
  dash?: string;
  line?: boolean;
}

function legend(items: readonly LegendItem[], y: number, x0 = 0): { svg: string; y: number } {
  const parts: string[] = [];
  let x = x0;
  for (const item of items) {
    const text = fit(item.text, W - x0 - 20, 11);
    const width = 16 + textWidth(text, 11) + 14;
    if (x + width > W && x > x0) {
      x = x0;
      y += 16;
    }
    parts.push(
      item.line
        ? `<line x1="${x}" x2="${x + 12}" y1="${y - 4}" y2="${y - 4}" stroke="${item.color}" stroke-width="2"${item.dash ? ` stroke-dasharray="${item.dash}"` : ""}/>`
        : `<rect x="${x}" y="${y - 9}" width="11" height="10" fill="${item.color}"/>`,
    );
    parts.push(label(x + 16, y, text, `class="legend-text"`, item.text));
    x += width;
  }
  return { svg: parts.join(""), y: y + 10 };
}

/** The parts of one bar of {@link whereTheTimeWent}: each phase, server time in no phase, unattributed time. */
function partsAt(scope: Omit<TimeScope, "label" | "baseline">, stat: BarStat): { name: string; value: number; color: string }[] {
  const parts = scope.phases
    .filter((p) => p.stats[stat] !== undefined)
    .map((p, i) => ({ name: p.name, value: p.stats[stat] ?? 0, color: PHASE_COLORS[i % PHASE_COLORS.length]! }));
  const phased = parts.reduce((sum, p) => sum + p.value, 0);
  const server = scope.server?.[stat];
  // What the phases leave of the server total at this percentile. Under 1% of it is within what
  // percentiles of parts (and histogram buckets) differ by, and a negative remainder draws nothing.
  if (server !== undefined && server - phased > Math.max(0.05, 0.01 * server) && parts.length > 0) parts.push({ name: "(in no phase)", value: server - phased, color: UNPHASED });
  const unattributed = scope.unattributed?.[stat];
  if (unattributed !== undefined && unattributed > 0) parts.push({ name: "unattributed", value: unattributed, color: UNATTRIBUTED });
  return parts;
}

/**
 * "Where the time went": per scope, one stacked bar at p50 and one at p95 (with the baseline's beside
 * them when given): each phase at its own percentile, then the server total's percentile less the
 * phases' ("in no phase"), then the unattributed time at its own percentile; a black mark shows the
 * request's own percentile, since percentiles of parts need not add up to the whole's.
 */
export function whereTheTimeWent(scopes: readonly TimeScope[]): ChartFigure | undefined {
  const drawn = scopes.filter((s) => s.phases.some((p) => p.stats.p50 !== undefined || p.stats.p95 !== undefined));
  if (drawn.length === 0) return undefined;
  const title = "Where the time went (successful responses)";
  const bars = drawn.map((s) => ({
    scope: s,
    bars: (["p50", "p95"] as const).flatMap((stat) => [
      { label: stat, parts: partsAt(s, stat), whole: s.whole?.[stat], baseline: false },
      ...(s.baseline ? [{ label: `${stat} baseline`, parts: partsAt(s.baseline, stat), whole: s.baseline.whole?.[stat], baseline: true }] : []),
    ]).filter((b) => b.parts.length > 0),
  }));
  const names = new Map<string, string>();
  for (const b of bars.flatMap((g) => g.bars)) for (const p of b.parts) if (!names.has(p.name)) names.set(p.name, p.color);
  const items: LegendItem[] = [...names].map(([text, color]) => ({ text, color }));
  items.push({ text: "the request's own percentile", color: "currentColor", line: true });
  const head = legend(items, 14);
  const labelW = 96;
  const endRoom = 76;
  const plot = W - labelW - endRoom;
  const max = Math.max(...bars.flatMap((g) => g.bars.flatMap((b) => [b.parts.reduce((s, p) => s + p.value, 0), b.whole ?? 0])), 1);
  const x = (v: number) => labelW + (v / max) * plot;
  const parts: string[] = [head.svg];
  let y = head.y + 8;
  const rowH = 20;
  for (const group of bars) {
    parts.push(label(0, y + 12, fit(group.scope.label, W), `class="group"`, group.scope.label));
    y += rowH;
    for (const bar of group.bars) {
      parts.push(label(labelW - 6, y + 13, bar.label, `text-anchor="end"`));
      let at = labelW;
      for (const p of bar.parts) {
        const w = Math.max(0.5, (p.value / max) * plot);
        parts.push(
          `<rect x="${at.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 4}" fill="${p.color}"${bar.baseline ? ` fill-opacity="0.45"` : ""}><title>${esc(`${group.scope.label}, ${bar.label}: ${p.name} ${ms1(p.value)}`)}</title></rect>`,
        );
        const text = p.value.toFixed(p.value >= 100 ? 0 : 1);
        // Dark figures on the pale segment, white ones on the rest.
        const ink = p.color === UNATTRIBUTED ? "in-bar dark" : "in-bar";
        if (textWidth(text, 11) + 6 <= w) parts.push(label(at + w / 2, y + 13.5, text, `text-anchor="middle" class="${ink}"`));
        at += w;
      }
      let end = at;
      if (bar.whole !== undefined) {
        const wx = x(bar.whole);
        parts.push(`<line x1="${wx.toFixed(1)}" x2="${wx.toFixed(1)}" y1="${y}" y2="${y + rowH}" stroke="currentColor" stroke-width="2"><title>${esc(`${group.scope.label}: the request's ${bar.label} ${ms1(bar.whole)}`)}</title></line>`);
        end = Math.max(end, wx);
      }
      if (bar.whole !== undefined) parts.push(label(end + 4, y + 13, ms1(bar.whole)));
      y += rowH;
    }
    y += 8;
  }
  const table: string[][] = [["scope", "bar", ...names.keys(), "request"]];
  for (const g of bars) {
    for (const b of g.bars) {
      table.push([g.scope.label, b.label, ...[...names.keys()].map((n) => ms1(b.parts.find((p) => p.name === n)?.value)), ms1(b.whole)]);
    }
  }
  return {
    name: "time",
    title,
    svg: `${svgOpen("time", title, y + 4)}${parts.join("")}</svg>`,
    caption:
      "Each part is drawn at its own percentile: every phase, then (in no phase) = the server total's percentile less the phases' (when over 1% of it), " +
      "then unattributed = client-measured time less the server total (network, queueing, time the API did not report). " +
      "Percentiles of parts need not add up to the whole request's: the black mark and the figure at the end are the request's own percentile" +
      (drawn.some((s) => s.baseline) ? "; pale bars are the baseline run's." : "."),
    table,
  };
}

/** Options of {@link whereItBroke}. */
export interface WhereItBrokeOptions {
  /** What a step's load is: `users`, `requests/s`. */
  loadName: string;
  /** The gate's p95 budget, ms; no line without one. */
  budgetMs?: number;
  /** The step the capacity was found at (the highest within the gate with all below it). */
  capacity?: string;
  /** What one step is called: `step` (a ladder), `part` (a plan). @default "step" */
  step?: string;
  /** The caption's words when no capacity is marked. @default "no step was within the gate" */
  noCapacity?: string;
  /** What a step within is said to be within, in the caption and tables. @default "the gate" */
  gate?: string;
  /** Whose the budget line is, in the caption. @default "the gate's" */
  budgetOf?: string;
  /** Why no budget line, in the caption. @default "no p95 budget was given" */
  noBudget?: string;
  /** Why no linear-scaling line is drawn although the loads are known (loads of different kinds). */
  noLinear?: string;
}

/** A step's tick lines: its own, else its load when known, else its name. */
const tickOf = (s: StepFigures) => s.axisLines ?? [s.load === null ? s.label : num(s.load)];
/** A step's load in the tables. */
const loadCell = (s: StepFigures) => s.loadText ?? (s.load === null ? "-" : num(s.load));

/** The x of step `i` of `n` across the plot, and which step labels fit (every `stride`-th). */
function stepAxis(steps: readonly StepFigures[], left: number, right: number) {
  const n = steps.length;
  const column = (right - left) / n;
  const x = (i: number) => left + column * (i + 0.5);
  const widest = Math.max(...steps.flatMap((s) => tickOf(s).map((line) => textWidth(line, 11))));
  const stride = Math.max(1, Math.ceil((widest + 6) / column));
  return { x, column, stride };
}

/**
 * "Where it broke": p95 per step against the load, with the gate's budget as a line, the capacity step
 * and the steps that never ran marked; then throughput per step against linear scaling from the first step.
 */
export function whereItBroke(steps: readonly StepFigures[], options: WhereItBrokeOptions): ChartFigure[] {
  if (steps.length < 2) return [];
  const left = 52;
  const right = W - 12;
  const axis = stepAxis(steps, left, right);
  const word = options.step ?? "step";
  // Room under the plot for the tick lines and the axis name.
  const foot = 38 + 14 * (Math.max(...steps.map((s) => tickOf(s).length)) - 1);
  const ran = steps.map((s, i) => ({ s, i })).filter(({ s }) => s.status !== "not run");
  const figures: ChartFigure[] = [];

  // The shared parts: step columns, tick labels, the not-run bands, the capacity and first-broken labels.
  const frame = (chart: string, top: number, bottom: number, markRows: boolean): string[] => {
    const parts: string[] = [];
    steps.forEach((s, i) => {
      if (i % axis.stride === 0) tickOf(s).forEach((line, n) => parts.push(label(axis.x(i), bottom + 15 + 14 * n, line, `text-anchor="middle"`)));
    });
    parts.push(label((left + right) / 2, bottom + foot - 7, fit(`${options.loadName} of each ${word}`, right - left), `text-anchor="middle"`));
    let i = 0;
    while (i < steps.length) {
      if (steps[i]!.status !== "not run") {
        i++;
        continue;
      }
      const from = i;
      while (i < steps.length && steps[i]!.status === "not run") i++;
      const x0 = left + axis.column * from;
      const w = axis.column * (i - from);
      parts.push(`<rect x="${x0.toFixed(1)}" y="${top}" width="${w.toFixed(1)}" height="${bottom - top}" fill="url(#not-run-${chart})" fill-opacity="0.5"><title>not run</title></rect>`);
      if (markRows && textWidth("not run", 11) + 4 <= w) parts.push(label(x0 + w / 2, top + 28, "not run", `text-anchor="middle" class="muted"`));
    }
    const capacity = steps.findIndex((s) => s.label === options.capacity);
    if (capacity >= 0) {
      parts.push(`<rect x="${(left + axis.column * capacity).toFixed(1)}" y="${top}" width="${axis.column.toFixed(1)}" height="${bottom - top}" fill="${LINE.ok}" fill-opacity="0.12"><title>capacity</title></rect>`);
      if (markRows) parts.push(label(Math.min(Math.max(axis.x(capacity), left + 30), right - 30), top - 18, "capacity", `text-anchor="middle" class="ok"`));
    }
    const broke = steps.findIndex((s) => s.status === "broke");
    if (broke >= 0 && markRows) parts.push(label(Math.min(Math.max(axis.x(broke), left + 22), right - 22), top - 4, "broke", `text-anchor="middle" class="bad"`));
    return parts;
  };
  const pattern = (chart: string) => `<defs><pattern id="not-run-${chart}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="6" fill="#9e9e9e"/></pattern></defs>`;
  const yAxis = (top: number, bottom: number, max: number, unit: string): string[] => [
    ...ticks(max).map((v) => {
      const y = bottom - (v / max) * (bottom - top);
      return `<line x1="${left}" x2="${right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#8884" />${label(left - 5, y + 4, num(v), `text-anchor="end"`)}`;
    }),
    label(0, top - 14, unit),
  ];

  // p95 per step.
  {
    const title = `Where it broke: p95 per ${word}`;
    const head = legend(
      [
        { text: "p95 of successful responses", color: LINE.p95, line: true },
        ...(options.budgetMs === undefined ? [] : [{ text: `budget p95 < ${num(options.budgetMs)} ms`, color: LINE.budget, line: true, dash: "6 4" }]),
        ...(options.capacity === undefined ? [] : [{ text: "capacity", color: "#2e7d3240" }]),
        ...(steps.some((s) => s.status === "not run") ? [{ text: "not run", color: "url(#not-run-broke)" }] : []),
      ],
      14,
    );
    const top = head.y + 30;
    const bottom = top + 170;
    const max = niceMax(Math.max(...ran.map(({ s }) => s.p95 ?? 0), options.budgetMs ?? 0));
    const y = (v: number) => bottom - (v / max) * (bottom - top);
    const parts = [pattern("broke"), head.svg, ...yAxis(top, bottom, max, "ms"), ...frame("broke", top, bottom, true)];
    if (options.budgetMs !== undefined) {
      parts.push(`<line x1="${left}" x2="${right}" y1="${y(options.budgetMs).toFixed(1)}" y2="${y(options.budgetMs).toFixed(1)}" stroke="${LINE.budget}" stroke-width="1.5" stroke-dasharray="6 4"><title>budget p95 &lt; ${esc(num(options.budgetMs))} ms</title></line>`);
    }
    const measured = ran.filter(({ s }) => s.p95 !== undefined);
    if (measured.length > 1) {
      parts.push(`<polyline fill="none" stroke="${LINE.p95}" stroke-width="2" points="${measured.map(({ s, i }) => `${axis.x(i).toFixed(1)},${y(s.p95!).toFixed(1)}`).join(" ")}"/>`);
    }
    for (const { s, i } of measured) {
      parts.push(`<circle cx="${axis.x(i).toFixed(1)}" cy="${y(s.p95!).toFixed(1)}" r="4" fill="${s.status === "broke" ? LINE.budget : LINE.ok}"><title>${esc(`${word} ${s.label}: p95 ${ms1(s.p95)}${s.why ? `, broke: ${s.why}` : ""}`)}</title></circle>`);
    }
    figures.push({
      name: "broke",
      title,
      svg: `${svgOpen("broke", title, bottom + foot)}${parts.join("")}</svg>`,
      caption:
        `p95 of each ${word}'s successful responses against its load (${options.loadName}); ` +
        (options.budgetMs === undefined ? `${options.noBudget ?? "no p95 budget was given"}, so no budget line; ` : `the dashed line is ${options.budgetOf ?? "the gate's"} p95 budget; `) +
        `green points stayed within ${options.gate ?? "the gate"}, red ones broke ${options.gate === undefined ? "it" : "them"}` +
        (options.capacity === undefined ? `; ${options.noCapacity ?? "no step was within the gate"}` : `; the green column is the capacity (${word} ${options.capacity})`) +
        (steps.some((s) => s.status === "not run") ? `; hatched ${word}s never ran.` : "."),
      table: [
        [word, options.loadName, "p95", "req/s", "outcome"],
        ...steps.map((s) => [s.label, loadCell(s), ms1(s.p95), s.rps === undefined ? "-" : s.rps.toFixed(2), s.status === "broke" ? `broke${s.why ? `: ${s.why}` : ""}` : s.status === "within" ? `within ${options.gate ?? "gate"}` : "not run"]),
      ],
    });
  }

  // Throughput per step against linear scaling from the first step that ran.
  const first = ran.find(({ s }) => s.rps !== undefined && s.load !== null && s.load > 0);
  const withRps = ran.filter(({ s }) => s.rps !== undefined);
  if (withRps.length > 1) {
    const title = options.noLinear === undefined ? `Throughput per ${word} against linear scaling` : `Throughput per ${word}`;
    // Only where a step ran: a line over steps that never did would compare with nothing.
    const linear = (s: StepFigures) => (first && s.load !== null && s.rps !== undefined ? (first.s.rps! / first.s.load!) * s.load : undefined);
    const head = legend(
      [{ text: "measured req/s", color: LINE.p50 }, ...(first ? [{ text: `linear from ${word} ${first.s.label}`, color: "currentColor", line: true, dash: "4 3" }] : [])],
      14,
    );
    const top = head.y + 30;
    const bottom = top + 150;
    const max = niceMax(Math.max(...withRps.map(({ s }) => Math.max(s.rps!, linear(s) ?? 0))));
    const y = (v: number) => bottom - (v / max) * (bottom - top);
    const parts = [pattern("throughput"), head.svg, ...yAxis(top, bottom, max, "req/s"), ...frame("throughput", top, bottom, false)];
    const barW = Math.min(28, axis.column * 0.6);
    for (const { s, i } of withRps) {
      parts.push(`<rect x="${(axis.x(i) - barW / 2).toFixed(1)}" y="${y(s.rps!).toFixed(1)}" width="${barW.toFixed(1)}" height="${(bottom - y(s.rps!)).toFixed(1)}" fill="${LINE.p50}"><title>${esc(`${word} ${s.label}: ${s.rps!.toFixed(2)} req/s`)}</title></rect>`);
    }
    if (first) {
      const points = steps.map((s, i) => ({ v: linear(s), i })).filter((p) => p.v !== undefined);
      parts.push(`<polyline fill="none" stroke="currentColor" stroke-width="1.5" stroke-dasharray="4 3" points="${points.map((p) => `${axis.x(p.i).toFixed(1)},${y(p.v!).toFixed(1)}`).join(" ")}"/>`);
    }
    figures.push({
      name: "throughput",
      title,
      svg: `${svgOpen("throughput", title, bottom + foot)}${parts.join("")}</svg>`,
      caption: first
        ? `Requests per second each ${word} delivered (bars) against the first ${word}'s rate per unit of load, scaled to each ${word}'s load (dashed): bars below the line are throughput the extra load did not buy.`
        : `Requests per second each ${word} delivered; ${options.noLinear ?? `the load of the ${word}s is unknown`}, so no linear line.`,
      table: [
        [word, options.loadName, "req/s", "linear"],
        ...steps.map((s) => [s.label, loadCell(s), s.rps === undefined ? "-" : s.rps.toFixed(2), linear(s)?.toFixed(2) ?? "-"]),
      ],
    });
  }
  return figures;
}

/**
 * "How it moved": p50, p95 and p99 over the whole run with the scenarios or steps as bands, active VUs
 * on a second axis, the error rate in a strip below on the same time axis, and findings marked where
 * they occur.
 */
export function howItMoved(windows: readonly TimelineWindow[], bands: readonly TimelineBand[], marks: readonly TimelineMark[], windowSeconds: number): ChartFigure | undefined {
  if (windows.length === 0) return undefined;
  const title = "How it moved: latency, errors and VUs over the run";
  const left = 52;
  const right = W - 44;
  const head = legend(
    [
      { text: "p50", color: LINE.p50, line: true },
      { text: "p95", color: LINE.p95, line: true },
      { text: "p99", color: LINE.p99, line: true, dash: "6 3" },
      { text: "VUs (right axis)", color: LINE.vus, line: true, dash: "3 3" },
      { text: "errors (strip below)", color: LINE.errors },
    ],
    14,
  );
  const tEnd = Math.max(...windows.map((w) => w.start + windowSeconds), ...bands.map((b) => b.to));
  const xMax = niceMax(tEnd);
  const x = (t: number) => left + (Math.min(t, xMax) / xMax) * (right - left);

  // Marker rows: a finding goes into the first row where it does not touch another.
  const rows: { from: number; to: number }[][] = [];
  const placed = marks.map((m) => {
    const x0 = x(m.from) - 8;
    const x1 = Math.max(x(m.to), x(m.from) + 8);
    let row = rows.findIndex((r) => r.every((o) => x1 + 4 < o.from || x0 > o.to + 4));
    if (row === -1) row = rows.push([]) - 1;
    rows[row]!.push({ from: x0, to: x1 });
    return { m, row };
  });
  const markTop = head.y + 6;
  const bandTop = markTop + rows.length * 18;
  const top = bandTop + 18;
  const bottom = top + 180;
  const errTop = bottom + 30;
  const errBottom = errTop + 44;
  const yMax = niceMax(Math.max(...windows.flatMap((w) => [w.p50 ?? 0, w.p95 ?? 0, w.p99 ?? 0])));
  const vMax = niceMax(Math.max(...windows.map((w) => w.vus ?? 0)));
  const eMax = Math.min(1, niceMax(Math.max(...windows.map((w) => w.errorRate)))) || 1;
  const y = (v: number) => bottom - (v / yMax) * (bottom - top);
  const yv = (v: number) => bottom - (v / vMax) * (bottom - top);
  const parts: string[] = [head.svg];

  bands.forEach((b, i) => {
    const x0 = x(b.from);
    const w = Math.max(1, x(b.to) - x0);
    parts.push(`<rect x="${x0.toFixed(1)}" y="${bandTop}" width="${w.toFixed(1)}" height="${errBottom - bandTop}" fill="${i % 2 === 0 ? "#8882" : "#8880"}"><title>${esc(`${b.label}: ${num(b.from)}–${num(b.to)} s`)}</title></rect>`);
    const text = fit(b.label, w - 4, 11);
    if (w >= 18 && text.length >= Math.min(3, b.label.length)) parts.push(label(x0 + 2, bandTop + 12, text, `class="muted band-label"`, b.label));
  });
  for (const v of ticks(yMax)) parts.push(`<line x1="${left}" x2="${right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#8884"/>${label(left - 5, y(v) + 4, num(v), `text-anchor="end"`)}`);
  for (const v of ticks(vMax)) parts.push(label(right + 5, yv(v) + 4, num(v)));
  parts.push(label(0, top - 14, "ms"), label(right + 5, top - 14, "VUs"));
  for (const v of ticks(xMax)) parts.push(label(x(v), errBottom + 15, num(v), `text-anchor="middle"`));
  parts.push(label((left + right) / 2, errBottom + 31, "seconds from the start of the run", `text-anchor="middle"`));

  const mid = (w: TimelineWindow) => w.start + windowSeconds / 2;
  const line = (pick: (w: TimelineWindow) => number | null, scale: (v: number) => number, color: string, dash = "") => {
    const runs: string[] = [];
    let current: string[] = [];
    for (const w of windows) {
      const v = pick(w);
      if (v === null) {
        if (current.length > 0) runs.push(current.join(" "));
        current = [];
        continue;
      }
      current.push(`${x(mid(w)).toFixed(1)},${scale(v).toFixed(1)}`);
    }
    if (current.length > 0) runs.push(current.join(" "));
    return runs
      .map((points) =>
        points.includes(" ")
          ? `<polyline fill="none" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""} points="${points}"/>`
          : `<circle cx="${points.split(",")[0]}" cy="${points.split(",")[1]}" r="2.5" fill="${color}"/>`,
      )
      .join("");
  };
  parts.push(line((w) => w.vus, yv, LINE.vus, "3 3"));
  // p99 dashed: where it equals p95 (few requests in a window), the p95 line shows through.
  parts.push(line((w) => w.p50, y, LINE.p50), line((w) => w.p95, y, LINE.p95), line((w) => w.p99, y, LINE.p99, "6 3"));

  // The error strip: one column per window, 0 at its foot.
  parts.push(`<line x1="${left}" x2="${right}" y1="${errBottom}" y2="${errBottom}" stroke="#8888"/>`);
  parts.push(label(left - 5, errTop + 8, formatShare(eMax, 0), `text-anchor="end"`), label(left - 5, errBottom, "0%", `text-anchor="end"`), label(right + 5, errBottom, "errors"));
  for (const w of windows) {
    if (w.errorRate <= 0) continue;
    const h = (w.errorRate / eMax) * (errBottom - errTop);
    parts.push(`<rect x="${x(w.start).toFixed(1)}" y="${(errBottom - h).toFixed(1)}" width="${Math.max(1, x(w.start + windowSeconds) - x(w.start)).toFixed(1)}" height="${h.toFixed(1)}" fill="${LINE.errors}"><title>${esc(`${num(w.start)} s: ${formatShare(w.errorRate, 1)} of ${w.requests} failed`)}</title></rect>`);
  }

  for (const { m, row } of placed) {
    const cy = markTop + row * 18 + 8;
    const x0 = x(m.from);
    const x1 = x(m.to);
    if (x1 - x0 > 12) parts.push(`<line x1="${x0.toFixed(1)}" x2="${x1.toFixed(1)}" y1="${cy}" y2="${cy}" stroke="${LINE.errors}" stroke-width="2"/>`);
    parts.push(`<line x1="${x0.toFixed(1)}" x2="${x0.toFixed(1)}" y1="${cy}" y2="${bottom}" stroke="${LINE.errors}" stroke-width="1" stroke-dasharray="2 3"/>`);
    parts.push(`<circle cx="${x0.toFixed(1)}" cy="${cy}" r="7.5" fill="${LINE.errors}"><title>${esc(`${m.n}: ${m.kind}`)}</title></circle>`);
    parts.push(label(x0, cy + 4, String(m.n), `text-anchor="middle" class="in-bar"`));
  }
  return {
    name: "timeline",
    title,
    svg: `${svgOpen("timeline", title, errBottom + 38)}${parts.join("")}</svg>`,
    caption:
      (windows.some((w) => w.p50 !== null)
        ? `p50, p95 and p99 (dashed) of successful responses in ${num(windowSeconds)} s windows, drawn at each window's middle (left axis); `
        : `No window had a successful response, so no latency line is drawn (${num(windowSeconds)} s windows); `) +
      (windows.some((w) => w.vus !== null) ? "the most VUs k6 reported in each window (dashed, right axis); " : "the run has no samples of k6's vus gauge, so no VUs line; ") +
      "the share of requests that failed in each window (strip below)" +
      (bands.length > 0 ? "; shaded bands are the scenarios or steps" : "") +
      (marks.length > 0 ? "; numbered marks are the findings listed above, where they begin (a bar spans the stretch they cover)." : "."),
    table: [
      ["from", "requests", "errors", "p50", "p95", "p99", "VUs"],
      ...windows.map((w) => [`${num(w.start)}s`, String(w.requests), formatShare(w.errorRate, 1), ms1(w.p50 ?? undefined), ms1(w.p95 ?? undefined), ms1(w.p99 ?? undefined), w.vus === null ? "-" : num(w.vus)]),
    ],
  };
}

/** One bar of {@link barChart}: stacked segments, left to right. */
export interface Bar {
  label: string;
  segments: { value: number; color: string; title: string }[];
}

/** A horizontal bar chart in a `<figure>`: one row per bar, groups of bars under their label, the total at each bar's end. */
export function barChart(name: string, title: string, groups: readonly { label: string; bars: readonly Bar[] }[], max: number, unit: (v: number) => string): string {
  const labelWidth = 110;
  const plot = W - labelWidth - 70;
  const rowHeight = 18;
  let y = 8;
  const parts: string[] = [];
  for (const group of groups) {
    // A group's label has its own line: beside the bars' labels, a long one ran over them.
    if (group.label !== "") {
      parts.push(label(0, y + 12, fit(group.label, W), `class="group"`, group.label));
      y += rowHeight;
    }
    for (const bar of group.bars) {
      let x = labelWidth;
      parts.push(label(labelWidth - 6, y + 13, fit(bar.label, labelWidth - 6), `text-anchor="end"`, bar.label));
      let total = 0;
      for (const seg of bar.segments) {
        const w = max > 0 ? Math.max(seg.value > 0 ? 1 : 0, (seg.value / max) * plot) : 0;
        parts.push(`<rect x="${x.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowHeight - 4}" fill="${seg.color}"><title>${esc(seg.title)}</title></rect>`);
        x += w;
        total += seg.value;
      }
      const end = unit(total);
      if (end !== "") parts.push(label(x + 4, y + 13, end));
      y += rowHeight;
    }
    y += 6;
  }
  return `<figure><figcaption>${esc(title)}</figcaption>${svgOpen(name, title, y + 4)}${parts.join("")}</svg></figure>`;
}

/** A table whose first `textColumns` columns are left-aligned and the numbers right-aligned, in a sideways-scrolling box. */
export function htmlTable(rows: readonly (readonly string[])[], textColumns = 1): string {
  const [head, ...body] = rows;
  if (!head) return "";
  const align = (i: number) => (i < textColumns ? ` class="text"` : "");
  return `<div class="scroll"><table><thead><tr>${head.map((h, i) => `<th${align(i)}>${esc(h)}</th>`).join("")}</tr></thead><tbody>${body
    .map((row) => `<tr>${row.map((c, i) => `<td${align(i)}>${esc(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table></div>`;
}

/** A chart as a `<figure>`: title, the SVG, the caption, and its figures as a table under a disclosure. */
export function figureHtml(figure: ChartFigure): string {
  return `<figure data-figure="${esc(figure.name)}"><figcaption>${esc(figure.title)}</figcaption>${figure.svg}<p class="caption">${esc(figure.caption)}</p><details><summary>The figures drawn, as a table</summary>${htmlTable(figure.table, 2)}</details></figure>`;
}

/** The style sheet both pages share: report.html and the analyse page look alike. */
export const PAGE_STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--muted:#666;--line:#ddd;--pass:#2e7d32;--fail:#c62828;--warn:#b26a00}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#161616;--muted:#aaa;--line:#333}}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:960px;padding:16px;overflow-wrap:anywhere}
h1{font-size:1.6em;margin:.2em 0}.verdict.pass{color:var(--pass)}.verdict.fail{color:var(--fail)}.verdict.inconclusive{color:var(--warn)}
ul.reasons{padding-left:1.2em}.note,.cause.inconclusive,.cause.warning{color:var(--warn)}.cause.fail,.finding{color:var(--fail)}.fix{color:var(--muted)}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:right;white-space:nowrap}th.text,td.text{text-align:left}
figure{margin:16px 0}figcaption{font-weight:600;margin-bottom:4px}svg.chart{display:block;max-width:600px;height:auto;font-size:12px;fill:var(--fg);color:var(--fg)}
svg .group{font-weight:600}svg .legend-text,svg .band-label{font-size:11px}svg .in-bar{fill:#fff;font-size:11px}svg .in-bar.dark{fill:#1b1b1b}svg .muted{fill:var(--muted)}svg .ok{fill:var(--pass)}svg .bad{fill:var(--fail)}
.caption,.legend,.empty,footer,details{color:var(--muted);font-size:.9em}details summary{cursor:pointer}
`;
