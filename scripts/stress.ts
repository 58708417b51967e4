// Stress: more users than the peak, held long enough to see what degrades first.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/stress.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file), SCALE (1: multiplies the durations below, e.g. 0.01).
// Variables of this script: VUS (300), RAMP_UP (2m), HOLD (5m), RAMP_DOWN (1m).
// Reports: REPORT_DIR (reports, must exist), REPORT_FILES (json,junit,markdown,html), BASELINE (a summary.json),
// SUMMARY_JSON (also write k6's summary data to this file).
import { envInt, exercise, stress, readyOptions, scaledDurations, summary, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const time = scaledDurations(__ENV);

export const options = readyOptions(
  {
    stress: stress({
      vus: envInt(__ENV, "VUS", 300),
      rampUp: time("RAMP_UP", "2m"),
      hold: time("HOLD", "5m"),
      rampDown: time("RAMP_DOWN", "1m"),
    }),
  },
  __ENV,
);

export const handleSummary = summary();

export default function (): void {
  exercise(target);
}
