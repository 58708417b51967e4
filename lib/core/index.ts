// The pure core of loadgate, usable from Node and from k6 alike (no I/O, no runtime imports).
export { burst, BURST_DEFAULTS } from "./scenarios/burst.ts";
export type { BurstOptions } from "./scenarios/burst.ts";
export { compileGate, GATE_DEFAULTS, PHASE_DEFAULTS, subMetric, trendStat } from "./gate.ts";
export type { CompiledThresholds, Gate, PhaseBudget, Scope } from "./gate.ts";
export { compilePreset, flattenPreset, mergePresets, PresetError, presetRefKind } from "./preset.ts";
export type { CompilePresetOptions, Preset, PresetRefKind, PresetResolver, ResolvedPreset } from "./preset.ts";
export { JsonSyntaxError, parseJsonText } from "./json-text.ts";
export { parseThresholdExpression, parseThresholdMetric } from "./k6-threshold.ts";
export type { ThresholdExpression } from "./k6-threshold.ts";
export { formatSchemaErrors } from "./schema-errors.ts";
export type { SchemaErrorObject } from "./schema-errors.ts";
export { parseDuration, formatDuration, toMilliseconds } from "./duration.ts";
export { evaluateThresholds, parseSelector } from "./threshold-eval.ts";
export type { EvaluateThresholdsOptions, MetricStats, MetricType, SelectMetric, ThresholdEvaluation } from "./threshold-eval.ts";
