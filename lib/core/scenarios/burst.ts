import type { SharedIterationsScenario } from "k6/options";
import { toMilliseconds } from "../duration.ts";

/** Options for {@link burst}. */
export interface BurstOptions {
  /** Concurrent users. @default 10 */
  vus?: number;
  /** Requests (iterations) in total, shared by the users. @default 30 */
  requests?: number;
  /** Upper bound on the burst's duration; k6 stops it there. @default "1m" */
  maxDuration?: string;
}

export const BURST_DEFAULTS = { vus: 10, requests: 30, maxDuration: "1m" } as const satisfies BurstOptions;

function positiveInt(builder: string, option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${builder}(): \`${option}\` must be a whole number >= 1, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * A burst of concurrent users sharing a fixed number of requests, all started at once
 * (k6's `shared-iterations`).
 * @example export const options = { scenarios: { burst: burst({ vus: 10, requests: 30 }) } };
 */
export function burst(options: BurstOptions = {}): SharedIterationsScenario {
  const vus = positiveInt("burst", "vus", options.vus ?? BURST_DEFAULTS.vus);
  const requests = positiveInt("burst", "requests", options.requests ?? BURST_DEFAULTS.requests);
  const maxDuration = options.maxDuration ?? BURST_DEFAULTS.maxDuration;
  toMilliseconds(maxDuration, "burst(): `maxDuration`");
  if (requests < vus) {
    throw new RangeError(`burst(): \`requests\` (${requests}) must be at least \`vus\` (${vus}), or some users would send nothing`);
  }
  return { executor: "shared-iterations", vus, iterations: requests, maxDuration };
}
