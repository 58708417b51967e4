import { describe, expect, it } from "vitest";
import { burst, concurrent, load, peak, plan, PLAN_DEFAULTS, scenarioDuration, sequential, smoke, sustainedRate } from "../../../../lib/core/index.ts";
import { caught } from "../../../helpers/caught.ts";

const subMetrics = (name: string) => ({
  [`http_reqs{scenario:${name}}`]: [],
  [`http_reqs{expected_response:true,scenario:${name}}`]: [],
  [`http_req_failed{scenario:${name}}`]: [],
  [`http_req_duration{expected_response:true,scenario:${name}}`]: [],
  [`iterations{scenario:${name}}`]: [],
  [`dropped_iterations{scenario:${name}}`]: [],
});

describe("plan()", () => {
  it("runs its parts one after another, each start after the previous part and its gracefulStop", () => {
    const p = plan({
      smoke: smoke({ vus: 10, duration: "1m" }),
      normal: load({ vus: 50, rampUp: "30s", hold: "5m", rampDown: "30s" }),
      peak: peak({ vus: 200, rampUp: "1m", hold: "3m", rampDown: "30s" }),
    });
    expect(PLAN_DEFAULTS).toEqual({ gap: "0s", expectedLatency: "1s", headroom: 3 });
    expect(p).toEqual({
      scenarios: {
        smoke: { executor: "constant-vus", vus: 10, duration: "1m", startTime: "0s" },
        normal: {
          executor: "ramping-vus",
          startVUs: 0,
          stages: [
            { duration: "30s", target: 50 },
            { duration: "5m", target: 50 },
            { duration: "30s", target: 0 },
          ],
          // smoke's 1m plus k6's default gracefulStop of 30s
          startTime: "1m30s",
        },
        peak: {
          executor: "ramping-vus",
          startVUs: 0,
          stages: [
            { duration: "1m", target: 200 },
            { duration: "3m", target: 200 },
            { duration: "30s", target: 0 },
          ],
          startTime: "8m",
        },
      },
      totalDuration: "13m",
      thresholds: { ...subMetrics("smoke"), ...subMetrics("normal"), ...subMetrics("peak") },
      warnings: [],
    });
  });

  it("applies a gracefulStop to parts without one, a gap between parts, and keeps an iteration part's own maxDuration when it is shorter than its slot", () => {
    const p = plan(
      {
        first: sequential({ requests: 5, maxDuration: "10s" }),
        second: { ...concurrent({ workers: 2, requests: 10, maxDuration: "20s" }), gracefulStop: "0s" },
        third: sustainedRate({ rate: 5, duration: "1m30s" }),
      },
      { gracefulStop: "2s", gap: "500ms" },
    );
    expect(p).toEqual({
      scenarios: {
        first: { executor: "per-vu-iterations", vus: 1, iterations: 5, maxDuration: "10s", startTime: "0s", gracefulStop: "2s" },
        // 5 rounds × 1s × 3 = 15s, under its own 20s
        second: { executor: "shared-iterations", vus: 2, iterations: 10, maxDuration: "15s", startTime: "12s500ms", gracefulStop: "0s" },
        third: {
          executor: "constant-arrival-rate",
          rate: 5,
          timeUnit: "1s",
          duration: "1m30s",
          preAllocatedVUs: 5,
          maxVUs: 10,
          startTime: "28s",
          gracefulStop: "2s",
        },
      },
      totalDuration: "2m",
      thresholds: { ...subMetrics("first"), ...subMetrics("second"), ...subMetrics("third") },
      warnings: [],
    });
  });

  it("declares no latency sub-metric for the part of a plan of one: its requests are the run's, whose latency the reports read", () => {
    const { [`http_req_duration{expected_response:true,scenario:loop}`]: latency, ...rest } = subMetrics("loop");
    expect(latency).toEqual([]);
    expect(plan({ loop: smoke({ vus: 100, duration: "60s" }) }).thresholds).toEqual(rest);
  });

  it("gives an iteration part the time its iterations ask for at expectedLatency, times headroom, not k6's 10 minutes", () => {
    // sequential: 5 rounds × 1s × 3 = 15s; burst: ceil(30 / 10) = 3 rounds × 1s × 3 = 9s.
    const p = plan({ warmup: sequential({ requests: 5 }), main: burst({ vus: 10, requests: 30 }) }, { gracefulStop: "2s" });
    expect(p.scenarios).toEqual({
      warmup: { executor: "per-vu-iterations", vus: 1, iterations: 5, maxDuration: "15s", startTime: "0s", gracefulStop: "2s" },
      main: { executor: "shared-iterations", vus: 10, iterations: 30, maxDuration: "9s", startTime: "17s", gracefulStop: "2s" },
    });
    expect(p.totalDuration).toBe("28s");
    expect(p.warnings).toEqual([]);
    // A slower target: 2.5s per request, 2 times headroom.
    const slow = plan({ warmup: sequential({ requests: 5 }) }, { gracefulStop: "0s", expectedLatency: "2500ms", headroom: 2 });
    expect(slow.scenarios["warmup"]).toEqual({ executor: "per-vu-iterations", vus: 1, iterations: 5, maxDuration: "25s", startTime: "0s", gracefulStop: "0s" });
    // k6's own defaults when a raw scenario sets neither vus nor iterations: 1 VU, 1 iteration, maxDuration 10m as the cap.
    const raw = plan({ once: { executor: "shared-iterations" } }, { gracefulStop: "0s" });
    expect(raw.scenarios).toEqual({ once: { executor: "shared-iterations", maxDuration: "3s", startTime: "0s", gracefulStop: "0s" } });
    expect(raw.totalDuration).toBe("3s");
  });

  it("warns when the schedule is mostly idle: a few seconds of requests followed by k6's 30s gracefulStop", () => {
    const p = plan({ warmup: sequential({ requests: 5 }), main: burst({ vus: 10, requests: 30 }) });
    // warmup 15s + 30s, main 9s (its own gracefulStop holds nothing back): 24s of parts in 54s.
    expect(p.scenarios["main"]?.startTime).toBe("45s");
    expect(p.totalDuration).toBe("1m24s");
    expect(p.warnings).toEqual([
      "plan(): the schedule is mostly idle: its parts run for 24s of the 54s from its start to its last part's end (44%); the rest is each part's gracefulStop " +
        '(k6\'s default 30s when unset) and the gaps. Set plan()\'s `gracefulStop` (e.g. "5s") to what an iteration in flight needs to finish',
    ]);
    // Time-based parts count their whole duration as busy.
    expect(plan({ smoke: smoke({ vus: 1, duration: "1m" }) }).warnings).toEqual([]);
  });

  it("measures each executor as k6 does: its duration, stages or maxDuration plus gracefulStop", () => {
    expect(scenarioDuration({ executor: "constant-vus", duration: "1m" })).toBe(90_000);
    expect(scenarioDuration({ executor: "ramping-arrival-rate", preAllocatedVUs: 1, stages: [{ duration: "1s", target: 1 }, { duration: "2s", target: 0 }], gracefulStop: "1s" })).toBe(4000);
    expect(scenarioDuration({ executor: "per-vu-iterations", maxDuration: "5s", gracefulStop: "0s" })).toBe(5000);
    expect(scenarioDuration({ executor: "shared-iterations", gracefulStop: "0s" })).toBe(600_000);
  });

  it("refuses what k6 would reject or what would stall the plan", () => {
    expect(caught(() => plan({}))).toEqual(new RangeError("plan(): needs at least one scenario, got {}"));
    expect(caught(() => plan({ "peak load": peak() }))).toEqual(
      new RangeError('plan(): each part\'s name must be a k6 scenario name (letters, digits, "_" and "-" only), got "peak load"'),
    );
    expect(caught(() => plan({ "peak:1": peak() }))).toEqual(
      new RangeError('plan(): each part\'s name must be a k6 scenario name (letters, digits, "_" and "-" only), got "peak:1"'),
    );
    expect(caught(() => plan({ peak: { ...peak(), startTime: "10s" } }))).toEqual(
      new RangeError('plan(): part `peak` sets `startTime` "10s"; plan() computes start times from the parts before it'),
    );
    expect(caught(() => plan({ smoke: smoke() }, { headroom: 0.5 }))).toEqual(new RangeError("plan(): `headroom` must be a number >= 1, got 0.5"));
    expect(caught(() => plan({ smoke: { ...smoke(), gracefulStop: "soon" } }))).toEqual(
      new RangeError('plan(): part `smoke`: `gracefulStop` must be a k6 duration such as "500ms", "30s", "1m30s" or "2h", got "soon"'),
    );
    expect(caught(() => plan({ smoke: smoke() }, { gap: "-1s" }))).toEqual(
      new RangeError('plan(): `gap` must be a k6 duration such as "500ms", "30s", "1m30s" or "2h", got "-1s"'),
    );
    expect(caught(() => plan({ smoke: "smoke" as never }))).toEqual(
      new TypeError('plan(): part `smoke` must be a k6 scenario object (from a builder such as load()), got "smoke"'),
    );
  });
});
