import type { RampingVUsScenario } from "k6/options";
import { rampHold, type RampHoldOptions } from "./ramp-hold.ts";

/** Options for {@link peak}. Durations are k6 duration strings ("30s", "1m30s", "2h"). */
export interface PeakOptions extends RampHoldOptions {
  /** Concurrent users held after the ramp-up. @default 200 */
  vus?: number;
  /** Time to climb from 0 to `vus` users. @default "1m" */
  rampUp?: string;
  /** Time `vus` users are held. @default "3m" */
  hold?: string;
  /** Time to fall back to 0 users. @default "30s" */
  rampDown?: string;
}

/** Defaults of {@link peak}. */
export const PEAK_DEFAULTS = { vus: 200, rampUp: "1m", hold: "3m", rampDown: "30s" } as const satisfies Required<PeakOptions>;

/**
 * Peak load: the busiest hour's users, ramped up to, held, and ramped down (k6's `ramping-vus`).
 * @example export const options = { scenarios: { peak: peak({ vus: 200 }) } };
 */
export function peak(options: PeakOptions = {}): RampingVUsScenario {
  return rampHold("peak", options, PEAK_DEFAULTS);
}
