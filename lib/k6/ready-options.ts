// A ready script's options: its scenarios, the preset's gates, the report's sub-metrics and trend
// stats. Computed only where k6 reads options (__VU 0): scripts call it through facades.ts.
import type { Scenario, Threshold } from "k6/options";
import type { EnvVars } from "../core/vocabulary/env.ts";
import type { Gate } from "../core/thresholds/gate.ts";
import { reportThresholds } from "../core/thresholds/report-sub-metrics.ts";
import { mergeTrendStats, type CompiledThresholds } from "../core/thresholds/record.ts";
import { presetFromEnv } from "./preset-loader.ts";

/** Options of {@link readyOptions}. */
export interface ReadyOptionsExtras {
  /**
   * The gates: a compiled preset, or `false` for none beyond `thresholds` (a ladder gates each step
   * itself). @default presetFromEnv(vars): `-e PRESET` or `-e PRESET_FILE`, else error-aware
   */
  preset?: CompiledThresholds | false;
  /**
   * Gate settings laid over those of the preset `-e PRESET`/`PRESET_FILE` picks, e.g.
   * `{ abortOnFail: "30s" }`; not used with `preset`. @default undefined
   */
  presetGates?: Readonly<Gate>;
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
  const preset =
    extras.preset === undefined ? presetFromEnv(vars, extras.presetGates === undefined ? {} : { gates: extras.presetGates }) : extras.preset;
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
