import type { Threshold } from "k6/options";
import { addThresholds, compileGate, mergeTrendStats, type CompiledThresholds, type Gate } from "./gate.ts";

/** A threshold preset: the JSON format of `thresholds/<id>.json` (see thresholds/schema.json). */
export interface Preset {
  $schema?: string;
  /** What the budget is for, in one sentence. */
  description?: string;
  /** The error-aware gate for the whole run. */
  gates?: Gate;
  /** Raw k6 thresholds passed through unchanged, for anything the gates do not cover. */
  thresholds?: Record<string, Threshold[]>;
}

/**
 * Compiles a preset to a fragment of k6 options (`thresholds` and `summaryTrendStats`).
 * @example export const options = { scenarios, ...compilePreset(preset) };
 */
export function compilePreset(preset: Preset, where = "preset"): CompiledThresholds {
  const compiled = compileGate(preset.gates ?? {}, { where: `${where}: /gates` });
  for (const [metric, entries] of Object.entries(preset.thresholds ?? {})) {
    addThresholds(compiled.thresholds, metric, entries);
  }
  return { thresholds: compiled.thresholds, summaryTrendStats: mergeTrendStats(compiled.summaryTrendStats) };
}
