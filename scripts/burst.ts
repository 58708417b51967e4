// A burst of concurrent users against one endpoint, judged by an error-aware preset.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/burst.js
// Variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// VUS (10), REQUESTS (30), TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file).
import http from "k6/http";
import { check } from "k6";
import { burst, envChoice, envDuration, envInt, envString, envUrl, presetFromEnv } from "../lib/index.ts";

const BASE_URL = envUrl(__ENV, "BASE_URL");
const ENDPOINT = envString(__ENV, "ENDPOINT", "/search");
const METHOD = envChoice(__ENV, "METHOD", ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"], "POST");
const BODY = envString(__ENV, "BODY", JSON.stringify({ query: "how do I reset my password?" }));
const TIMEOUT = envDuration(__ENV, "TIMEOUT", "10s");

export const options = {
  scenarios: {
    burst: burst({ vus: envInt(__ENV, "VUS", 10), requests: envInt(__ENV, "REQUESTS", 30) }),
  },
  ...presetFromEnv(__ENV),
};

const params = { headers: { "Content-Type": "application/json" }, timeout: TIMEOUT };
const url = `${BASE_URL}${ENDPOINT}`;

export default function (): void {
  const body = METHOD === "GET" || METHOD === "HEAD" ? null : BODY;
  const res = http.request(METHOD, url, body, params);
  check(res, { "status is 2xx": (r) => r.status >= 200 && r.status < 300 });
}
