import { describe, expect, it } from "vitest";
import { caught } from "../../../helpers/caught.ts";
import {
  batches,
  BATCHES_DEFAULTS,
  breakpoint,
  BREAKPOINT_DEFAULTS,
  burst,
  BURST_DEFAULTS,
  concurrent,
  CONCURRENT_DEFAULTS,
  load,
  LOAD_DEFAULTS,
  OPEN_MODEL_HEADROOM,
  peak,
  PEAK_DEFAULTS,
  scaleDuration,
  sequential,
  SEQUENTIAL_DEFAULTS,
  sizeVUs,
  smoke,
  SMOKE_DEFAULTS,
  soak,
  SOAK_DEFAULTS,
  spike,
  SPIKE_DEFAULTS,
  stress,
  STRESS_DEFAULTS,
  sustainedRate,
  SUSTAINED_RATE_DEFAULTS,
} from "../../../../lib/core/index.ts";

describe("smoke()", () => {
  it("is one user for 30 seconds by default", () => {
    expect(smoke()).toEqual({ executor: "constant-vus", vus: 1, duration: "30s" });
    expect(SMOKE_DEFAULTS).toEqual({ vus: 1, duration: "30s" });
  });
  it("takes users and any k6 duration form", () => {
    expect(smoke({ vus: 3, duration: "1m30s" })).toEqual({ executor: "constant-vus", vus: 3, duration: "1m30s" });
  });
  it("refuses zero users, a non-number, an unparsable duration and one under k6's 1s minimum", () => {
    expect(caught(() => smoke({ vus: 0 }))).toEqual(new RangeError("smoke(): `vus` must be a whole number >= 1, got 0"));
    expect(caught(() => smoke({ vus: 1.5 }))).toEqual(new RangeError("smoke(): `vus` must be a whole number >= 1, got 1.5"));
    expect(caught(() => smoke({ vus: "2" as unknown as number }))).toEqual(
      new TypeError('smoke(): `vus` must be a whole number >= 1, got "2"'),
    );
    expect(caught(() => smoke({ duration: "30 seconds" }))).toEqual(
      new RangeError('smoke(): `duration` must be a k6 duration such as "500ms", "30s", "1m30s" or "2h", got "30 seconds"'),
    );
    expect(caught(() => smoke({ duration: "500ms" }))).toEqual(
      new RangeError("smoke(): `duration` must be at least 1s (k6's minimum), got \"500ms\""),
    );
    expect(caught(() => smoke(null as unknown as undefined))).toEqual(new TypeError("smoke(): expected an options object, got null"));
  });
});

describe("load(), peak(), stress() and soak()", () => {
  const shape = (vus: number, rampUp: string, hold: string, rampDown: string) => ({
    executor: "ramping-vus",
    startVUs: 0,
    stages: [
      { duration: rampUp, target: vus },
      { duration: hold, target: vus },
      { duration: rampDown, target: 0 },
    ],
  });

  it("ramp up, hold and ramp down with their own defaults", () => {
    expect(load()).toEqual(shape(50, "30s", "5m", "30s"));
    expect(peak()).toEqual(shape(200, "1m", "3m", "30s"));
    expect(stress()).toEqual(shape(300, "2m", "5m", "1m"));
    expect(soak()).toEqual(shape(100, "1m", "1h", "1m"));
    expect([LOAD_DEFAULTS, PEAK_DEFAULTS, STRESS_DEFAULTS, SOAK_DEFAULTS]).toEqual([
      { vus: 50, rampUp: "30s", hold: "5m", rampDown: "30s" },
      { vus: 200, rampUp: "1m", hold: "3m", rampDown: "30s" },
      { vus: 300, rampUp: "2m", hold: "5m", rampDown: "1m" },
      { vus: 100, rampUp: "1m", hold: "1h", rampDown: "1m" },
    ]);
  });

  it("take custom options, an instant ramp included", () => {
    expect(load({ vus: 20, rampUp: "0s", hold: "2h", rampDown: "500ms" })).toEqual(shape(20, "0s", "2h", "500ms"));
    expect(soak({ hold: "4h" })).toEqual(shape(100, "1m", "4h", "1m"));
  });

  it("name the builder in every error", () => {
    expect(caught(() => peak({ vus: -3 }))).toEqual(new RangeError("peak(): `vus` must be a whole number >= 1, got -3"));
    expect(caught(() => stress({ hold: "0s" }))).toEqual(new RangeError('stress(): `hold` must be a duration longer than zero, got "0s"'));
    expect(caught(() => soak({ rampUp: "1x" }))).toEqual(
      new RangeError('soak(): `rampUp` must be a k6 duration such as "500ms", "30s", "1m30s" or "2h", got "1x"'),
    );
    expect(caught(() => load({ rampDown: 30 as unknown as string }))).toEqual(
      new TypeError('load(): `rampDown` must be a k6 duration string such as "30s" or "1m30s", got 30'),
    );
  });
});

describe("burst(), sequential(), concurrent() and batches()", () => {
  it("are iteration-based with a bounded maxDuration", () => {
    expect(burst()).toEqual({ executor: "shared-iterations", vus: 10, iterations: 30, maxDuration: "1m" });
    expect(sequential()).toEqual({ executor: "per-vu-iterations", vus: 1, iterations: 10, maxDuration: "10m" });
    expect(concurrent()).toEqual({ executor: "shared-iterations", vus: 5, iterations: 50, maxDuration: "10m" });
    expect(batches()).toEqual({
      executor: "per-vu-iterations",
      vus: 1,
      iterations: 5,
      maxDuration: "10m",
      env: { LOADGATE_BATCH_SIZE: "10" },
    });
    expect([BURST_DEFAULTS, SEQUENTIAL_DEFAULTS, CONCURRENT_DEFAULTS, BATCHES_DEFAULTS]).toEqual([
      { vus: 10, requests: 30, maxDuration: "1m" },
      { requests: 10, maxDuration: "10m" },
      { workers: 5, requests: 50, maxDuration: "10m" },
      { count: 5, size: 10, maxDuration: "10m" },
    ]);
  });

  it("take custom options", () => {
    expect(sequential({ requests: 3, maxDuration: "1m30s" })).toEqual({
      executor: "per-vu-iterations",
      vus: 1,
      iterations: 3,
      maxDuration: "1m30s",
    });
    expect(concurrent({ workers: 4, requests: 4, maxDuration: "2s" })).toEqual({
      executor: "shared-iterations",
      vus: 4,
      iterations: 4,
      maxDuration: "2s",
    });
    expect(batches({ count: 2, size: 25, maxDuration: "1m" })).toEqual({
      executor: "per-vu-iterations",
      vus: 1,
      iterations: 2,
      maxDuration: "1m",
      env: { LOADGATE_BATCH_SIZE: "25" },
    });
  });

  it("refuse counts below one, fewer requests than users and too short a maxDuration", () => {
    expect(caught(() => sequential({ requests: 0 }))).toEqual(new RangeError("sequential(): `requests` must be a whole number >= 1, got 0"));
    expect(caught(() => concurrent({ workers: 10, requests: 5 }))).toEqual(
      new RangeError("concurrent(): `requests` (5) must be at least `workers` (10), or some workers would send nothing"),
    );
    expect(caught(() => burst({ vus: 10, requests: 5 }))).toEqual(
      new RangeError("burst(): `requests` (5) must be at least `vus` (10), or some users would send nothing"),
    );
    expect(caught(() => batches({ size: -1 }))).toEqual(new RangeError("batches(): `size` must be a whole number >= 1, got -1"));
    expect(caught(() => batches({ count: Number.NaN }))).toEqual(new RangeError("batches(): `count` must be a whole number >= 1, got NaN"));
    expect(caught(() => sequential({ maxDuration: "900ms" }))).toEqual(
      new RangeError("sequential(): `maxDuration` must be at least 1s (k6's minimum), got \"900ms\""),
    );
  });
});

describe("open-model builders", () => {
  it("size preAllocatedVUs by Little's law for twice expectedLatency (k6 drops an arrival when no pre-allocated VU is free), and maxVUs twice that", () => {
    // Before: preAllocatedVUs for expectedLatency exactly, and a real run dropped arrivals at twice it.
    expect(OPEN_MODEL_HEADROOM).toBe(2);
    expect(sizeVUs("x", 10, 1000, 500, {})).toEqual({ preAllocatedVUs: 10, maxVUs: 20 });
    expect(sizeVUs("x", 1, 1000, 100, {})).toEqual({ preAllocatedVUs: 2, maxVUs: 4 });
    expect(sizeVUs("x", 60, 60_000, 2000, {})).toEqual({ preAllocatedVUs: 4, maxVUs: 8 });
    expect(sizeVUs("x", 10, 1000, 500, { preAllocatedVUs: 30 })).toEqual({ preAllocatedVUs: 30, maxVUs: 30 });
    expect(caught(() => sizeVUs("spike", 10, 1000, 500, { preAllocatedVUs: 10, maxVUs: 5 }))).toEqual(
      new RangeError("spike(): `maxVUs` (5) must be at least `preAllocatedVUs` (10)"),
    );
  });

  it("sustainedRate() holds a constant arrival rate", () => {
    expect(sustainedRate()).toEqual({
      executor: "constant-arrival-rate",
      rate: 10,
      timeUnit: "1s",
      duration: "1m",
      preAllocatedVUs: 10,
      maxVUs: 20,
    });
    expect(SUSTAINED_RATE_DEFAULTS).toEqual({ rate: 10, timeUnit: "1s", duration: "1m", expectedLatency: "500ms" });
    expect(sustainedRate({ rate: 100, duration: "60s", expectedLatency: "1.5s", maxVUs: 500 })).toEqual({
      executor: "constant-arrival-rate",
      rate: 100,
      timeUnit: "1s",
      duration: "60s",
      preAllocatedVUs: 300,
      maxVUs: 500,
    });
    expect(caught(() => sustainedRate({ rate: 0 }))).toEqual(new RangeError("sustainedRate(): `rate` must be a whole number >= 1, got 0"));
    expect(caught(() => sustainedRate({ timeUnit: "0s" }))).toEqual(
      new RangeError('sustainedRate(): `timeUnit` must be a duration longer than zero, got "0s"'),
    );
  });

  it("spike() climbs to peakRate, holds and falls back", () => {
    expect(spike({ peakRate: 200 })).toEqual({
      executor: "ramping-arrival-rate",
      startRate: 0,
      timeUnit: "1s",
      preAllocatedVUs: 200,
      maxVUs: 400,
      stages: [
        { duration: "10s", target: 200 },
        { duration: "1m", target: 200 },
        { duration: "10s", target: 0 },
      ],
    });
    expect(SPIKE_DEFAULTS).toEqual({ baseRate: 0, ramp: "10s", hold: "1m", timeUnit: "1s", expectedLatency: "500ms" });
    expect(spike({ peakRate: 50, baseRate: 5, ramp: "0s", hold: "30s", timeUnit: "1m", expectedLatency: "2s" })).toEqual({
      executor: "ramping-arrival-rate",
      startRate: 5,
      timeUnit: "1m",
      preAllocatedVUs: 4,
      maxVUs: 8,
      stages: [
        { duration: "0s", target: 50 },
        { duration: "30s", target: 50 },
        { duration: "0s", target: 5 },
      ],
    });
    expect(caught(() => spike({} as { peakRate: number }))).toEqual(
      new TypeError("spike(): `peakRate` must be a whole number >= 1, got undefined"),
    );
    expect(caught(() => spike({ peakRate: 10, baseRate: 10 }))).toEqual(
      new RangeError("spike(): `baseRate` (10) must be below `peakRate` (10)"),
    );
  });

  it("breakpoint() rises from startRate to maxRate", () => {
    expect(breakpoint()).toEqual({
      executor: "ramping-arrival-rate",
      startRate: 1,
      timeUnit: "1s",
      preAllocatedVUs: 100,
      maxVUs: 200,
      stages: [{ duration: "10m", target: 100 }],
    });
    expect(BREAKPOINT_DEFAULTS).toEqual({ startRate: 1, maxRate: 100, duration: "10m", timeUnit: "1s", expectedLatency: "500ms" });
    expect(breakpoint({ startRate: 0, maxRate: 20, duration: "2m", expectedLatency: "100ms", preAllocatedVUs: 4 })).toEqual({
      executor: "ramping-arrival-rate",
      startRate: 0,
      timeUnit: "1s",
      preAllocatedVUs: 4,
      maxVUs: 8,
      stages: [{ duration: "2m", target: 20 }],
    });
    expect(caught(() => breakpoint({ startRate: 50, maxRate: 50 }))).toEqual(
      new RangeError("breakpoint(): `maxRate` (50) must be above `startRate` (50)"),
    );
    expect(caught(() => breakpoint({ startRate: -1 }))).toEqual(
      new RangeError("breakpoint(): `startRate` must be a whole number >= 0, got -1"),
    );
  });
});

describe("scaleDuration()", () => {
  it("shrinks durations for quick runs, never below the given floor", () => {
    expect(scaleDuration("5m", 0.01)).toBe("3s");
    expect(scaleDuration("1h", 0.001)).toBe("3s600ms");
    expect(scaleDuration("30s", 0.001)).toBe("30ms");
    expect(scaleDuration("30s", 0.001, "1s")).toBe("1s");
    expect(scaleDuration("1m30s", 1)).toBe("1m30s");
    expect(scaleDuration("0s", 0.5)).toBe("0s");
    expect(caught(() => scaleDuration("5m", 0))).toEqual(new RangeError("scaleDuration(): `scale` must be a number > 0, got 0"));
  });
});
