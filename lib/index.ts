// The k6-side public API of loadgate: import it from k6 scripts, bundle with `loadgate build`.
export { burst, BURST_DEFAULTS } from "./core/scenarios/burst.ts";
export type { BurstOptions } from "./core/scenarios/burst.ts";
export { compileGate, GATE_DEFAULTS, PHASE_DEFAULTS, subMetric } from "./core/gate.ts";
export type { CompiledThresholds, Gate, PhaseBudget, Scope } from "./core/gate.ts";
export { compilePreset, flattenPreset, mergePresets, PresetError } from "./core/preset.ts";
export type { CompilePresetOptions, Preset, PresetResolver, ResolvedPreset } from "./core/preset.ts";
export { envChoice, envDuration, envInt, envNumber, envString, envUrl } from "./core/env.ts";
export type { EnvVars } from "./core/env.ts";
export { parseDuration, formatDuration, toMilliseconds } from "./core/duration.ts";
export { k6PresetResolver, openPresetFile, presetFromEnv, SHIPPED_PRESETS, shippedPreset, validatePresetData } from "./k6/presets.ts";
export type { PresetFromEnvOptions } from "./k6/presets.ts";
