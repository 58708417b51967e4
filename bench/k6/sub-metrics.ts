// Benchmark of what a threshold's sub-metric costs: the request loop of bench/k6/plain.ts with the
// thresholds given as JSON in THRESHOLDS (`node bench/run.mjs --only submetrics` declares none, or
// many Trend or Counter sub-metrics that every request matches).
export { default } from "./plain.ts";

export const options = {
  scenarios: {
    loop: { executor: "constant-vus", vus: Number(__ENV.VUS ?? 4), duration: __ENV.DURATION ?? "5s" },
  },
  thresholds: JSON.parse(__ENV.THRESHOLDS ?? "{}") as Record<string, string[]>,
};
