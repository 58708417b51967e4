// Benchmark of what a threshold's sub-metric costs: the request loop of bench/k6/plain.ts with the
// thresholds given as JSON in THRESHOLDS (`node bench/run.mjs --only submetrics` declares none, or
// many Trend, Counter or Rate sub-metrics that every request matches).
export { default } from "./plain.ts";

const vus = Number(__ENV.VUS ?? 4);

export const options = {
  scenarios: {
    // With ITERATIONS, that many iterations shared by the VUs: every variant does the same work.
    loop: __ENV.ITERATIONS
      ? { executor: "shared-iterations", vus, iterations: Number(__ENV.ITERATIONS), maxDuration: "2m" }
      : { executor: "constant-vus", vus, duration: __ENV.DURATION ?? "5s" },
  },
  thresholds: JSON.parse(__ENV.THRESHOLDS ?? "{}") as Record<string, string[]>,
};
