import type { ConstantArrivalRateScenario, ConstantVUsScenario, Threshold } from "k6/options";
import { formatDuration } from "../vocabulary/duration.ts";
import { compileGate, type Gate } from "../thresholds/gate.ts";
import { sizeVUs } from "./open-model.ts";
import { duration, K6_MIN_DURATION_MS, optionsObject, scenarioName } from "./validate.ts";
import { subMetric } from "../vocabulary/metric-key.ts";
import { addThresholds, mergeTrendStats } from "../thresholds/record.ts";

/** What a ladder's levels count: concurrent users, or iterations started per `timeUnit`. */
export type LadderModel = "concurrency" | "arrival-rate";

/** How often k6 evaluates thresholds during a run (internal/metrics/engine/engine.go: thresholdsRate). */
export const K6_THRESHOLD_INTERVAL_MS = 2000;

/**
 * The shortest `gap` between steps: one threshold evaluation plus time for the last samples of a
 * step to reach the metrics engine (k6 flushes them every 50 ms), with a margin.
 */
export const MIN_LADDER_GAP_MS = 2500;

/** Options for {@link rampLadder}. Durations are k6 duration strings ("30s", "1m30s", "500ms"). */
export interface RampLadderOptions {
  /** The levels, rising: concurrent users, or iterations per `timeUnit` for "arrival-rate". @default [1, 5, 10, 20] */
  levels?: readonly number[];
  /** How long each step is held. @default "30s" */
  hold?: string;
  /** "concurrency" (closed model, `constant-vus`) or "arrival-rate" (open model, `constant-arrival-rate`). @default "concurrency" */
  model?: LadderModel;
  /**
   * The error-aware gate every step must pass on its own requests. Each step aborts the run when it
   * fails, unless `abortOnFail` is `false` (then every step runs). @default { p95: 500 }
   */
  gate?: Gate;
  /** How long a step's iterations in flight may finish after its hold. @default "5s" */
  gracefulStop?: string;
  /**
   * Pause after each step's `gracefulStop`, so that k6's threshold evaluation (every 2 s) can abort
   * the run before the next step starts. At least 2500ms. @default "3s"
   */
  gap?: string;
  /** Time into a step before its gate may abort the run (its first samples are few); at most `hold` is used. @default "5s" */
  abortAfter?: string;
  /** Scenario name prefix: steps are named `<name>_<level>`. @default "step" */
  name?: string;
  /** The period arrival-rate levels count in. @default "1s" */
  timeUnit?: string;
  /** Response time the VU pool of an arrival-rate step is sized for (see `sizeVUs`). @default "500ms" */
  expectedLatency?: string;
}

/** Defaults of {@link rampLadder}. */
export const RAMP_LADDER_DEFAULTS = {
  levels: [1, 5, 10, 20],
  hold: "30s",
  model: "concurrency",
  gate: { p95: 500 },
  gracefulStop: "5s",
  gap: "3s",
  abortAfter: "5s",
  name: "step",
  timeUnit: "1s",
  expectedLatency: "500ms",
} as const satisfies Required<RampLadderOptions>;

/** One step of a ladder. */
export interface LadderStep {
  /** Users or rate of this step. */
  level: number;
  /** The k6 scenario running it. */
  scenario: string;
  /** When it starts, from the start of the test. */
  startTime: string;
}

/** A ramp ladder as k6 options (spread `scenarios`, `thresholds`, `summaryTrendStats`), with what {@link ladderResult} needs. */
export interface Ladder {
  scenarios: Record<string, ConstantVUsScenario | ConstantArrivalRateScenario>;
  thresholds: Record<string, Threshold[]>;
  summaryTrendStats: string[];
  /** The longest the ladder can take, when no step fails. */
  totalDuration: string;
  steps: LadderStep[];
  model: LadderModel;
  timeUnit: string;
  gate: Gate;
}

function checkLevels(levels: unknown): number[] {
  const rule = "a non-empty list of whole numbers >= 1";
  if (!Array.isArray(levels)) throw new TypeError(`rampLadder(): \`levels\` must be ${rule}, got ${JSON.stringify(levels)}`);
  if (levels.length === 0 || !levels.every((l) => typeof l === "number" && Number.isInteger(l) && l >= 1)) {
    throw new RangeError(`rampLadder(): \`levels\` must be ${rule}, got ${JSON.stringify(levels)}`);
  }
  levels.forEach((level: number, i) => {
    const before = levels[i - 1] as number | undefined;
    if (before !== undefined && level <= before) {
      throw new RangeError(
        `rampLadder(): \`levels\` must rise from step to step, got ${JSON.stringify(levels)} (${level} after ${before})`,
      );
    }
  });
  return levels as number[];
}

/**
 * A ramp ladder: each level held for `hold` as its own k6 scenario tagged `step:<level>`, so every
 * request is attributed to exactly one step, each step gated on its own requests, and the run
 * aborted after the first step that fails. Read the outcome with `ladderResult()` in handleSummary.
 * @example
 * const ladder = rampLadder({ levels: [1, 5, 10, 20], hold: "1m", gate: { p95: 500 } });
 * export const options = { scenarios: ladder.scenarios, thresholds: ladder.thresholds, summaryTrendStats: ladder.summaryTrendStats };
 */
export function rampLadder(options: RampLadderOptions = {}): Ladder {
  const d = RAMP_LADDER_DEFAULTS;
  const o = optionsObject("rampLadder", options, ["levels", "hold", "model", "gate", "gracefulStop", "gap", "abortAfter", "name", "timeUnit", "expectedLatency"]);
  const levels = checkLevels(o.levels ?? d.levels);
  const model = o.model ?? d.model;
  if (model !== "concurrency" && model !== "arrival-rate") {
    throw new RangeError(`rampLadder(): \`model\` must be "concurrency" or "arrival-rate", got ${JSON.stringify(model)}`);
  }
  const hold = o.hold ?? d.hold;
  const gracefulStop = o.gracefulStop ?? d.gracefulStop;
  const gap = o.gap ?? d.gap;
  const timeUnit = o.timeUnit ?? d.timeUnit;
  const expectedLatency = o.expectedLatency ?? d.expectedLatency;
  const holdMs = duration("rampLadder", "hold", hold, K6_MIN_DURATION_MS);
  const graceMs = duration("rampLadder", "gracefulStop", gracefulStop, 0);
  const gapMs = duration("rampLadder", "gap", gap);
  if (gapMs < MIN_LADDER_GAP_MS) {
    throw new RangeError(
      `rampLadder(): \`gap\` must be at least ${formatDuration(MIN_LADDER_GAP_MS)} (k6 evaluates thresholds every 2s; a shorter gap lets the step after a failing one start), got ${JSON.stringify(gap)}`,
    );
  }
  const abortAfterMs = duration("rampLadder", "abortAfter", o.abortAfter ?? d.abortAfter, 0);
  const unitMs = duration("rampLadder", "timeUnit", timeUnit);
  const latencyMs = duration("rampLadder", "expectedLatency", expectedLatency);
  const prefix = scenarioName("rampLadder", "`name`", o.name ?? d.name);
  const gate: Gate = o.gate ?? { ...d.gate };
  if (typeof gate !== "object" || gate === null) {
    throw new TypeError(`rampLadder(): \`gate\` must be a gate object such as { p95: 500 }, got ${JSON.stringify(gate)}`);
  }

  const scenarios: Ladder["scenarios"] = {};
  const thresholds: Record<string, Threshold[]> = {};
  const stats: string[][] = [];
  const steps: LadderStep[] = [];
  let start = 0;
  for (const level of levels) {
    const name = `${prefix}_${level}`;
    const startTime = formatDuration(start);
    const tags = { step: String(level) };
    scenarios[name] =
      model === "concurrency"
        ? { executor: "constant-vus", vus: level, duration: hold, startTime, gracefulStop, tags }
        : {
            executor: "constant-arrival-rate",
            rate: level,
            timeUnit,
            duration: hold,
            ...sizeVUs("rampLadder", level, unitMs, latencyMs, {}),
            startTime,
            gracefulStop,
            tags,
          };
    // Abort only once the step has run a while; k6's delayAbortEval counts from the test's start.
    const abortOnFail = gate.abortOnFail === false ? false : formatDuration(start + Math.min(abortAfterMs, holdMs));
    // A step is judged by its own gate; a step with too few samples for its percentile is not a failed
    // step (the capacity would be wrong), so its sample guard is left to the verdict, which calls the
    // run inconclusive, unless the gate asks for the guards itself.
    const compiled = compileGate({ inconclusive: "warn", ...gate, abortOnFail }, { scope: tags, where: "rampLadder(): `gate`" });
    for (const [metric, entries] of Object.entries(compiled.thresholds)) addThresholds(thresholds, metric, entries);
    addThresholds(thresholds, subMetric("http_reqs", tags), []);
    addThresholds(thresholds, subMetric("http_req_duration", { expected_response: "true", ...tags }), []);
    stats.push(compiled.summaryTrendStats);
    steps.push({ level, scenario: name, startTime });
    start += holdMs + graceMs + gapMs;
  }
  return {
    scenarios,
    thresholds,
    summaryTrendStats: mergeTrendStats(...stats),
    // The last step needs no gap after it.
    totalDuration: formatDuration(start - gapMs),
    steps,
    model,
    timeUnit,
    gate,
  };
}
