// A rising arrival rate, stopped by the preset's gate (abortOnFail) at the breaking point.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/breakpoint.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), PRESET (error-aware), SCALE (1: multiplies the durations below, e.g. 0.01).
// Variables of this script: START_RATE (1), MAX_RATE (100), DURATION (10m),
// ABORT_AFTER (30s: the gate may stop the run only after this), EXPECTED_LATENCY (500ms, not scaled).
// Reports: REPORT_DIR (reports, must exist), REPORT_FILES (json,junit,markdown,html), BASELINE (a summary.json),
// SUMMARY_JSON (also write k6's summary data to this file).
import { breakpoint, compilePreset, envDuration, envInt, envString, exercise, readyOptions, scaledDurations, shippedPreset, summary, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const time = scaledDurations(__ENV);
const PRESET = envString(__ENV, "PRESET", "error-aware");
const preset = shippedPreset(PRESET);

export const options = readyOptions(
  {
    breakpoint: breakpoint({
      startRate: envInt(__ENV, "START_RATE", 1, 0),
      maxRate: envInt(__ENV, "MAX_RATE", 100),
      duration: time("DURATION", "10m"),
      expectedLatency: envDuration(__ENV, "EXPECTED_LATENCY", "500ms"),
    }),
  },
  __ENV,
  // The preset's gate stops the run (abortOnFail) at the breaking point.
  { preset: compilePreset({ ...preset, gates: { ...preset.gates, abortOnFail: time("ABORT_AFTER", "30s") } }, `preset ${PRESET}`) },
);

export const handleSummary = summary();

export default function (): void {
  exercise(target);
}
