import type { Scenario, Threshold } from "k6/options";
import { formatDuration, toMilliseconds } from "../vocabulary/duration.ts";
import { declaredScenarioSubMetrics } from "../thresholds/report-sub-metrics.ts";
import { duration, K6_MIN_DURATION_MS, optionsObject, positiveNumber, scenarioName } from "./validate.ts";

/** k6's `gracefulStop` when a scenario sets none (lib/executor/base_config.go). */
export const K6_DEFAULT_GRACEFUL_STOP = "30s";

/** k6's `maxDuration` of an iteration-based scenario that sets none (lib/executor/shared_iterations.go). */
export const K6_DEFAULT_MAX_DURATION = "10m";

/** Options for {@link plan}. */
export interface PlanOptions {
  /** Pause between one part's end (its `gracefulStop` included) and the next part's start. @default "0s" */
  gap?: string;
  /**
   * `gracefulStop` for parts that set none: how long k6 lets iterations in flight finish after a
   * part's end; the plan reserves it before the next part starts. When absent, k6's own 30s applies.
   */
  gracefulStop?: string;
  /**
   * How long one iteration of an iteration-based part (`sequential`, `burst`, `concurrent`, `batches`)
   * is expected to take: such a part's slot is its rounds of iterations (iterations per VU) times
   * this, times `headroom`, and never more than its own `maxDuration`.
   * @default "1s"
   */
  expectedLatency?: string;
  /** How many times the expected time an iteration-based part is given before k6 stops it. @default 3 */
  headroom?: number;
}

/** Defaults of {@link plan}. */
export const PLAN_DEFAULTS = { gap: "0s", expectedLatency: "1s", headroom: 3 } as const satisfies PlanOptions;

/** A plan is called mostly idle, and {@link Plan.warnings} says so, when its parts' own time is less than this share of it. */
export const PLAN_IDLE_SHARE = 0.5;

/** A sequence of scenarios as k6 options: spread `scenarios` and `thresholds` into `options`. */
export interface Plan {
  /** The parts, each named after its key, with `startTime` set so they run one after another. */
  scenarios: Record<string, Scenario>;
  /** The longest the plan can take: every part's duration and `gracefulStop`, and the gaps. */
  totalDuration: string;
  /**
   * Empty thresholds on each part's sub-metrics (`http_reqs{scenario:x}`, `http_req_failed{scenario:x}`,
   * `http_req_duration{expected_response:true,scenario:x}`), so per-scenario figures appear in
   * `handleSummary` data. A plan of one part leaves out its latency: the part's requests are the
   * run's, and reports read it from the run-wide `http_req_duration{expected_response:true}`.
   */
  thresholds: Record<string, Threshold[]>;
  /**
   * What makes the schedule questionable, one sentence each: today, a schedule that is mostly idle
   * (the parts' own time, without their `gracefulStop` and the gaps, under half of the time from the
   * plan's start to its last part's end).
   * loadgate's k6 entry prints them at init (VU 0's, not every VU's).
   */
  warnings: string[];
}

function ms(where: string, option: string, value: unknown): number {
  if (typeof value !== "string" && typeof value !== "number") {
    throw new TypeError(`${where}: \`${option}\` must be a k6 duration string such as "30s", got ${JSON.stringify(value)}`);
  }
  return toMilliseconds(value, `${where}: \`${option}\``);
}

/**
 * How long a scenario occupies k6, from its start to the end of its `gracefulStop`, in ms: what k6
 * itself reserves (each executor's GetExecutionRequirements). Iteration-based executors count their
 * `maxDuration` (k6's default 10m when unset); {@link plan} first shortens it to what the part asks.
 */
export function scenarioDuration(scenario: Scenario, where = "scenario"): number {
  const graceMs = ms(where, "gracefulStop", scenario.gracefulStop ?? K6_DEFAULT_GRACEFUL_STOP);
  switch (scenario.executor) {
    case "constant-vus":
    case "constant-arrival-rate":
      return ms(where, "duration", scenario.duration) + graceMs;
    case "ramping-vus":
    case "ramping-arrival-rate":
      return scenario.stages.reduce((sum, stage, i) => sum + ms(where, `stages[${i}].duration`, stage.duration), 0) + graceMs;
    case "shared-iterations":
    case "per-vu-iterations":
      return ms(where, "maxDuration", scenario.maxDuration ?? K6_DEFAULT_MAX_DURATION) + graceMs;
    default:
      throw new TypeError(`${where}: unsupported executor ${JSON.stringify((scenario as { executor: unknown }).executor)}`);
  }
}

/** Rounds of iterations an iteration-based scenario asks: iterations per VU, as k6 splits them. */
function rounds(scenario: Scenario): number | undefined {
  switch (scenario.executor) {
    case "shared-iterations":
      // k6's defaults: 1 VU, 1 iteration (lib/executor/shared_iterations.go).
      return Math.ceil((scenario.iterations ?? 1) / Math.max(1, scenario.vus ?? 1));
    case "per-vu-iterations":
      return scenario.iterations ?? 1;
    default:
      return undefined;
  }
}

/**
 * Runs scenarios one after another: each part becomes a k6 scenario named after its key (so k6's
 * `scenario` tag identifies its requests) whose `startTime` follows the parts before it. An
 * iteration-based part gets the slot its iterations need at `expectedLatency` each, times `headroom`
 * (its `maxDuration` is shortened to that, so the schedule holds; a part cut short makes the verdict
 * INCONCLUSIVE), never the 10 minutes of k6's default.
 * @example
 * const p = plan({ smoke: smoke({ vus: 10 }), normal: load({ vus: 50 }), peak: peak({ vus: 200 }) });
 * export const options = { scenarios: p.scenarios, thresholds: { ...p.thresholds, ...gates.thresholds } };
 */
export function plan(parts: Record<string, Scenario>, options: PlanOptions = {}): Plan {
  if (typeof parts !== "object" || parts === null || Array.isArray(parts)) {
    throw new TypeError(`plan(): expected an object of named scenarios, got ${JSON.stringify(parts)}`);
  }
  const o = optionsObject("plan", options, ["gap", "gracefulStop", "expectedLatency", "headroom"]);
  const gapMs = duration("plan", "gap", o.gap ?? PLAN_DEFAULTS.gap, 0);
  const expectedMs = duration("plan", "expectedLatency", o.expectedLatency ?? PLAN_DEFAULTS.expectedLatency);
  const headroom = positiveNumber("plan", "headroom", o.headroom ?? PLAN_DEFAULTS.headroom);
  if (headroom < 1) throw new RangeError(`plan(): \`headroom\` must be a number >= 1, got ${headroom}`);
  if (o.gracefulStop !== undefined) duration("plan", "gracefulStop", o.gracefulStop, 0);
  const names = Object.keys(parts);
  if (names.length === 0) throw new RangeError("plan(): needs at least one scenario, got {}");

  const scenarios: Record<string, Scenario> = {};
  const thresholds: Record<string, Threshold[]> = {};
  let start = 0;
  let busy = 0;
  let lastGraceMs = 0;
  names.forEach((name, i) => {
    scenarioName("plan", "each part's name", name);
    const part = parts[name] as Scenario;
    if (typeof part !== "object" || part === null || typeof part.executor !== "string") {
      throw new TypeError(`plan(): part \`${name}\` must be a k6 scenario object (from a builder such as load()), got ${JSON.stringify(part)}`);
    }
    if (part.startTime !== undefined) {
      throw new RangeError(
        `plan(): part \`${name}\` sets \`startTime\` ${JSON.stringify(part.startTime)}; plan() computes start times from the parts before it`,
      );
    }
    const scenario: Scenario = { ...part, startTime: formatDuration(start) };
    if (o.gracefulStop !== undefined && part.gracefulStop === undefined) scenario.gracefulStop = o.gracefulStop;
    const where = `plan(): part \`${name}\``;
    const r = rounds(scenario);
    if (r !== undefined && (scenario.executor === "shared-iterations" || scenario.executor === "per-vu-iterations")) {
      const asked = ms(where, "maxDuration", scenario.maxDuration ?? K6_DEFAULT_MAX_DURATION);
      // Never under k6's minimum maxDuration of 1s (lib/executor/shared_iterations.go Validate).
      scenario.maxDuration = formatDuration(Math.min(asked, Math.max(K6_MIN_DURATION_MS, Math.ceil(r * expectedMs * headroom))));
    }
    scenarios[name] = scenario;
    const length = scenarioDuration(scenario, where);
    // A part's own time (its duration, or an iteration part's slot, headroom included); its gracefulStop is not.
    lastGraceMs = ms(where, "gracefulStop", scenario.gracefulStop ?? K6_DEFAULT_GRACEFUL_STOP);
    busy += length - lastGraceMs;
    start += length;
    if (i < names.length - 1) start += gapMs;
  });
  for (const metric of declaredScenarioSubMetrics(names)) thresholds[metric] = [];
  const warnings: string[] = [];
  // k6 ends the test when the last part's iterations end: its gracefulStop holds nothing back.
  const span = start - lastGraceMs;
  if (span > 0 && busy / span < PLAN_IDLE_SHARE) {
    warnings.push(
      `plan(): the schedule is mostly idle: its parts run for ${formatDuration(busy)} of the ${formatDuration(span)} from its start ` +
        `to its last part's end (${Math.round((busy / span) * 100)}%); the rest is each part's gracefulStop (k6's default ${K6_DEFAULT_GRACEFUL_STOP} ` +
        `when unset) and the gaps. Set plan()'s \`gracefulStop\` (e.g. "5s") to what an iteration in flight needs to finish`,
    );
  }
  return { scenarios, totalDuration: formatDuration(start), thresholds, warnings };
}
