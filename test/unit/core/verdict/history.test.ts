import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { findCreep, historyEntryFromSummary, parseHistory } from "../../../../lib/core/verdict/history.ts";
import { buildSummaryReport } from "../../../../lib/core/verdict/summary-report.ts";
import { runMetricsFromHandleSummary } from "../../../../lib/core/verdict/summary-shapes.ts";
import type { HandleSummaryData } from "../../../../lib/core/vocabulary/summary-data.ts";
import { renderTrendsMarkdown, sparkline } from "../../../../lib/core/report/history.ts";
import { marked } from "marked";

// History entries of recorded runs (300 requests of build/phases.js each, one after another): `flat` ten
// runs of the same target (fusion 80 ms), `creep` ten runs whose fusion rose 1 ms a run (80 → 89 ms).
const load = (name: string) => {
  const file = resolve(import.meta.dirname, "../../../fixtures/runs/compare", `history-${name}.jsonl`);
  return parseHistory(readFileSync(file, "utf8"), file);
};

describe("run history", () => {
  test("a slow creep of 1 ms a run over 10 recorded runs is flagged, on p(50), p(95) and the fusion phase", () => {
    const creeping = findCreep(load("creep")).filter((t) => t.creeping);
    expect(creeping.map((t) => t.figure)).toEqual(expect.arrayContaining(["p(50)", "p(95)", "phase:fusion p(50)"]));
    const fusion = creeping.find((t) => t.figure === "phase:fusion p(50)")!;
    expect(fusion.slopeMsPerRun).toBeGreaterThan(0.9);
    expect(fusion.slopeMsPerRun).toBeLessThan(1.3);
  });

  test("a flat history of 10 recorded runs is not flagged", () => {
    const trends = findCreep(load("flat"));
    expect(trends).toHaveLength(6);
    expect(trends.filter((t) => t.creeping)).toEqual([]);
  });

  test("fewer than 4 runs give no trend; --last keeps the last runs", () => {
    expect(findCreep(load("creep").slice(0, 3))).toEqual([]);
    expect(findCreep(load("creep"), { last: 5 })[0]!.values).toHaveLength(5);
  });

  test("a line that is not a history entry is refused with its file and line", () => {
    expect(() => parseHistory('{"schema":"loadgate/history@1","scopes":{}}\n{"schema":"x"}\n', "h.jsonl")).toThrow(
      'h.jsonl:2: /schema must be "loadgate/history@1", got "x"',
    );
  });

  test("sparklines run from ▁ to █, and the Markdown trend table renders through marked", () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe("▁▂▃▄▅▆▇█");
    expect(sparkline([5, 5, 5])).toBe("▄▄▄");
    const trends = findCreep(load("creep"));
    const html = marked.parse(renderTrendsMarkdown(trends, 10), { async: false });
    expect(html).toContain("<h3>loadgate history: 🔴 creep over the last 10 runs</h3>");
    expect(html).toMatch(/<td>phase:fusion p\(50\)<\/td>\s*<td>[▁▂▃▄▅▆▇█]{10}<\/td>\s*<td>79\.8 ms → 90\.0 ms<\/td>\s*<td>\+1\.1 ms\/run<\/td>\s*<td>creeping<\/td>/);
  });

  test("a summary.json becomes a history entry with its verdict, k6's percentiles per scenario and its phases", () => {
    const data = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../../fixtures/summary/healthy-with-phases.json"), "utf8")) as HandleSummaryData;
    const report = buildSummaryReport(runMetricsFromHandleSummary(data), { phases: ["embedding", "fusion"] });
    const row = report.scenarios[0]!;
    const phases = report.phases[0]!.phases;
    expect(historyEntryFromSummary(report, { commit: "abc123", date: "2026-11-30T06:00:00.000Z" })).toEqual({
      schema: "loadgate/history@1",
      commit: "abc123",
      date: "2026-11-30T06:00:00.000Z",
      verdict: report.verdict,
      scopes: {
        [`scenario:${row.scope}`]: {
          requests: 24,
          errorRate: 0,
          p50: row.p50,
          p95: row.p95,
          phases: Object.fromEntries(phases.map((p) => [p.phase, { p50: p.stats!.p50, p95: p.stats!.p95 }])),
        },
      },
    });
    expect(Object.keys(Object.values(historyEntryFromSummary(report, { commit: "x", date: "d" }).scopes)[0]!.phases)).toEqual(["embedding", "fusion"]);
  });
});
