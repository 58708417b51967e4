import { describe, expect, it } from "vitest";
import { askedLoad } from "../../../../lib/core/scenarios/asked-load.ts";
import { percentileNeeds, percentilePosition } from "../../../../lib/core/stats/percentile-rank.ts";
import { findCauses } from "../../../../lib/core/verdict/causes.ts";
import type { MetricValues } from "../../../../lib/core/vocabulary/summary-data.ts";

const counter = (count: number): MetricValues => ({ type: "counter", contains: "default", values: { count, rate: 0 } });
const requests = { http_reqs: counter(40), http_req_failed: { type: "rate", contains: "default", values: { rate: 0, passes: 0, fails: 40 } } } as const;

describe("the percentile rule", () => {
  it("asks 100 / (100 − q) samples: 20 for p(95), 100 for p(99), 1000 for p(99.9), 2 for the median", () => {
    expect([95, 99, 99.9, 50, 90].map(percentileNeeds)).toEqual([20, 100, 1000, 2, 10]);
  });

  it("says where k6's interpolated percentile lies among few samples", () => {
    expect(percentilePosition(99, 30)).toBe("between the 2nd-highest and the highest value");
    expect(percentilePosition(95, 12)).toBe("between the 2nd-highest and the highest value");
    expect(percentilePosition(50, 3)).toBe("the 2nd-highest value");
    expect(percentilePosition(90, 11)).toBe("the 2nd-highest value");
    expect(percentilePosition(99, 1)).toBe("the highest value");
  });
});

describe("dropped iterations", () => {
  it("in an open model: no free VU, and the fix is the VU pool", () => {
    const asked = askedLoad({ arrivals: { executor: "constant-arrival-rate", rate: 20, timeUnit: "1s", duration: "2s", preAllocatedVUs: 1 } });
    const causes = findCauses({
      metrics: { ...requests, iterations: counter(12), dropped_iterations: counter(28), "dropped_iterations{scenario:arrivals}": counter(28), "iterations{scenario:arrivals}": counter(12) },
      thresholds: [],
      durationMs: 2000,
      asked,
    });
    expect(causes.filter((c) => c.code !== "no-thresholds").map((c) => [c.code, c.text, c.fix])).toEqual([
      [
        "dropped-iterations",
        "28 iterations were dropped (28 in arrivals): k6 had no free VU to start them, so the load asked was not delivered",
        "raise preAllocatedVUs, or give the open-model builder an expectedLatency as high as the latency you measure: k6 drops an iteration as soon as no pre-allocated VU is free",
      ],
      [
        "arrival-rate-short",
        "scenario arrivals completed 12 iterations of the 40 its arrival rate asked (30.0%, below 95%)",
        "give the scenario more VUs (preAllocatedVUs, maxVUs) or a lower rate, and let it run to its end",
      ],
    ]);
  });

  it("in an iteration-based scenario cut by its maxDuration: the fix is the maxDuration, not the VU pool", () => {
    const asked = askedLoad({ once: { executor: "per-vu-iterations", vus: 1, iterations: 5, maxDuration: "2s" } });
    const causes = findCauses({
      metrics: { ...requests, dropped_iterations: counter(3), "dropped_iterations{scenario:once}": counter(3), "iterations{scenario:once}": counter(2) },
      thresholds: [],
      durationMs: 2000,
      asked,
    });
    const dropped = causes.find((c) => c.code === "dropped-iterations");
    expect([dropped?.text, dropped?.fix]).toEqual([
      "3 iterations were dropped (3 in once): the scenario's maxDuration ended before k6 could start them, so the load asked was not delivered",
      "raise the scenario's maxDuration (or ask for fewer iterations)",
    ]);
    expect(causes.find((c) => c.code === "iterations-short")?.text).toBe(
      "scenario once completed 2 iterations of the 5 it asked for: cut by its maxDuration or an interrupt",
    );
  });
});
