// A plan of three parts run one after another, with per-scenario request counts read in handleSummary.
//   npx loadgate build examples/three-part-plan.ts && k6 run -e BASE_URL=http://127.0.0.1:8080 build/three-part-plan.js
// Variables: BASE_URL (required), SUMMARY_JSON (a file to write k6's summary data to; none by default).
import { concurrent, envString, exercise, plan, sequential, smoke, targetFromEnv, type SummaryData } from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const SUMMARY_JSON = envString(__ENV, "SUMMARY_JSON", "");

const parts = plan(
  {
    warmup: sequential({ requests: 5, maxDuration: "1s" }),
    burst: concurrent({ workers: 5, requests: 20, maxDuration: "1s" }),
    steady: smoke({ vus: 2, duration: "1s" }),
  },
  { gracefulStop: "500ms" },
);

export const options = { scenarios: parts.scenarios, thresholds: parts.thresholds };

export default function (): void {
  exercise(target);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  const count = (metric: string) => data.metrics[metric]?.values["count"] ?? 0;
  const lines = Object.keys(parts.scenarios).map((name) => `${name}: ${count(`http_reqs{scenario:${name}}`)} requests`);
  lines.push(`total: ${count("http_reqs")} requests`);
  const out: Record<string, string> = { stdout: `${lines.join("\n")}\n` };
  if (SUMMARY_JSON !== "") out[SUMMARY_JSON] = JSON.stringify(data);
  return out;
}
