// A steady load written as a user would, with loadgate's reports: used to abort and interrupt runs.
//   -e BASE_URL=... -e DURATION=20s -e ABORT=true (abortOnFail on the error-aware gate)
import http from "k6/http";
import { check, sleep } from "k6";
import { compileGate, envDuration, envString, envUrl, reportThresholds, summary } from "../../../lib/index.ts";

const BASE_URL = envUrl(__ENV, "BASE_URL");
const gate = compileGate({ p95: 1000, maxErrorRate: 0.01, abortOnFail: envString(__ENV, "ABORT", "false") === "true" });

export const options = {
  scenarios: { steady: { executor: "constant-vus" as const, vus: 2, duration: envDuration(__ENV, "DURATION", "20s") } },
  thresholds: reportThresholds(["steady"], gate.thresholds),
  summaryTrendStats: gate.summaryTrendStats,
};

export default function (): void {
  const res = http.post(`${BASE_URL}/search`, JSON.stringify({ query: "reset password" }), {
    headers: { "Content-Type": "application/json" },
    timeout: "2s",
  });
  check(res, { "status is 2xx": (r) => r.status >= 200 && r.status < 300 });
  sleep(0.05);
}

export const handleSummary = summary();
