// A ramp ladder: each level of concurrent users (or arrival rate) held as its own step, gated on
// its own requests; the run stops after the first step over budget and prints the capacity.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/ramp.js
// Variables of this script: LEVELS (1,5,10,20), MODEL (concurrency | arrival-rate), HOLD (30s),
// P95 (500: ms budget for p(95) of successful responses), MAX_ERROR_RATE (0.01), GRACEFUL_STOP (5s),
// ABORT_AFTER (5s), GAP (3s, not scaled: k6 needs it to stop before the next step); HOLD, GRACEFUL_STOP
// and ABORT_AFTER times SCALE. Each step carries its own gate: PRESET and PRESET_FILE do not apply.
// The capacity is printed on top of the summary.
// Plus the variables every ready script reads (BASE_URL is required): docs/pipelines.md, "Ready scripts".
import { envChoice, envDuration, envList, envNumber, rampLadder, readyScript } from "../lib/index.ts";

const script = readyScript(__ENV, ({ time }) => {
  const maxErrorRate = envNumber(__ENV, "MAX_ERROR_RATE", 0.01);
  if (maxErrorRate > 1) throw new TypeError(`-e MAX_ERROR_RATE: must be a number from 0 to 1, got "${maxErrorRate}"`);
  const ladder = rampLadder({
    levels: envList(__ENV, "LEVELS", [1, 5, 10, 20]),
    model: envChoice(__ENV, "MODEL", ["concurrency", "arrival-rate"], "concurrency"),
    hold: time("HOLD", "30s", "1s"),
    gate: { p95: envNumber(__ENV, "P95", 500), maxErrorRate },
    gracefulStop: time("GRACEFUL_STOP", "5s"),
    abortAfter: time("ABORT_AFTER", "5s"),
    gap: envDuration(__ENV, "GAP", "3s"),
  });
  return {
    scenarios: ladder.scenarios,
    preset: false,
    thresholds: ladder.thresholds,
    summaryTrendStats: ladder.summaryTrendStats,
    summary: { ladder },
  };
});

export const options = script.options;
export const handleSummary = script.handleSummary;
export default script.iteration;
