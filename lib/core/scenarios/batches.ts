import type { PerVUIterationsScenario } from "k6/options";
import { duration, K6_MIN_DURATION_MS, optionsObject, wholeNumber } from "./validate.ts";

/**
 * The scenario `env` variable through which {@link batches} tells the iteration how many requests
 * to send at once; loadgate's `exercise()` reads it and sends them with `http.batch`.
 */
export const BATCH_SIZE_ENV = "LOADGATE_BATCH_SIZE";

/** Options for {@link batches}. */
export interface BatchesOptions {
  /** Batches, sent one after another. @default 5 */
  count?: number;
  /** Requests sent at once in each batch. @default 10 */
  size?: number;
  /** Upper bound on all batches together; k6 stops there. @default "10m" */
  maxDuration?: string;
}

/** Defaults of {@link batches}. */
export const BATCHES_DEFAULTS = { count: 5, size: 10, maxDuration: "10m" } as const satisfies Required<BatchesOptions>;

/**
 * `count` batches of `size` concurrent requests, each batch sent when the previous one has fully
 * answered: one user whose every iteration sends a batch with `http.batch` (k6's
 * `per-vu-iterations`). The size travels in the scenario's `env` as {@link BATCH_SIZE_ENV}; k6
 * sends at most `batchPerHost` (default 6) of a batch at once to one host, so set the options
 * `batch` and `batchPerHost` to at least `size`.
 * @example export const options = { scenarios: { batches: batches({ count: 5, size: 10 }) }, batch: 10, batchPerHost: 10 };
 */
export function batches(options: BatchesOptions = {}): PerVUIterationsScenario {
  const o = optionsObject("batches", options, ["count", "size", "maxDuration"]);
  const count = wholeNumber("batches", "count", o.count ?? BATCHES_DEFAULTS.count);
  const size = wholeNumber("batches", "size", o.size ?? BATCHES_DEFAULTS.size);
  const maxDuration = o.maxDuration ?? BATCHES_DEFAULTS.maxDuration;
  duration("batches", "maxDuration", maxDuration, K6_MIN_DURATION_MS);
  return {
    executor: "per-vu-iterations",
    vus: 1,
    iterations: count,
    maxDuration,
    env: { [BATCH_SIZE_ENV]: String(size) },
  };
}
