import type { PerVUIterationsScenario } from "k6/options";
import { duration, K6_MIN_DURATION_MS, optionsObject, wholeNumber } from "./validate.ts";

/** Options for {@link sequential}. */
export interface SequentialOptions {
  /** Requests (iterations) sent one after another by a single user. @default 10 */
  requests?: number;
  /** Upper bound on the whole sequence; k6 stops it there. @default "10m" */
  maxDuration?: string;
}

/** Defaults of {@link sequential}. */
export const SEQUENTIAL_DEFAULTS = { requests: 10, maxDuration: "10m" } as const satisfies Required<SequentialOptions>;

/**
 * One user sending `requests` requests one after another, each starting when the previous one has
 * answered: shows how latency changes over a run without concurrency (k6's `per-vu-iterations`).
 * @example export const options = { scenarios: { sequential: sequential({ requests: 10 }) } };
 */
export function sequential(options: SequentialOptions = {}): PerVUIterationsScenario {
  const o = optionsObject("sequential", options, ["requests", "maxDuration"]);
  const requests = wholeNumber("sequential", "requests", o.requests ?? SEQUENTIAL_DEFAULTS.requests);
  const maxDuration = o.maxDuration ?? SEQUENTIAL_DEFAULTS.maxDuration;
  duration("sequential", "maxDuration", maxDuration, K6_MIN_DURATION_MS);
  return { executor: "per-vu-iterations", vus: 1, iterations: requests, maxDuration };
}
