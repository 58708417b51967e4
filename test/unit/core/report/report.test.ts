import { XMLParser } from "fast-xml-parser";
import { marked } from "marked";
import { describe, expect, test } from "vitest";
import { compareSummaries } from "../../../../lib/core/verdict/compare.ts";
import { renderReports, parseReportKinds } from "../../../../lib/core/report/files.ts";
import { renderHtml, REPORT_STYLE } from "../../../../lib/core/report/html.ts";
import { renderJson } from "../../../../lib/core/report/json.ts";
import { renderJunit } from "../../../../lib/core/report/junit.ts";
import { renderMarkdown } from "../../../../lib/core/report/markdown.ts";
import { renderText } from "../../../../lib/core/report/text.ts";
import { readdirSync, readFileSync } from "node:fs";
import type { ReportKind } from "../../../../lib/core/report/kinds.ts";
import { isMachineReadableSummary, type HandleSummaryData } from "../../../../lib/core/vocabulary/summary-data.ts";
import { expectGolden, GOLDEN } from "../../../helpers/golden.ts";
import { FIXTURES, fixture, reportOf } from "../../../helpers/summary-fixtures.ts";
import { parseSummaryReport } from "../../../../lib/core/verdict/summary-report.ts";

describe("renderers against golden files from real k6 runs", () => {
  for (const name of FIXTURES) {
    test(`${name}: text, Markdown, JUnit, JSON and HTML match their golden files`, async () => {
      const report = reportOf(fixture(name));
      await expectGolden(renderText(report), `${name}.txt`);
      await expectGolden(renderMarkdown(report), `${name}.md`);
      await expectGolden(renderJunit(report), `${name}.xml`);
      await expectGolden(renderJson(report), `${name}.json`);
      // The style sheet is the same constant in every page: checked here whole, kept out of the goldens.
      const html = renderHtml(report);
      const style = `<style>${REPORT_STYLE}</style>`;
      expect(html.split(style)).toHaveLength(2);
      await expectGolden(html.replace(style, "<style>/* REPORT_STYLE of lib/core/report/html.ts */</style>"), `${name}.html`);
    });
  }

  test("no file in the golden folder is left that no test compares with (a missing one fails its own test)", () => {
    const read = [...FIXTURES.flatMap((name) => ["txt", "md", "xml", "json", "html"].map((ext) => `${name}.${ext}`)), "with-baseline.txt"];
    expect(readdirSync(GOLDEN).filter((file) => !read.includes(file))).toEqual([]);
  });

  test("a report with a baseline comparison shows the deltas in every format", async () => {
    const report = reportOf(fixture("two-scenarios-one-broken"));
    const baseline = reportOf(fixture("healthy-with-phases"));
    const withBaseline = { ...report, comparison: compareSummaries(report, baseline) };
    await expectGolden(renderText(withBaseline), "with-baseline.txt");
    expect(renderMarkdown(withBaseline)).toContain("### Baseline: ❌ regression");
    expect(renderHtml(withBaseline)).toContain("<h2>Baseline: regression</h2>");
  });
});

describe("a run of one scenario whose latency sub-metric was not declared (plan() and reportThresholds() leave it out)", () => {
  /** handleSummary data of a real run as k6 gives it when `http_req_duration{expected_response:true,scenario:x}` has no threshold entry. */
  function undeclared(data: HandleSummaryData): HandleSummaryData {
    const own = (key: string) => /^http_req_duration\{expected_response:true,scenario:[^,}]+\}$/.test(key);
    if (isMachineReadableSummary(data)) return { ...data, results: { ...data.results, metrics: (data.results.metrics ?? []).filter((m) => !own(m.name)) } };
    return { ...data, metrics: Object.fromEntries(Object.entries(data.metrics).filter(([key]) => !own(key))) };
  }
  const ONE_SCENARIO = ["healthy-with-phases", "all-failed-fast", "all-timed-out", "aborted-on-fail", "seed-rag-profile", "machine-readable-healthy", "machine-readable-all-failed-fast"];

  for (const name of ONE_SCENARIO) {
    test(`${name}: every report says what it says with the sub-metric declared`, () => {
      const data = JSON.parse(readFileSync(new URL(`../../../fixtures/summary/${name}.json`, import.meta.url), "utf8")) as HandleSummaryData;
      const files = { files: ["json", "junit", "markdown", "html"] as ReportKind[] };
      const stripped = undeclared(data);
      expect(JSON.stringify(stripped).length).toBeLessThan(JSON.stringify(data).length);
      expect(renderReports(stripped, files)).toEqual(renderReports(data, files));
    });
  }
});

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => name === "testcase" || name === "testsuite" });

interface JunitCase { classname: string; name: string; failure?: { message: string; type?: string; "#text": string }; skipped?: { message: string } }
function parseJunit(text: string) {
  const doc = xml.parse(text) as { testsuites: { tests: string; failures: string; skipped: string; testsuite: { name: string; testcase: JunitCase[] }[] } };
  return doc.testsuites;
}

describe("renderJunit", () => {
  test("an all-failed run parses to one testcase per threshold plus the verdict, with the failures counted", () => {
    const suites = parseJunit(renderJunit(reportOf(fixture("all-failed-fast"))));
    expect([suites.tests, suites.failures, suites.skipped]).toEqual(["4", "3", "1"]);
    const cases = suites.testsuite.flatMap((s) => s.testcase);
    expect(cases.map((c) => [c.classname, c.name, c.failure ? "failure" : c.skipped ? "skipped" : "pass"])).toEqual([
      ["loadgate", "verdict", "failure"],
      ["http_req_duration{expected_response:true}", "p(95)<2000", "skipped"],
      ["http_req_failed", "rate<=0.01", "failure"],
      ["http_reqs{expected_response:true}", "count>=1", "failure"],
    ]);
    expect(cases[2]?.failure?.message).toBe("rate=100.00%, limit <= 1.00%");
    // The verdict's failure message is the first reason it failed, never a line of good news.
    expect(cases[0]?.failure?.message).toBe("FAIL: http_req_failed rate<=0.01 failed: rate was 100.00% (limit <= 1.00%)");
    expect(cases[0]?.failure?.type).toBe("fail");
  });

  test("a healthy run parses with every testcase passing", () => {
    const suites = parseJunit(renderJunit(reportOf(fixture("healthy-with-phases"))));
    // The verdict, then 9 thresholds (the preset's guards included).
    expect([suites.tests, suites.failures, suites.skipped]).toEqual(["10", "0", "0"]);
  });
});

describe("renderMarkdown", () => {
  test("the scenario and threshold tables render as HTML tables with one row per scope and threshold", () => {
    const html = marked.parse(renderMarkdown(reportOf(fixture("two-scenarios-one-broken"))), { async: false });
    const tables = html.match(/<table>[\s\S]*?<\/table>/g) ?? [];
    // scenarios (header, broken, search, all), thresholds (header and 3), checks (header and 1); no phases recorded
    const rows = (table: string) => (table.match(/<tr>/g) ?? []).length;
    expect(tables.map(rows)).toEqual([4, 4, 2]);
    const cells = (tables[0]?.match(/<td[^>]*>(.*?)<\/td>/g) ?? []).slice(0, 8).map((c) => c.replace(/<[^>]+>/g, ""));
    expect(cells).toEqual(["broken", "12", "0", "100.00%", "-", "-", "-", "51.57"]);
    expect(html).toContain("<h2>❌ loadgate: FAIL</h2>");
  });
});

describe("summary.json", () => {
  test("ok: true means passed, and the document reads back through its schema check", () => {
    const passed = parseSummaryReport(renderJson(reportOf(fixture("healthy-with-phases"))), "summary.json");
    const failed = parseSummaryReport(renderJson(reportOf(fixture("all-failed-fast"))), "summary.json");
    expect([passed.schema, passed.ok, failed.ok]).toEqual(["loadgate/summary@3", true, false]);
  });

  test("a summary.json of schema @1 still reads as a baseline, without its whole-run phase rows", () => {
    const current = JSON.parse(renderJson(reportOf(fixture("healthy-with-phases")))) as Record<string, unknown>;
    const old = { ...current, schema: "loadgate/summary@1", phases: [{ phase: "embedding", avg: 20, p95: 25 }] };
    const read = parseSummaryReport(JSON.stringify(old), "baseline.json");
    expect([read.schema, read.phases, read.run]).toEqual(["loadgate/summary@3", [], current["run"]]);
  });

  test("a file that is not a loadgate summary is refused with its name and what was found", () => {
    expect(() => parseSummaryReport('{"metrics":{}}', "old/summary-export.json")).toThrow(
      'old/summary-export.json: /schema must be "loadgate/summary@3" (a loadgate summary.json), got undefined',
    );
  });
});

describe("renderReports", () => {
  test("returns stdout and the chosen files under the report folder, as handleSummary must", () => {
    expect(Object.keys(renderReports(fixture("healthy-with-phases"), { dir: "out/run1/", files: ["json", "markdown"] }))).toEqual([
      "stdout",
      "out/run1/summary.json",
      "out/run1/summary.md",
    ]);
  });

  test("an unknown report kind is refused with the option name and the value", () => {
    expect(() => parseReportKinds("json,pdf", "REPORT_FILES")).toThrow(
      'REPORT_FILES must list report kinds from json, junit, markdown, html, got "pdf"',
    );
  });
});

describe("docs/reports-and-compare.md", () => {
  test("the summary() options table shows the defaults the code uses", async () => {
    const { readFileSync } = await import("node:fs");
    const { COMPARE_DEFAULTS, parseTolerance } = await import("../../../../lib/core/verdict/compare.ts");
    const { RENDER_REPORTS_DEFAULTS } = await import("../../../../lib/core/report/files.ts");
    const page = readFileSync(new URL("../../../../docs/reports-and-compare.md", import.meta.url), "utf8");
    const options = page.split("\n### ").find((section) => section.startsWith("`summary()` options\n"));
    expect(options, "docs/reports-and-compare.md has a '### `summary()` options' section").toBeDefined();
    const defaults: Record<string, string> = {};
    for (const line of (options ?? "").split("\n")) {
      const cells = line.split("|").map((c) => c.trim());
      const name = /^`(\w+)`$/.exec(cells[1] ?? "")?.[1];
      if (name && cells.length === 6) defaults[name] = (cells[3] ?? "").replace(/`/g, "");
    }
    const [relative, absolute] = (defaults["tolerance"] ?? "").split(", ") as [string, string];
    expect({
      dir: JSON.parse(defaults["dir"] ?? "null"),
      files: JSON.parse(defaults["files"] ?? "null"),
      stdout: JSON.parse(defaults["stdout"] ?? "null"),
      relative: parseTolerance(relative, "relative", "docs"),
      absoluteMs: parseTolerance(absolute, "absolute", "docs"),
    }).toEqual({ ...RENDER_REPORTS_DEFAULTS, relative: COMPARE_DEFAULTS.relative, absoluteMs: COMPARE_DEFAULTS.absoluteMs });
  });
});
