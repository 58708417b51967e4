// What every ready script in scripts/ shares: its options from its scenarios and `-e` variables.
import type { Scenario, Threshold } from "k6/options";
import { envDuration, envNumber, type EnvVars } from "../core/vocabulary/env.ts";
import { reportThresholds } from "../core/thresholds/report-sub-metrics.ts";
import { scaleDuration } from "../core/scenarios/scale.ts";
import { presetFromEnv } from "./preset-loader.ts";
import { mergeTrendStats, type CompiledThresholds } from "../core/thresholds/record.ts";

/** Options of {@link readyOptions}. */
export interface ReadyOptionsExtras {
  /**
   * The gates: a compiled preset, or `false` for none beyond `thresholds` (a ladder gates each step
   * itself). @default presetFromEnv(vars): `-e PRESET` or `-e PRESET_FILE`, else error-aware
   */
  preset?: CompiledThresholds | false;
  /** More thresholds (a plan's, a ladder's, a phase breakdown's); the preset's entries come after them. @default {} */
  thresholds?: Readonly<Record<string, readonly Threshold[]>>;
  /** More `summaryTrendStats`. @default [] */
  summaryTrendStats?: readonly string[];
}

/** The options a ready script exports: scenarios, thresholds with the report's sub-metrics, and trend stats. */
export interface ReadyOptions {
  scenarios: Record<string, Scenario>;
  thresholds: Record<string, Threshold[]>;
  summaryTrendStats: string[];
}

/**
 * A ready script's `options`: its scenarios, the gates of the preset its `-e` variables pick, the
 * empty sub-metric entries the per-scenario report rows need (k6 keeps per-scenario figures only
 * for sub-metrics a threshold names), and every trend stat a threshold or report reads.
 * @example export const options = readyOptions({ smoke: smoke({ vus: 1 }) }, __ENV);
 */
export function readyOptions(
  scenarios: Record<string, Scenario>,
  vars: EnvVars,
  extras: ReadyOptionsExtras = {},
): ReadyOptions {
  const preset = extras.preset === undefined ? presetFromEnv(vars) : extras.preset;
  const thresholds: Record<string, Threshold[]> = {};
  for (const [metric, entries] of Object.entries(extras.thresholds ?? {})) thresholds[metric] = [...entries];
  for (const [metric, entries] of Object.entries(preset === false ? {} : preset.thresholds)) {
    thresholds[metric] = [...(thresholds[metric] ?? []), ...entries];
  }
  return {
    scenarios,
    thresholds: reportThresholds(Object.keys(scenarios), thresholds),
    summaryTrendStats: mergeTrendStats(preset === false ? [] : preset.summaryTrendStats, extras.summaryTrendStats ?? []),
  };
}

/**
 * Reads duration variables scaled by `-e SCALE` (1 by default), so a test can run a script's
 * minutes in seconds: `time("HOLD", "5m")` is `-e HOLD` (or 5m) times SCALE, at least `min`.
 * @example const time = scaledDurations(__ENV); const hold = time("HOLD", "5m", "1s");
 */
export function scaledDurations(vars: EnvVars): (name: string, fallback: string, min?: string) => string {
  const scale = envNumber(vars, "SCALE", 1);
  return (name, fallback, min) => scaleDuration(envDuration(vars, name, fallback), scale, min);
}
