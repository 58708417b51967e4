// The README's quick-start script: a QA team's own k6 test written against loadgate's public API.
//   npx loadgate build examples/quick-start.ts && k6 run -e BASE_URL=http://127.0.0.1:8080 build/quick-start.js
import http from "k6/http";
import { check } from "k6";
import { burst, compileGate, envUrl } from "loadgate";

const BASE_URL = envUrl(__ENV, "BASE_URL");

export const options = {
  scenarios: { search: burst({ vus: 10, requests: 30 }) },
  // p95 of *successful* responses under 1.5 s, no errors, and at least 30 successes.
  ...compileGate({ p95: 1500, maxErrorRate: 0, minSuccesses: 30 }),
};

export default function (): void {
  const res = http.post(`${BASE_URL}/search`, JSON.stringify({ query: "reset password" }), {
    headers: { "Content-Type": "application/json" },
  });
  check(res, { "status is 200": (r) => r.status === 200 });
}
