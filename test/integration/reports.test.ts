import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { startTarget, type RunningTarget } from "../../lib/node/demo-target.ts";
import { k6 } from "../helpers/k6.ts";
import type { SummaryReport } from "../../lib/core/verdict/summary-report.ts";

const outdir = mkdtempSync(join(tmpdir(), "loadgate-reports-build-"));
let burst = "";
let steady = "";
const targets: RunningTarget[] = [];

beforeAll(async () => {
  const built = await bundleScripts(["scripts/burst.ts", "test/integration/scripts/steady-report.ts"], { outdir });
  [burst, steady] = built.map((b) => join(process.cwd(), b.outfile)) as [string, string];
});
afterAll(async () => Promise.all(targets.map((t) => t.close())));

async function target(kind: "healthy" | "fast-fail"): Promise<RunningTarget> {
  const t = await startTarget({ mode: { kind }, embeddingMs: 10, fusionMs: 10 });
  targets.push(t);
  return t;
}

/** A fresh working directory with an empty reports/ folder. */
function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), "loadgate-reports-run-"));
  mkdirSync(join(dir, "reports"));
  return dir;
}

const FILES = ["summary.json", "junit.xml", "summary.md", "report.html"];
const written = (dir: string) => FILES.filter((f) => existsSync(join(dir, "reports", f)));
const summaryOf = (dir: string) => JSON.parse(readFileSync(join(dir, "reports", "summary.json"), "utf8")) as SummaryReport;

describe("reports from real k6 runs", () => {
  test("an all-failing burst: k6's naive p(95) gate passes, loadgate says FAIL with the reason in words, every report is written", async () => {
    const t = await target("fast-fail");
    const cwd = workdir();
    const run = await k6(burst, { vars: { BASE_URL: t.url, VUS: "5", REQUESTS: "30" }, cwd });
    expect(run.code).toBe(99);
    expect(run.stdout).toContain("loadgate verdict: FAIL");
    expect(run.stdout).toContain("30 of 30 requests failed: 30 × status 503; latency gates measured 0 successful responses");
    // The trap: the latency threshold over successes alone passed, over zero samples.
    expect(run.stdout).toContain("✓ 'p(95)<2000' p(95)=0s  (vacuous: evaluated over 0 samples)");
    expect(written(cwd)).toEqual(FILES);
    const report = summaryOf(cwd);
    expect([report.ok, report.run.requests, report.run.failures, report.scenarios.map((s) => s.scope)]).toEqual([false, 30, 30, ["burst"]]);
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(readFileSync(join(cwd, "reports", "junit.xml"), "utf8"));
    // The verdict and five thresholds (the preset's guards included); the verdict, the error budget and both success guards fail.
    expect([junit.testsuites.tests, junit.testsuites.failures]).toEqual(["6", "4"]);
  });

  test("a run aborted by abortOnFail still writes every report, and says FAIL", async () => {
    const t = await target("fast-fail");
    const cwd = workdir();
    const run = await k6(steady, { vars: { BASE_URL: t.url, ABORT: "true", DURATION: "20s" }, cwd });
    expect(run.code).toBe(99);
    expect(run.stderr).toContain("abortOnFail enabled, stopping test prematurely");
    expect(run.ms).toBeLessThan(15_000);
    expect(written(cwd)).toEqual(FILES);
    expect(summaryOf(cwd).ok).toBe(false);
    expect(run.stdout).toContain("loadgate verdict: FAIL");
  });

  test("a run interrupted with SIGINT still writes every report", async () => {
    const t = await target("healthy");
    const cwd = workdir();
    const child = spawn(inject("k6Path"), ["run", "--no-usage-report", "-e", `BASE_URL=${t.url}`, "-e", "DURATION=30s", steady], {
      cwd,
      env: { ...process.env, K6_NO_USAGE_REPORT: "true", PWD: cwd },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      setTimeout(() => child.kill("SIGINT"), 3000);
      child.on("close", (c) => resolve(c));
    });
    expect(code).toBe(105); // k6: aborted by a signal
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(written(cwd)).toEqual(FILES);
    const report = summaryOf(cwd);
    expect(report.run.requests).toBeGreaterThan(10);
    expect(report.durationMs).toBeLessThan(10_000);
    // Every gate passed over what was sent, yet the run stopped early: never a PASS, in every report.
    expect([report.ok, report.verdict, report.causes.map((c) => c.code)]).toEqual([true, "inconclusive", ["run-cut-short"]]);
    expect(report.causes[0]?.text).toMatch(/^the run stopped at \d+\.\d\d s of the 30\.00 s its scenarios asked for \(interrupted, or aborted\)$/);
    expect(stdout).toContain("loadgate verdict: INCONCLUSIVE");
    expect(readFileSync(join(cwd, "reports", "summary.md"), "utf8")).toContain("## ❔ loadgate: INCONCLUSIVE");
    expect(readFileSync(join(cwd, "reports", "report.html"), "utf8")).toContain('<h1 class="verdict inconclusive">loadgate: INCONCLUSIVE</h1>');
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(readFileSync(join(cwd, "reports", "junit.xml"), "utf8"));
    const verdictCase = (junit.testsuites.testsuite as { testcase: { name: string; failure?: { type: string; message: string } } | { name: string }[] }[])[0]!.testcase;
    const first = Array.isArray(verdictCase) ? verdictCase[0] : verdictCase;
    expect((first as { failure?: { type: string; message: string } }).failure?.type).toBe("inconclusive");
    expect((first as { failure?: { type: string; message: string } }).failure?.message).toMatch(/^INCONCLUSIVE: the run stopped at /);
  });

  test("a report folder that does not exist: the files land in the working directory and the verdict says why; none is claimed and lost", async () => {
    // Before: "reports: reports/summary.json, …" under the verdict, then k6's "could not open" for each, exit 0.
    const t = await target("healthy");
    const cwd = mkdtempSync(join(tmpdir(), "loadgate-reports-run-")); // a new user's first run: no reports/ folder
    const run = await k6(burst, { vars: { BASE_URL: t.url, VUS: "2", REQUESTS: "20" }, cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("loadgate verdict: PASS");
    expect(run.stdout).toContain("    reports: summary.json, junit.xml, summary.md, report.html\n");
    expect(run.stdout).toContain(
      '! written to the working directory: the folder "reports" does not exist and k6 cannot create one; create it (mkdir -p reports) or set -e REPORT_DIR to an existing folder',
    );
    expect(run.stdout).not.toContain("reports/summary.json");
    expect(run.stderr).not.toContain("could not open");
    expect(FILES.filter((f) => existsSync(join(cwd, f)))).toEqual(FILES);

    // An absolute folder that is missing, and a file where the folder should be: the same.
    const missing = join(cwd, "no", "such", "folder");
    const absolute = await k6(burst, { vars: { BASE_URL: t.url, VUS: "2", REQUESTS: "20", REPORT_DIR: missing }, cwd });
    expect(absolute.stdout).toContain(`the folder ${JSON.stringify(missing)} does not exist`);
    expect(absolute.stderr).not.toContain("could not open");
    writeFileSync(join(cwd, "a-file"), "");
    const file = await k6(burst, { vars: { BASE_URL: t.url, VUS: "2", REQUESTS: "20", REPORT_DIR: "a-file" }, cwd });
    expect(file.stdout).toContain('! written to the working directory: "a-file" is a file, not a folder');
    expect(file.stderr).not.toContain("could not open");

    // An existing folder is used as it is.
    const ok = workdir();
    const run2 = await k6(burst, { vars: { BASE_URL: t.url, VUS: "2", REQUESTS: "20" }, cwd: ok });
    expect(run2.stdout).toContain("    reports: reports/summary.json, reports/junit.xml, reports/summary.md, reports/report.html\n");
    expect(run2.stdout).not.toContain("written to the working directory");
    expect(written(ok)).toEqual(FILES);
  });

  test("-e BASELINE adds the deltas to every report, and REPORT_FILES picks the files", async () => {
    const t = await target("healthy");
    const first = workdir();
    expect((await k6(burst, { vars: { BASE_URL: t.url, VUS: "2", REQUESTS: "20" }, cwd: first })).code).toBe(0);
    const second = workdir();
    const baseline = join(first, "reports", "summary.json");
    const run = await k6(burst, { vars: { BASE_URL: t.url, VUS: "2", REQUESTS: "20", BASELINE: baseline, REPORT_FILES: "json,markdown" }, cwd: second });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("█ BASELINE:");
    expect(written(second)).toEqual(["summary.json", "summary.md"]);
    // A run of one scenario is that scenario (an iteration-based one runs the whole run): its figures are said once.
    const comparison = summaryOf(second).comparison;
    expect(comparison?.deltas.map((d) => `${d.scope} ${d.metric}`)).toEqual(["run errorRate", "run p50", "run p95", "run p99", "run throughput"]);
    expect(comparison?.same).toEqual({ run: ["scenario:burst"] });
    expect(readFileSync(join(second, "reports", "summary.md"), "utf8")).toContain("### Baseline:");
  });

  test("a run of one scenario keeps no latency sub-metric of its own, and every report gives the scenario the run's latency", async () => {
    const t = await target("healthy");
    const cwd = workdir();
    const exported = join(cwd, "k6-summary.json");
    const run = await k6(burst, { vars: { BASE_URL: t.url, VUS: "2", REQUESTS: "20" }, args: ["--summary-export", exported], cwd });
    expect(run.code, run.stderr).toBe(0);
    // What k6 kept: the run-wide latency of successes, and no Trend of the same values for the scenario.
    const keys = Object.keys((JSON.parse(readFileSync(exported, "utf8")) as { metrics: Record<string, unknown> }).metrics);
    expect(keys).toContain("http_req_duration{expected_response:true}");
    expect(keys).toContain("http_reqs{expected_response:true,scenario:burst}");
    expect(keys).not.toContain("http_req_duration{expected_response:true,scenario:burst}");
    const report = summaryOf(cwd);
    const latency = (row: SummaryReport["run"]) => [row.successes, row.p50, row.p95, row.p99];
    expect(report.run.p95).toBeGreaterThan(0);
    expect(report.scenarios.map(latency)).toEqual([latency(report.run)]);
  });

  test("a BASELINE that cannot be read stops the run at init with one message naming the variable and the path", async () => {
    const t = await target("healthy");
    const cwd = workdir();
    const run = await k6(burst, { vars: { BASE_URL: t.url, BASELINE: join(cwd, "missing.json") }, cwd });
    expect(run.code).toBe(107);
    // k6 logs in logfmt, so the quotes around the path come escaped.
    expect(run.stderr).toContain(`BASELINE: cannot read \\"${join(cwd, "missing.json")}\\" (GoError: stat ${join(cwd, "missing.json")}: no such file or directory)`);
    expect(t.stats().requests).toBe(0);
  });
});
