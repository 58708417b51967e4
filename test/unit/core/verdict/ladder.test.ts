import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ladderResult, rampLadder, RAMP_LADDER_DEFAULTS, renderReports, type SummaryData } from "../../../../lib/core/index.ts";
import { caught } from "../../../helpers/caught.ts";

const abortAt = (threshold: string, delay: string) => ({ threshold, abortOnFail: true, delayAbortEval: delay });

describe("rampLadder()", () => {
  it("has documented defaults", () => {
    expect(RAMP_LADDER_DEFAULTS).toEqual({
      levels: [1, 5, 10, 20],
      hold: "30s",
      model: "concurrency",
      gate: { p95: 500 },
      gracefulStop: "5s",
      gap: "3s",
      abortAfter: "5s",
      name: "step",
      timeUnit: "1s",
      expectedLatency: "500ms",
    });
    const ladder = rampLadder();
    expect(ladder.steps).toEqual([
      { level: 1, scenario: "step_1", startTime: "0s" },
      { level: 5, scenario: "step_5", startTime: "38s" },
      { level: 10, scenario: "step_10", startTime: "1m16s" },
      { level: 20, scenario: "step_20", startTime: "1m54s" },
    ]);
    expect(ladder.totalDuration).toBe("2m29s");
  });

  it("makes each level its own tagged scenario with its own aborting gate, spaced by gracefulStop and gap", () => {
    expect(rampLadder({ levels: [1, 5], hold: "1m" })).toEqual({
      scenarios: {
        step_1: { executor: "constant-vus", vus: 1, duration: "1m", startTime: "0s", gracefulStop: "5s", tags: { step: "1" } },
        // 1m hold + 5s gracefulStop + 3s gap
        step_5: { executor: "constant-vus", vus: 5, duration: "1m", startTime: "1m8s", gracefulStop: "5s", tags: { step: "5" } },
      },
      thresholds: {
        "http_req_duration{expected_response:true,step:1}": [abortAt("p(95)<500", "5s")],
        "http_req_failed{step:1}": [abortAt("rate<=0.01", "5s")],
        "http_reqs{expected_response:true,step:1}": ["count>=1"],
        "http_reqs{step:1}": [],
        // k6's delayAbortEval counts from the start of the test: step 5's start plus abortAfter
        "http_req_duration{expected_response:true,step:5}": [abortAt("p(95)<500", "1m13s")],
        "http_req_failed{step:5}": [abortAt("rate<=0.01", "1m13s")],
        "http_reqs{expected_response:true,step:5}": ["count>=1"],
        "http_reqs{step:5}": [],
      },
      summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"],
      totalDuration: "2m13s",
      steps: [
        { level: 1, scenario: "step_1", startTime: "0s" },
        { level: 5, scenario: "step_5", startTime: "1m8s" },
      ],
      model: "concurrency",
      timeUnit: "1s",
      gate: { p95: 500 },
    });
  });

  it("builds arrival-rate steps with a sized VU pool, and lets every step run when abortOnFail is false", () => {
    expect(
      rampLadder({
        levels: [10, 20],
        model: "arrival-rate",
        hold: "2s",
        gracefulStop: "1s",
        gap: "2500ms",
        abortAfter: "10s",
        name: "rate",
        gate: { p99: 800, maxErrorRate: 0.05, abortOnFail: false },
      }),
    ).toEqual({
      scenarios: {
        rate_10: {
          executor: "constant-arrival-rate",
          rate: 10,
          timeUnit: "1s",
          duration: "2s",
          preAllocatedVUs: 10,
          maxVUs: 20,
          startTime: "0s",
          gracefulStop: "1s",
          tags: { step: "10" },
        },
        rate_20: {
          executor: "constant-arrival-rate",
          rate: 20,
          timeUnit: "1s",
          duration: "2s",
          preAllocatedVUs: 20,
          maxVUs: 40,
          startTime: "5s500ms",
          gracefulStop: "1s",
          tags: { step: "20" },
        },
      },
      thresholds: {
        "http_req_duration{expected_response:true,step:10}": ["p(99)<800"],
        "http_req_failed{step:10}": ["rate<=0.05"],
        "http_reqs{expected_response:true,step:10}": ["count>=1"],
        "http_reqs{step:10}": [],
        "http_req_duration{expected_response:true,step:20}": ["p(99)<800"],
        "http_req_failed{step:20}": ["rate<=0.05"],
        "http_reqs{expected_response:true,step:20}": ["count>=1"],
        "http_reqs{step:20}": [],
      },
      summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"],
      totalDuration: "8s500ms",
      steps: [
        { level: 10, scenario: "rate_10", startTime: "0s" },
        { level: 20, scenario: "rate_20", startTime: "5s500ms" },
      ],
      model: "arrival-rate",
      timeUnit: "1s",
      gate: { p99: 800, maxErrorRate: 0.05, abortOnFail: false },
    });
  });

  it("caps the abort delay at the hold, so a failing step always aborts before the next one", () => {
    const ladder = rampLadder({ levels: [2, 4], hold: "2s", gracefulStop: "1s", abortAfter: "1m", gate: { maxErrorRate: 0 } });
    expect(ladder.thresholds).toEqual({
      "http_req_failed{step:2}": [abortAt("rate==0", "2s")],
      "http_reqs{expected_response:true,step:2}": ["count>=1"],
      "http_reqs{step:2}": [],
      "http_req_duration{expected_response:true,step:2}": [],
      "http_req_failed{step:4}": [abortAt("rate==0", "8s")],
      "http_reqs{expected_response:true,step:4}": ["count>=1"],
      "http_reqs{step:4}": [],
      "http_req_duration{expected_response:true,step:4}": [],
    });
  });

  it("refuses an empty, non-increasing or fractional ladder, a short gap and a bad name, model or gate", () => {
    expect(caught(() => rampLadder({ levels: [] }))).toEqual(
      new RangeError("rampLadder(): `levels` must be a non-empty list of whole numbers >= 1, got []"),
    );
    expect(caught(() => rampLadder({ levels: [1, 5, 5, 10] }))).toEqual(
      new RangeError("rampLadder(): `levels` must rise from step to step, got [1,5,5,10] (5 after 5)"),
    );
    expect(caught(() => rampLadder({ levels: [10, 5] }))).toEqual(
      new RangeError("rampLadder(): `levels` must rise from step to step, got [10,5] (5 after 10)"),
    );
    expect(caught(() => rampLadder({ levels: [0.5, 1] }))).toEqual(
      new RangeError("rampLadder(): `levels` must be a non-empty list of whole numbers >= 1, got [0.5,1]"),
    );
    expect(caught(() => rampLadder({ levels: "1,5" as unknown as number[] }))).toEqual(
      new TypeError('rampLadder(): `levels` must be a non-empty list of whole numbers >= 1, got "1,5"'),
    );
    expect(caught(() => rampLadder({ gap: "1s" }))).toEqual(
      new RangeError(
        'rampLadder(): `gap` must be at least 2s500ms (k6 evaluates thresholds every 2s; a shorter gap lets the step after a failing one start), got "1s"',
      ),
    );
    expect(caught(() => rampLadder({ hold: "500ms" }))).toEqual(
      new RangeError("rampLadder(): `hold` must be at least 1s (k6's minimum), got \"500ms\""),
    );
    expect(caught(() => rampLadder({ name: "step " }))).toEqual(
      new RangeError('rampLadder(): `name` must be a k6 scenario name (letters, digits, "_" and "-" only), got "step "'),
    );
    expect(caught(() => rampLadder({ model: "open" as never }))).toEqual(
      new RangeError('rampLadder(): `model` must be "concurrency" or "arrival-rate", got "open"'),
    );
    expect(caught(() => rampLadder({ gate: { p95: -1 } }))).toEqual(
      new RangeError("rampLadder(): `gate`: `p95` must be a number of milliseconds > 0, got -1"),
    );
  });
});

describe("ladderResult()", () => {
  // handleSummary data of a real run: pool=2 target, levels 2, 6, 12, p95 < 250 ms (see the integration test).
  const data = JSON.parse(readFileSync(new URL("../../../fixtures/ladder-step-6-fails.json", import.meta.url), "utf8")) as SummaryData;
  const ladder = rampLadder({ levels: [2, 6, 12], hold: "2s", gracefulStop: "1s", abortAfter: "1s", gate: { p95: 250 } });

  it("names the last passing step, the first failing one and the step never run", () => {
    const result = ladderResult(data, ladder);
    const dur = (level: number, stat: string) =>
      data.metrics[`http_req_duration{expected_response:true,step:${level}}`]?.values[stat];
    expect(result).toEqual({
      capacity: 2,
      firstFailing: 6,
      steps: [
        { level: 2, scenario: "step_2", status: "passed", requests: 34, errorRate: 0, latency: { "p(95)": dur(2, "p(95)") }, failed: [] },
        {
          level: 6,
          scenario: "step_6",
          status: "failed",
          requests: 32,
          errorRate: 0,
          latency: { "p(95)": dur(6, "p(95)") },
          failed: ["http_req_duration{expected_response:true,step:6}: p(95)<250"],
        },
        // Its latency threshold passed on zero samples (k6 sees p(95)=0); only the count guard failed.
        {
          level: 12,
          scenario: "step_12",
          status: "not run",
          requests: 0,
          latency: { "p(95)": 0 },
          failed: ["http_reqs{expected_response:true,step:12}: count>=1"],
        },
      ],
      text: [
        "capacity: 2 concurrent users within p95 < 250 ms",
        "first failing step: 6 concurrent users (http_req_duration{expected_response:true,step:6}: p(95)<250)",
        "not run: 12",
      ].join("\n"),
    });
  });

  it("says so when the first step fails, and speaks of rates for an arrival-rate ladder", () => {
    const rates = { ...ladder, model: "arrival-rate" as const, gate: { maxErrorRate: 0.05 } };
    const failing: SummaryData = {
      metrics: {
        "http_reqs{step:2}": { type: "counter", contains: "default", values: { count: 10, rate: 5 } },
        "http_req_failed{step:2}": { type: "rate", contains: "default", values: { rate: 0.5 }, thresholds: { "rate<=0.05": { ok: false } } },
      },
    };
    expect(ladderResult(failing, rates)).toEqual({
      firstFailing: 2,
      steps: [
        { level: 2, scenario: "step_2", status: "failed", requests: 10, errorRate: 0.5, latency: {}, failed: ["http_req_failed{step:2}: rate<=0.05"] },
        { level: 6, scenario: "step_6", status: "not run", requests: 0, latency: {}, failed: [] },
        { level: 12, scenario: "step_12", status: "not run", requests: 0, latency: {}, failed: [] },
      ],
      text: [
        "capacity: below 2 requests/s within error rate <= 5%",
        "first failing step: 2 requests/s (http_req_failed{step:2}: rate<=0.05)",
        "not run: 6, 12",
      ].join("\n"),
    });
  });
});

describe("the ladder result in the reports", () => {
  const data = JSON.parse(readFileSync(new URL("../../../fixtures/ladder-step-6-fails.json", import.meta.url), "utf8")) as SummaryData;
  const ladder = rampLadder({ levels: [2, 6, 12], hold: "2s", gracefulStop: "1s", abortAfter: "1s", gate: { p95: 250 } });
  const files = renderReports(data, { ladder, files: ["json", "markdown"] });

  it("puts the capacity on top of the terminal summary, above the verdict, and lists every step", () => {
    const stdout = files["stdout"] ?? "";
    expect(stdout.startsWith("\n  capacity: 2 concurrent users within p95 < 250 ms\n  first failing step: 6 concurrent users")).toBe(true);
    expect(stdout.indexOf("capacity:")).toBeLessThan(stdout.indexOf("loadgate verdict: FAIL"));
    expect(stdout).toMatch(/█ LADDER STEPS\n\n {4}step 2 \(step_2\): passed, 34 requests, p95 \d+ ms, errors 0\.0%\n {4}step 6 \(step_6\): failed, 32 requests, p95 \d+ ms, errors 0\.0%\n {4}step 12 \(step_12\): not run\n/);
  });

  it("writes the ladder result into summary.json and summary.md", () => {
    const report = JSON.parse(files["reports/summary.json"] ?? "{}") as { ladder: unknown };
    expect(report.ladder).toEqual(ladderResult(data, ladder));
    expect(files["reports/summary.md"]).toContain("### Ladder\n\n**capacity: 2 concurrent users within p95 \\< 250 ms**  \n");
  });

  it("leaves the reports of a run without a ladder as they were", () => {
    const plain = renderReports(data, { files: ["json"] });
    expect(Object.keys(plain)).toEqual(["stdout", "reports/summary.json"]);
    expect(plain["stdout"]).toContain("loadgate verdict: FAIL");
    expect(plain["stdout"]).not.toContain("capacity:");
    // The same summary.json, less the ladder.
    const { ladder: _, ...rest } = JSON.parse(files["reports/summary.json"]!) as Record<string, unknown>;
    expect(JSON.parse(plain["reports/summary.json"]!)).toEqual(rest);
  });
});
