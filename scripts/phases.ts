// Search requests with per-phase timings recorded, and the phase breakdown table at the end.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/phases.js
// Variables of this script: VUS (5), REQUESTS (50), PHASES (embedding,fusion), SOURCE (server-timing | json-body),
// TIMINGS_PATH (timings: the body field json-body reads). summary.json's `phases` holds the breakdown.
// Plus the variables every ready script reads (BASE_URL is required): docs/pipelines.md, "Ready scripts".
import { burst, envChoice, envInt, envList, envString, jsonBody, phaseBreakdownThresholds, phaseTimings, readyScript, serverTiming } from "../lib/index.ts";

const script = readyScript(__ENV, () => {
  const phases = envList(__ENV, "PHASES", ["embedding", "fusion"]);
  const source = envChoice(__ENV, "SOURCE", ["server-timing", "json-body"], "server-timing");
  const recorder = phaseTimings({ phases, source: source === "json-body" ? jsonBody(envString(__ENV, "TIMINGS_PATH", "timings")) : serverTiming() });
  const breakdown = phaseBreakdownThresholds({ phases, scenarios: ["search"] });
  return {
    scenarios: { search: burst({ vus: envInt(__ENV, "VUS", 5), requests: envInt(__ENV, "REQUESTS", 50) }) },
    thresholds: breakdown.thresholds,
    summaryTrendStats: breakdown.summaryTrendStats,
    summary: { phases },
    onResponse: (res) => recorder.record(res),
  };
});

export const options = script.options;
export const handleSummary = script.handleSummary;
export default script.iteration;
