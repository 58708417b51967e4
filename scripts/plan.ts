// The plan from the reports: smoke at 10 users, normal load at 50, peak at 200, then endurance at 100,
// one after another, each a k6 scenario named after its part.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/plan.js
// Variables of this script: SMOKE_VUS (10), NORMAL_VUS (50), PEAK_VUS (200), ENDURANCE_VUS (100),
// SMOKE_DURATION (1m), RAMP (30s: every ramp up and down), NORMAL_HOLD (5m), PEAK_HOLD (3m),
// ENDURANCE_HOLD (30m), GRACEFUL_STOP (10s); the durations times SCALE.
// Plus the variables every ready script reads (BASE_URL is required): docs/pipelines.md, "Ready scripts".
import { envInt, load, peak, plan, readyScript, smoke, soak } from "../lib/index.ts";

const script = readyScript(__ENV, ({ time }) => {
  const ramp = time("RAMP", "30s");
  const parts = plan(
    {
      smoke: smoke({ vus: envInt(__ENV, "SMOKE_VUS", 10), duration: time("SMOKE_DURATION", "1m", "1s") }),
      normal: load({ vus: envInt(__ENV, "NORMAL_VUS", 50), rampUp: ramp, hold: time("NORMAL_HOLD", "5m"), rampDown: ramp }),
      peak: peak({ vus: envInt(__ENV, "PEAK_VUS", 200), rampUp: ramp, hold: time("PEAK_HOLD", "3m"), rampDown: ramp }),
      endurance: soak({ vus: envInt(__ENV, "ENDURANCE_VUS", 100), rampUp: ramp, hold: time("ENDURANCE_HOLD", "30m"), rampDown: ramp }),
    },
    { gracefulStop: time("GRACEFUL_STOP", "10s") },
  );
  // The plan's own thresholds declare each part's per-scenario figures.
  return { scenarios: parts.scenarios, thresholds: parts.thresholds };
});

export const options = script.options;
export const handleSummary = script.handleSummary;
export default script.iteration;
