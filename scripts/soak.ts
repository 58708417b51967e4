// Soak (endurance): a steady load held for a long time, to find leaks and slow degradation.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/soak.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file), SCALE (1: multiplies the durations below, e.g. 0.01).
// Variables of this script: VUS (100), RAMP_UP (1m), HOLD (1h), RAMP_DOWN (1m).
// Reports: REPORT_DIR (reports, must exist), REPORT_FILES (json,junit,markdown,html), BASELINE (a summary.json),
// SUMMARY_JSON (also write k6's summary data to this file).
import { envInt, exercise, soak, readyOptions, scaledDurations, summary, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const time = scaledDurations(__ENV);

export const options = readyOptions(
  {
    soak: soak({
      vus: envInt(__ENV, "VUS", 100),
      rampUp: time("RAMP_UP", "1m"),
      hold: time("HOLD", "1h"),
      rampDown: time("RAMP_DOWN", "1m"),
    }),
  },
  __ENV,
);

export const handleSummary = summary();

export default function (): void {
  exercise(target);
}
