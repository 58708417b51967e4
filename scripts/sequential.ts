// One user sending REQUESTS requests one after another, each when the previous one has answered.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/sequential.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file).
// Variables of this script: REQUESTS (10), MAX_DURATION (10m, an upper bound: not scaled).
// Reports: REPORT_DIR (reports, must exist), REPORT_FILES (json,junit,markdown,html), BASELINE (a summary.json),
// SUMMARY_JSON (also write k6's summary data to this file).
import { envDuration, envInt, exercise, readyOptions, sequential, summary, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);

export const options = readyOptions(
  { sequential: sequential({ requests: envInt(__ENV, "REQUESTS", 10), maxDuration: envDuration(__ENV, "MAX_DURATION", "10m") }) },
  __ENV,
);

export const handleSummary = summary();

export default function (): void {
  exercise(target);
}
