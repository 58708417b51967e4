// A burst of concurrent users against one endpoint, judged by an error-aware preset.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/burst.js
// Variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// VUS (10), REQUESTS (30), TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file);
// reports: REPORT_DIR (reports, must exist), REPORT_FILES (json,junit,markdown,html), BASELINE (a summary.json).
import { burst, envInt, exercise, presetFromEnv, reportThresholds, summary, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const compiled = presetFromEnv(__ENV);

export const options = {
  scenarios: {
    burst: burst({ vus: envInt(__ENV, "VUS", 10), requests: envInt(__ENV, "REQUESTS", 30) }),
  },
  // The per-scenario report rows need sub-metrics that k6 computes only when a threshold names them.
  thresholds: reportThresholds(["burst"], compiled.thresholds),
  summaryTrendStats: compiled.summaryTrendStats,
};

export const handleSummary = summary();

export default function (): void {
  exercise(target);
}
