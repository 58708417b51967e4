import type { RampingArrivalRateScenario } from "k6/options";
import { sizeVUs } from "./open-model.ts";
import { duration, optionsObject, wholeNumber } from "./validate.ts";

/** Options for {@link spike}. Durations are k6 duration strings ("30s", "1m30s", "500ms"). */
export interface SpikeOptions {
  /** Iterations started per `timeUnit` at the top of the spike. */
  peakRate: number;
  /** Iterations started per `timeUnit` before and after the spike. @default 0 */
  baseRate?: number;
  /** Time to climb to `peakRate`, and to fall back. @default "10s" */
  ramp?: string;
  /** Time `peakRate` is held. @default "1m" */
  hold?: string;
  /** The period the rates count in. @default "1s" */
  timeUnit?: string;
  /** Response time the VU pool is sized for (Little's law, see `sizeVUs`). @default "500ms" */
  expectedLatency?: string;
  /** VUs k6 starts before the test. @default ⌈2 × peakRate ÷ timeUnit × expectedLatency⌉, at least 2 */
  preAllocatedVUs?: number;
  /** Most VUs k6 may use. @default 2 × the sized preAllocatedVUs */
  maxVUs?: number;
}

/** Defaults of {@link spike}. */
export const SPIKE_DEFAULTS = {
  baseRate: 0,
  ramp: "10s",
  hold: "1m",
  timeUnit: "1s",
  expectedLatency: "500ms",
} as const satisfies Partial<SpikeOptions>;

/**
 * A sudden rise of arrivals to `peakRate`, a hold, and a drop back (k6's `ramping-arrival-rate`,
 * an open model: new requests keep arriving however slowly the service answers).
 * @example export const options = { scenarios: { search: spike({ peakRate: 200 }) } };
 */
export function spike(options: SpikeOptions): RampingArrivalRateScenario {
  const o = optionsObject("spike", options, ["peakRate", "baseRate", "ramp", "hold", "timeUnit", "expectedLatency", "preAllocatedVUs", "maxVUs"]);
  const peakRate = wholeNumber("spike", "peakRate", o.peakRate);
  const baseRate = wholeNumber("spike", "baseRate", o.baseRate ?? SPIKE_DEFAULTS.baseRate, 0);
  if (baseRate >= peakRate) {
    throw new RangeError(`spike(): \`baseRate\` (${baseRate}) must be below \`peakRate\` (${peakRate})`);
  }
  const ramp = o.ramp ?? SPIKE_DEFAULTS.ramp;
  const hold = o.hold ?? SPIKE_DEFAULTS.hold;
  const timeUnit = o.timeUnit ?? SPIKE_DEFAULTS.timeUnit;
  const expectedLatency = o.expectedLatency ?? SPIKE_DEFAULTS.expectedLatency;
  duration("spike", "ramp", ramp, 0);
  duration("spike", "hold", hold);
  const unitMs = duration("spike", "timeUnit", timeUnit);
  const latencyMs = duration("spike", "expectedLatency", expectedLatency);
  return {
    executor: "ramping-arrival-rate",
    startRate: baseRate,
    timeUnit,
    ...sizeVUs("spike", peakRate, unitMs, latencyMs, o),
    stages: [
      { duration: ramp, target: peakRate },
      { duration: hold, target: peakRate },
      { duration: ramp, target: baseRate },
    ],
  };
}
