import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { renderReportFiles, renderReports } from "../../../../lib/core/report/files.ts";
import { renderHtml } from "../../../../lib/core/report/html.ts";
import { renderJunit } from "../../../../lib/core/report/junit.ts";
import { renderMarkdown } from "../../../../lib/core/report/markdown.ts";
import type { SummaryReport } from "../../../../lib/core/verdict/summary-report.ts";
import type { HandleSummaryData } from "../../../../lib/core/vocabulary/summary-data.ts";
import { fixture, reportOf } from "../../../helpers/summary-fixtures.ts";

const ALL = ["reports/summary.json", "reports/junit.xml", "reports/summary.md", "reports/report.html"];

describe("renderReports over either summary shape", () => {
  test("k6's machine-readable summary gives every report, and an INCONCLUSIVE verdict that says why", () => {
    const data = JSON.parse(readFileSync(new URL("../../../fixtures/summary/machine-readable-healthy.json", import.meta.url), "utf8")) as HandleSummaryData;
    const out = renderReports(data);
    expect(Object.keys(out)).toEqual(["stdout", ...ALL]);
    expect(out["stdout"]?.split("\n").slice(1, 3)).toEqual([
      "  loadgate verdict: INCONCLUSIVE",
      "    ? k6's machine-readable summary (--new-machine-readable-summary) carries no threshold results (k6 v2.2.0, k6 issue 4872), so this report cannot tell whether the budgets were met",
    ]);
    expect(JSON.parse(out["reports/summary.json"] as string)).toMatchObject({ verdict: "inconclusive", causes: [{ code: "thresholds-unreported" }] });
  });

  test("data it cannot read writes no file and says so on the verdict line, instead of throwing inside handleSummary", () => {
    expect(renderReports({ version: "2.0.0" } as unknown as HandleSummaryData, { files: ["json", "html"] })).toEqual({
      stdout:
        "\n  loadgate verdict: INCONCLUSIVE — no report written (reports/summary.json, reports/report.html): loadgate could not read k6's summary data: TypeError: Cannot convert undefined or null to object\n",
    });
  });
});

describe("renderReportFiles: one renderer that throws loses only its own file", () => {
  test("summary.json cannot be written (a value JSON cannot hold): the other files are, and the verdict line names the lost one and the error", () => {
    const report = { ...reportOf(fixture("all-failed-fast")), extra: 1n } as SummaryReport;
    const out = renderReportFiles(report);
    expect(Object.keys(out)).toEqual(["stdout", ...ALL.filter((p) => p !== "reports/summary.json")]);
    expect([out["reports/junit.xml"], out["reports/summary.md"], out["reports/report.html"]]).toEqual([renderJunit(report), renderMarkdown(report), renderHtml(report)]);
    const lines = out["stdout"]?.split("\n") ?? [];
    expect(lines[1]).toBe("  loadgate verdict: FAIL — reports/summary.json not written (TypeError: Do not know how to serialize a BigInt)");
    expect(lines.find((l) => l.startsWith("    reports: "))).toBe("    reports: reports/junit.xml, reports/summary.md, reports/report.html");
  });

  test("when the terminal summary throws too, stdout still states the verdict, every failure and the files written", () => {
    const report = { ...reportOf(fixture("all-failed-fast")), scenarios: null } as unknown as SummaryReport;
    const out = renderReportFiles(report);
    const lost = "TypeError: Cannot read properties of null (reading 'length')";
    expect(Object.keys(out)).toEqual(["stdout", "reports/summary.json", "reports/junit.xml"]);
    expect(out["stdout"]).toBe(
      [
        "",
        `  loadgate verdict: FAIL — reports/summary.md not written (${lost}); reports/report.html not written (${lost}); the terminal summary not written (${lost})`,
        "    reports: reports/summary.json, reports/junit.xml",
        "",
      ].join("\n"),
    );
  });

  test("an error message is shown as text, never as terminal control characters", () => {
    const report = { ...reportOf(fixture("all-failed-fast")), extra: 1n } as SummaryReport;
    const out = renderReportFiles(report, { dir: "re\u001b[2Jports" });
    expect(out["stdout"]?.split("\n")[1]).toBe("  loadgate verdict: FAIL — re\\x1b[2Jports/summary.json not written (TypeError: Do not know how to serialize a BigInt)");
  });
});
