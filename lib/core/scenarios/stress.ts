import type { RampingVUsScenario } from "k6/options";
import { rampHold, type RampHoldOptions } from "./ramp-hold.ts";

/** Options for {@link stress}. Durations are k6 duration strings ("30s", "1m30s", "2h"). */
export interface StressOptions extends RampHoldOptions {
  /** Concurrent users held after the ramp-up. @default 300 */
  vus?: number;
  /** Time to climb from 0 to `vus` users. @default "2m" */
  rampUp?: string;
  /** Time `vus` users are held. @default "5m" */
  hold?: string;
  /** Time to fall back to 0 users. @default "1m" */
  rampDown?: string;
}

/** Defaults of {@link stress}. */
export const STRESS_DEFAULTS = { vus: 300, rampUp: "2m", hold: "5m", rampDown: "1m" } as const satisfies Required<StressOptions>;

/**
 * Stress: more users than the peak, held long enough to see what degrades first (k6's `ramping-vus`).
 * @example export const options = { scenarios: { stress: stress({ vus: 400, hold: "10m" }) } };
 */
export function stress(options: StressOptions = {}): RampingVUsScenario {
  return rampHold("stress", options, STRESS_DEFAULTS);
}
