import type { SharedIterationsScenario } from "k6/options";
import { duration, K6_MIN_DURATION_MS, optionsObject, wholeNumber } from "./validate.ts";

/** Options for {@link concurrent}. */
export interface ConcurrentOptions {
  /** Users (workers) sending at the same time. @default 5 */
  workers?: number;
  /** Requests in total, shared by the workers: each takes the next as soon as it is free. @default 50 */
  requests?: number;
  /** Upper bound on the whole run; k6 stops it there. @default "10m" */
  maxDuration?: string;
}

/** Defaults of {@link concurrent}. */
export const CONCURRENT_DEFAULTS = { workers: 5, requests: 50, maxDuration: "10m" } as const satisfies Required<ConcurrentOptions>;

/**
 * `workers` users working through `requests` requests together, each taking the next one as soon
 * as it is free (k6's `shared-iterations`).
 * @example export const options = { scenarios: { concurrent: concurrent({ workers: 5, requests: 100 }) } };
 */
export function concurrent(options: ConcurrentOptions = {}): SharedIterationsScenario {
  const o = optionsObject("concurrent", options, ["workers", "requests", "maxDuration"]);
  const workers = wholeNumber("concurrent", "workers", o.workers ?? CONCURRENT_DEFAULTS.workers);
  const requests = wholeNumber("concurrent", "requests", o.requests ?? CONCURRENT_DEFAULTS.requests);
  const maxDuration = o.maxDuration ?? CONCURRENT_DEFAULTS.maxDuration;
  duration("concurrent", "maxDuration", maxDuration, K6_MIN_DURATION_MS);
  if (requests < workers) {
    throw new RangeError(
      `concurrent(): \`requests\` (${requests}) must be at least \`workers\` (${workers}), or some workers would send nothing`,
    );
  }
  return { executor: "shared-iterations", vus: workers, iterations: requests, maxDuration };
}
