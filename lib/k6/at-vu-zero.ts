// The code only the inits where __VU is 0 run: the one k6 reads `options` from, setup's and
// handleSummary's. at-vu-zero-loaded.ts imports this module there and nowhere else, and `loadgate
// build` bundles it inside a function that only that import calls, so a VU's own init never runs it
// (docs/k6-facts.md, "Init context and VUs").
export { batches } from "../core/scenarios/batches.ts";
export { breakpoint } from "../core/scenarios/breakpoint.ts";
export { burst } from "../core/scenarios/burst.ts";
export { concurrent } from "../core/scenarios/concurrent.ts";
export { load } from "../core/scenarios/load.ts";
export { peak } from "../core/scenarios/peak.ts";
export { rampLadder } from "../core/scenarios/ramp-ladder.ts";
export { sequential } from "../core/scenarios/sequential.ts";
export { smoke } from "../core/scenarios/smoke.ts";
export { soak } from "../core/scenarios/soak.ts";
export { spike } from "../core/scenarios/spike.ts";
export { stress } from "../core/scenarios/stress.ts";
export { sustainedRate } from "../core/scenarios/sustained-rate.ts";
export { plan } from "./plan.ts";
export { compileGate } from "../core/thresholds/gate.ts";
export { compilePreset } from "../core/thresholds/preset.ts";
export { presetFromEnv } from "./preset-loader.ts";
export { reportThresholds } from "../core/thresholds/report-sub-metrics.ts";
export { phaseBreakdown, phaseBreakdownThresholds, renderPhaseBreakdown } from "../core/phases/breakdown.ts";
export { readyOptions } from "./ready-options.ts";
export { summary } from "./summary.ts";
export { ladderResult } from "../core/verdict/ladder.ts";
