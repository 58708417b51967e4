// k6's own summary flags on the real k6, each against a passing and an all-failing run of
// build/burst.js: the verdict, k6's exit code and the report files written. The table in
// docs/reports-and-compare.md ("k6's summary flags") states these rows.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SummaryReport } from "../../lib/core/verdict/summary-report.ts";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { startTarget, type RunningTarget } from "../../lib/node/demo-target.ts";
import { loadgate } from "../helpers/cli.ts";
import { k6, k6Env } from "../helpers/k6.ts";

const out = mkdtempSync(join(tmpdir(), "loadgate-summary-flags-"));
let burst = "";
const targets: Record<"passing" | "failing", RunningTarget | undefined> = { passing: undefined, failing: undefined };

const FILES = ["summary.json", "junit.xml", "summary.md", "report.html"];

/** One row of the matrix: the flags (and environment) given to k6, and what each run must give. */
interface Row {
  name: string;
  args?: string[];
  env?: Record<string, string>;
  passing: Expected;
  failing: Expected;
}

/** The verdict (undefined: none printed), k6's exit code, the causes' codes and the files written. */
interface Expected {
  verdict: "PASS" | "FAIL" | "INCONCLUSIVE" | undefined;
  code: number;
  causes: string[];
  files: string[];
}

const PASS: Expected = { verdict: "PASS", code: 0, causes: [], files: FILES };
// The error-aware preset's error budget and both success guards fail (no request succeeded); its
// p(95) gate passed over no samples.
const FAIL: Expected = { verdict: "FAIL", code: 99, causes: ["empty-gate", "no-successes", "threshold-failed"], files: FILES };
const NOTHING = (code: number): Expected => ({ verdict: undefined, code, causes: [], files: [] });

const ROWS: Row[] = [
  { name: "no flag", passing: PASS, failing: FAIL },
  { name: "--summary-mode=compact", args: ["--summary-mode=compact"], passing: PASS, failing: FAIL },
  { name: "--summary-mode=full", args: ["--summary-mode=full"], passing: PASS, failing: FAIL },
  { name: "--summary-time-unit=s", args: ["--summary-time-unit=s"], passing: PASS, failing: FAIL },
  { name: "--summary-trend-stats=avg,p(90)", args: ["--summary-trend-stats=avg,p(90)"], passing: PASS, failing: FAIL },
  {
    name: "--no-thresholds",
    args: ["--no-thresholds"],
    passing: { verdict: "INCONCLUSIVE", code: 0, causes: ["no-thresholds"], files: FILES },
    // k6 judges nothing and exits 0: only the report says the run failed.
    failing: { verdict: "FAIL", code: 0, causes: ["no-successes", "no-thresholds"], files: FILES },
  },
  {
    name: "--new-machine-readable-summary",
    args: ["--new-machine-readable-summary"],
    passing: { verdict: "INCONCLUSIVE", code: 0, causes: ["thresholds-unreported"], files: FILES },
    failing: { verdict: "FAIL", code: 99, causes: ["no-successes", "thresholds-unreported"], files: FILES },
  },
  {
    name: "--new-machine-readable-summary --summary-mode=full",
    args: ["--new-machine-readable-summary", "--summary-mode=full"],
    passing: { verdict: "INCONCLUSIVE", code: 0, causes: ["thresholds-unreported"], files: FILES },
    failing: { verdict: "FAIL", code: 99, causes: ["no-successes", "thresholds-unreported"], files: FILES },
  },
  { name: "handleSummaryTimeout 10s", env: { K6_HANDLE_SUMMARY_TIMEOUT: "10s" }, passing: PASS, failing: FAIL },
  // k6 discards everything handleSummary returned once its deadline passed (internal/js/runner.go).
  { name: "handleSummaryTimeout 1ms", env: { K6_HANDLE_SUMMARY_TIMEOUT: "1ms" }, passing: NOTHING(0), failing: NOTHING(99) },
  // k6 never calls handleSummary (internal/cmd/run.go).
  // The samples are kept (--out json) so that loadgate merge can judge them afterwards (below).
  { name: "--summary-mode=disabled", args: ["--summary-mode=disabled", "--out", "json=run.json"], passing: NOTHING(0), failing: NOTHING(99) },
];

interface Seen {
  verdict: string | undefined;
  code: number | null;
  causes: string[];
  files: string[];
  report: SummaryReport | undefined;
  stdout: string;
  stderr: string;
  cwd: string;
}

/** One k6 run of build/burst.js with the row's flags in a fresh folder with an empty reports/. */
async function runRow(row: Row, kind: "passing" | "failing"): Promise<Seen> {
  const cwd = mkdtempSync(join(out, "run-"));
  mkdirSync(join(cwd, "reports"));
  const target = targets[kind] as RunningTarget;
  const run = await k6(burst, {
    cwd,
    args: row.args ?? [],
    env: { ...k6Env(), ...row.env },
    vars: { BASE_URL: target.url, VUS: "5", REQUESTS: "20" },
  });
  const files = FILES.filter((f) => existsSync(join(cwd, "reports", f)));
  const report = files.includes("summary.json")
    ? (JSON.parse(readFileSync(join(cwd, "reports", "summary.json"), "utf8")) as SummaryReport)
    : undefined;
  return {
    verdict: /loadgate verdict: ([A-Z]+)/.exec(run.stdout)?.[1],
    code: run.code,
    causes: (report?.causes.map((c) => c.code) ?? []).sort(),
    files,
    report,
    stdout: run.stdout,
    stderr: run.stderr,
    cwd,
  };
}

/** Runs `jobs` at most `limit` at a time, keeping their order. */
async function pooled<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

const seen = new Map<string, Seen>();

beforeAll(async () => {
  const [built] = await bundleScripts(["scripts/burst.ts"], { outdir: out });
  burst = join(process.cwd(), (built as { outfile: string }).outfile);
  targets.passing = await startTarget({ embeddingMs: 2, fusionMs: 3 });
  targets.failing = await startTarget({ mode: { kind: "fast-fail" } });
  const jobs = ROWS.flatMap((row) => (["passing", "failing"] as const).map((kind) => async () => [`${row.name}|${kind}`, await runRow(row, kind)] as const));
  for (const [key, result] of await pooled(jobs, 8)) seen.set(key, result);
}, 240_000);

afterAll(async () => {
  await Promise.all(Object.values(targets).map((t) => t?.close()));
  rmSync(out, { recursive: true, force: true });
});

describe("k6's summary flags never break the verdict or lose the reports", () => {
  for (const row of ROWS) {
    for (const kind of ["passing", "failing"] as const) {
      it(`${row.name}, ${kind} run: ${row[kind].verdict ?? "no verdict"}, exit ${row[kind].code}, ${row[kind].files.length} report files`, () => {
        const got = seen.get(`${row.name}|${kind}`) as Seen;
        const { verdict, code, causes, files } = got;
        expect({ verdict, code, causes, files }, got.stdout + got.stderr).toEqual({ ...row[kind], causes: [...row[kind].causes].sort() });
        if (got.report !== undefined) expect(got.report.verdict).toBe(row[kind].verdict?.toLowerCase());
      });
    }
  }

  it("the machine-readable summary's figures reach the reports: requests, successes, p50 and p95 of the successful responses", () => {
    const legacy = seen.get("no flag|passing")?.report as SummaryReport;
    const machine = seen.get("--new-machine-readable-summary|passing")?.report as SummaryReport;
    const figures = (r: SummaryReport) => ({
      requests: r.run.requests,
      successes: r.run.successes,
      scenarios: r.scenarios.map((s) => [s.scope, s.requests, s.successes]),
      latency: [typeof r.run.p50, typeof r.run.p95],
      checks: r.checks,
    });
    expect(figures(machine)).toEqual(figures(legacy));
    expect(figures(machine)).toMatchObject({ requests: 20, successes: 20, latency: ["number", "number"] });
    // k6 passes no p(99) in this shape.
    expect([legacy.run.p99 === undefined, machine.run.p99 === undefined]).toEqual([false, true]);
    const failing = seen.get("--new-machine-readable-summary|failing")?.report as SummaryReport;
    expect(failing.causes.find((c) => c.code === "thresholds-unreported")?.text).toBe(
      "k6's machine-readable summary (--new-machine-readable-summary) carries no threshold results (k6 v2.2.0, k6 issue 4872), so this report cannot tell whether the budgets were met; 20 of 20 requests failed",
    );
    expect(failing.run).toMatchObject({ requests: 20, successes: 0, failures: 20 });
  });

  it("--summary-mode=disabled: the samples k6 wrote give the verdict and every report through loadgate merge, as the docs show", async () => {
    const judged = await Promise.all(
      (["passing", "failing"] as const).map(async (kind) => {
        const { cwd } = seen.get(`--summary-mode=disabled|${kind}`) as Seen;
        const run = await loadgate(["merge", "run.json", "--preset", "error-aware", "--out", "reports"], { cwd });
        return [run.code, /loadgate verdict: ([A-Z]+)/.exec(run.stdout)?.[1], FILES.filter((f) => existsSync(join(cwd, "reports", f)))];
      }),
    );
    expect(judged).toEqual([
      [0, "PASS", FILES],
      [99, "FAIL", FILES],
    ]);
  });

  it("where k6 drops the reports, it says so on stderr and the exit code is still k6's", () => {
    for (const kind of ["passing", "failing"] as const) {
      expect(seen.get(`handleSummaryTimeout 1ms|${kind}`)?.stderr).toContain("failed to handle the end-of-test summary");
      expect(seen.get(`--summary-mode=disabled|${kind}`)?.stdout).not.toContain("loadgate verdict");
    }
  });
});
