// What every ready script in scripts/ shares: the request, the `-e` variables common to all, the
// preset, the options and the reports. A script declares only its scenarios and its own variables.
import type { RefinedResponse, ResponseType } from "k6/http";
import type { Options, Scenario } from "k6/options";
import { envDuration, envInt, envNumber, type EnvVars } from "../core/vocabulary/env.ts";
import type { RampHoldOptions } from "../core/scenarios/ramp-hold.ts";
import { scaleDuration } from "../core/scenarios/scale.ts";
import { readyOptions, summary } from "./facades.ts";
import type { ReadyOptions, ReadyOptionsExtras } from "./ready-options.ts";
import { exercise, targetFromEnv } from "./request.ts";
import type { HandleSummary, SummaryOptions } from "./summary.ts";

/** Reads a duration variable scaled by `-e SCALE`: `time("HOLD", "5m", "1s")`. */
export type ScaledDuration = (name: string, fallback: string, min?: string) => string;

/**
 * Reads duration variables scaled by `-e SCALE` (1 by default), so a test can run a script's
 * minutes in seconds: `time("HOLD", "5m")` is `-e HOLD` (or 5m) times SCALE, at least `min`.
 * @example const time = scaledDurations(__ENV); const hold = time("HOLD", "5m", "1s");
 */
export function scaledDurations(vars: EnvVars): ScaledDuration {
  const scale = envNumber(vars, "SCALE", 1);
  return (name, fallback, min) => scaleDuration(envDuration(vars, name, fallback), scale, min);
}

/** What a ready script declares; the request, the preset and the reports are the same for all. */
export interface ReadyScriptParts extends ReadyOptionsExtras {
  /** The script's scenarios; each is a row of the report. */
  scenarios: Record<string, Scenario>;
  /** More k6 options, e.g. `batch` and `batchPerHost` for `batches()`. @default {} */
  options?: Omit<Options, "scenarios" | "thresholds" | "summaryTrendStats">;
  /** What the summary adds: a ladder's capacity (`ladder`), the phase table's order (`phases`). @default {} */
  summary?: Pick<SummaryOptions, "ladder" | "phases">;
  /** Called with every response an iteration gets, e.g. to record its phases. @default undefined */
  onResponse?: (res: RefinedResponse<ResponseType>) => void;
}

/** A ready script's three exports. */
export interface ReadyScript {
  /** `export const options = script.options;` */
  options: ReadyOptions & Omit<Options, "scenarios" | "thresholds" | "summaryTrendStats">;
  /** `export const handleSummary = script.handleSummary;` */
  handleSummary: HandleSummary;
  /** `export default script.iteration;`: sends the request of `-e BASE_URL`, `ENDPOINT`, `METHOD`, `BODY` and `TIMEOUT`. */
  iteration: () => void;
}

/**
 * Declares a ready script: the common `-e` variables (the request's BASE_URL, ENDPOINT, METHOD,
 * BODY, TIMEOUT; PRESET or PRESET_FILE; SCALE; the reports' REPORT_DIR, REPORT_FILES, BASELINE,
 * SUMMARY_JSON) are read here, the same way for every script, and `declare` reads the script's own,
 * with `time` for its durations scaled by SCALE. Call it in the init context: a bad variable stops k6
 * there, before any request.
 * @example
 * const script = readyScript(__ENV, ({ time }) => ({ scenarios: { smoke: smoke({ duration: time("DURATION", "30s", "1s") }) } }));
 * export const options = script.options;
 * export const handleSummary = script.handleSummary;
 * export default script.iteration;
 */
export function readyScript(vars: EnvVars, declare: (read: { time: ScaledDuration }) => ReadyScriptParts): ReadyScript {
  const target = targetFromEnv(vars);
  const time = scaledDurations(vars);
  const { scenarios, options, summary: report, onResponse, ...extras } = declare({ time });
  const scriptOptions = { ...readyOptions(scenarios, vars, extras), ...options };
  // exercise() reads __ENV on each call: k6 sets a new __ENV, with the scenario's `env` (batches() sets
  // one), each time a VU starts a scenario (internal/js/runner.go, VU.Activate).
  const iteration =
    onResponse === undefined
      ? (): void => void exercise(target)
      : (): void => {
          for (const res of exercise(target)) onResponse(res);
        };
  return { options: scriptOptions, handleSummary: summary(report), iteration };
}

/**
 * The shape of a ramp-up, hold, ramp-down script (load, peak, stress, soak) from `-e VUS`, `RAMP_UP`,
 * `HOLD` and `RAMP_DOWN`, the durations scaled by SCALE, each defaulting to the builder's own.
 * @example readyScript(__ENV, ({ time }) => ({ scenarios: { load: load(rampHoldFromEnv(__ENV, time, LOAD_DEFAULTS)) } }))
 */
export function rampHoldFromEnv(vars: EnvVars, time: ScaledDuration, defaults: Readonly<Required<RampHoldOptions>>): Required<RampHoldOptions> {
  return {
    vus: envInt(vars, "VUS", defaults.vus),
    rampUp: time("RAMP_UP", defaults.rampUp),
    hold: time("HOLD", defaults.hold),
    rampDown: time("RAMP_DOWN", defaults.rampDown),
  };
}
