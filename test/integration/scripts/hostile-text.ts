// A run whose check names and tag values are hostile text (test/helpers/hostile.ts): every report of
// it must show that text as data. Half the checks fail, and a threshold on each hostile tag value
// cannot pass, so the true verdict is FAIL while the text tries to print a PASS. A second server
// (TIMINGS_URL) answers with server timings named by the hostile text, as response data may.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e TIMINGS_URL=http://127.0.0.1:8081 -e REPORT_DIR=reports \
//     --out json=run.json build/hostile-text.js
import http from "k6/http";
import { check } from "k6";
import { compileGate, envUrl, jsonBody, phaseTimings, reportThresholds, summary } from "../../../lib/index.ts";
import { HOSTILE_STRINGS } from "../../helpers/hostile.ts";

const BASE_URL = envUrl(__ENV, "BASE_URL");
const TIMINGS_URL = envUrl(__ENV, "TIMINGS_URL");
const gate = compileGate({ p95: 2000, maxErrorRate: 0.01 });
// No phase is listed: the time of the phases the server names is recorded as one unlisted sum.
const phases = phaseTimings({ phases: [], source: jsonBody("timings") });

export const options = {
  scenarios: { hostile: { executor: "shared-iterations" as const, vus: 1, iterations: 2 * HOSTILE_STRINGS.length, maxDuration: "30s" } },
  thresholds: {
    ...reportThresholds(["hostile"], gate.thresholds),
    // Each key holds a hostile tag value; no request is that fast.
    ...Object.fromEntries(HOSTILE_STRINGS.map((value) => [`http_req_duration{hostile:${value}}`, ["p(95)<0.001"]])),
  },
  summaryTrendStats: gate.summaryTrendStats,
};

export default function (): void {
  const i = __ITER;
  const value = HOSTILE_STRINGS[i % HOSTILE_STRINGS.length] ?? "";
  // The step tag is what `loadgate analyse` splits its tables by.
  const res = http.post(`${BASE_URL}/search`, JSON.stringify({ query: value }), {
    headers: { "Content-Type": "application/json" },
    tags: { hostile: value, step: value },
  });
  check(res, { [value]: () => i < HOSTILE_STRINGS.length });
  const timed = http.get(`${TIMINGS_URL}/timings`, { headers: { "X-Phase": encodeURIComponent(value) }, tags: { step: value } });
  phases.record(timed, { step: value });
}

export const handleSummary = summary();
