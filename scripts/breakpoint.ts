// A rising arrival rate, stopped by the preset's gate (abortOnFail) at the breaking point.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/breakpoint.js
// Variables of this script: START_RATE (1), MAX_RATE (100), DURATION (10m), ABORT_AFTER (30s: the gate may
// stop the run only after this), the two times SCALE; EXPECTED_LATENCY (500ms, not scaled).
// Plus the variables every ready script reads (BASE_URL is required): docs/pipelines.md, "Ready scripts".
import { breakpoint, envDuration, envInt, readyScript } from "../lib/index.ts";

const script = readyScript(__ENV, ({ time }) => ({
  scenarios: {
    breakpoint: breakpoint({
      startRate: envInt(__ENV, "START_RATE", 1, 0),
      maxRate: envInt(__ENV, "MAX_RATE", 100),
      duration: time("DURATION", "10m"),
      expectedLatency: envDuration(__ENV, "EXPECTED_LATENCY", "500ms"),
    }),
  },
  // The preset's gate stops the run at the breaking point, whichever preset -e PRESET or PRESET_FILE picks.
  presetGates: { abortOnFail: time("ABORT_AFTER", "30s") },
}));

export const options = script.options;
export const handleSummary = script.handleSummary;
export default script.iteration;
