// The pure core of loadgate, usable from Node and from k6 alike (no I/O, no runtime imports).
export { burst, BURST_DEFAULTS } from "./scenarios/burst.ts";
export type { BurstOptions } from "./scenarios/burst.ts";
export { compileGate, GATE_DEFAULTS, subMetric, trendStat } from "./gate.ts";
export type { CompiledThresholds, Gate, Scope } from "./gate.ts";
export { compilePreset } from "./preset.ts";
export type { Preset } from "./preset.ts";
export { parseDuration, formatDuration, toMilliseconds } from "./duration.ts";
export { formatServerTiming, parseServerTiming } from "./server-timing.ts";
export type { ServerTiming, ServerTimingEntry } from "./server-timing.ts";
export { PHASE_READING_DEFAULTS, readJsonTimings, readParsedServerTiming, readServerTiming } from "./phase-reading.ts";
export type { JsonTimingsReadOptions, PhaseReading, ServerTimingReadOptions } from "./phase-reading.ts";
export { phaseBreakdown, phaseBreakdownThresholds, renderPhaseBreakdown } from "./phase-breakdown.ts";
export type { PhaseBreakdown, PhaseBreakdownThresholdsOptions, PhaseRow, SummaryData, TrendStats } from "./phase-breakdown.ts";
