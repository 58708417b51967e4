// What phase recording costs inside k6, measured side by side in one run (see bench/phases-overhead.sh).
// After a warm-up, rounds alternate the same request loop without recording ("plain"), with phaseTimings() reading
// Server-Timing ("header") and reading the JSON body ("body"); the order rotates every round so
// drift on a shared machine hits every variant alike. A last scenario times record() alone on a
// canned response, without HTTP.
// Variables: BASE_URL (required; a target with no delays), ROUNDS (3), ROUND_SECONDS (3), VUS (4),
// MICRO (20000: record() calls timed alone), OUT (build/bench/phases-overhead.json).
import http from "k6/http";
import { Gauge } from "k6/metrics";
import { envInt, envString, envUrl, jsonBody, phaseTimings, serverTiming } from "../lib/index.ts";

const BASE_URL = envUrl(__ENV, "BASE_URL");
const ROUNDS = envInt(__ENV, "ROUNDS", 3);
const SECONDS = envInt(__ENV, "ROUND_SECONDS", 3);
const VUS = envInt(__ENV, "VUS", 4);
const MICRO = envInt(__ENV, "MICRO", 20000);
const OUT = envString(__ENV, "OUT", "build/bench/phases-overhead.json");

const VARIANTS = ["plain", "header", "json"] as const;
type Variant = (typeof VARIANTS)[number];

const fromHeader = phaseTimings({ phases: ["embedding", "fusion"], source: serverTiming() });
const fromBody = phaseTimings({ phases: ["embedding", "fusion"], source: jsonBody("timings") });

const thresholds: Record<string, string[]> = {};
// A first, unmeasured round warms up the VUs, connections and the target for every variant.
const scenarios: Record<string, object> = {
  warmup: { executor: "constant-vus", vus: VUS, duration: `${SECONDS}s`, gracefulStop: "2s", exec: "warmup" },
};
let start = SECONDS + 1;
for (let round = 1; round <= ROUNDS; round++) {
  for (let k = 0; k < VARIANTS.length; k++) {
    const variant = VARIANTS[(k + round) % VARIANTS.length] as Variant;
    const name = `${variant}_${round}`;
    scenarios[name] = {
      executor: "constant-vus",
      vus: VUS,
      duration: `${SECONDS}s`,
      startTime: `${start}s`,
      gracefulStop: "2s",
      exec: variant,
    };
    thresholds[`iterations{scenario:${name}}`] = [];
    start += SECONDS + 1;
  }
}
scenarios["micro"] = { executor: "per-vu-iterations", vus: 1, iterations: 1, startTime: `${start}s`, exec: "micro", maxDuration: "60s" };

export const options = { scenarios, thresholds, discardResponseBodies: false };

const url = `${BASE_URL}/search`;
const payload = JSON.stringify({ query: "how do I reset my password?" });
const params = { headers: { "Content-Type": "application/json" } };

export function warmup(): void {
  fromHeader.record(http.post(url, payload, params));
  fromBody.record(http.post(url, payload, params));
}

export function plain(): void {
  http.post(url, payload, params);
}

export function header(): void {
  fromHeader.record(http.post(url, payload, params));
}

// k6 keeps response bodies in all three variants; only this one parses them.
export function json(): void {
  fromBody.record(http.post(url, payload, params));
}

// handleSummary runs in a runtime of its own: the micro figures travel as metrics.
const headerUsGauge = new Gauge("bench_record_header_us");
const jsonUsGauge = new Gauge("bench_record_json_us");

export function micro(): void {
  const res = http.post(url, payload, params);
  const started = Date.now();
  for (let i = 0; i < MICRO; i++) fromHeader.record(res);
  const headerUs = ((Date.now() - started) * 1000) / MICRO;
  const started2 = Date.now();
  for (let i = 0; i < MICRO; i++) fromBody.record(res);
  headerUsGauge.add(headerUs);
  jsonUsGauge.add(((Date.now() - started2) * 1000) / MICRO);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function handleSummary(data: { metrics: Record<string, { values: Record<string, number> }> }): Record<string, string> {
  const rate = (name: string) => (data.metrics[`iterations{scenario:${name}}`]?.values["count"] ?? 0) / SECONDS;
  const rounds = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const plainRate = rate(`plain_${round}`);
    rounds.push({
      round,
      plain: plainRate,
      header: rate(`header_${round}`),
      json: rate(`json_${round}`),
      headerRatio: rate(`header_${round}`) / plainRate,
      jsonRatio: rate(`json_${round}`) / plainRate,
    });
  }
  const result = {
    vus: VUS,
    seconds: SECONDS,
    rounds,
    headerRatio: { median: median(rounds.map((r) => r.headerRatio)), min: Math.min(...rounds.map((r) => r.headerRatio)), max: Math.max(...rounds.map((r) => r.headerRatio)) },
    jsonRatio: { median: median(rounds.map((r) => r.jsonRatio)), min: Math.min(...rounds.map((r) => r.jsonRatio)), max: Math.max(...rounds.map((r) => r.jsonRatio)) },
    recordAloneUs: { header: data.metrics["bench_record_header_us"]?.values["value"], json: data.metrics["bench_record_json_us"]?.values["value"] },
  };
  const lines = [
    `phase recording overhead: ${ROUNDS} rounds x ${SECONDS}s x ${VUS} VUs, iterations/s`,
    "round   plain  Server-Timing   ratio   JSON body   ratio",
    ...rounds.map(
      (r) =>
        `${String(r.round).padStart(5)}  ${r.plain.toFixed(0).padStart(6)}  ${r.header.toFixed(0).padStart(13)}  ${r.headerRatio.toFixed(3).padStart(6)}  ${r.json.toFixed(0).padStart(10)}  ${r.jsonRatio.toFixed(3).padStart(6)}`,
    ),
    `median ratio with/without recording: Server-Timing ${result.headerRatio.median.toFixed(3)} (min ${result.headerRatio.min.toFixed(3)}, max ${result.headerRatio.max.toFixed(3)}), JSON body ${result.jsonRatio.median.toFixed(3)} (min ${result.jsonRatio.min.toFixed(3)}, max ${result.jsonRatio.max.toFixed(3)})`,
    `record() alone, on one canned response: ${result.recordAloneUs.header?.toFixed(1)} µs per call from Server-Timing, ${result.recordAloneUs.json?.toFixed(1)} µs from the JSON body`,
    "",
  ];
  return { stdout: lines.join("\n"), [OUT]: JSON.stringify(result, null, 2) };
}
