// Peak load: ramp up to the busiest hour's users, hold, ramp down.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/peak.js
// Variables of this script: VUS (200), RAMP_UP (1m), HOLD (3m), RAMP_DOWN (30s); the durations times SCALE.
// Plus the variables every ready script reads (BASE_URL is required): docs/pipelines.md, "Ready scripts".
import { peak, PEAK_DEFAULTS, rampHoldFromEnv, readyScript } from "../lib/index.ts";

const script = readyScript(__ENV, ({ time }) => ({ scenarios: { peak: peak(rampHoldFromEnv(__ENV, time, PEAK_DEFAULTS)) } }));

export const options = script.options;
export const handleSummary = script.handleSummary;
export default script.iteration;
