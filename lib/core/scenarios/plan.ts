import type { Scenario, Threshold } from "k6/options";
import { formatDuration, toMilliseconds } from "../vocabulary/duration.ts";
import { scenarioSubMetrics } from "../thresholds/report-sub-metrics.ts";
import { duration, optionsObject, scenarioName } from "./validate.ts";

/** k6's `gracefulStop` when a scenario sets none (lib/executor/base_config.go). */
export const K6_DEFAULT_GRACEFUL_STOP = "30s";

/** Options for {@link plan}. */
export interface PlanOptions {
  /** Pause between one part's end (its `gracefulStop` included) and the next part's start. @default "0s" */
  gap?: string;
  /**
   * `gracefulStop` for parts that set none: how long k6 lets iterations in flight finish after a
   * part's end; the plan reserves it before the next part starts. When absent, k6's own 30s applies.
   */
  gracefulStop?: string;
}

/** Defaults of {@link plan}. */
export const PLAN_DEFAULTS = { gap: "0s" } as const satisfies PlanOptions;

/** A sequence of scenarios as k6 options: spread `scenarios` and `thresholds` into `options`. */
export interface Plan {
  /** The parts, each named after its key, with `startTime` set so they run one after another. */
  scenarios: Record<string, Scenario>;
  /** The longest the plan can take: every part's duration and `gracefulStop`, and the gaps. */
  totalDuration: string;
  /**
   * Empty thresholds on each part's sub-metrics (`http_reqs{scenario:x}`, `http_req_failed{scenario:x}`,
   * `http_req_duration{expected_response:true,scenario:x}`), so per-scenario figures appear in
   * `handleSummary` data.
   */
  thresholds: Record<string, Threshold[]>;
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
 * `maxDuration`, which must be given, since k6's default of 10 minutes would stall a plan.
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
      if (scenario.maxDuration === undefined) {
        throw new RangeError(
          `${where}: a ${scenario.executor} scenario must set \`maxDuration\` to be placed in a plan (k6's default of 10m would hold every later part back)`,
        );
      }
      return ms(where, "maxDuration", scenario.maxDuration) + graceMs;
    default:
      throw new TypeError(`${where}: unsupported executor ${JSON.stringify((scenario as { executor: unknown }).executor)}`);
  }
}

/**
 * Runs scenarios one after another: each part becomes a k6 scenario named after its key (so k6's
 * `scenario` tag identifies its requests) whose `startTime` follows the parts before it.
 * @example
 * const p = plan({ smoke: smoke({ vus: 10 }), normal: load({ vus: 50 }), peak: peak({ vus: 200 }) });
 * export const options = { scenarios: p.scenarios, thresholds: { ...p.thresholds, ...gates.thresholds } };
 */
export function plan(parts: Record<string, Scenario>, options: PlanOptions = {}): Plan {
  if (typeof parts !== "object" || parts === null || Array.isArray(parts)) {
    throw new TypeError(`plan(): expected an object of named scenarios, got ${JSON.stringify(parts)}`);
  }
  const o = optionsObject("plan", options, ["gap", "gracefulStop"]);
  const gapMs = duration("plan", "gap", o.gap ?? PLAN_DEFAULTS.gap, 0);
  if (o.gracefulStop !== undefined) duration("plan", "gracefulStop", o.gracefulStop, 0);
  const names = Object.keys(parts);
  if (names.length === 0) throw new RangeError("plan(): needs at least one scenario, got {}");

  const scenarios: Record<string, Scenario> = {};
  const thresholds: Record<string, Threshold[]> = {};
  let start = 0;
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
    scenarios[name] = scenario;
    for (const metric of scenarioSubMetrics(name)) thresholds[metric] = [];
    start += scenarioDuration(scenario, `plan(): part \`${name}\``);
    if (i < names.length - 1) start += gapMs;
  });
  return { scenarios, totalDuration: formatDuration(start), thresholds };
}
