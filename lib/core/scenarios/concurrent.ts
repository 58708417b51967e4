import type { SharedIterationsScenario } from "k6/options";
import { sharedIterations } from "./burst.ts";

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
 * as it is free (k6's `shared-iterations`, as `burst()` with workers).
 * @example export const options = { scenarios: { concurrent: concurrent({ workers: 5, requests: 100 }) } };
 */
export function concurrent(options: ConcurrentOptions = {}): SharedIterationsScenario {
  return sharedIterations("concurrent", { option: "workers", noun: "workers" }, options, CONCURRENT_DEFAULTS);
}
