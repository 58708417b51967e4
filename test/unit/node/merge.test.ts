// loadgate merge's two promises, on real k6 output: the false-pass trap cannot pass a preset, and a
// run split among runners judges exactly as the undivided run. (test/integration/merge.test.ts does
// the same with k6 processes split by execution segment.)
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { compilePresetRef, shippedPresetIds } from "../../../lib/node/preset-files.ts";
import { mergeK6Outputs, mergeSummaryReport } from "../../../lib/node/merge.ts";

const RUNS = new URL("../../fixtures/runs/", import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "loadgate-merge-unit-"));

describe("the false-pass trap", () => {
  // fast-fail-sequential: 45 of 60 requests answered 503 at once; no-requests: iterations sent nothing.
  const NAIVE = { http_req_duration: ["p(95)<2000"] };

  test("a latency-only gate passes a mostly failing run and a run that sent no request", async () => {
    for (const run of ["fast-fail-sequential.json.gz", "no-requests.json.gz"]) {
      expect((await mergeK6Outputs([join(RUNS, run)], { thresholds: NAIVE })).ok, run).toBe(true);
    }
  });

  test.each(shippedPresetIds())("preset %s fails both: its success-count guard fails the run that sent nothing", async (id) => {
    const { thresholds } = compilePresetRef(id);
    const failing = await mergeK6Outputs([join(RUNS, "fast-fail-sequential.json.gz")], { thresholds });
    expect(failing.ok).toBe(false);
    expect(failing.figures.thresholds.filter((t) => !t.ok).map((t) => t.metric)).toContain("http_req_failed");
    const nothing = await mergeK6Outputs([join(RUNS, "no-requests.json.gz")], { thresholds });
    // Every rate and latency threshold passes on no data, as in k6: only the count guards can fail.
    expect(nothing.figures.thresholds.filter((t) => !t.ok).map((t) => `${t.metric} ${t.expression}`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^http_reqs\{expected_response:true\} count>=\d+$/)]),
    );
    expect(nothing.figures.thresholds.filter((t) => !t.ok).every((t) => t.stat === "count")).toBe(true);
    expect(nothing.ok).toBe(false);
  });
});

describe("the merged verdict's words", () => {
  test("name the failures by kind, as a single run's verdict does", async () => {
    // Before: "45 of 60 requests failed; ..." without "45 × status 503".
    const { thresholds } = compilePresetRef("error-aware");
    const report = mergeSummaryReport(await mergeK6Outputs([join(RUNS, "fast-fail-sequential.json.gz")], { thresholds }));
    expect(report.reasons[0]).toBe("45 of 60 requests failed: 45 × status 503; latency gates measured 15 successful responses");
    expect(report.errors).toEqual([{ code: 1503, label: "status 503", count: 45 }]);
  });
});

/** Splits a k6 JSON output into runner files: every Metric line in each, the samples dealt out in turn. */
function split(run: string, runners: number): string[] {
  const lines = gunzipSync(readFileSync(join(RUNS, run))).toString("utf8").split("\n").filter((line) => line !== "");
  const files = Array.from({ length: runners }, () => [] as string[]);
  let next = 0;
  for (const line of lines) {
    if ((JSON.parse(line) as { type: string }).type === "Metric") for (const file of files) file.push(line);
    else files[next++ % runners]!.push(line);
  }
  return files.map((file, i) => {
    const path = join(tmp, `${run.replace(/\.json\.gz$/, "")}-runner-${i + 1}.json`);
    writeFileSync(path, `${file.join("\n")}\n`);
    return path;
  });
}

/** Every number to 12 significant digits: sums of the same samples in another order differ in the last bit. */
function rounded<T>(value: T): T {
  if (typeof value === "number") return Number(value.toPrecision(12)) as T;
  if (Array.isArray(value)) return value.map(rounded) as T;
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)])) as T;
  return value;
}

describe("merge exactness", () => {
  test.each(["fast-fail-sequential.json.gz", "healthy-ladder.json.gz"])(
    "%s dealt out to three runner files merges to exactly the undivided run: every metric, threshold and check",
    async (run) => {
      const { thresholds } = compilePresetRef("error-aware");
      const whole = await mergeK6Outputs([join(RUNS, run)], { thresholds });
      const merged = await mergeK6Outputs(split(run, 3), { thresholds, runners: 3 });
      expect(rounded(merged.figures)).toEqual(rounded(whole.figures));
      expect(merged.ok).toBe(whole.ok);
      const report = mergeSummaryReport(merged);
      expect(merged.runners.reduce((sum, r) => sum + r.requests, 0)).toBe(report.run.requests);
      expect(report.run.requests).toBeGreaterThan(50);
    },
  );
});
