// What a run's scenarios asked k6 to deliver, read from k6's own scenario objects (the script's
// options, or `exec.test.options.scenarios` inside handleSummary, where k6 writes unset fields as null).
import type { Scenario } from "k6/options";
import { parseDuration } from "../vocabulary/duration.ts";

/** The load one scenario asked for. */
export interface AskedScenario {
  name: string;
  executor: string;
  /** `open`: iterations arrive at a rate (arrival-rate executors); `closed`: VUs loop. */
  model: "open" | "closed";
  /** When it starts, in ms from the start of the test. */
  startMs: number;
  /** When its own duration ends (before `gracefulStop`), for executors that run for a duration. */
  endMs?: number;
  /** The most VUs a closed-model scenario runs at once. */
  vus?: number;
  /** Iterations asked: an iteration-based executor's total, or the iterations an arrival rate starts over its duration. */
  iterations?: number;
  /** The latest an iteration-based scenario ends: its start plus its `maxDuration` (k6's default 10m when unset). */
  maxEndMs?: number;
}

/** k6's `maxDuration` of an iteration-based scenario that sets none: 10m (lib/executor/shared_iterations.go). */
const K6_MAX_DURATION_MS = 600_000;

/** A loose view of k6's scenario fields: inside handleSummary unset fields are null. */
type Loose = Record<string, unknown>;

const num = (value: unknown, fallback: number): number => (typeof value === "number" && Number.isFinite(value) ? value : fallback);
const msOf = (value: unknown, fallback = 0): number =>
  typeof value === "string" || typeof value === "number" ? (parseDuration(value) ?? fallback) : fallback;

interface Stage {
  duration: unknown;
  target: unknown;
}

/** Iterations an arrival rate starts: the area under its rate, per `timeUnit`. */
function arrivals(startRate: number, stages: readonly Stage[], timeUnitMs: number): { iterations: number; durationMs: number } {
  let rate = startRate;
  let iterations = 0;
  let durationMs = 0;
  for (const stage of stages) {
    const ms = msOf(stage.duration);
    const target = num(stage.target, 0);
    // k6 ramps the rate linearly within a stage (lib/executor/ramping_arrival_rate.go).
    iterations += (((rate + target) / 2) * ms) / timeUnitMs;
    durationMs += ms;
    rate = target;
  }
  return { iterations, durationMs };
}

/**
 * The load each scenario asked for: closed models their VUs, open models the iterations their rate
 * starts, iteration-based executors their iteration count, and when each duration ends. Executors
 * loadgate cannot size (externally-controlled) are left out.
 * @example askedLoad(exec.test.options.scenarios) // inside handleSummary
 */
export function askedLoad(scenarios: Readonly<Record<string, Scenario>>): AskedScenario[] {
  const asked: AskedScenario[] = [];
  for (const [name, scenario] of Object.entries(scenarios)) {
    const s = scenario as unknown as Loose;
    const startMs = msOf(s["startTime"]);
    const base = { name, executor: String(s["executor"]), startMs };
    const stages = (Array.isArray(s["stages"]) ? s["stages"] : []) as Stage[];
    switch (s["executor"]) {
      case "constant-vus":
        asked.push({ ...base, model: "closed", endMs: startMs + msOf(s["duration"]), vus: num(s["vus"], 1) });
        break;
      case "ramping-vus": {
        const length = stages.reduce((sum, stage) => sum + msOf(stage.duration), 0);
        const vus = Math.max(num(s["startVUs"], 1), ...stages.map((stage) => num(stage.target, 0)));
        asked.push({ ...base, model: "closed", endMs: startMs + length, vus });
        break;
      }
      case "shared-iterations":
        asked.push({ ...base, model: "closed", vus: num(s["vus"], 1), iterations: num(s["iterations"], 1), maxEndMs: startMs + msOf(s["maxDuration"], K6_MAX_DURATION_MS) });
        break;
      case "per-vu-iterations":
        asked.push({ ...base, model: "closed", vus: num(s["vus"], 1), iterations: num(s["vus"], 1) * num(s["iterations"], 1), maxEndMs: startMs + msOf(s["maxDuration"], K6_MAX_DURATION_MS) });
        break;
      case "constant-arrival-rate": {
        const durationMs = msOf(s["duration"]);
        const { iterations } = arrivals(num(s["rate"], 0), [{ duration: durationMs, target: num(s["rate"], 0) }], msOf(s["timeUnit"], 1000));
        asked.push({ ...base, model: "open", endMs: startMs + durationMs, iterations });
        break;
      }
      case "ramping-arrival-rate": {
        const { iterations, durationMs } = arrivals(num(s["startRate"], 0), stages, msOf(s["timeUnit"], 1000));
        asked.push({ ...base, model: "open", endMs: startMs + durationMs, iterations });
        break;
      }
      default:
        break;
    }
  }
  return asked;
}
