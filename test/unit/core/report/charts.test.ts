import { mkdirSync, readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { whereItBroke, whereTheTimeWent, type TimeScope } from "../../../../lib/core/report/charts.ts";
import { planParts, renderHtml } from "../../../../lib/core/report/html.ts";
import { askedLoad } from "../../../../lib/core/scenarios/asked-load.ts";
import { plan } from "../../../../lib/core/scenarios/plan.ts";
import { rampLadder } from "../../../../lib/core/scenarios/ramp-ladder.ts";
import { runMetricsFromSummary } from "../../../../lib/core/verdict/run-metrics.ts";
import { buildSummaryReport, parseSummaryReport, type SummaryReport } from "../../../../lib/core/verdict/summary-report.ts";
import type { SummaryData } from "../../../../lib/core/vocabulary/summary-data.ts";
import { CLEAN_LAYOUTS, launchChromium, layoutsAtPhoneAndDesktop } from "../../../helpers/browser.ts";
import { fixture, reportOf } from "../../../helpers/summary-fixtures.ts";

const OUT = new URL("../../../../test-output/", import.meta.url).pathname;
const data = (name: string) => JSON.parse(readFileSync(new URL(`../../../fixtures/${name}.json`, import.meta.url), "utf8")) as SummaryData;

/** The seed RAG profile: a real k6 run against `loadgate target --profile seed` (test/fixtures/summary/capture.mjs). */
const seed = () => buildSummaryReport(runMetricsFromSummary(data("summary/seed-rag-profile")), { phases: ["embedding", "fusion"] });
/** A real ladder run (levels 2, 6, 12 against a pool of 2, p95 < 250 ms): step 6 broke, step 12 never ran. */
const ladder = () =>
  buildSummaryReport(runMetricsFromSummary(data("ladder-step-6-fails")), {
    ladder: rampLadder({ levels: [2, 6, 12], hold: "2s", gracefulStop: "1s", abortAfter: "1s", gate: { p95: 250 } }),
  });
/**
 * summary.json of a real run of build/ramp.js (LEVELS=1,2,4,8,16 HOLD=3s P95=300 GRACEFUL_STOP=1s
 * ABORT_AFTER=1s) against `loadgate target --mode pool=2`: step 4 broke, 8 and 16 never ran; the
 * ready script keeps a scenario row per step, so each step's req/s is known.
 */
const ramp = () => parseSummaryReport(readFileSync(new URL("../../../fixtures/ramp-pool2-summary.json", import.meta.url), "utf8"), "ramp-pool2-summary.json");
/**
 * A real run of a three-part plan (load 1, peak 2, stress 6 users, 3 s each, every part gated at
 * p95 < 100 ms) against `loadgate target --mode pool=2` (test/fixtures/summary/capture.mjs): stress broke.
 */
const planFixture = () => JSON.parse(readFileSync(new URL("../../../fixtures/summary/plan-last-part-breaks.json", import.meta.url), "utf8")) as { data: SummaryData; scenarios: Parameters<typeof askedLoad>[0] };
const planRun = () => {
  const f = planFixture();
  return buildSummaryReport(runMetricsFromSummary(f.data, askedLoad(f.scenarios)));
};
/** The same run's figures as if a fourth, open-model part had been asked after stress: never reached, it has no row. */
const planMixed = () => {
  const f = planFixture();
  const asked = askedLoad({ ...f.scenarios, soak: { executor: "constant-arrival-rate", rate: 5, timeUnit: "1s", duration: "2s", startTime: "12s", preAllocatedVUs: 2 } });
  return buildSummaryReport(runMetricsFromSummary(f.data, asked));
};
/** The healthy run compared with the seed run as its baseline. */
const againstBaseline = () =>
  buildSummaryReport(runMetricsFromSummary(fixture("healthy-with-phases")), {
    phases: ["embedding", "fusion"],
    baseline: { text: JSON.stringify(seed()), source: "seed.json" },
  });

const PAGES: Record<string, () => SummaryReport> = {
  healthy: () => reportOf(fixture("healthy-with-phases")),
  "all-failed": () => reportOf(fixture("all-failed-fast")),
  "seed-rag-profile": seed,
  "ladder-breaks": ladder,
  "ramp-breaks": ramp,
  "against-baseline": againstBaseline,
  "two-scenarios": () => reportOf(fixture("two-scenarios-one-broken")),
  "plan-breaks": planRun,
  "plan-mixed-not-run": planMixed,
};

/** The scope of a figure table's rows, as [bar, ...cells]. */
const rowsOf = (table: string[][], scope: string) => table.filter((r) => r[0] === scope).map((r) => r.slice(1));

describe("where the time went", () => {
  test("the seed RAG profile reads as embedding, fusion and the time the API did not report, at p50 and p95", () => {
    const report = seed();
    const figure = whereTheTimeWent(
      report.phases.map((b): TimeScope => ({
        label: b.scope["scenario"] ?? "whole run",
        phases: b.phases.map((p) => ({ name: p.phase, stats: { ...(p.stats?.p50 === undefined ? {} : { p50: p.stats.p50 }), ...(p.stats?.p95 === undefined ? {} : { p95: p.stats.p95 }) } })),
        ...(b.server ? { server: b.server } : {}),
        ...(b.unattributed ? { unattributed: b.unattributed } : {}),
      })),
    );
    expect(figure?.table[0]).toEqual(["scope", "bar", "embedding", "fusion", "unattributed", "request"]);
    // Each cell is a part at its own percentile; the demo target sleeps exactly these times, so each is a little above.
    const parse = (cell: string | undefined) => Number(cell?.replace("ms", ""));
    for (const [bar, embedding, fusion, unattributed] of rowsOf(figure!.table, "burst")) {
      // Timers never fire early, but the header rounds to 0.1 ms and the clock reads apart by a fraction of one.
      const near = (cell: string | undefined, slept: number) => parse(cell) - slept > -1 && parse(cell) - slept < 15;
      expect([bar, near(embedding, 233.6), near(fusion, 476.8), near(unattributed, 331.6)]).toEqual([bar, true, true, true]);
    }
    expect(figure?.caption).toContain("Percentiles of parts need not add up to the whole request's");
  });

  test("report.html draws it with the request's own p50 and p95 as marks, and each part in the figures table", () => {
    const html = renderHtml(seed());
    expect(html).toContain(`<h2>Where the time went</h2>`);
    // One bar per stat for the run as a whole, which is scenario burst (drawn once), each with its mark.
    expect(html.match(/<line [^>]*stroke="currentColor" stroke-width="2"><title>/g)?.length).toBe(2);
    expect(html).toContain("whole run = scenario burst");
    expect(html.indexOf("Where the time went")).toBeLessThan(html.indexOf("<h2>Scenarios</h2>"));
  });

  test("against a baseline, the baseline's bars stand pale beside the run's", () => {
    const html = renderHtml(againstBaseline());
    const shown = ["p50 baseline", "p95 baseline", "pale bars are the baseline run&#39;s"].filter((text) => html.includes(text));
    expect(shown).toEqual(["p50 baseline", "p95 baseline", "pale bars are the baseline run&#39;s"]);
  });
});

describe("where it broke", () => {
  test("the ladder's p95 per step stands against the budget line, step 2 marked as the capacity and step 12 as never run", () => {
    const html = renderHtml(ladder());
    const figures = whereItBroke(
      [
        { label: "2", load: 2, status: "within", p95: 125.6, rps: 16 },
        { label: "6", load: 6, status: "broke", p95: 365.5, rps: 17, why: "p(95)<250" },
        { label: "12", load: 12, status: "not run" },
      ],
      { loadName: "users", budgetMs: 250, capacity: "2" },
    );
    expect(figures.map((f) => f.name)).toEqual(["broke", "throughput"]);
    expect(figures[0]?.table).toEqual([
      ["step", "users", "p95", "req/s", "outcome"],
      ["2", "2", "125.6ms", "16.00", "within gate"],
      ["6", "6", "365.5ms", "17.00", "broke: p(95)<250"],
      ["12", "12", "-", "-", "not run"],
    ]);
    expect(figures[1]?.table.slice(1).map((r) => r[3])).toEqual(["16.00", "48.00", "-"]);
    // The real run's page: the budget from its p(95)<250 threshold, the capacity and the step not run.
    expect(html).toContain("budget p95 &lt; 250 ms");
    expect(html).toContain("the green column is the capacity (step 2)");
    expect(html).toContain("hatched steps never ran");
    // handleSummary kept no per-step request rates in this run: no throughput chart is drawn from nothing.
    expect(html).not.toContain(`data-chart="throughput"`);
  });
});

test("a ramp script's report draws each step's req/s against linear scaling from step 1", () => {
  const html = renderHtml(ramp());
  expect([...html.matchAll(/data-chart="([a-z]+)"/g)].map((m) => m[1])).toEqual(["broke", "throughput", "latency", "errors"]);
  // step 1 delivered 8.33 req/s with 1 user: linear is 8.33 per user; steps 8 and 16 never ran: no bar, no line.
  const rows = [...html.matchAll(/<tr><td class="text">(\d+)<\/td><td class="text">(\d+)<\/td><td>([\d.-]+)<\/td><td>([\d.-]+)<\/td><\/tr>/g)].map((m) => m.slice(1));
  expect(rows.map((r) => [r[0], r[2] === "-" ? "-" : "measured", r[3]])).toEqual([
    ["1", "measured", "8.33"],
    ["2", "measured", "16.67"],
    ["4", "measured", "33.33"],
    ["8", "-", "-"],
    ["16", "-", "-"],
  ]);
});

describe("report.html pictures in headless Chromium, offline", () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  for (const [name, build] of Object.entries(PAGES)) {
    test(`${name}: at 390 px and 1280 px no two labels overlap and nothing scrolls sideways`, async () => {
      expect(await layoutsAtPhoneAndDesktop(browser, OUT, `report-${name}`, renderHtml(build()))).toEqual(CLEAN_LAYOUTS);
    });
  }
});

describe("where a plan broke", () => {
  test("summary.json keeps what each part asked, and report.html draws p95 per part against its users, stress broken, peak the capacity", () => {
    const report = planRun();
    expect(report.asked?.map((a) => [a.name, a.model, a.startMs, a.endMs, a.vus])).toEqual([
      ["load", "closed", 0, 3000, 1],
      ["peak", "closed", 4000, 7000, 2],
      ["stress", "closed", 8000, 11000, 6],
    ]);
    // Read back from summary.json alone.
    const html = renderHtml(parseSummaryReport(JSON.stringify(report), "summary.json"));
    expect([...html.matchAll(/data-chart="([a-z]+)"/g)].map((m) => m[1])).toEqual(["broke", "throughput", "latency", "errors"]);
    expect(html).toContain("<h2>Where it broke: the plan</h2>");
    expect(html).toContain("budget p95 &lt; 100 ms");
    expect(html).toContain("the dashed line is every part&#39;s p95 budget");
    expect(html).toContain("the green column is the capacity (part peak)");
    const table = [...html.matchAll(/<tr><td class="text">(load|peak|stress)<\/td><td class="text">([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1));
    // p95 and req/s are the run's own: the scenario rows'.
    const row = (name: string) => report.scenarios.find((r) => r.scope === name)!;
    expect(table.map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ["load", "1 user", `${row("load").p95!.toFixed(1)}ms`, "within their own thresholds"],
      ["peak", "2 users", `${row("peak").p95!.toFixed(1)}ms`, "within their own thresholds"],
      ["stress", "6 users", `${row("stress").p95!.toFixed(1)}ms`, "broke: http_req_duration p(95)&lt;100"],
    ]);
    expect(row("stress").p95).toBeGreaterThan(100);
    // Throughput against linear scaling from part load: 6 users behind a pool of 2 buy far less than 6 times.
    expect(html).toContain("linear from part load");
  });

  test("parts that run at the same time are not steps, nor is one part; a part without requests is not run", () => {
    const f = planFixture();
    const overlapping = askedLoad({ ...f.scenarios, peak: { ...f.scenarios["peak"]!, startTime: "2s" } });
    const report = buildSummaryReport(runMetricsFromSummary(f.data, overlapping));
    expect(planParts(report)).toBeUndefined();
    expect(renderHtml(report)).not.toContain(`data-chart="broke"`);
    expect(planParts(buildSummaryReport(runMetricsFromSummary(f.data, askedLoad({ load: f.scenarios["load"]! }))))).toBeUndefined();
    // A fourth part asked after stress that k6 never reached: no row, so not run, and the capacity stays peak.
    const html = renderHtml(planMixed());
    expect(html).toContain("<td class=\"text\">soak</td><td class=\"text\">5 iterations/s</td><td>-</td><td>-</td><td>not run</td>");
    expect(html).toContain("the parts ask load of different kinds (users and iterations/s), so no linear line");
    // Soak has no p95 budget of its own: no line stands for every part.
    expect(html).toContain("the parts do not share one p95 budget, so no budget line");
    expect(html).toContain("the green column is the capacity (part peak)");
  });

  test("iteration-based parts are steps when each maxDuration ends before the next part starts", () => {
    const parts = plan({ warmup: { executor: "shared-iterations", vus: 1, iterations: 5 }, burst: { executor: "per-vu-iterations", vus: 5, iterations: 4 } }, { gracefulStop: "500ms" });
    const asked = askedLoad(parts.scenarios);
    const report = { ...planRun(), asked };
    expect(planParts(report)?.map((p) => p.name)).toEqual(["warmup", "burst"]);
    // Without plan()'s shortened maxDuration, k6's 10 minutes run over the next part's start.
    const { maxDuration: _, ...unbounded } = parts.scenarios["warmup"] as { maxDuration?: string };
    expect(planParts({ ...report, asked: askedLoad({ ...parts.scenarios, warmup: unbounded as never }) })).toBeUndefined();
  });
});
