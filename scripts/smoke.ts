// A smoke test: a few users for a short while, to check the script and the service.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/smoke.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file), SCALE (1: multiplies the durations below, e.g. 0.01).
// Variables of this script: VUS (1), DURATION (30s).
// Reports: REPORT_DIR (reports, must exist), REPORT_FILES (json,junit,markdown,html), BASELINE (a summary.json),
// SUMMARY_JSON (also write k6's summary data to this file).
import { envInt, exercise, readyOptions, scaledDurations, smoke, summary, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const time = scaledDurations(__ENV);

export const options = readyOptions({ smoke: smoke({ vus: envInt(__ENV, "VUS", 1), duration: time("DURATION", "30s", "1s") }) }, __ENV);

export const handleSummary = summary();

export default function (): void {
  exercise(target);
}
