// Soak (endurance): a steady load held for a long time, to find leaks and slow degradation.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/soak.js
// Variables of this script: VUS (100), RAMP_UP (1m), HOLD (1h), RAMP_DOWN (1m); the durations times SCALE.
// Plus the variables every ready script reads (BASE_URL is required): docs/pipelines.md, "Ready scripts".
import { rampHoldFromEnv, readyScript, soak, SOAK_DEFAULTS } from "../lib/index.ts";

const script = readyScript(__ENV, ({ time }) => ({ scenarios: { soak: soak(rampHoldFromEnv(__ENV, time, SOAK_DEFAULTS)) } }));

export const options = script.options;
export const handleSummary = script.handleSummary;
export default script.iteration;
