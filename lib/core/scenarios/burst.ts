import type { SharedIterationsScenario } from "k6/options";
import { duration, K6_MIN_DURATION_MS, optionsObject, wholeNumber } from "./validate.ts";

/** Options for {@link burst}. */
export interface BurstOptions {
  /** Concurrent users. @default 10 */
  vus?: number;
  /** Requests (iterations) in total, shared by the users. @default 30 */
  requests?: number;
  /** Upper bound on the burst's duration; k6 stops it there. @default "1m" */
  maxDuration?: string;
}

/** Defaults of {@link burst}. */
export const BURST_DEFAULTS = { vus: 10, requests: 30, maxDuration: "1m" } as const satisfies BurstOptions;

/**
 * A burst of concurrent users sharing a fixed number of requests, all started at once
 * (k6's `shared-iterations`).
 * @example export const options = { scenarios: { burst: burst({ vus: 10, requests: 30 }) } };
 */
export function burst(options: BurstOptions = {}): SharedIterationsScenario {
  const o = optionsObject("burst", options, ["vus", "requests", "maxDuration"]);
  const vus = wholeNumber("burst", "vus", o.vus ?? BURST_DEFAULTS.vus);
  const requests = wholeNumber("burst", "requests", o.requests ?? BURST_DEFAULTS.requests);
  const maxDuration = o.maxDuration ?? BURST_DEFAULTS.maxDuration;
  duration("burst", "maxDuration", maxDuration, K6_MIN_DURATION_MS);
  if (requests < vus) {
    throw new RangeError(`burst(): \`requests\` (${requests}) must be at least \`vus\` (${vus}), or some users would send nothing`);
  }
  return { executor: "shared-iterations", vus, iterations: requests, maxDuration };
}
