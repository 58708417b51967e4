// Benchmark baseline with phases: the request loop of bench/k6/plain.ts plus server phases recorded
// by hand, as a k6 user writes it without loadgate: three Trends and one regular expression over
// the Server-Timing header.
import http from "k6/http";
import { check } from "k6";
import { Trend } from "k6/metrics";

const url = `${__ENV.BASE_URL}/search`;
const body = JSON.stringify({ query: "benchmark" });
const params = { headers: { "Content-Type": "application/json" } };

const embedding = new Trend("embedding_duration", true);
const fusion = new Trend("fusion_duration", true);
const server = new Trend("server_duration", true);
const entry = /(\w+);dur=([\d.]+)/g;

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
  const header = res.headers["Server-Timing"];
  if (header === undefined) return;
  for (const [, name, dur] of header.matchAll(entry)) {
    if (name === "embedding") embedding.add(Number(dur));
    else if (name === "fusion") fusion.add(Number(dur));
    else if (name === "total") server.add(Number(dur));
  }
}
