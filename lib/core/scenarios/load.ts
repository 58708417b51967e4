import type { RampingVUsScenario } from "k6/options";
import { rampHold, type RampHoldOptions } from "./ramp-hold.ts";

/** Options for {@link load}. Durations are k6 duration strings ("30s", "1m30s", "2h"). */
export interface LoadOptions extends RampHoldOptions {
  /** Concurrent users held after the ramp-up. @default 50 */
  vus?: number;
  /** Time to climb from 0 to `vus` users. @default "30s" */
  rampUp?: string;
  /** Time `vus` users are held. @default "5m" */
  hold?: string;
  /** Time to fall back to 0 users. @default "30s" */
  rampDown?: string;
}

/** Defaults of {@link load}. */
export const LOAD_DEFAULTS = { vus: 50, rampUp: "30s", hold: "5m", rampDown: "30s" } as const satisfies Required<LoadOptions>;

/**
 * Average load: users ramp up to the number a normal day brings, hold it, and ramp down (k6's `ramping-vus`).
 * @example export const options = { scenarios: { normal: load({ vus: 50, hold: "10m" }) } };
 */
export function load(options: LoadOptions = {}): RampingVUsScenario {
  return rampHold("load", options, LOAD_DEFAULTS);
}
