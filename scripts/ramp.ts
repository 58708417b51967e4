// A ramp ladder: each level of concurrent users (or arrival rate) held as its own step, gated on
// its own requests; the run stops after the first step over budget and prints the capacity.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/ramp.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), SCALE (1: multiplies HOLD, GRACEFUL_STOP and ABORT_AFTER, e.g. 0.05).
// Variables of this script: LEVELS (1,5,10,20), MODEL (concurrency | arrival-rate), HOLD (30s),
// P95 (500: ms budget for p(95) of successful responses), MAX_ERROR_RATE (0.01), GRACEFUL_STOP (5s),
// ABORT_AFTER (5s), GAP (3s, not scaled: k6 needs it to stop before the next step), SUMMARY_JSON
// (a file to write k6's summary data to, as JSON; none by default).
import {
  envChoice,
  envDuration,
  envNumber,
  envString,
  exercise,
  ladderResult,
  rampLadder,
  scaleDuration,
  targetFromEnv,
  type SummaryData,
} from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const SCALE = envNumber(__ENV, "SCALE", 1);
const time = (name: string, fallback: string, min?: string): string =>
  scaleDuration(envDuration(__ENV, name, fallback), SCALE, min);

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
const SUMMARY_JSON = envString(__ENV, "SUMMARY_JSON", "");

export const options = {
  scenarios: ladder.scenarios,
  thresholds: ladder.thresholds,
  summaryTrendStats: ladder.summaryTrendStats,
};

export default function (): void {
  exercise(target);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  const result = ladderResult(data, ladder);
  const lines = result.steps.map((s) => {
    const p95 = s.latency["p(95)"];
    const figures = s.status === "not run" ? "" : `, ${s.requests} requests, p95 ${p95 === undefined ? "-" : `${Math.round(p95)} ms`}, errors ${((s.errorRate ?? 0) * 100).toFixed(1)}%`;
    return `  step ${s.level} (${s.scenario}): ${s.status}${figures}`;
  });
  const out: Record<string, string> = { stdout: `${result.text}\n${lines.join("\n")}\n` };
  if (SUMMARY_JSON !== "") out[SUMMARY_JSON] = JSON.stringify(data);
  return out;
}
