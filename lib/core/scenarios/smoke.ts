import type { ConstantVUsScenario } from "k6/options";
import { duration, K6_MIN_DURATION_MS, optionsObject, wholeNumber } from "./validate.ts";

/** Options for {@link smoke}. */
export interface SmokeOptions {
  /** Concurrent users: a few, enough to prove the script and the service work. @default 1 */
  vus?: number;
  /** How long they keep sending, a k6 duration ("30s", "1m"). @default "30s" */
  duration?: string;
}

/** Defaults of {@link smoke}. */
export const SMOKE_DEFAULTS = { vus: 1, duration: "30s" } as const satisfies Required<SmokeOptions>;

/**
 * A smoke test: a few users for a short while, to check the script and the service before loading it
 * (k6's `constant-vus`).
 * @example export const options = { scenarios: { smoke: smoke({ vus: 2, duration: "20s" }) } };
 */
export function smoke(options: SmokeOptions = {}): ConstantVUsScenario {
  const o = optionsObject("smoke", options, ["vus", "duration"]);
  const vus = wholeNumber("smoke", "vus", o.vus ?? SMOKE_DEFAULTS.vus);
  const time = o.duration ?? SMOKE_DEFAULTS.duration;
  duration("smoke", "duration", time, K6_MIN_DURATION_MS);
  return { executor: "constant-vus", vus, duration: time };
}
