// Stress: more users than the peak, held long enough to see what degrades first.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/stress.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file), SCALE (1: multiplies the durations below, e.g. 0.01).
// Variables of this script: VUS (300), RAMP_UP (2m), HOLD (5m), RAMP_DOWN (1m).
import {
  envDuration,
  envInt,
  envNumber,
  exercise,
  presetFromEnv,
  scaleDuration,
  stress,
  targetFromEnv,
} from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const SCALE = envNumber(__ENV, "SCALE", 1);
const time = (name: string, fallback: string, min?: string): string =>
  scaleDuration(envDuration(__ENV, name, fallback), SCALE, min);

export const options = {
  scenarios: {
    stress: stress({
      vus: envInt(__ENV, "VUS", 300),
      rampUp: time("RAMP_UP", "2m"),
      hold: time("HOLD", "5m"),
      rampDown: time("RAMP_DOWN", "1m"),
    }),
  },
  ...presetFromEnv(__ENV),
};

export default function (): void {
  exercise(target);
}
