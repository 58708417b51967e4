// One user sending REQUESTS requests one after another, each when the previous one has answered.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/sequential.js
// Variables of this script: REQUESTS (10), MAX_DURATION (10m, an upper bound: not scaled).
// Plus the variables every ready script reads (BASE_URL is required): docs/pipelines.md, "Ready scripts".
import { envDuration, envInt, readyScript, sequential } from "../lib/index.ts";

const script = readyScript(__ENV, () => ({
  scenarios: {
    sequential: sequential({ requests: envInt(__ENV, "REQUESTS", 10), maxDuration: envDuration(__ENV, "MAX_DURATION", "10m") }),
  },
}));

export const options = script.options;
export const handleSummary = script.handleSummary;
export default script.iteration;
