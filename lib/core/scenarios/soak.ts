import type { RampingVUsScenario } from "k6/options";
import { rampHold, type RampHoldOptions } from "./ramp-hold.ts";

/** Options for {@link soak}. Durations are k6 duration strings ("30s", "1m30s", "2h"). */
export interface SoakOptions extends RampHoldOptions {
  /** Concurrent users held after the ramp-up. @default 100 */
  vus?: number;
  /** Time to climb from 0 to `vus` users. @default "1m" */
  rampUp?: string;
  /** Time `vus` users are held. @default "1h" */
  hold?: string;
  /** Time to fall back to 0 users. @default "1m" */
  rampDown?: string;
}

/** Defaults of {@link soak}. */
export const SOAK_DEFAULTS = { vus: 100, rampUp: "1m", hold: "1h", rampDown: "1m" } as const satisfies Required<SoakOptions>;

/**
 * Soak (endurance): a steady load held for hours, to find leaks and slow degradation (k6's `ramping-vus`).
 * @example export const options = { scenarios: { endurance: soak({ vus: 100, hold: "4h" }) } };
 */
export function soak(options: SoakOptions = {}): RampingVUsScenario {
  return rampHold("soak", options, SOAK_DEFAULTS);
}
