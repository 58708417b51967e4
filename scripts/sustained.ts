// A fixed arrival rate held for a duration (open model): RATE requests per second.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/sustained.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file), SCALE (1: multiplies the durations below, e.g. 0.01).
// Variables of this script: RATE (10), DURATION (1m), EXPECTED_LATENCY (500ms, not scaled: sizes the VU pool).
// Reports: REPORT_DIR (reports, must exist), REPORT_FILES (json,junit,markdown,html), BASELINE (a summary.json),
// SUMMARY_JSON (also write k6's summary data to this file).
import { envDuration, envInt, exercise, readyOptions, scaledDurations, summary, sustainedRate, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const time = scaledDurations(__ENV);

export const options = readyOptions(
  {
    sustained: sustainedRate({
      rate: envInt(__ENV, "RATE", 10),
      duration: time("DURATION", "1m", "1s"),
      expectedLatency: envDuration(__ENV, "EXPECTED_LATENCY", "500ms"),
    }),
  },
  __ENV,
);

export const handleSummary = summary();

export default function (): void {
  exercise(target);
}
