// A smoke test: a few users for a short while, to check the script and the service.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/smoke.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file), SCALE (1: multiplies the durations below, e.g. 0.01).
// Variables of this script: VUS (1), DURATION (30s).
import {
  envDuration,
  envInt,
  envNumber,
  exercise,
  presetFromEnv,
  scaleDuration,
  smoke,
  targetFromEnv,
} from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const SCALE = envNumber(__ENV, "SCALE", 1);
const time = (name: string, fallback: string, min?: string): string =>
  scaleDuration(envDuration(__ENV, name, fallback), SCALE, min);

export const options = {
  scenarios: {
    smoke: smoke({ vus: envInt(__ENV, "VUS", 1), duration: time("DURATION", "30s", "1s") }),
  },
  ...presetFromEnv(__ENV),
};

export default function (): void {
  exercise(target);
}
