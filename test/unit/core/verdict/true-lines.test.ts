// Every line a report prints is true: each test holds one statement that real runs showed false
// before the three-verdict redesign (f71b030), with the numbers of a run that made it.
import { describe, expect, test } from "vitest";
import { readServerTiming } from "../../../../lib/core/phases/reading.ts";
import { renderJunit } from "../../../../lib/core/report/junit.ts";
import { renderText } from "../../../../lib/core/report/text.ts";
import type { Scenario } from "k6/options";
import { askedLoad } from "../../../../lib/core/scenarios/asked-load.ts";
import { compareSummaries } from "../../../../lib/core/verdict/compare.ts";
import { runMetricsFromSummary } from "../../../../lib/core/verdict/run-metrics.ts";
import { buildSummaryReport, type SummaryReport } from "../../../../lib/core/verdict/summary-report.ts";
import type { SummaryData, SummaryMetric } from "../../../../lib/core/vocabulary/summary-data.ts";

/** One scope's request metrics as k6 keeps them: its requests, failures and successes, k6's `rate` over the whole test. */
function scope(
  tags: string,
  { requests, successes, p95, testSeconds }: { requests: number; successes: number; p95: number; testSeconds: number },
): Record<string, SummaryMetric> {
  const key = (name: string, extra = "") => {
    const all = [extra, tags].filter(Boolean).join(",");
    return all === "" ? name : `${name}{${all}}`;
  };
  const trend = successes === 0 ? { avg: 0, med: 0, "p(95)": 0, max: 0 } : { avg: p95 / 2, med: p95 / 2, "p(95)": p95, max: p95 };
  return {
    [key("http_reqs")]: { type: "counter", contains: "default", values: { count: requests, rate: requests / testSeconds } },
    [key("http_req_failed")]: {
      type: "rate",
      contains: "default",
      values: { rate: (requests - successes) / requests, passes: requests - successes, fails: successes },
    },
    [key("http_reqs", "expected_response:true")]: {
      type: "counter",
      contains: "default",
      values: { count: successes, rate: successes / testSeconds },
    },
    [key("http_req_duration", "expected_response:true")]: { type: "trend", contains: "time", values: trend },
  };
}

/** handleSummary data of a run with these metrics; each `[key, expression, ok]` is a threshold k6 judged. */
function run(durationMs: number, metrics: Record<string, SummaryMetric>, thresholds: [string, string, boolean][] = []): SummaryData {
  const copy: Record<string, SummaryMetric> = structuredClone(metrics);
  for (const [key, expression, ok] of thresholds) {
    const metric = copy[key];
    if (metric === undefined) throw new Error(`no metric ${key}`);
    metric.thresholds = { ...metric.thresholds, [expression]: { ok } };
  }
  return { metrics: copy, root_group: { name: "", path: "", id: "", groups: [], checks: [] }, state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationMs } } as unknown as SummaryData;
}

const report = (data: SummaryData, scenarios?: Record<string, Scenario>): SummaryReport =>
  buildSummaryReport(runMetricsFromSummary(data, scenarios === undefined ? undefined : askedLoad(scenarios)));

describe("1. each line carries its own mark", () => {
  // Old: `✗ all 22 requests succeeded` under FAIL, and junit's <failure message="all 22 requests succeeded">.
  const slow = report(
    run(11_000, scope("", { requests: 22, successes: 22, p95: 2600, testSeconds: 11 }), [
      ["http_req_duration{expected_response:true}", "p(95)<2000", false],
      ["http_req_failed", "rate<=0.01", true],
      ["http_reqs{expected_response:true}", "count>=20", true],
    ]),
  );

  test("a FAIL whose every request succeeded marks the broken budget ✗ and the good news ·", () => {
    const head = renderText(slow).split("\n").slice(1, 6);
    expect(head).toEqual([
      "  loadgate verdict: FAIL",
      "    ✗ http_req_duration{expected_response:true} p(95)<2000 failed: p(95) was 2.60s (limit < 2.00s)",
      "    · all 22 requests succeeded",
      "    · 1 of 3 thresholds failed",
      "",
    ]);
  });

  test("junit's verdict failure message is the budget that failed, never a success", () => {
    const message = /<testcase classname="loadgate" name="verdict"[^>]*>\s*<failure type="fail" message="([^"]*)"/.exec(renderJunit(slow))?.[1];
    expect(message).toBe("FAIL: http_req_duration{expected_response:true} p(95)&lt;2000 failed: p(95) was 2.60s (limit &lt; 2.00s)");
  });
});

describe("2. the counts in the reasons are the run's counts", () => {
  test("a naive latency threshold over an all-503 run does not turn failures into measured successes", () => {
    // Old: `30 of 30 requests failed; latency gates measured 30 successful responses` (the naive
    // http_req_duration gate's samples are every response, failed ones included).
    const data = run(
      3000,
      {
        ...scope("", { requests: 30, successes: 0, p95: 0, testSeconds: 3 }),
        http_req_duration: { type: "trend", contains: "time", values: { avg: 1, med: 1, "p(95)": 2, max: 3 } },
      },
      [["http_req_duration", "p(95)<2000", true]],
    );
    expect(report(data).reasons).toEqual(["30 of 30 requests failed", "all 1 threshold passed"]);
  });

  test("latency gates over successes measured the run's 98 successes, not the 96 of one scoped gate", () => {
    // Old: `latency gates measured 96 successful responses` when 98 succeeded: the smallest scoped gate's count.
    const data = run(
      10_000,
      {
        ...scope("", { requests: 100, successes: 98, p95: 120, testSeconds: 10 }),
        ...scope("scenario:search", { requests: 97, successes: 96, p95: 120, testSeconds: 10 }),
      },
      [
        ["http_req_duration{expected_response:true}", "p(95)<2000", true],
        ["http_req_duration{expected_response:true,scenario:search}", "p(95)<2000", true],
      ],
    );
    expect(report(data).reasons[0]).toBe("2 of 100 requests failed; latency gates measured 98 successful responses");
  });
});

describe("3. a scenario's requests per second are over the time it ran", () => {
  // A ladder of two 10 s steps in a 20 s run, each step 80 requests: 8 req/s each, where k6's
  // sub-metric rate (80 / 20 s) says 4. Old: 4.00 for both.
  const step = (startTime: string): Scenario => ({ executor: "constant-vus", vus: 2, duration: "10s", startTime }) as Scenario;
  const scenarios = { step_1: step("0s"), step_2: step("10s") };
  const metrics = (second: number) => ({
    ...scope("", { requests: 80 + second, successes: 80 + second, p95: 100, testSeconds: 20 }),
    ...scope("scenario:step_1", { requests: 80, successes: 80, p95: 100, testSeconds: 20 }),
    ...scope("scenario:step_2", { requests: second, successes: second, p95: 100, testSeconds: 20 }),
  });

  test("each step of a 20 s run that ran 10 s shows its requests over its own 10 s", () => {
    const r = report(run(20_000, metrics(80)), scenarios);
    expect(r.scenarios.map((s) => [s.scope, s.throughput])).toEqual([
      ["step_1", 8],
      ["step_2", 8],
    ]);
    expect(r.run.throughput).toBe(8);
  });

  test("compare finds a plan part whose throughput halved", () => {
    const baseline = report(run(20_000, metrics(80)), scenarios);
    const halved = report(run(20_000, metrics(40)), scenarios);
    const step2 = compareSummaries(halved, baseline).deltas.find((d) => d.scope === "scenario:step_2" && d.metric === "throughput");
    expect(step2).toMatchObject({ old: 8, new: 4, movement: "regression" });
  });
});

describe("4. a server total named other than total is the total", () => {
  // The server-timing package with `name: "total_duration"`, as Express sent it on a real run. Old:
  // total_duration read as a phase, the server total twice the real one, unattributed negative.
  const header =
    'embedding; dur=41.474132; desc="embedding", fusion; dur=90.2003; desc="fusion", total_duration; dur=140.457791; desc="Total Response Time"';

  test.each(["total_duration", "total-duration", "totalDuration", "total_time", "totalTime"])("%s is read as the server total", (name) => {
    expect(readServerTiming(header.replace("total_duration", name))).toEqual({
      kind: "timed",
      phases: { embedding: 41.474132, fusion: 90.2003 },
      total: 140.457791,
    });
  });

  test("a total option names the one total, and a common name is then a phase like any other", () => {
    expect(readServerTiming("app;dur=10, total_time;dur=3", { total: "app" })).toEqual({ kind: "timed", phases: { total_time: 3 }, total: 10 });
  });
});

describe("9. the whole-run phase row and the scenario row count the same responses", () => {
  test("20 responses without timings are 0 of 20 on both rows, never 0 of 0 on the whole run's", () => {
    // A preset's phase gate names the whole run; the breakdown's sub-metrics name the scenario only.
    // Old: "phase breakdown: 0 of 0 successful responses carried timings" above "(scenario search): 0 of 20 ... 20 missing".
    const counter = (count: number): SummaryMetric => ({ type: "counter", contains: "default", values: { count, rate: count / 2 } });
    const empty: SummaryMetric = { type: "trend", contains: "time", values: { avg: 0, med: 0, "p(95)": 0, max: 0 } };
    const data = run(2000, {
      ...scope("", { requests: 20, successes: 20, p95: 10, testSeconds: 2 }),
      "loadgate_phase_duration{phase:embedding}": empty,
      "loadgate_phase_samples{phase:embedding}": counter(0),
      "loadgate_phase_duration{phase:embedding,scenario:search}": empty,
      "loadgate_phase_samples{phase:embedding,scenario:search}": counter(0),
      loadgate_timed_responses: counter(0),
      "loadgate_timed_responses{scenario:search}": counter(0),
      loadgate_untimed_responses: counter(20),
      "loadgate_untimed_responses{reason:missing,scenario:search}": counter(20),
      "loadgate_untimed_responses{reason:malformed,scenario:search}": counter(0),
    });
    const r = report(data);
    expect(r.phases.map((b) => [b.scope, b.timed, b.untimed])).toEqual([
      [{}, 0, { missing: 20, malformed: 0 }],
      [{ scenario: "search" }, 0, { missing: 20, malformed: 0 }],
    ]);
    const text = renderText(r);
    // Issue 14's point 7: the same figures are one table and one note, naming both scopes.
    expect(text).toContain("phase breakdown (whole run = scenario search): 0 of 20 successful responses carried timings; 20 untimed (20 missing)");
    expect(text.match(/phase breakdown/g)).toHaveLength(1);
    expect(r.notes.filter((n) => n.includes("carried no readable timings"))).toEqual([
      "20 of 20 successful responses carried no readable timings (20 missing): the phase figures leave them out",
    ]);
    expect(text).not.toContain("0 of 0");
  });
});

describe("the same run gives the same lines", () => {
  test("two failing guards of one phase: the cause names the same one whatever order k6 handed them over in", () => {
    // The fault matrix saw count>=20 named in one run and count>=1 in the next, from the same code.
    const counter = (thresholds: string[]): SummaryMetric => ({
      type: "counter",
      contains: "default",
      values: { count: 0, rate: 0 },
      thresholds: Object.fromEntries(thresholds.map((t) => [t, { ok: false }])),
    });
    const texts = [["count>=20", "count>=1"], ["count>=1", "count>=20"]].map((order) => {
      const data = run(2000, { ...scope("", { requests: 20, successes: 20, p95: 10, testSeconds: 2 }), "loadgate_phase_samples{phase:embedding}": counter(order) });
      return report(data).causes.map((c) => c.text);
    });
    expect(texts[0]).toEqual(["phase embedding received no timings, so its gate judged nothing (loadgate_phase_samples{phase:embedding} count>=1)"]);
    expect(texts[1]).toEqual(texts[0]);
  });
});
