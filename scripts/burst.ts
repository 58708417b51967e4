// A burst of concurrent users against one endpoint, judged by an error-aware preset.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/burst.js
// Variables of this script: VUS (10), REQUESTS (30).
// Plus the variables every ready script reads (BASE_URL is required): docs/pipelines.md, "Ready scripts".
import { burst, envInt, readyScript } from "../lib/index.ts";

const script = readyScript(__ENV, () => ({
  scenarios: { burst: burst({ vus: envInt(__ENV, "VUS", 10), requests: envInt(__ENV, "REQUESTS", 30) }) },
}));

export const options = script.options;
export const handleSummary = script.handleSummary;
export default script.iteration;
