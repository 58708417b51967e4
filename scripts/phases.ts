// Search requests with per-phase timings recorded, and the phase breakdown table at the end.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/phases.js
// Variables: BASE_URL (required), ENDPOINT (/search), BODY ({"query":"..."}), VUS (5), REQUESTS (50),
// TIMEOUT (10s), PRESET (error-aware), PHASES (embedding,fusion), SOURCE (server-timing | json-body),
// TIMINGS_PATH (timings: the body field json-body reads).
// Reports: REPORT_DIR (reports, must exist), REPORT_FILES (json,junit,markdown,html), BASELINE (a summary.json),
// SUMMARY_JSON (also write k6's summary data to this file). summary.json's `phases` holds the breakdown.
import http from "k6/http";
import { check } from "k6";
import {
  burst,
  compilePreset,
  envChoice,
  envDuration,
  envInt,
  envString,
  envUrl,
  jsonBody,
  phaseBreakdownThresholds,
  phaseTimings,
  readyOptions,
  serverTiming,
  shippedPreset,
  summary,
} from "../lib/index.ts";

const BASE_URL = envUrl(__ENV, "BASE_URL");
const ENDPOINT = envString(__ENV, "ENDPOINT", "/search");
const BODY = envString(__ENV, "BODY", JSON.stringify({ query: "how do I reset my password?" }));
const TIMEOUT = envDuration(__ENV, "TIMEOUT", "10s");
const PRESET = envString(__ENV, "PRESET", "error-aware");
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

const preset = compilePreset(shippedPreset(PRESET), `preset ${PRESET}`);
const breakdown = phaseBreakdownThresholds({ phases: PHASES, scenarios: ["search"] });

export const options = readyOptions({ search: burst({ vus: envInt(__ENV, "VUS", 5), requests: envInt(__ENV, "REQUESTS", 50) }) }, __ENV, {
  preset,
  thresholds: breakdown.thresholds,
  summaryTrendStats: breakdown.summaryTrendStats,
});

export const handleSummary = summary({ phases: PHASES });

const params = { headers: { "Content-Type": "application/json" }, timeout: TIMEOUT };
const url = `${BASE_URL}${ENDPOINT}`;

export default function (): void {
  const res = http.post(url, BODY, params);
  check(res, { "status is 2xx": (r) => r.status >= 200 && r.status < 300 });
  recorder.record(res);
}
