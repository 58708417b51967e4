import { wholeNumber } from "./validate.ts";

/**
 * `maxVUs` over `preAllocatedVUs`. Not a latency headroom: k6 drops an arrival as soon as no
 * pre-allocated VU is free and starts one of the extra VUs only in the background
 * (lib/executor/constant_arrival_rate.go), so responses slower than `expectedLatency` can drop iterations.
 */
export const OPEN_MODEL_HEADROOM = 4;

/** The VU pool of an arrival-rate scenario. */
export interface VUPool {
  preAllocatedVUs: number;
  maxVUs: number;
}

/**
 * Sizes the VU pool of an open-model (arrival-rate) scenario by Little's law: at `rate` iterations
 * per `timeUnit`, each lasting `expectedLatency`, about rate × latency ÷ timeUnit are in flight.
 * `preAllocatedVUs` is that number rounded up (at least 1); `maxVUs` is {@link OPEN_MODEL_HEADROOM}
 * times it. Values the caller gives win; `maxVUs` below `preAllocatedVUs` is an error.
 * @example sizeVUs("sustainedRate", 10, 1000, 500, {}) // { preAllocatedVUs: 5, maxVUs: 20 }
 */
export function sizeVUs(
  builder: string,
  rate: number,
  timeUnitMs: number,
  latencyMs: number,
  given: { preAllocatedVUs?: number | undefined; maxVUs?: number | undefined },
): VUPool {
  // The epsilon keeps 10 × 0.5 from rounding up to 6 through floating-point noise.
  const inFlight = Math.max(1, Math.ceil((rate * latencyMs) / timeUnitMs - 1e-9));
  const preAllocatedVUs =
    given.preAllocatedVUs === undefined ? inFlight : wholeNumber(builder, "preAllocatedVUs", given.preAllocatedVUs);
  const maxVUs =
    given.maxVUs === undefined
      ? Math.max(preAllocatedVUs, inFlight * OPEN_MODEL_HEADROOM)
      : wholeNumber(builder, "maxVUs", given.maxVUs);
  if (maxVUs < preAllocatedVUs) {
    throw new RangeError(
      `${builder}(): \`maxVUs\` (${maxVUs}) must be at least \`preAllocatedVUs\` (${preAllocatedVUs})`,
    );
  }
  return { preAllocatedVUs, maxVUs };
}
