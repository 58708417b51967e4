// Benchmark subject: the request loop of bench/k6/plain.ts with what loadgate adds besides phase
// recording: a plan (its parts' sub-metric thresholds), the preset's error-aware gates
// (presetFromEnv) and the handleSummary reports written to REPORT_DIR.
import http from "k6/http";
import { check } from "k6";
import { burst, plan, presetFromEnv, smoke, summary } from "../../lib/index.ts";

const url = `${__ENV.BASE_URL}/search`;
const body = JSON.stringify({ query: "benchmark" });
const params = { headers: { "Content-Type": "application/json" } };

const vus = Number(__ENV.VUS ?? 4);
// With ITERATIONS, that many iterations shared by the VUs (burst()): every subject does the same work.
const loop = __ENV.ITERATIONS ? burst({ vus, requests: Number(__ENV.ITERATIONS), maxDuration: "2m" }) : smoke({ vus, duration: __ENV.DURATION ?? "5s" });
const parts = plan({ loop });
const gates = presetFromEnv(__ENV);

export const options = {
  scenarios: parts.scenarios,
  thresholds: { ...parts.thresholds, ...gates.thresholds },
  summaryTrendStats: gates.summaryTrendStats,
};

export default function (): void {
  const res = http.post(url, body, params);
  check(res, { "status is 2xx": (r) => r.status >= 200 && r.status < 300 });
}

export const handleSummary = summary();
