// Benchmark baseline: the request loop as plain k6, with only the usual latency threshold.
import http from "k6/http";
import { check } from "k6";

const url = `${__ENV.BASE_URL}/search`;
const body = JSON.stringify({ query: "benchmark" });
const params = { headers: { "Content-Type": "application/json" } };

const vus = Number(__ENV.VUS ?? 4);

export const options = {
  scenarios: {
    // With ITERATIONS, that many iterations shared by the VUs: every subject does the same work.
    loop: __ENV.ITERATIONS
      ? { executor: "shared-iterations", vus, iterations: Number(__ENV.ITERATIONS), maxDuration: "2m" }
      : { executor: "constant-vus", vus, duration: __ENV.DURATION ?? "5s" },
  },
  thresholds: { http_req_duration: ["p(95)<2000"] },
};

export default function (): void {
  const res = http.post(url, body, params);
  check(res, { "status is 2xx": (r) => r.status >= 200 && r.status < 300 });
}
