// BATCHES batches of BATCH_SIZE concurrent requests, each batch sent when the previous one has answered.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/batches.js
// Variables of this script: BATCHES (5), BATCH_SIZE (10), MAX_DURATION (10m, an upper bound: not scaled).
// Plus the variables every ready script reads (BASE_URL is required): docs/pipelines.md, "Ready scripts".
import { batches, envDuration, envInt, readyScript } from "../lib/index.ts";

const script = readyScript(__ENV, () => {
  const size = envInt(__ENV, "BATCH_SIZE", 10);
  return {
    scenarios: {
      batches: batches({ count: envInt(__ENV, "BATCHES", 5), size, maxDuration: envDuration(__ENV, "MAX_DURATION", "10m") }),
    },
    // k6 sends at most `batchPerHost` requests of a batch at once to one host (6 by default).
    options: { batch: size, batchPerHost: size },
  };
});

export const options = script.options;
export const handleSummary = script.handleSummary;
export default script.iteration;
