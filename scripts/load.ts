// Average load: ramp up to the users of a normal day, hold, ramp down.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/load.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file), SCALE (1: multiplies the durations below, e.g. 0.01).
// Variables of this script: VUS (50), RAMP_UP (30s), HOLD (5m), RAMP_DOWN (30s).
// Reports: REPORT_DIR (reports, must exist), REPORT_FILES (json,junit,markdown,html), BASELINE (a summary.json),
// SUMMARY_JSON (also write k6's summary data to this file).
import { envInt, exercise, load, readyOptions, scaledDurations, summary, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const time = scaledDurations(__ENV);

export const options = readyOptions(
  {
    load: load({
      vus: envInt(__ENV, "VUS", 50),
      rampUp: time("RAMP_UP", "30s"),
      hold: time("HOLD", "5m"),
      rampDown: time("RAMP_DOWN", "30s"),
    }),
  },
  __ENV,
);

export const handleSummary = summary();

export default function (): void {
  exercise(target);
}
