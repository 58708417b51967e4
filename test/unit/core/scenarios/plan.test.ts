import { describe, expect, it } from "vitest";
import { concurrent, load, peak, plan, PLAN_DEFAULTS, scenarioDuration, sequential, smoke, sustainedRate } from "../../../../lib/core/index.ts";
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
    expect(PLAN_DEFAULTS).toEqual({ gap: "0s" });
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
    });
  });

  it("applies a gracefulStop to parts without one, a gap between parts, and counts maxDuration of iteration parts", () => {
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
        second: { executor: "shared-iterations", vus: 2, iterations: 10, maxDuration: "20s", startTime: "12s500ms", gracefulStop: "0s" },
        third: {
          executor: "constant-arrival-rate",
          rate: 5,
          timeUnit: "1s",
          duration: "1m30s",
          preAllocatedVUs: 3,
          maxVUs: 12,
          startTime: "33s",
          gracefulStop: "2s",
        },
      },
      totalDuration: "2m5s",
      thresholds: { ...subMetrics("first"), ...subMetrics("second"), ...subMetrics("third") },
    });
  });

  it("measures each executor as k6 does: its duration, stages or maxDuration plus gracefulStop", () => {
    expect(scenarioDuration({ executor: "constant-vus", duration: "1m" })).toBe(90_000);
    expect(scenarioDuration({ executor: "ramping-arrival-rate", preAllocatedVUs: 1, stages: [{ duration: "1s", target: 1 }, { duration: "2s", target: 0 }], gracefulStop: "1s" })).toBe(4000);
    expect(scenarioDuration({ executor: "per-vu-iterations", maxDuration: "5s", gracefulStop: "0s" })).toBe(5000);
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
    expect(caught(() => plan({ once: { executor: "shared-iterations", vus: 1, iterations: 1 } }))).toEqual(
      new RangeError(
        "plan(): part `once`: a shared-iterations scenario must set `maxDuration` to be placed in a plan (k6's default of 10m would hold every later part back)",
      ),
    );
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
