// A smoke test: a few users for a short while, to check the script and the service.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/smoke.js
// Variables of this script: VUS (1), DURATION (30s, times SCALE).
// Plus the variables every ready script reads (BASE_URL is required): docs/pipelines.md, "Ready scripts".
import { envInt, readyScript, smoke } from "../lib/index.ts";

const script = readyScript(__ENV, ({ time }) => ({
  scenarios: { smoke: smoke({ vus: envInt(__ENV, "VUS", 1), duration: time("DURATION", "30s", "1s") }) },
}));

export const options = script.options;
export const handleSummary = script.handleSummary;
export default script.iteration;
