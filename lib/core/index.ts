// "loadgate/core": the pure part of loadgate for Node tools (no I/O): builders, presets and gates,
// threshold judging, phases, the verdict and the report renderers. k6 scripts import "loadgate".

// k6's vocabulary
export { parseDuration, formatDuration, toMilliseconds } from "./vocabulary/duration.ts";
export { parseMetricName, parseThresholdKey, subMetric } from "./vocabulary/metric-key.ts";
export type { MetricName, Scope } from "./vocabulary/metric-key.ts";
export { METRICS } from "./vocabulary/metric-names.ts";
export { parseThresholdExpression, parseThresholdMetric } from "./vocabulary/threshold-grammar.ts";
export type { ThresholdExpression } from "./vocabulary/threshold-grammar.ts";
export type { HandleSummaryData, MachineReadableMetric, MachineReadableSummary, MetricType, MetricValues, SummaryData, SummaryMetric } from "./vocabulary/summary-data.ts";
export { isMachineReadableSummary } from "./vocabulary/summary-data.ts";
export { COUNTED_STATUSES, ERROR_KIND_SUB_METRICS, errorKindLabel, K6_ERROR_CODES } from "./vocabulary/error-codes.ts";
export { formatMs, formatShare, formatValue } from "./vocabulary/units.ts";
export type { Unit } from "./vocabulary/units.ts";

// Scenario builders and plans
export { batches, BATCHES_DEFAULTS, BATCH_SIZE_ENV } from "./scenarios/batches.ts";
export type { BatchesOptions } from "./scenarios/batches.ts";
export { breakpoint, BREAKPOINT_DEFAULTS } from "./scenarios/breakpoint.ts";
export type { BreakpointOptions } from "./scenarios/breakpoint.ts";
export { burst, BURST_DEFAULTS } from "./scenarios/burst.ts";
export type { BurstOptions } from "./scenarios/burst.ts";
export { concurrent, CONCURRENT_DEFAULTS } from "./scenarios/concurrent.ts";
export type { ConcurrentOptions } from "./scenarios/concurrent.ts";
export { load, LOAD_DEFAULTS } from "./scenarios/load.ts";
export type { LoadOptions } from "./scenarios/load.ts";
export { peak, PEAK_DEFAULTS } from "./scenarios/peak.ts";
export type { PeakOptions } from "./scenarios/peak.ts";
export { rampLadder, RAMP_LADDER_DEFAULTS } from "./scenarios/ramp-ladder.ts";
export type { Ladder, LadderModel, LadderStep, RampLadderOptions } from "./scenarios/ramp-ladder.ts";
export { scaleDuration } from "./scenarios/scale.ts";
export { sequential, SEQUENTIAL_DEFAULTS } from "./scenarios/sequential.ts";
export type { SequentialOptions } from "./scenarios/sequential.ts";
export { smoke, SMOKE_DEFAULTS } from "./scenarios/smoke.ts";
export type { SmokeOptions } from "./scenarios/smoke.ts";
export { soak, SOAK_DEFAULTS } from "./scenarios/soak.ts";
export type { SoakOptions } from "./scenarios/soak.ts";
export { spike, SPIKE_DEFAULTS } from "./scenarios/spike.ts";
export type { SpikeOptions } from "./scenarios/spike.ts";
export { stress, STRESS_DEFAULTS } from "./scenarios/stress.ts";
export type { StressOptions } from "./scenarios/stress.ts";
export { sustainedRate, SUSTAINED_RATE_DEFAULTS } from "./scenarios/sustained-rate.ts";
export type { SustainedRateOptions } from "./scenarios/sustained-rate.ts";
export { OPEN_MODEL_HEADROOM, sizeVUs } from "./scenarios/open-model.ts";
export type { VUPool } from "./scenarios/open-model.ts";
export { plan, PLAN_DEFAULTS, scenarioDuration } from "./scenarios/plan.ts";
export type { Plan, PlanOptions } from "./scenarios/plan.ts";

// Presets, gates and thresholds
export { compileGate, GATE_DEFAULTS, PHASE_DEFAULTS, trendStat } from "./thresholds/gate.ts";
export type { Gate, PhaseBudget } from "./thresholds/gate.ts";
export { compilePreset, flattenPreset, mergePresets, presetRefKind } from "./thresholds/preset.ts";
export type { CompilePresetOptions, Preset, PresetRefKind, PresetResolver, ResolvedPreset } from "./thresholds/preset.ts";
export { parseJsonText } from "./thresholds/json-text.ts";
export { formatSchemaErrors } from "./thresholds/schema-errors.ts";
export type { SchemaErrorObject } from "./thresholds/schema-errors.ts";
export { reportThresholds, scenarioSubMetrics } from "./thresholds/report-sub-metrics.ts";
export { evaluateThresholds } from "./thresholds/evaluate.ts";
export type { EvaluateThresholdsOptions, MetricStats, SelectMetric } from "./thresholds/evaluate.ts";
export { judgedBySummary } from "./thresholds/judged.ts";
export type { JudgedThreshold } from "./thresholds/judged.ts";

// Server-side phases
export { formatServerTiming, parseServerTiming } from "./phases/server-timing.ts";
export type { ServerTiming, ServerTimingEntry } from "./phases/server-timing.ts";
export { PHASE_READING_DEFAULTS, readJsonTimings, readParsedServerTiming, readServerTiming } from "./phases/reading.ts";
export type { JsonTimingsReadOptions, PhaseReading, ServerTimingReadOptions } from "./phases/reading.ts";
export { phaseBreakdown, phaseBreakdownHeading, phaseBreakdownRows, phaseBreakdownThresholds, phaseScopeLabel, renderPhaseBreakdown } from "./phases/breakdown.ts";
export type { PhaseBreakdown, PhaseBreakdownRow, PhaseBreakdownThresholdsOptions, TrendStats } from "./phases/breakdown.ts";

// The verdict and its report model
export { runMetricsFromSummary } from "./verdict/run-metrics.ts";
export { runMetricsFromHandleSummary, runMetricsFromMachineReadable } from "./verdict/summary-shapes.ts";
export type { CheckResult, RunMetrics } from "./verdict/run-metrics.ts";
export { buildVerdict } from "./verdict/verdict.ts";
export type { BuildVerdictOptions, ScopeRow, Verdict } from "./verdict/verdict.ts";
export { describeErrorKinds, errorKinds } from "./verdict/error-kinds.ts";
export type { ErrorKind } from "./verdict/error-kinds.ts";
export { describeLadderStep, ladderResult } from "./verdict/ladder.ts";
export type { LadderResult, LadderStepResult } from "./verdict/ladder.ts";
export { compareSummaries, parseTolerance, COMPARE_DEFAULTS } from "./verdict/compare.ts";
export type { Comparison, CompareTolerance, MetricDelta, Movement } from "./verdict/compare.ts";
export { buildSummaryReport, parseSummaryReport, SUMMARY_SCHEMA } from "./verdict/summary-report.ts";
export type { RunnerVerdict, SummaryReport, SummaryReportOptions } from "./verdict/summary-report.ts";

// Comparing two runs over their samples, the noise between runs, and run history
export { DETECTION_POWER, QUANTILE_SHIFT_DEFAULTS, quantileShift } from "./stats/quantile-shift.ts";
export type { QuantileShift, QuantileShiftOptions } from "./stats/quantile-shift.ts";
export { COMPARE_SAMPLES_DEFAULTS, compareSamples } from "./verdict/sample-comparison.ts";
export type {
  Blame,
  CompareSamplesOptions,
  JudgedShift,
  PhaseBlame,
  RunSamples,
  SampleComparison,
  SampleMovement,
  SampleVerdict,
  ScopeComparison,
  ScopeSamples,
} from "./verdict/sample-comparison.ts";
export { learnNoise, MIN_NOISE_PAIRS, withNoise } from "./verdict/noise.ts";
export type { FigureNoise, NoiseModel } from "./verdict/noise.ts";
export { FIND_CREEP_DEFAULTS, findCreep, historyEntry, historyEntryFromSummary, parseHistory } from "./verdict/history.ts";
export type { FindCreepOptions, HistoryEntry, HistoryFigures, Trend } from "./verdict/history.ts";

// Report renderers
export { parseReportKinds, renderReportFiles, renderReports, REPORT_FILES, RENDER_REPORTS_DEFAULTS } from "./report/files.ts";
export type { RenderReportFilesOptions, RenderReportsOptions, ReportKind } from "./report/files.ts";
export { renderJson } from "./report/json.ts";
export { renderText } from "./report/text.ts";
export { renderJunit } from "./report/junit.ts";
export { renderMarkdown } from "./report/markdown.ts";
export { renderHtml } from "./report/html.ts";
export { renderSampleComparisonMarkdown, renderSampleComparisonText } from "./report/sample-comparison.ts";
export { renderTrendsHtml, renderTrendsMarkdown, renderTrendsText, sparkline, sparklineSvg, SPARKLINE_SVG } from "./report/history.ts";

// Errors
export { isLoadgateError, JsonSyntaxError, LoadgateError, PresetError } from "./errors.ts";
export type { CompiledThresholds } from "./thresholds/record.ts";
