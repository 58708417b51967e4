// A burst of concurrent users against one endpoint, judged by an error-aware preset.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/burst.js
// Variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// VUS (10), REQUESTS (30), TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file).
// Reports: REPORT_DIR (reports, must exist), REPORT_FILES (json,junit,markdown,html), BASELINE (a summary.json),
// SUMMARY_JSON (also write k6's summary data to this file).
import { burst, envInt, exercise, readyOptions, summary, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);

export const options = readyOptions({ burst: burst({ vus: envInt(__ENV, "VUS", 10), requests: envInt(__ENV, "REQUESTS", 30) }) }, __ENV);

export const handleSummary = summary();

export default function (): void {
  exercise(target);
}
