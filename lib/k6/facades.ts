// What a script calls in every VU's init to build its options and its summary. k6 runs a script's
// init once per VU, but reads `options` and runs handleSummary only where __VU is 0; every function a
// VU's init declares or runs costs that VU memory (docs/k6-facts.md). So the code behind these
// functions (at-vu-zero.ts: the builders, the preset compiler and validator, the summary) is loaded
// where __VU is 0 and nowhere else (at-vu-zero-loaded.ts), and each function here hands its call to it.
// In a VU's own init (__VU > 0) they return at once: what builds options returns its input as given
// (k6 does not read it there), and what reads a run's results throws, as no run has any there.
import type {
  ConstantArrivalRateScenario,
  ConstantVUsScenario,
  PerVUIterationsScenario,
  RampingArrivalRateScenario,
  RampingVUsScenario,
  Scenario,
  SharedIterationsScenario,
  Threshold,
} from "k6/options";
import type { BatchesOptions } from "../core/scenarios/batches.ts";
import type { BreakpointOptions } from "../core/scenarios/breakpoint.ts";
import type { BurstOptions } from "../core/scenarios/burst.ts";
import type { ConcurrentOptions } from "../core/scenarios/concurrent.ts";
import type { LoadOptions } from "../core/scenarios/load.ts";
import type { PeakOptions } from "../core/scenarios/peak.ts";
import type { Ladder, RampLadderOptions } from "../core/scenarios/ramp-ladder.ts";
import type { SequentialOptions } from "../core/scenarios/sequential.ts";
import type { SmokeOptions } from "../core/scenarios/smoke.ts";
import type { SoakOptions } from "../core/scenarios/soak.ts";
import type { SpikeOptions } from "../core/scenarios/spike.ts";
import type { StressOptions } from "../core/scenarios/stress.ts";
import type { SustainedRateOptions } from "../core/scenarios/sustained-rate.ts";
import type { Plan, PlanOptions } from "../core/scenarios/plan.ts";
import type { Gate } from "../core/thresholds/gate.ts";
import type { CompilePresetOptions, Preset } from "../core/thresholds/preset.ts";
import type { CompiledThresholds } from "../core/thresholds/record.ts";
import type { Scope } from "../core/vocabulary/metric-key.ts";
import type { EnvVars } from "../core/vocabulary/env.ts";
import type { MetricValues, SummaryData } from "../core/vocabulary/summary-data.ts";
import type { PhaseBreakdown, PhaseBreakdownThresholdsOptions } from "../core/phases/breakdown.ts";
import type { LadderResult } from "../core/verdict/ladder.ts";
import type { RunMetrics } from "../core/verdict/run-metrics.ts";
import type { PresetFromEnvOptions } from "./preset-loader.ts";
import type { ReadyOptions, ReadyOptionsExtras } from "./ready-options.ts";
import type { HandleSummary, SummaryOptions } from "./summary.ts";
import { atVuZero } from "./at-vu-zero-loaded.ts";

/** In a VU's own init: a builder's options, unchecked and as given (k6 reads scenarios where `__VU` is 0). */
function given<T extends Scenario>(options: object | undefined): T {
  return { ...options } as T;
}

/** What reads a run's results, where there is none (a VU's own init or iteration). */
function noRun(name: string): never {
  throw new Error(`${name}() reads a run's results: call it in handleSummary (or setup, or the init that reads options), where __VU is 0; __VU is ${String(__VU)} here`);
}

function noThresholds(): CompiledThresholds {
  return { thresholds: {}, summaryTrendStats: [] };
}

// Scenario builders (lib/core/scenarios/): each returns one k6 scenario. In a VU's own init, the options as given.

/**
 * Sequential batches: each VU sends `count` batches of `size` requests at once (`http.batch`).
 * @example export const options = { scenarios: { batches: batches({ count: 5, size: 10 }) }, batch: 10, batchPerHost: 10 };
 */
export function batches(options?: BatchesOptions): PerVUIterationsScenario {
  return atVuZero ? atVuZero.batches(options) : given(options);
}

/**
 * A breakpoint test: an arrival rate that climbs until a gate aborts the run.
 * @example export const options = { scenarios: { breakpoint: breakpoint({ maxRate: 500 }) }, ...compileGate({ p95: 500, abortOnFail: "30s" }) };
 */
export function breakpoint(options?: BreakpointOptions): RampingArrivalRateScenario {
  return atVuZero ? atVuZero.breakpoint(options) : given(options);
}

/**
 * A burst: `vus` users share `requests` requests, sent as fast as they go.
 * @example export const options = { scenarios: { burst: burst({ vus: 10, requests: 30 }) } };
 */
export function burst(options?: BurstOptions): SharedIterationsScenario {
  return atVuZero ? atVuZero.burst(options) : given(options);
}

/**
 * `workers` users share `requests` requests: a fixed amount of work done concurrently.
 * @example export const options = { scenarios: { concurrent: concurrent({ workers: 5, requests: 100 }) } };
 */
export function concurrent(options?: ConcurrentOptions): SharedIterationsScenario {
  return atVuZero ? atVuZero.concurrent(options) : given(options);
}

/**
 * Average load: users ramp up to a normal day's number, hold it, and ramp down.
 * @example export const options = { scenarios: { normal: load({ vus: 50, hold: "10m" }) } };
 */
export function load(options?: LoadOptions): RampingVUsScenario {
  return atVuZero ? atVuZero.load(options) : given(options);
}

/**
 * Peak load: the busiest hour's users, ramped up, held and ramped down.
 * @example export const options = { scenarios: { peak: peak({ vus: 200 }) } };
 */
export function peak(options?: PeakOptions): RampingVUsScenario {
  return atVuZero ? atVuZero.peak(options) : given(options);
}

/**
 * A ramp ladder: each level held as its own scenario tagged `step:<level>`, with a gate per step.
 * In a VU's own init, an empty ladder.
 * @example const ladder = rampLadder({ levels: [1, 5, 10, 20], hold: "30s", gate: { p95: 500 } });
 */
export function rampLadder(options?: RampLadderOptions): Ladder {
  if (atVuZero) return atVuZero.rampLadder(options);
  return { scenarios: {}, thresholds: {}, summaryTrendStats: [], totalDuration: "", steps: [], model: options?.model ?? "concurrency", timeUnit: "", gate: {} };
}

/**
 * Sequential requests: each VU sends `requests` requests one after another.
 * @example export const options = { scenarios: { sequential: sequential({ requests: 10 }) } };
 */
export function sequential(options?: SequentialOptions): PerVUIterationsScenario {
  return atVuZero ? atVuZero.sequential(options) : given(options);
}

/**
 * A smoke test: a few users for a short while, to check the script and the service.
 * @example export const options = { scenarios: { smoke: smoke({ vus: 2, duration: "20s" }) } };
 */
export function smoke(options?: SmokeOptions): ConstantVUsScenario {
  return atVuZero ? atVuZero.smoke(options) : given(options);
}

/**
 * A soak: a steady load held for hours, to find what degrades over time.
 * @example export const options = { scenarios: { endurance: soak({ vus: 100, hold: "4h" }) } };
 */
export function soak(options?: SoakOptions): RampingVUsScenario {
  return atVuZero ? atVuZero.soak(options) : given(options);
}

/**
 * A spike: an arrival rate that jumps to `peakRate` and falls back.
 * @example export const options = { scenarios: { search: spike({ peakRate: 200 }) } };
 */
export function spike(options: SpikeOptions): RampingArrivalRateScenario {
  return atVuZero ? atVuZero.spike(options) : given(options);
}

/**
 * Stress: more users than a normal peak, ramped up, held and ramped down.
 * @example export const options = { scenarios: { stress: stress({ vus: 400, hold: "10m" }) } };
 */
export function stress(options?: StressOptions): RampingVUsScenario {
  return atVuZero ? atVuZero.stress(options) : given(options);
}

/**
 * A sustained arrival rate (open model), with VUs sized for the expected latency.
 * @example export const options = { scenarios: { steady: sustainedRate({ rate: 10, duration: "60s" }) } };
 */
export function sustainedRate(options?: SustainedRateOptions): ConstantArrivalRateScenario {
  return atVuZero ? atVuZero.sustainedRate(options) : given(options);
}

/**
 * Runs scenarios one after another, with the sub-metric thresholds each part's report row needs;
 * prints the plan's warnings at VU 0's init. In a VU's own init: the parts as given, nothing else.
 * @example
 * const p = plan({ warmup: sequential({ requests: 5 }), main: burst({ vus: 10, requests: 30 }) }, { gracefulStop: "5s" });
 * export const options = { scenarios: p.scenarios, thresholds: p.thresholds };
 */
export function plan(parts: Record<string, Scenario>, options?: PlanOptions): Plan {
  return atVuZero ? atVuZero.plan(parts, options) : { scenarios: { ...parts }, totalDuration: "", thresholds: {}, warnings: [] };
}

// Presets and gates (lib/core/thresholds/, preset-loader.ts). In a VU's own init, no thresholds.

/**
 * Compiles gates to k6 thresholds: error-aware latency limits, an error budget, success-count guards.
 * @example compileGate({ p95: 500, phases: { embedding: { p95: 300 } } }, { scope: { scenario: "peak" } })
 */
export function compileGate(gate: Gate, options?: { scope?: Scope; where?: string }): CompiledThresholds {
  return atVuZero ? atVuZero.compileGate(gate, options) : noThresholds();
}

/**
 * Compiles a preset (its `extends` resolved) to `thresholds` and `summaryTrendStats`.
 * @example export const options = { scenarios, ...compilePreset(preset, { id: "team.json", resolve }) };
 */
export function compilePreset(preset: Preset, options?: CompilePresetOptions | string): CompiledThresholds {
  return atVuZero ? atVuZero.compilePreset(preset, options) : noThresholds();
}

/**
 * The thresholds of the preset `-e PRESET=<shipped id>` or `-e PRESET_FILE=<path>` picks (default
 * error-aware); a bad preset throws in the init that reads options, before any request.
 * @example export const options = { scenarios, ...presetFromEnv(__ENV) };
 */
export function presetFromEnv(vars: EnvVars, options?: PresetFromEnvOptions): CompiledThresholds {
  return atVuZero ? atVuZero.presetFromEnv(vars, options) : noThresholds();
}

/**
 * Adds the empty sub-metric thresholds the per-scenario report rows and failure kinds read. In a VU's
 * own init, `thresholds` as given.
 * @example export const options = { scenarios, thresholds: reportThresholds(["smoke", "peak"], compiled.thresholds) };
 */
export function reportThresholds(scenarios: readonly string[], thresholds?: Readonly<Record<string, Threshold[]>>): Record<string, Threshold[]> {
  return atVuZero ? atVuZero.reportThresholds(scenarios, thresholds) : { ...thresholds };
}

// Phases (lib/core/phases/breakdown.ts)

/**
 * Declares the sub-metrics a phase breakdown reads, as empty thresholds.
 * @example export const options = { scenarios, ...phaseBreakdownThresholds({ phases: ["embedding", "fusion"], scenarios: ["search"] }) };
 */
export function phaseBreakdownThresholds(options: PhaseBreakdownThresholdsOptions): CompiledThresholds {
  return atVuZero ? atVuZero.phaseBreakdownThresholds(options) : noThresholds();
}

/**
 * The phase breakdown of a run's summary data: each phase's share of the server's time, per scope.
 * @example const rows = phaseBreakdown(data, { phases: ["embedding", "fusion"] });
 */
export function phaseBreakdown(data: { metrics: Readonly<Record<string, MetricValues>> }, options?: { phases?: readonly string[] }): PhaseBreakdown[] {
  return atVuZero ? atVuZero.phaseBreakdown(data, options) : noRun("phaseBreakdown");
}

/**
 * The phase breakdown as terminal text.
 * @example console.log(renderPhaseBreakdown(phaseBreakdown(data)));
 */
export function renderPhaseBreakdown(breakdowns: readonly PhaseBreakdown[], indent?: string): string {
  return atVuZero ? atVuZero.renderPhaseBreakdown(breakdowns, indent) : noRun("renderPhaseBreakdown");
}

// Options, the verdict and the reports

/**
 * A ready script's `options`: its scenarios, the preset's gates, the report's sub-metrics, the trend
 * stats. In a VU's own init, only the scenarios.
 * @example export const options = readyOptions({ smoke: smoke({ vus: 1 }) }, __ENV);
 */
export function readyOptions(scenarios: Record<string, Scenario>, vars: EnvVars, extras?: ReadyOptionsExtras): ReadyOptions {
  return atVuZero ? atVuZero.readyOptions(scenarios, vars, extras) : { scenarios, thresholds: {}, summaryTrendStats: [] };
}

/**
 * The handleSummary that prints the verdict and writes the reports (`-e REPORT_DIR`, `REPORT_FILES`,
 * `BASELINE`, `SUMMARY_JSON`). k6 calls it where `__VU` is 0; in a VU's own init it is an empty handler.
 * @example export const handleSummary = summary({ dir: "reports" });
 */
export function summary(options?: SummaryOptions): HandleSummary {
  return atVuZero ? atVuZero.summary(options) : async () => ({});
}

/**
 * A ramp ladder's result: each step's figures against its gate, and the capacity.
 * @example export function handleSummary(data) { return { stdout: ladderResult(data, ladder).text + "\n" }; }
 */
export function ladderResult(
  run: RunMetrics | SummaryData,
  ladder: Pick<Ladder, "steps" | "model" | "timeUnit" | "gate">,
): LadderResult {
  return atVuZero ? atVuZero.ladderResult(run, ladder) : noRun("ladderResult");
}
