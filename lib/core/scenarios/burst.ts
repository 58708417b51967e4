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
  return sharedIterations("burst", { option: "vus", noun: "users" }, options, BURST_DEFAULTS);
}

/**
 * k6's `shared-iterations`, behind {@link burst} and `concurrent()`: users working through a number
 * of requests together, each taking the next as soon as it is free. `users` names the option that
 * counts them (`vus`, `workers`) and the word for them in messages.
 */
export function sharedIterations<U extends string>(
  builder: string,
  users: { option: U; noun: string },
  options: (Partial<Record<U, number>> & { requests?: number; maxDuration?: string }) | undefined,
  defaults: Readonly<Record<U, number> & { requests: number; maxDuration: string }>,
): SharedIterationsScenario {
  const o = optionsObject(builder, options, [users.option, "requests", "maxDuration"]);
  const vus = wholeNumber(builder, users.option, o[users.option] ?? defaults[users.option]);
  const requests = wholeNumber(builder, "requests", o.requests ?? defaults.requests);
  const maxDuration = o.maxDuration ?? defaults.maxDuration;
  duration(builder, "maxDuration", maxDuration, K6_MIN_DURATION_MS);
  if (requests < vus) {
    throw new RangeError(
      `${builder}(): \`requests\` (${requests}) must be at least \`${users.option}\` (${vus}), or some ${users.noun} would send nothing`,
    );
  }
  return { executor: "shared-iterations", vus, iterations: requests, maxDuration };
}
