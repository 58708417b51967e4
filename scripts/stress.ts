// Stress: more users than the peak, held long enough to see what degrades first.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/stress.js
// Variables of this script: VUS (300), RAMP_UP (2m), HOLD (5m), RAMP_DOWN (1m); the durations times SCALE.
// Plus the variables every ready script reads (BASE_URL is required): docs/pipelines.md, "Ready scripts".
import { rampHoldFromEnv, readyScript, stress, STRESS_DEFAULTS } from "../lib/index.ts";

const script = readyScript(__ENV, ({ time }) => ({ scenarios: { stress: stress(rampHoldFromEnv(__ENV, time, STRESS_DEFAULTS)) } }));

export const options = script.options;
export const handleSummary = script.handleSummary;
export default script.iteration;
