// INCONCLUSIVE on the real k6: each run that cannot support a pass is run twice, with the thresholds
// a plain k6 script would have (k6 exits 0: the trap) and with loadgate's gate (k6 exits 99), and
// loadgate's report says INCONCLUSIVE with the reason either way.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SummaryReport } from "../../lib/core/verdict/summary-report.ts";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { startTarget, type TargetOptions } from "../../lib/node/demo-target.ts";
import { loadgate } from "../helpers/cli.ts";
import { k6 } from "../helpers/k6.ts";

const out = mkdtempSync(join(tmpdir(), "loadgate-inconclusive-"));
const script = join(out, "verdict-cases.js");

beforeAll(async () => {
  await bundleScripts(["test/integration/scripts/verdict-cases.ts"], { outdir: out });
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** One run of the case against a fresh target: k6's exit code and loadgate's summary.json. */
async function judge(
  target: TargetOptions,
  vars: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; report: SummaryReport; stdout: string }> {
  const t = await startTarget(target);
  const reports = mkdtempSync(join(out, "reports-"));
  try {
    const run = await k6(script, { vars: { BASE_URL: t.url, REPORT_DIR: reports, ...vars }, args });
    const report = JSON.parse(readFileSync(join(reports, "summary.json"), "utf8")) as SummaryReport;
    return { code: run.code, report, stdout: run.stdout };
  } finally {
    await t.close();
  }
}

const codes = (report: SummaryReport) => report.causes.map((c) => c.code);

describe("a run that cannot support a pass", () => {
  it("an open-model run whose latency outgrows its VU pool: iterations dropped, the rate short of the asked one", async () => {
    // 20 arrivals a second sized for 50 ms; the target answers in about 500 ms.
    const slow = { embeddingMs: 200, fusionMs: 300 };
    const naive = await judge(slow, { CASE: "open-model", GATES: "naive" });
    const samples = join(out, "open-model.json");
    const gated = await judge(slow, { CASE: "open-model", GATES: "loadgate" }, ["--out", `json=${samples}`]);
    // The trap: every request that was sent succeeded within its budget, so k6 alone says pass.
    expect(naive.code).toBe(0);
    expect(gated.code).toBe(99);
    for (const { report, stdout } of [naive, gated]) {
      expect(report.verdict).toBe("inconclusive");
      expect(codes(report)).toEqual(expect.arrayContaining(["dropped-iterations", "arrival-rate-short"]));
      expect(codes(report)).not.toContain("threshold-failed");
      const dropped = report.causes.find((c) => c.code === "dropped-iterations");
      expect(dropped?.text).toMatch(/^\d+ iterations were dropped \(\d+ in arrivals\): k6 had no free VU to start them, so the load asked was not delivered$/);
      expect(dropped?.fix).toContain("preAllocatedVUs");
      expect(report.causes.find((c) => c.code === "arrival-rate-short")?.text).toMatch(
        /^scenario arrivals completed \d+ iterations of the 40 its arrival rate asked \(\d+\.\d%, below 95%\)$/,
      );
      expect(stdout).toContain("loadgate verdict: INCONCLUSIVE");
    }
    // loadgate merge judges the same samples the same way (k6's JSON output has no scenario options,
    // so only the dropped iterations tell), and exits 99.
    const merged = await loadgate(["merge", samples, "--preset", "error-aware"]);
    expect(merged.code, merged.stdout + merged.stderr).toBe(99);
    expect(merged.stdout).toContain("loadgate verdict: INCONCLUSIVE");
    expect(merged.stdout).toMatch(/\? \d+ iterations were dropped: k6 had no free VU to start them, so the load asked was not delivered/);
  });

  it("a p(99) gate over 30 requests is inconclusive; the same gate over 2,000 requests passes", async () => {
    const fast = { embeddingMs: 1, fusionMs: 1 };
    const naive = await judge(fast, { CASE: "p99", GATES: "naive", REQUESTS: "30" });
    const few = await judge(fast, { CASE: "p99", GATES: "loadgate", REQUESTS: "30" });
    expect(naive.code).toBe(0);
    expect(few.code).toBe(99);
    for (const { report } of [naive, few]) {
      expect(report.verdict).toBe("inconclusive");
      const causes = report.causes.filter((c) => c.code === "too-few-samples").map((c) => c.text);
      expect(causes).toContain(
        `${report.thresholds.find((t) => t.stat === "p(99)")?.metric} p(99)<2000: p(99) over 30 samples is between the 2nd-highest and the highest value; a p(99) needs at least 100 samples (one in 100 lies above it)`,
      );
    }
    // loadgate's guard names the rule in k6's own summary too.
    expect(few.report.thresholds.find((t) => t.expression === "count>=100")).toMatchObject({ ok: false, observed: 30 });

    const many = await judge(fast, { CASE: "p99", GATES: "loadgate", REQUESTS: "2000" });
    expect([many.code, many.report.verdict, many.report.causes]).toEqual([0, "pass", []]);
    expect(many.report.run.successes).toBe(2000);
  });

  it("naive thresholds with summary() against an all-failing target: k6 passes, loadgate names the missing gate", async () => {
    const naive = await judge({ mode: { kind: "fast-fail" } }, { CASE: "all-failing", GATES: "naive" });
    expect(naive.code).toBe(0);
    expect(naive.report.verdict).not.toBe("pass");
    expect(naive.report.verdict).toBe("inconclusive");
    const cause = naive.report.causes.find((c) => c.code === "errors-unmeasured");
    expect(cause?.text).toBe("30 of 30 requests failed, but no threshold measures errors: the latency gates passed on whatever answered");
    expect(cause?.fix).toContain('http_req_failed: ["rate<=0.01"]');
    // The counts are true: none of the 30 succeeded, and the naive latency gate measured all 30.
    expect(naive.report.reasons[0]).toBe("30 of 30 requests failed: 30 × status 503");
    const gated = await judge({ mode: { kind: "fast-fail" } }, { CASE: "all-failing", GATES: "loadgate" });
    expect([gated.code, gated.report.verdict]).toEqual([99, "fail"]);
  });
});
