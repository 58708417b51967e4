// The runs that cannot support a pass, each judged two ways: -e GATES=naive gives the thresholds a
// plain k6 script would have (k6 decides the exit code alone), -e GATES=loadgate loadgate's gate.
//   -e BASE_URL=... -e CASE=open-model|p99|all-failing -e GATES=naive|loadgate [-e REQUESTS=30]
import http from "k6/http";
import { check } from "k6";
import type { Scenario } from "k6/options";
import { burst, compileGate, envChoice, envInt, envUrl, reportThresholds, summary, sustainedRate } from "../../../lib/index.ts";

const BASE_URL = envUrl(__ENV, "BASE_URL");
const CASE = envChoice(__ENV, "CASE", ["open-model", "p99", "all-failing"] as const, "p99");
const GATES = envChoice(__ENV, "GATES", ["naive", "loadgate"] as const, "loadgate");

const scenarios: Record<string, Scenario> =
  CASE === "open-model"
    ? // Sized for 50 ms responses: 1 pre-allocated VU, 4 at most, for 20 arrivals a second.
      { arrivals: sustainedRate({ rate: 20, duration: "2s", expectedLatency: "50ms" }) }
    : { burst: burst({ vus: 20, requests: envInt(__ENV, "REQUESTS", 30) }) };

const naive = CASE === "p99" ? { http_req_duration: ["p(99)<2000"] } : { http_req_duration: ["p(95)<2000"] };
const gate = compileGate(CASE === "p99" ? { p99: 2000 } : { p95: 2000 });

export const options = {
  scenarios,
  thresholds: reportThresholds(Object.keys(scenarios), GATES === "naive" ? naive : gate.thresholds),
  summaryTrendStats: gate.summaryTrendStats,
};

export default function (): void {
  const res = http.post(`${BASE_URL}/search`, JSON.stringify({ query: "reset password" }), {
    headers: { "Content-Type": "application/json" },
    timeout: "5s",
  });
  check(res, { "status is 2xx": (r) => r.status >= 200 && r.status < 300 });
}

export const handleSummary = summary();
