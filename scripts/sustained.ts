// A fixed arrival rate held for a duration (open model): RATE requests per second.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/sustained.js
// Variables of this script: RATE (10), DURATION (1m, times SCALE), EXPECTED_LATENCY (500ms, not scaled: sizes the VU pool).
// Plus the variables every ready script reads (BASE_URL is required): docs/pipelines.md, "Ready scripts".
import { envDuration, envInt, readyScript, sustainedRate } from "../lib/index.ts";

const script = readyScript(__ENV, ({ time }) => ({
  scenarios: {
    sustained: sustainedRate({
      rate: envInt(__ENV, "RATE", 10),
      duration: time("DURATION", "1m", "1s"),
      expectedLatency: envDuration(__ENV, "EXPECTED_LATENCY", "500ms"),
    }),
  },
}));

export const options = script.options;
export const handleSummary = script.handleSummary;
export default script.iteration;
