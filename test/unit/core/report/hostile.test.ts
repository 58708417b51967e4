// Every renderer given a report whose every string from outside loadgate (scenario, phase and check
// names, metric keys and expressions, reasons and notes quoting them, runner files, baseline scopes)
// carries hostile text: each shows the text as data, and no line, cell, heading, element or script
// of its own comes from it. test/integration/hostile-text.test.ts does the same on a real k6 run.
import { SaxesParser } from "saxes";
import { marked } from "marked";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { rampLadder } from "../../../../lib/core/scenarios/ramp-ladder.ts";
import { compareSummaries } from "../../../../lib/core/verdict/compare.ts";
import { ladderResult } from "../../../../lib/core/verdict/ladder.ts";
import type { SummaryReport } from "../../../../lib/core/verdict/summary-report.ts";
import type { SummaryData } from "../../../../lib/core/vocabulary/summary-data.ts";
import { renderHtml } from "../../../../lib/core/report/html.ts";
import { renderJson } from "../../../../lib/core/report/json.ts";
import { renderJunit } from "../../../../lib/core/report/junit.ts";
import { renderMarkdown } from "../../../../lib/core/report/markdown.ts";
import { renderText } from "../../../../lib/core/report/text.ts";
import { renderPhaseBreakdown } from "../../../../lib/core/phases/breakdown.ts";
import { asShown, launchChromium, openHtml } from "../../../helpers/browser.ts";
import { HOSTILE, HOSTILE_STRINGS, shownAs, TERMINAL_CONTROLS } from "../../../helpers/hostile.ts";
import { fixture, reportOf } from "../../../helpers/summary-fixtures.ts";

/** Strings of the model that are loadgate's own words from a fixed set, not text from outside. */
const OWN = new Set(["schema", "stat", "operator", "unit", "inferredType", "movement", "verdict", "status", "code", "metric"]);
/** Every hostile string but the long one, in one: each string from outside gets all of them. */
const MIX = HOSTILE_STRINGS.filter((s) => s !== HOSTILE.long).join(" ");

/**
 * The report with ` <every hostile string>` after each string from outside loadgate. A ladder's `text`
 * is left as ladderResult wrote it from a hostile threshold key (see fullReport).
 */
function hostile<T>(value: T, key = ""): T {
  if (typeof value === "string") return (OWN.has(key) || key === "text" ? value : `${value} ${MIX}`) as T;
  if (Array.isArray(value)) return value.map((v) => hostile(v, key)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hostile(v, k)])) as T;
  }
  return value;
}

/** A report with every part a renderer can show: scenarios, phases, a ladder, runners, a baseline, checks. */
function fullReport(): SummaryReport {
  const report = reportOf(fixture("healthy-with-phases"));
  const ladderData = JSON.parse(readFileSync(new URL("../../../fixtures/ladder-step-6-fails.json", import.meta.url), "utf8")) as SummaryData;
  // A failing threshold of step 6 whose key holds every hostile string: the ladder's text names it.
  const failing = { type: "trend", contains: "time", values: { "p(95)": 300 }, thresholds: { "p(95)<1": { ok: false } } } as const;
  ladderData.metrics[`http_req_duration{step:6,hostile:${MIX}}`] = failing;
  const ladder = rampLadder({ levels: [2, 6, 12], hold: "2s", gracefulStop: "1s", abortAfter: "1s", gate: { p95: 250 } });
  return {
    ...report,
    verdict: "fail",
    ok: false,
    causes: [...report.causes, { code: "threshold-failed", verdict: "fail", text: "a gate failed", fix: "change what broke it" }],
    ladder: ladderResult(ladderData, ladder),
    runners: [{ file: "runner-1.json.gz", requests: 10, failedRequests: 2, ok: false, failed: ["http_req_failed rate<=0.01"] }],
    comparison: compareSummaries(report, reportOf(fixture("two-scenarios-one-broken"))),
    checks: [...report.checks, { name: HOSTILE.long, passes: 1, fails: 2 }],
  };
}

const plain = fullReport();
const report = hostile(plain);
/** Hostile text as a report shows it: every string but the long one, which only a check name holds. */
const SHOWN = HOSTILE_STRINGS.map(shownAs);
const SHOWN_MIX = SHOWN.filter((s) => s !== HOSTILE.long);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/** The ANSI colours renderText writes itself. */
const OWN_COLOURS = /\u001b\[(?:32|31|33|1|0)m/g;

describe("the terminal summary", () => {
  test("shows every hostile string with its controls written out, and has one verdict line, FAIL, with or without colour", () => {
    for (const color of [false, true]) {
      const text = renderText(report, { color, files: [`reports/${MIX}.json`] });
      const uncoloured = color ? text.replace(OWN_COLOURS, "") : text;
      expect(uncoloured).toBe(renderText(report, { files: [`reports/${MIX}.json`] }));
      expect(uncoloured.match(TERMINAL_CONTROLS)).toBeNull();
      expect(uncoloured.split("\n").filter((line) => /^\s*loadgate verdict:/.test(line))).toEqual(["  loadgate verdict: FAIL"]);
      for (const shown of SHOWN) expect(uncoloured).toContain(shown);
    }
  });

  test("lays out the same sections and lines as the report without hostile text", () => {
    const lines = (r: SummaryReport) => renderText(r).split("\n").map((line) => (/^\s*█/.test(line) ? line : line === "" ? "" : "·"));
    expect(lines(report)).toEqual(lines(plain));
  });

  test("renderPhaseBreakdown, which k6 scripts print themselves, writes out controls in phase and tag names", () => {
    const text = renderPhaseBreakdown(report.phases);
    expect(text.match(TERMINAL_CONTROLS)).toBeNull();
    expect(text.split("\n").length).toBe(renderPhaseBreakdown(plain.phases).split("\n").length);
    for (const shown of SHOWN_MIX) expect(text).toContain(shown);
  });
});

describe("summary.md rendered as GitHub would (marked), in Chromium", () => {
  test("runs no script, adds no element, heading, list item or table cell, and shows every hostile string", async () => {
    const markdown = renderMarkdown(report);
    expect(markdown.match(TERMINAL_CONTROLS)).toBeNull();
    const page = await openHtml(browser, marked.parse(markdown, { async: false }));
    const expected = await openHtml(browser, marked.parse(renderMarkdown(plain), { async: false }));
    expect({ dialogs: page.dialogs, errors: page.errors, requests: page.requests, active: page.active, handlers: page.handlers }).toEqual({
      dialogs: [],
      errors: [],
      requests: [],
      active: {},
      handlers: [],
    });
    expect(page.headings.length).toBe(expected.headings.length);
    expect(page.headings[0]).toBe("❌ loadgate: FAIL");
    expect(page.tables).toEqual(expected.tables);
    expect((markdown.match(/^- /gm) ?? []).length).toBe((renderMarkdown(plain).match(/^- /gm) ?? []).length);
    for (const shown of SHOWN) expect(page.text).toContain(asShown(shown));
  });
});

describe("report.html in Chromium", () => {
  test("runs no script, adds no element, heading or table cell, and shows every hostile string", async () => {
    const page = await openHtml(browser, renderHtml(report));
    const expected = await openHtml(browser, renderHtml(plain));
    expect([page.dialogs, page.errors, page.requests, page.handlers]).toEqual([[], [], [], []]);
    expect([page.active, page.headings.length, page.tables]).toEqual([expected.active, expected.headings.length, expected.tables]);
    for (const shown of SHOWN) expect(page.text).toContain(asShown(shown));
  });
});

describe("junit.xml", () => {
  test("parses with a strict XML 1.0 parser, and its threshold testcases name the metric and expression as shown", () => {
    const names: string[] = [];
    const parser = new SaxesParser();
    parser.on("opentag", (tag) => {
      if (tag.name === "testcase") names.push(`${String(tag.attributes["classname"])} ${String(tag.attributes["name"])}`);
    });
    parser.write(renderJunit(report)).close();
    const thresholds = report.thresholds.map((t) => `${shownAs(t.metric)} ${shownAs(t.expression)}`);
    expect(names).toEqual(["loadgate verdict", "loadgate baseline comparison", ...thresholds]);
  });
});

describe("summary.json", () => {
  test("keeps every string exactly: JSON is data, read back by loadgate compare", () => {
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });
});
