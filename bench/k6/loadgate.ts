// Benchmark subject: the same request loop with loadgate's error-aware gate from a shipped preset.
import http from "k6/http";
import { check } from "k6";
import { compilePreset, shippedPreset } from "../../lib/index.ts";

const url = `${__ENV.BASE_URL}/search`;
const body = JSON.stringify({ query: "benchmark" });
const params = { headers: { "Content-Type": "application/json" } };

export const options = {
  scenarios: {
    loop: { executor: "constant-vus", vus: Number(__ENV.VUS ?? 4), duration: __ENV.DURATION ?? "5s" },
  },
  ...compilePreset(shippedPreset("error-aware")),
};

export default function (): void {
  const res = http.post(url, body, params);
  check(res, { "status is 2xx": (r) => r.status >= 200 && r.status < 300 });
}
