// The k6-side public API of loadgate: import it from k6 scripts, bundle with `loadgate build`.
export { burst, BURST_DEFAULTS } from "./core/scenarios/burst.ts";
export type { BurstOptions } from "./core/scenarios/burst.ts";
export { compileGate, GATE_DEFAULTS, subMetric } from "./core/gate.ts";
export type { CompiledThresholds, Gate, Scope } from "./core/gate.ts";
export { compilePreset } from "./core/preset.ts";
export type { Preset } from "./core/preset.ts";
export { envChoice, envDuration, envInt, envNumber, envString, envUrl } from "./core/env.ts";
export type { EnvVars } from "./core/env.ts";
export { parseDuration, formatDuration, toMilliseconds } from "./core/duration.ts";
export { SHIPPED_PRESETS, shippedPreset } from "./k6/presets.ts";
export { formatServerTiming, parseServerTiming } from "./core/server-timing.ts";
export type { ServerTiming, ServerTimingEntry } from "./core/server-timing.ts";
export { phaseBreakdown, phaseBreakdownThresholds, renderPhaseBreakdown } from "./core/phase-breakdown.ts";
export type { PhaseBreakdown, PhaseBreakdownThresholdsOptions, PhaseRow, SummaryData, TrendStats } from "./core/phase-breakdown.ts";
export { jsonBody, phaseTimings, serverTiming } from "./k6/phases.ts";
export type { PhaseRecorder, PhaseSource, PhaseTimingsOptions, RecordOutcome, ServerTimingSourceOptions } from "./k6/phases.ts";
