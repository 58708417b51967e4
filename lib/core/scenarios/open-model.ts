import { wholeNumber } from "./validate.ts";

/**
 * How many times `expectedLatency` the pre-allocated VUs cover. k6 starts an arrival only on a free
 * pre-allocated VU and drops it when none is free, starting one of the extra VUs (up to `maxVUs`) only
 * in the background for later arrivals (lib/executor/constant_arrival_rate.go): the latency headroom
 * must be pre-allocated, and `maxVUs` (twice as many again) only shortens a longer overload.
 */
export const OPEN_MODEL_HEADROOM = 2;

/** The VU pool of an arrival-rate scenario. */
export interface VUPool {
  preAllocatedVUs: number;
  maxVUs: number;
}

/**
 * Sizes the VU pool of an open-model (arrival-rate) scenario by Little's law: at `rate` iterations
 * per `timeUnit`, each lasting `expectedLatency`, about rate × latency ÷ timeUnit are in flight.
 * `preAllocatedVUs` is {@link OPEN_MODEL_HEADROOM} times that, rounded up (at least 2), so responses
 * up to about twice `expectedLatency` drop no arrival; `maxVUs` is twice `preAllocatedVUs`. Values
 * the caller gives win; `maxVUs` below `preAllocatedVUs` is an error.
 * @example sizeVUs("sustainedRate", 10, 1000, 500, {}) // { preAllocatedVUs: 10, maxVUs: 20 }
 */
export function sizeVUs(
  builder: string,
  rate: number,
  timeUnitMs: number,
  latencyMs: number,
  given: { preAllocatedVUs?: number | undefined; maxVUs?: number | undefined },
): VUPool {
  // The epsilon keeps 10 × 0.5 × 2 from rounding up to 11 through floating-point noise.
  const sized = Math.max(2, Math.ceil((OPEN_MODEL_HEADROOM * rate * latencyMs) / timeUnitMs - 1e-9));
  const preAllocatedVUs =
    given.preAllocatedVUs === undefined ? sized : wholeNumber(builder, "preAllocatedVUs", given.preAllocatedVUs);
  const maxVUs = given.maxVUs === undefined ? Math.max(preAllocatedVUs, 2 * sized) : wholeNumber(builder, "maxVUs", given.maxVUs);
  if (maxVUs < preAllocatedVUs) {
    throw new RangeError(
      `${builder}(): \`maxVUs\` (${maxVUs}) must be at least \`preAllocatedVUs\` (${preAllocatedVUs})`,
    );
  }
  return { preAllocatedVUs, maxVUs };
}
