// BATCHES batches of BATCH_SIZE concurrent requests, each batch sent when the previous one has answered.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/batches.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file).
// Variables of this script: BATCHES (5), BATCH_SIZE (10), MAX_DURATION (10m, an upper bound: not scaled).
// Reports: REPORT_DIR (reports, must exist), REPORT_FILES (json,junit,markdown,html), BASELINE (a summary.json),
// SUMMARY_JSON (also write k6's summary data to this file).
import { batches, envDuration, envInt, exercise, readyOptions, summary, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const SIZE = envInt(__ENV, "BATCH_SIZE", 10);

export const options = {
  ...readyOptions(
    { batches: batches({ count: envInt(__ENV, "BATCHES", 5), size: SIZE, maxDuration: envDuration(__ENV, "MAX_DURATION", "10m") }) },
    __ENV,
  ),
  // k6 sends at most `batchPerHost` requests of a batch at once to one host (6 by default).
  batch: SIZE,
  batchPerHost: SIZE,
};

export const handleSummary = summary();

export default function (): void {
  exercise(target);
}
