import type { RampingArrivalRateScenario } from "k6/options";
import { sizeVUs } from "./open-model.ts";
import { duration, optionsObject, wholeNumber } from "./validate.ts";

/** Options for {@link breakpoint}. Durations are k6 duration strings ("30s", "1m30s", "500ms"). */
export interface BreakpointOptions {
  /** Iterations started per `timeUnit` at the start. @default 1 */
  startRate?: number;
  /** Iterations started per `timeUnit` at the end, if no gate has stopped the run before. @default 100 */
  maxRate?: number;
  /** Time to climb from `startRate` to `maxRate`. @default "10m" */
  duration?: string;
  /** The period the rates count in. @default "1s" */
  timeUnit?: string;
  /** Response time the VU pool is sized for, at `maxRate` (Little's law, see `sizeVUs`). @default "500ms" */
  expectedLatency?: string;
  /** VUs k6 starts before the test. @default ⌈2 × maxRate ÷ timeUnit × expectedLatency⌉, at least 2 */
  preAllocatedVUs?: number;
  /** Most VUs k6 may use. @default 2 × the sized preAllocatedVUs */
  maxVUs?: number;
}

/** Defaults of {@link breakpoint}. */
export const BREAKPOINT_DEFAULTS = {
  startRate: 1,
  maxRate: 100,
  duration: "10m",
  timeUnit: "1s",
  expectedLatency: "500ms",
} as const satisfies Partial<BreakpointOptions>;

/**
 * An arrival rate rising steadily from `startRate` to `maxRate`, meant to run until a gate with
 * `abortOnFail` stops it: the rate at that moment is the breaking point (k6's
 * `ramping-arrival-rate`, an open model).
 * @example export const options = { scenarios: { breakpoint: breakpoint({ maxRate: 500 }) }, ...compileGate({ p95: 500, abortOnFail: "30s" }) };
 */
export function breakpoint(options: BreakpointOptions = {}): RampingArrivalRateScenario {
  const o = optionsObject("breakpoint", options, ["startRate", "maxRate", "duration", "timeUnit", "expectedLatency", "preAllocatedVUs", "maxVUs"]);
  const startRate = wholeNumber("breakpoint", "startRate", o.startRate ?? BREAKPOINT_DEFAULTS.startRate, 0);
  const maxRate = wholeNumber("breakpoint", "maxRate", o.maxRate ?? BREAKPOINT_DEFAULTS.maxRate);
  if (maxRate <= startRate) {
    throw new RangeError(`breakpoint(): \`maxRate\` (${maxRate}) must be above \`startRate\` (${startRate})`);
  }
  const time = o.duration ?? BREAKPOINT_DEFAULTS.duration;
  const timeUnit = o.timeUnit ?? BREAKPOINT_DEFAULTS.timeUnit;
  const expectedLatency = o.expectedLatency ?? BREAKPOINT_DEFAULTS.expectedLatency;
  duration("breakpoint", "duration", time);
  const unitMs = duration("breakpoint", "timeUnit", timeUnit);
  const latencyMs = duration("breakpoint", "expectedLatency", expectedLatency);
  return {
    executor: "ramping-arrival-rate",
    startRate,
    timeUnit,
    ...sizeVUs("breakpoint", maxRate, unitMs, latencyMs, o),
    stages: [{ duration: time, target: maxRate }],
  };
}
