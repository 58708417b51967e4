// "loadgate": the k6-side public API. Import it from k6 scripts and bundle with `loadgate build`.
// A curated list: what a k6 script needs. Node tools that render or judge runs use "loadgate/core".
// What builds options or reads a run's results comes from k6/facades.ts: its code is loaded only where
// k6 reads options (__VU 0), not in every VU's init; the rest is what iterations use.

// Built where __VU is 0: scenario builders and plans, presets and gates, the phase breakdown, the summary
export {
  batches,
  breakpoint,
  burst,
  compileGate,
  compilePreset,
  concurrent,
  ladderResult,
  load,
  peak,
  phaseBreakdown,
  phaseBreakdownThresholds,
  plan,
  presetFromEnv,
  rampLadder,
  readyOptions,
  renderPhaseBreakdown,
  reportThresholds,
  sequential,
  smoke,
  soak,
  spike,
  stress,
  summary,
  sustainedRate,
} from "./k6/facades.ts";

// Scenario builders and plans: defaults and types
export { BATCHES_DEFAULTS, BATCH_SIZE_ENV } from "./core/scenarios/batches.ts";
export type { BatchesOptions } from "./core/scenarios/batches.ts";
export { BREAKPOINT_DEFAULTS } from "./core/scenarios/breakpoint.ts";
export type { BreakpointOptions } from "./core/scenarios/breakpoint.ts";
export { BURST_DEFAULTS } from "./core/scenarios/burst.ts";
export type { BurstOptions } from "./core/scenarios/burst.ts";
export { CONCURRENT_DEFAULTS } from "./core/scenarios/concurrent.ts";
export type { ConcurrentOptions } from "./core/scenarios/concurrent.ts";
export { LOAD_DEFAULTS } from "./core/scenarios/load.ts";
export type { LoadOptions } from "./core/scenarios/load.ts";
export { PEAK_DEFAULTS } from "./core/scenarios/peak.ts";
export type { PeakOptions } from "./core/scenarios/peak.ts";
export { RAMP_LADDER_DEFAULTS } from "./core/scenarios/ramp-ladder.ts";
export type { Ladder, LadderModel, LadderStep, RampLadderOptions } from "./core/scenarios/ramp-ladder.ts";
export { scaleDuration } from "./core/scenarios/scale.ts";
export { SEQUENTIAL_DEFAULTS } from "./core/scenarios/sequential.ts";
export type { SequentialOptions } from "./core/scenarios/sequential.ts";
export { SMOKE_DEFAULTS } from "./core/scenarios/smoke.ts";
export type { SmokeOptions } from "./core/scenarios/smoke.ts";
export { SOAK_DEFAULTS } from "./core/scenarios/soak.ts";
export type { SoakOptions } from "./core/scenarios/soak.ts";
export { SPIKE_DEFAULTS } from "./core/scenarios/spike.ts";
export type { SpikeOptions } from "./core/scenarios/spike.ts";
export { STRESS_DEFAULTS } from "./core/scenarios/stress.ts";
export type { StressOptions } from "./core/scenarios/stress.ts";
export { SUSTAINED_RATE_DEFAULTS } from "./core/scenarios/sustained-rate.ts";
export type { SustainedRateOptions } from "./core/scenarios/sustained-rate.ts";
export { PLAN_DEFAULTS } from "./core/scenarios/plan.ts";
export type { Plan, PlanOptions } from "./core/scenarios/plan.ts";

// Requests and -e variables
export { exercise, targetFromEnv } from "./k6/request.ts";
export type { Target } from "./k6/request.ts";
export { envChoice, envDuration, envInt, envList, envNumber, envString, envUrl } from "./core/vocabulary/env.ts";
export type { EnvVars } from "./core/vocabulary/env.ts";
export { parseDuration, formatDuration } from "./core/vocabulary/duration.ts";

// Presets and gates: defaults, types and the shipped presets
export { GATE_DEFAULTS, PHASE_DEFAULTS } from "./core/thresholds/gate.ts";
export type { Gate, PhaseBudget } from "./core/thresholds/gate.ts";
export type { Scope } from "./core/vocabulary/metric-key.ts";
export type { CompilePresetOptions, Preset, PresetResolver, ResolvedPreset } from "./core/thresholds/preset.ts";
export { shippedPreset } from "./k6/shipped-presets.ts";
export type { PresetFromEnvOptions } from "./k6/preset-loader.ts";
export { PresetError } from "./core/errors.ts";

// Server-side phases
export { jsonBody, phaseTimings, serverTiming } from "./k6/phases.ts";
export type { PhaseRecorder, PhaseSource, PhaseTimingsOptions, RecordOutcome, ServerTimingSourceOptions } from "./k6/phases.ts";
export { parseServerTiming } from "./core/phases/server-timing.ts";
export type { ServerTiming, ServerTimingEntry } from "./core/phases/server-timing.ts";
export type { PhaseBreakdown, PhaseBreakdownThresholdsOptions, TrendStats } from "./core/phases/breakdown.ts";

// The verdict and reports (handleSummary)
export type { HandleSummary, SummaryOptions } from "./k6/summary.ts";
export { rampHoldFromEnv, readyScript, scaledDurations } from "./k6/ready.ts";
export type { ReadyScript, ReadyScriptParts, ScaledDuration } from "./k6/ready.ts";
export type { ReadyOptions, ReadyOptionsExtras } from "./k6/ready-options.ts";
export type { LadderResult, LadderStepResult } from "./core/verdict/ladder.ts";
export type { Verdict } from "./core/verdict/verdict.ts";
export type { HandleSummaryData, MachineReadableSummary, SummaryData } from "./core/vocabulary/summary-data.ts";
export type { CompiledThresholds } from "./core/thresholds/record.ts";
