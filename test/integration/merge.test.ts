import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HISTOGRAM_PRECISION } from "../../lib/core/stats/histogram.ts";
import { nearestRank } from "../../lib/core/stats/robust.ts";
import { readK6Output } from "../../lib/node/analyse/read-k6-output.ts";
import { bundleScripts } from "../../lib/node/bundle.ts";
import { mergeK6Outputs, mergeSummaryReport } from "../../lib/node/merge.ts";
import { operatorManifests, OPERATOR_DEFAULTS, segmentArguments } from "../../lib/node/operator.ts";
import { compilePresetRef } from "../../lib/node/preset-files.ts";
import { startTarget, type RunningTarget } from "../../lib/node/demo-target.ts";
import { loadgate } from "../helpers/cli.ts";
import { k6 } from "../helpers/k6.ts";

// The local stand-in for k6-operator: the same bundled script run as N k6 processes, each started
// with the arguments the operator gives runner i (execution segment, instance tag) plus the
// generated TestRun's `arguments`, its `$(LOADGATE_POD_NAME)` expanded as Kubernetes would.

const out = mkdtempSync(join(tmpdir(), "loadgate-merge-"));
const script = join(out, "every-nth-fails.js");
let target: RunningTarget;

beforeAll(async () => {
  await bundleScripts(["test/fixtures/scripts/every-nth-fails.js"], { outdir: out, typeCheck: false });
  target = await startTarget({ embeddingMs: 4, fusionMs: 4, jitterMs: 3 });
});
afterAll(async () => {
  await target.close();
  rmSync(out, { recursive: true, force: true });
});

function presetFile(name: string, preset: object): string {
  const file = join(out, `${name}.json`);
  writeFileSync(file, JSON.stringify(preset));
  return file;
}

/** Runs the script as `parallelism` runners at once; resolves with their exit codes and output files. */
async function runSplit(run: string, parallelism: number, vars: Record<string, string>) {
  const dir = join(out, run);
  mkdirSync(dir);
  const [, , , , , testRun] = operatorManifests({ name: run, parallelism, script: { file: "every-nth-fails.js", source: "" } });
  const argumentsText = (testRun!.spec as { arguments: string }).arguments;
  const runs = Array.from({ length: parallelism }, (_, i) => {
    const pod = `${run}-${i + 1}-local`;
    const args = argumentsText
      .split(/\s+/)
      .map((a) => a.replace(`$(${OPERATOR_DEFAULTS.podNameVariable})`, pod).replace(`=${OPERATOR_DEFAULTS.resultsDir}/`, `=${dir}/`));
    return k6(script, {
      args: [...segmentArguments(i + 1, parallelism), ...args, "--tag", `instance_id=${i + 1}`, "--tag", `testrun_name=${run}`],
      vars: { BASE_URL: target.url, ...vars },
    });
  });
  const results = await Promise.all(runs);
  const files = readdirSync(dir)
    .sort()
    .map((f) => join(dir, f));
  return { codes: results.map((r) => r.code), files, stderr: results.map((r) => r.stderr).join("\n") };
}

/** One undivided run of the same script. */
async function runWhole(run: string, vars: Record<string, string>) {
  const file = join(out, `${run}.json.gz`);
  const result = await k6(script, { args: ["--out", `json=${file}`], vars: { BASE_URL: target.url, ...vars } });
  return { code: result.code, file, stdout: result.stdout };
}

describe("a shared-iterations run split over k6 processes like k6-operator's runners, then merged", () => {
  it("gives exactly the undivided run's request count and error rate, and its p(95) within the histogram's precision", async () => {
    const vars = { ITERATIONS: "60", VUS: "6", FAIL_EVERY: "5", PRESET: "error-aware" };
    const thresholds = compilePresetRef("error-aware").thresholds;
    const before = target.stats().requests;
    const whole = await runWhole("whole", vars);
    const servedWhole = target.stats().requests - before;
    const split = await runSplit("three", 3, vars);
    const servedSplit = target.stats().requests - before - servedWhole;
    expect(split.files).toHaveLength(3);

    const merged = await mergeK6Outputs(split.files, { thresholds, runners: 3 });
    const single = await mergeK6Outputs([whole.file], { thresholds });
    const report = mergeSummaryReport(merged);
    const totals = (r: typeof report) => ({ requests: r.run.requests, failedRequests: r.run.failures, errorRate: r.run.errorRate });
    expect(totals(report)).toEqual(totals(mergeSummaryReport(single)));
    expect(totals(report)).toEqual({ requests: 60, failedRequests: 12, errorRate: 0.2 });
    expect([servedWhole, servedSplit]).toEqual([60, 60]);
    // 60 iterations over thirds: every runner took its share, none took all.
    expect(merged.runners.map((r) => r.requests)).toEqual([20, 20, 20]);

    // The exact nearest-rank p(95) over every successful request of the three runners.
    const durations: number[] = [];
    for (const file of split.files) {
      await readK6Output(file, (_m, _t, value, tags) => {
        if (tags["expected_response"] === "true") durations.push(value);
      }, { metrics: ["http_req_duration"] });
    }
    expect(durations).toHaveLength(48);
    const exact = nearestRank(durations, 95);
    expect(Math.abs(report.run.p95! - exact)).toBeLessThanOrEqual(exact * HISTOGRAM_PRECISION);
    // The 20% errors break the error-aware budget: k6 on the whole run and the merged verdict agree.
    expect([whole.code, merged.ok, single.ok]).toEqual([99, false, false]);

    // The merged verdict in the single-run report model: the same counts, thresholds and results.
    expect([report.ok, report.run.requests, report.run.successes, report.run.failures, report.run.errorRate]).toEqual([false, 60, 48, 12, 0.2]);
    // The judged p(95) gate and the report's p95 row read the same merged histogram.
    const gate = report.thresholds.find((t) => t.metric === "http_req_duration{expected_response:true}" && t.stat === "p(95)");
    expect(gate?.observed).toBeCloseTo(report.run.p95!, 6);
    expect(report.thresholds.map((t) => [t.metric, t.expression, t.ok])).toEqual([
      ["dropped_iterations", "count==0", true],
      ["http_req_duration{expected_response:true}", "p(95)<2000", true],
      ["http_req_failed", "rate<=0.01", false],
      ["http_reqs{expected_response:true}", "count>=1", true],
      ["http_reqs{expected_response:true}", "count>=20", true],
    ]);
    expect([report.verdict, report.causes.map((c) => c.code)]).toEqual(["fail", ["threshold-failed"]]);
    // The failures by kind, as a single run names them (before: the merged verdict left them out).
    expect(report.reasons[0]).toBe("12 of 60 requests failed: 12 × status 404; latency gates measured 48 successful responses");
    expect(report.runners?.map((r) => r.requests)).toEqual([20, 20, 20]);
    expect(report.checks).toEqual([{ name: "status is 2xx", passes: 48, fails: 12 }]);
    // The phase breakdown over every runner's successful responses, for the run and its scenario.
    expect(report.phases.map((b) => [b.scope, b.phases.map((p) => [p.phase, p.samples]), b.timed])).toEqual([
      [{}, [["embedding", 48], ["fusion", 48]], 48],
      [{ scenario: "burst" }, [["embedding", 48], ["fusion", 48]], 48],
    ]);
    // The target's server total is the sum of its two phases: the shares add up to 1.
    expect(report.phases[0]!.phases[0]!.share! + report.phases[0]!.phases[1]!.share!).toBeCloseTo(1, 2);
  });

  // Each case: the preset, where the failures fall, and the exit codes of k6 on each runner, of
  // `loadgate merge` over the runners, and of k6 on one undivided run (the truth the merge must match).
  it.each([
    {
      what: "every runner passes an absolute error budget that the whole test breaks",
      preset: { gates: { maxErrorRate: 0.25 }, thresholds: { "http_reqs{expected_response:false}": ["count<6"] } },
      vars: { FAIL_EVERY: "5" },
      runners: [0, 0],
      merged: 99,
      whole: 99,
    },
    {
      what: "a success-count guard met by neither half alone is met by the test",
      preset: { gates: { maxErrorRate: 0.25, minSuccesses: 30 } },
      vars: { FAIL_EVERY: "5" },
      runners: [99, 99],
      merged: 0,
      whole: 0,
    },
    {
      what: "errors concentrated on one runner fail it, while the test meets its error budget",
      preset: { gates: { maxErrorRate: 0.15 } },
      vars: { FAIL_EVERY: "10", FAIL_AT: "5" },
      runners: [0, 99],
      merged: 0,
      whole: 0,
    },
    {
      what: "a healthy run passes everywhere",
      preset: { gates: { p95: 1000, maxErrorRate: 0, minSuccesses: 20 } },
      vars: {},
      runners: [0, 0],
      merged: 0,
      whole: 0,
    },
  ])("$what", async ({ what, preset, vars, runners, merged, whole }) => {
    const name = what.split(" ").slice(0, 3).join("-").replace(/[^a-z-]/g, "");
    const file = presetFile(name, preset);
    const all = { ITERATIONS: "40", VUS: "4", PRESET_FILE: file, ...vars };
    const split = await runSplit(name, 2, all);
    const single = await runWhole(`${name}-whole`, all);
    const cli = await loadgate(["merge", ...split.files, "--preset", file, "--runners", "2", "--out", join(out, `${name}-report`)]);
    expect({ runners: split.codes, merged: cli.code, whole: single.code }, `${cli.stdout}${cli.stderr}${split.stderr}`).toEqual({
      runners,
      merged,
      whole,
    });
    expect(cli.stdout).toMatch(merged === 0 ? /^ {2}loadgate verdict: PASS$/m : /^ {2}loadgate verdict: FAIL$/m);
    // The same report files as a single run, from the same renderers.
    expect(readdirSync(join(out, `${name}-report`)).sort()).toEqual(["junit.xml", "report.html", "summary.json", "summary.md"]);
    const report = JSON.parse(readFileSync(join(out, `${name}-report`, "summary.json"), "utf8")) as { schema: string; ok: boolean; runners: { ok: boolean }[] };
    expect(report.schema).toBe("loadgate/summary@3");
    // loadgate's per-runner judgement reproduces what k6 decided on each runner.
    expect(report.runners.map((r) => (r.ok ? 0 : 99))).toEqual(runners);
    expect(report.ok).toBe(merged === 0);
  });
});
