import type { ConstantArrivalRateScenario } from "k6/options";
import { sizeVUs } from "./open-model.ts";
import { duration, K6_MIN_DURATION_MS, optionsObject, wholeNumber } from "./validate.ts";

/** Options for {@link sustainedRate}. Durations are k6 duration strings ("30s", "1m30s", "500ms"). */
export interface SustainedRateOptions {
  /** Requests (iterations) started per `timeUnit`, whether or not earlier ones have answered. @default 10 */
  rate?: number;
  /** The period `rate` counts in. @default "1s" */
  timeUnit?: string;
  /** How long the rate is held. @default "1m" */
  duration?: string;
  /** Response time the VU pool is sized for (Little's law, see `sizeVUs`). @default "500ms" */
  expectedLatency?: string;
  /** VUs k6 starts before the test. @default ⌈2 × rate ÷ timeUnit × expectedLatency⌉, at least 2 */
  preAllocatedVUs?: number;
  /** Most VUs k6 may use. @default 2 × the sized preAllocatedVUs */
  maxVUs?: number;
}

/** Defaults of {@link sustainedRate}. */
export const SUSTAINED_RATE_DEFAULTS = {
  rate: 10,
  timeUnit: "1s",
  duration: "1m",
  expectedLatency: "500ms",
} as const satisfies Partial<SustainedRateOptions>;

/**
 * A fixed arrival rate held for a duration: "10 requests per second for 60 s" (k6's
 * `constant-arrival-rate`, an open model). The VU pool is sized from the rate and
 * `expectedLatency`; if responses get slower than the pool allows, k6 counts `dropped_iterations`.
 * @example export const options = { scenarios: { steady: sustainedRate({ rate: 10, duration: "60s" }) } };
 */
export function sustainedRate(options: SustainedRateOptions = {}): ConstantArrivalRateScenario {
  const o = optionsObject("sustainedRate", options, ["rate", "timeUnit", "duration", "expectedLatency", "preAllocatedVUs", "maxVUs"]);
  const rate = wholeNumber("sustainedRate", "rate", o.rate ?? SUSTAINED_RATE_DEFAULTS.rate);
  const timeUnit = o.timeUnit ?? SUSTAINED_RATE_DEFAULTS.timeUnit;
  const time = o.duration ?? SUSTAINED_RATE_DEFAULTS.duration;
  const expectedLatency = o.expectedLatency ?? SUSTAINED_RATE_DEFAULTS.expectedLatency;
  const unitMs = duration("sustainedRate", "timeUnit", timeUnit);
  duration("sustainedRate", "duration", time, K6_MIN_DURATION_MS);
  const latencyMs = duration("sustainedRate", "expectedLatency", expectedLatency);
  return {
    executor: "constant-arrival-rate",
    rate,
    timeUnit,
    duration: time,
    ...sizeVUs("sustainedRate", rate, unitMs, latencyMs, o),
  };
}
