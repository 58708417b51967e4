// Search requests with per-phase timings recorded, and the phase breakdown table at the end.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/phases.js
// Variables: BASE_URL (required), ENDPOINT (/search), BODY ({"query":"..."}), VUS (5), REQUESTS (50),
// TIMEOUT (10s), METHOD (POST), PRESET (error-aware) or PRESET_FILE (a preset file), PHASES (embedding,fusion), SOURCE (server-timing | json-body),
// TIMINGS_PATH (timings: the body field json-body reads).
// Reports: REPORT_DIR (reports, must exist), REPORT_FILES (json,junit,markdown,html), BASELINE (a summary.json),
// SUMMARY_JSON (also write k6's summary data to this file). summary.json's `phases` holds the breakdown.
import {
  burst,
  envChoice,
  envInt,
  envString,
  exercise,
  jsonBody,
  phaseBreakdownThresholds,
  phaseTimings,
  readyOptions,
  serverTiming,
  summary,
  targetFromEnv,
} from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const PHASES = envString(__ENV, "PHASES", "embedding,fusion")
  .split(",")
  .map((phase) => phase.trim())
  .filter((phase) => phase !== "");
const SOURCE = envChoice(__ENV, "SOURCE", ["server-timing", "json-body"], "server-timing");
const TIMINGS_PATH = envString(__ENV, "TIMINGS_PATH", "timings");

const recorder = phaseTimings({
  phases: PHASES,
  source: SOURCE === "json-body" ? jsonBody(TIMINGS_PATH) : serverTiming(),
});

const breakdown = phaseBreakdownThresholds({ phases: PHASES, scenarios: ["search"] });

export const options = readyOptions({ search: burst({ vus: envInt(__ENV, "VUS", 5), requests: envInt(__ENV, "REQUESTS", 50) }) }, __ENV, {
  thresholds: breakdown.thresholds,
  summaryTrendStats: breakdown.summaryTrendStats,
});

export const handleSummary = summary({ phases: PHASES });

export default function (): void {
  for (const res of exercise(target)) recorder.record(res);
}
