// A first load test, written by `loadgate init`: 30 searches from 5 virtual users, judged by the team
// preset (thresholds/team.json), with loadgate's verdict and reports in reports/.
//   npx loadgate build tests/search.ts
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e PRESET_FILE=thresholds/team.json build/search.js
import http from "k6/http";
import { check } from "k6";
import { burst, envUrl, presetFromEnv, summary } from "loadgate";

const BASE_URL = envUrl(__ENV, "BASE_URL");

export const options = {
  scenarios: { search: burst({ vus: 5, requests: 30 }) },
  // The preset of -e PRESET_FILE (or -e PRESET=<shipped id>; error-aware when neither is set).
  ...presetFromEnv(__ENV),
};

export default function (): void {
  const res = http.post(`${BASE_URL}/search`, JSON.stringify({ query: "reset password" }), {
    headers: { "Content-Type": "application/json" },
  });
  check(res, { "status is 200": (r) => r.status === 200 });
}

export const handleSummary = summary();
