import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ladderResult, rampLadder, type SummaryData } from "../../lib/core/index.ts";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { startTarget, type RunningTarget } from "../../lib/node/demo-target.ts";
import { k6 } from "../helpers/k6.ts";

const READY = ["smoke", "load", "peak", "burst", "ramp", "sequential", "batches", "sustained", "soak", "stress", "breakpoint", "plan"];
const outdir = mkdtempSync(join(tmpdir(), "loadgate-scenarios-"));
const bundle = (name: string) => join(outdir, `${name}.js`);
const readSummary = (file: string) => JSON.parse(readFileSync(file, "utf8")) as SummaryData;
const count = (data: SummaryData, metric: string) => data.metrics[metric]?.values["count"] ?? 0;

beforeAll(async () => {
  await bundleScripts([...READY.map((name) => `scripts/${name}.ts`), "examples/three-part-plan.ts"], { outdir });
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("a three-part plan", () => {
  let target: RunningTarget;
  beforeAll(async () => (target = await startTarget()));
  afterAll(() => target.close());

  it("reports per-scenario request counts in handleSummary data that add up to the total", async () => {
    const file = join(outdir, "plan-summary.json");
    const run = await k6(bundle("three-part-plan"), { vars: { BASE_URL: target.url, SUMMARY_JSON: file } });
    expect(run.code, run.stderr).toBe(0);
    const data = readSummary(file);
    const parts = { warmup: count(data, "http_reqs{scenario:warmup}"), burst: count(data, "http_reqs{scenario:burst}"), steady: count(data, "http_reqs{scenario:steady}") };
    // The iteration-based parts send exactly what they were given; the time-based one at least something.
    expect(parts).toEqual({ warmup: 5, burst: 20, steady: expect.any(Number) });
    expect(parts.steady).toBeGreaterThan(0);
    const total = count(data, "http_reqs");
    expect(parts.warmup + parts.burst + parts.steady).toBe(total);
    // Every request the target saw is in k6's total: none was lost between parts.
    expect(target.stats().requests).toBe(total);
    expect(run.stdout).toContain(`warmup: 5 requests\nburst: 20 requests\nsteady: ${parts.steady} requests\ntotal: ${total} requests`);
  });
});

describe("the ramp ladder against a pool of 2", () => {
  let target: RunningTarget;
  beforeAll(async () => (target = await startTarget({ mode: { kind: "pool", size: 2 } })));
  afterAll(() => target.close());

  it("passes at 2 users, fails at 8, exits 99, never starts 16 and names the last passing step", async () => {
    const file = join(outdir, "ramp-summary.json");
    const reports = mkdtempSync(join(outdir, "ramp-reports-"));
    const vars = { LEVELS: "2,8,16", HOLD: "2s", GRACEFUL_STOP: "1s", ABORT_AFTER: "1s", P95: "300" };
    const run = await k6(bundle("ramp"), { vars: { BASE_URL: target.url, SUMMARY_JSON: file, REPORT_DIR: reports, ...vars } });
    expect(run.code, run.stderr).toBe(99);
    // The capacity comes first, above the verdict.
    expect(run.stdout).toMatch(/\n {2}capacity: 2 concurrent users within p95 < 300 ms\n[^]*loadgate verdict: FAIL/);
    expect(run.stdout).toContain("capacity: 2 concurrent users within p95 < 300 ms\n");
    expect(run.stdout).toContain("first failing step: 8 concurrent users (http_req_duration{expected_response:true,step:8}: p(95)<300)\n");
    expect(run.stdout).toContain("not run: 16\n");
    expect(run.stderr).toContain("at least one has abortOnFail enabled, stopping test prematurely");
    // The ladder result is in the reports too.
    const report = JSON.parse(readFileSync(join(reports, "summary.json"), "utf8")) as { ok: boolean; ladder: { capacity: number; firstFailing: number; text: string } };
    expect([report.ok, report.ladder.capacity, report.ladder.firstFailing]).toEqual([false, 2, 8]);
    expect(readFileSync(join(reports, "summary.md"), "utf8")).toContain("**capacity: 2 concurrent users within p95 \\< 300 ms**");

    const data = readSummary(file);
    const ladder = rampLadder({ levels: [2, 8, 16], hold: "2s", gracefulStop: "1s", abortAfter: "1s", gate: { p95: 300 } });
    const result = ladderResult(data, ladder);
    expect(result.steps.map((s) => [s.level, s.status])).toEqual([[2, "passed"], [8, "failed"], [16, "not run"]]);
    expect({ capacity: result.capacity, firstFailing: result.firstFailing }).toEqual({ capacity: 2, firstFailing: 8 });
    // The trap: a latency threshold on the step that never ran "passes" on zero samples.
    expect(data.metrics["http_req_duration{expected_response:true,step:16}"]?.thresholds).toEqual({ "p(95)<300": { ok: true } });
    expect(data.metrics["http_reqs{step:16}"]?.values).toEqual({ count: 0, rate: 0 });
    // Step 16 never sent a request: the target saw steps 2 and 8, plus at most the 8 requests in flight at the abort.
    const counted = count(data, "http_reqs{step:2}") + count(data, "http_reqs{step:8}");
    expect(target.stats().requests).toBeGreaterThanOrEqual(counted);
    expect(target.stats().requests).toBeLessThanOrEqual(counted + 8);
    // The run ended (aborted) before step 16's start time.
    const ended = (data as SummaryData & { state: { testRunDurationMs: number } }).state.testRunDurationMs;
    expect(ladder.steps[2]?.startTime).toBe("12s");
    expect(ended).toBeLessThan(12_000);
  });
});

describe("every ready script", () => {
  let target: RunningTarget;
  // A healthy target that answers in about 10 ms, so a second of load gives a p(95) enough samples.
  beforeAll(async () => (target = await startTarget({ embeddingMs: 4, fusionMs: 6 })));
  afterAll(() => target.close());

  // Small settings, each run a second or two, yet adequately sized: every gated p(95) gets at least
  // the 20 samples it needs, and every arrival rate gets the VUs it asks for, so the verdict is PASS.
  const CASES: [string, Record<string, string>, number | undefined][] = [
    ["smoke", { SCALE: "0.01" }, undefined],
    ["load", { SCALE: "0.002", VUS: "5" }, undefined],
    ["peak", { SCALE: "0.002", VUS: "5" }, undefined],
    ["burst", {}, 30],
    ["ramp", { SCALE: "0.034", LEVELS: "1,2" }, undefined],
    ["ramp", { SCALE: "0.05", LEVELS: "20,40", MODEL: "arrival-rate" }, undefined],
    ["sequential", { REQUESTS: "20" }, 20],
    ["batches", { BATCHES: "4", BATCH_SIZE: "5" }, 20],
    ["sustained", { SCALE: "0.02", RATE: "25" }, undefined],
    ["soak", { SCALE: "0.0005", VUS: "5" }, undefined],
    ["stress", { SCALE: "0.002", VUS: "5" }, undefined],
    ["breakpoint", { SCALE: "0.002", MAX_RATE: "60" }, undefined],
    ["plan", { SCALE: "0.001", SMOKE_VUS: "2", NORMAL_VUS: "5", PEAK_VUS: "10", ENDURANCE_VUS: "5" }, undefined],
  ];

  it("covers all of scripts/", () => {
    expect([...new Set(CASES.map(([name]) => name))].sort()).toEqual([...READY].sort());
  });

  // READY_RUNS=10 repeats each case: a healthy, adequately sized run must never be called
  // INCONCLUSIVE (the check for false alarms; the suite runs each case once).
  const RUNS = Number(process.env["READY_RUNS"] ?? "1");

  it.each(CASES)("%s runs green against a healthy target with %o and writes every report", async (name, vars, expected) => {
    for (let i = 0; i < RUNS; i++) await readyRun(name, vars, expected);
  }, 120_000 * RUNS);

  async function readyRun(name: string, vars: Record<string, string>, expected: number | undefined): Promise<void> {
    const before = target.stats().requests;
    const reports = mkdtempSync(join(outdir, `${name}-reports-`));
    const run = await k6(bundle(name), { vars: { BASE_URL: target.url, REPORT_DIR: reports, ...vars } });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const sent = target.stats().requests - before;
    if (expected === undefined) expect(sent).toBeGreaterThan(0);
    else expect(sent).toBe(expected);
    expect(run.stdout).toContain("loadgate verdict: PASS");
    expect(readdirSync(reports).sort()).toEqual(["junit.xml", "report.html", "summary.json", "summary.md"]);
    const report = JSON.parse(readFileSync(join(reports, "summary.json"), "utf8")) as {
      ok: boolean;
      verdict: string;
      causes: unknown[];
      run: { requests: number };
      scenarios: { scope: string; requests: number }[];
    };
    expect([report.verdict, report.causes]).toEqual(["pass", []]);
    // Each scenario has its own row, and the rows add up to the run (requests cut off by a scenario's
    // tiny gracefulStop reach the target but not k6's count, so the run counts at most what was sent).
    expect(report.ok).toBe(true);
    expect(report.run.requests).toBeGreaterThan(0);
    expect(report.run.requests).toBeLessThanOrEqual(sent);
    if (expected !== undefined) expect(report.run.requests).toBe(expected);
    expect(report.scenarios.length).toBeGreaterThan(0);
    expect(report.scenarios.reduce((sum, row) => sum + row.requests, 0)).toBe(report.run.requests);
  }
});

describe("an open-model pool sized for twice expectedLatency", () => {
  /** scripts/sustained.ts at 20 arrivals/s for 4 s against a target answering in about `latencyMs`. */
  async function sustained(latencyMs: number, expectedLatency: string) {
    const target = await startTarget({ embeddingMs: latencyMs / 2, fusionMs: latencyMs / 2, jitterMs: 10 });
    try {
      const reports = mkdtempSync(join(outdir, "sustained-reports-"));
      const run = await k6(bundle("sustained"), { vars: { BASE_URL: target.url, REPORT_DIR: reports, RATE: "20", DURATION: "4s", EXPECTED_LATENCY: expectedLatency } });
      const report = JSON.parse(readFileSync(join(reports, "summary.json"), "utf8")) as { verdict: string; causes: { code: string }[] };
      return { run, report, dropped: report.causes.some((c) => c.code === "dropped-iterations") };
    } finally {
      await target.close();
    }
  }

  it("drops no arrival while responses take 1.6x expectedLatency, where the pool of the old sizing (one expectedLatency) drops some; 3x is past what it covers", async () => {
    // Sized for 100 ms: 20/s × 0.1 s × 2 = 4 pre-allocated VUs; responses of about 160 ms keep about 3.2 busy.
    const covered = await sustained(160, "100ms");
    expect([covered.run.code, covered.report.verdict, covered.dropped], covered.run.stdout).toEqual([0, "pass", false]);
    // The old sizing was 20/s × 0.1 s = 2 VUs, which is what 50 ms now gives: arrivals are dropped.
    const old = await sustained(160, "50ms");
    expect([old.run.code, old.report.verdict, old.dropped]).toEqual([99, "inconclusive", true]);
    // About 300 ms keeps about 6 busy: past the 4 pre-allocated, so the claim stops at about twice.
    const past = await sustained(300, "100ms");
    expect(past.dropped).toBe(true);
  });
});

describe("bad input", () => {
  let target: RunningTarget;
  beforeAll(async () => (target = await startTarget()));
  afterAll(() => target.close());

  it.each([
    ["ramp", { LEVELS: "5,1" }, "rampLadder(): `levels` must rise from step to step, got [5,1] (1 after 5)"],
    ["ramp", { LEVELS: "1;5" }, '-e LEVELS: must be a comma-separated list of whole numbers such as 1,5,10,20, got \\"1;5\\"'],
    ["sustained", { DURATION: "500ms" }, 'sustainedRate(): `duration` must be at least 1s (k6\'s minimum), got \\"500ms\\"'],
    ["plan", { SMOKE_VUS: "0" }, '-e SMOKE_VUS: must be a whole number >= 1, got \\"0\\"'],
  ])("%s with %o stops k6 in init, naming the rule and the value, before any request", async (name, vars, message) => {
    const run = await k6(bundle(name), { vars: { BASE_URL: target.url, ...vars } });
    expect(run.code).toBe(107);
    expect(run.stderr).toContain(message);
    expect(target.stats().requests).toBe(0);
  });
});
