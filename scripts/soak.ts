// Soak (endurance): a steady load held for a long time, to find leaks and slow degradation.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/soak.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file), SCALE (1: multiplies the durations below, e.g. 0.01).
// Variables of this script: VUS (100), RAMP_UP (1m), HOLD (1h), RAMP_DOWN (1m).
import {
  envDuration,
  envInt,
  envNumber,
  exercise,
  presetFromEnv,
  scaleDuration,
  soak,
  targetFromEnv,
} from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const SCALE = envNumber(__ENV, "SCALE", 1);
const time = (name: string, fallback: string, min?: string): string =>
  scaleDuration(envDuration(__ENV, name, fallback), SCALE, min);

export const options = {
  scenarios: {
    soak: soak({
      vus: envInt(__ENV, "VUS", 100),
      rampUp: time("RAMP_UP", "1m"),
      hold: time("HOLD", "1h"),
      rampDown: time("RAMP_DOWN", "1m"),
    }),
  },
  ...presetFromEnv(__ENV),
};

export default function (): void {
  exercise(target);
}
