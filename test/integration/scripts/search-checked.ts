// The search request as a careful user writes it: status and body checks, phases recorded from
// Server-Timing, thresholds from PRESET_FILE, loadgate's reports. Used by the fault matrix.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e PRESET_FILE=preset.json build/search-checked.js
import http from "k6/http";
import { check } from "k6";
import { burst, envInt, phaseTimings, presetFromEnv, reportThresholds, serverTiming, summary, targetFromEnv } from "../../../lib/index.ts";

const target = targetFromEnv(__ENV);
const compiled = presetFromEnv(__ENV);
const recorder = phaseTimings({ phases: ["embedding", "fusion"], source: serverTiming() });

export const options = {
  scenarios: { search: burst({ vus: envInt(__ENV, "VUS", 10), requests: envInt(__ENV, "REQUESTS", 30) }) },
  thresholds: reportThresholds(["search"], compiled.thresholds),
  summaryTrendStats: compiled.summaryTrendStats,
};

export const handleSummary = summary();

function isSearchJson(body: unknown): boolean {
  try {
    return Array.isArray((JSON.parse(String(body)) as { results?: unknown }).results);
  } catch {
    return false;
  }
}

export default function (): void {
  const res = http.request(target.method, target.url, target.body, target.params);
  check(res, {
    "status is 2xx": (r) => r.status >= 200 && r.status < 300,
    "body is search JSON": (r) => isSearchJson(r.body),
  });
  recorder.record(res);
}
