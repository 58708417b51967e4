// A ramp ladder: each level of concurrent users (or arrival rate) held as its own step, gated on
// its own requests; the run stops after the first step over budget and prints the capacity.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/ramp.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), SCALE (1: multiplies HOLD, GRACEFUL_STOP and ABORT_AFTER, e.g. 0.05).
// Variables of this script: LEVELS (1,5,10,20), MODEL (concurrency | arrival-rate), HOLD (30s),
// P95 (500: ms budget for p(95) of successful responses), MAX_ERROR_RATE (0.01), GRACEFUL_STOP (5s),
// ABORT_AFTER (5s), GAP (3s, not scaled: k6 needs it to stop before the next step).
// Reports: REPORT_DIR (reports, must exist), REPORT_FILES (json,junit,markdown,html), BASELINE (a summary.json),
// SUMMARY_JSON (also write k6's summary data to this file). The capacity is printed on top of the summary.
import { envChoice, envDuration, envNumber, envString, exercise, rampLadder, readyOptions, scaledDurations, summary, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const time = scaledDurations(__ENV);

function envLevels(name: string, fallback: string): number[] {
  const text = envString(__ENV, name, fallback);
  if (!/^\s*\d+(\s*,\s*\d+)*\s*$/.test(text)) {
    throw new TypeError(`-e ${name}: must be a comma-separated list of whole numbers such as 1,5,10,20, got ${JSON.stringify(text)}`);
  }
  return text.split(",").map(Number);
}

const maxErrorRate = envNumber(__ENV, "MAX_ERROR_RATE", 0.01);
if (maxErrorRate > 1) throw new TypeError(`-e MAX_ERROR_RATE: must be a number from 0 to 1, got "${maxErrorRate}"`);

const ladder = rampLadder({
  levels: envLevels("LEVELS", "1,5,10,20"),
  model: envChoice(__ENV, "MODEL", ["concurrency", "arrival-rate"], "concurrency"),
  hold: time("HOLD", "30s", "1s"),
  gate: { p95: envNumber(__ENV, "P95", 500), maxErrorRate },
  gracefulStop: time("GRACEFUL_STOP", "5s"),
  abortAfter: time("ABORT_AFTER", "5s"),
  gap: envDuration(__ENV, "GAP", "3s"),
});

// Each step carries its own gate: no run-wide preset.
export const options = readyOptions(ladder.scenarios, __ENV, {
  preset: false,
  thresholds: ladder.thresholds,
  summaryTrendStats: ladder.summaryTrendStats,
});

export const handleSummary = summary({ ladder });

export default function (): void {
  exercise(target);
}
