import type { RampingVUsScenario } from "k6/options";
import { duration, optionsObject, wholeNumber } from "./validate.ts";

/** Options shared by the ramp-up, hold, ramp-down shapes (load, peak, stress, soak). */
export interface RampHoldOptions {
  /** Concurrent users held after the ramp-up. */
  vus?: number;
  /** Time to climb from 0 to `vus` users. */
  rampUp?: string;
  /** Time `vus` users are held. */
  hold?: string;
  /** Time to fall back to 0 users. */
  rampDown?: string;
}

/** The ramp-up, hold, ramp-down shape behind load, peak, stress and soak (k6's `ramping-vus`). */
export function rampHold(
  builder: string,
  options: RampHoldOptions | undefined,
  defaults: Required<RampHoldOptions>,
): RampingVUsScenario {
  const o = optionsObject(builder, options, ["vus", "rampUp", "hold", "rampDown"]);
  const vus = wholeNumber(builder, "vus", o.vus ?? defaults.vus);
  const rampUp = o.rampUp ?? defaults.rampUp;
  const hold = o.hold ?? defaults.hold;
  const rampDown = o.rampDown ?? defaults.rampDown;
  duration(builder, "rampUp", rampUp, 0);
  duration(builder, "hold", hold);
  duration(builder, "rampDown", rampDown, 0);
  return {
    executor: "ramping-vus",
    startVUs: 0,
    stages: [
      { duration: rampUp, target: vus },
      { duration: hold, target: vus },
      { duration: rampDown, target: 0 },
    ],
  };
}
