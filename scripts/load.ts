// Average load: ramp up to the users of a normal day, hold, ramp down.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/load.js
// Variables of this script: VUS (50), RAMP_UP (30s), HOLD (5m), RAMP_DOWN (30s); the durations times SCALE.
// Plus the variables every ready script reads (BASE_URL is required): docs/pipelines.md, "Ready scripts".
import { load, LOAD_DEFAULTS, rampHoldFromEnv, readyScript } from "../lib/index.ts";

const script = readyScript(__ENV, ({ time }) => ({ scenarios: { load: load(rampHoldFromEnv(__ENV, time, LOAD_DEFAULTS)) } }));

export const options = script.options;
export const handleSummary = script.handleSummary;
export default script.iteration;
