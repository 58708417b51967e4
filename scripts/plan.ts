// The plan from the reports: smoke at 10 users, normal load at 50, peak at 200, then endurance at 100,
// one after another, each a k6 scenario named after its part.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/plan.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file), SCALE (1: multiplies the durations below, e.g. 0.01).
// Variables of this script: SMOKE_VUS (10), NORMAL_VUS (50), PEAK_VUS (200), ENDURANCE_VUS (100),
// SMOKE_DURATION (1m), RAMP (30s: every ramp up and down), NORMAL_HOLD (5m), PEAK_HOLD (3m),
// ENDURANCE_HOLD (30m), GRACEFUL_STOP (10s).
// Reports: REPORT_DIR (reports, must exist), REPORT_FILES (json,junit,markdown,html), BASELINE (a summary.json),
// SUMMARY_JSON (also write k6's summary data to this file).
import { envInt, exercise, load, peak, plan, readyOptions, scaledDurations, smoke, soak, summary, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const time = scaledDurations(__ENV);
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
export const options = readyOptions(parts.scenarios, __ENV, { thresholds: parts.thresholds });

export const handleSummary = summary();

export default function (): void {
  exercise(target);
}
