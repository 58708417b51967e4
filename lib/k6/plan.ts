// plan() as k6 scripts get it (through facades.ts, where __VU is 0): the core's plan, with its
// warnings printed on k6's console in the init that reads options (and setup's and handleSummary's).
import { plan as planParts, type Plan, type PlanOptions } from "../core/scenarios/plan.ts";
import type { Scenario } from "k6/options";

declare const console: { warn(...data: unknown[]): void };

/**
 * Runs scenarios one after another (see the core's `plan`), and prints the plan's warnings (a mostly
 * idle schedule) on k6's console where `__VU` is 0, not once per VU.
 * @example
 * const p = plan({ warmup: sequential({ requests: 5 }), main: burst({ vus: 10, requests: 30 }) }, { gracefulStop: "5s" });
 * export const options = { scenarios: p.scenarios, thresholds: p.thresholds };
 */
export function plan(parts: Record<string, Scenario>, options?: PlanOptions): Plan {
  const result = planParts(parts, options);
  if (typeof __VU === "number" && __VU === 0) for (const warning of result.warnings) console.warn(warning);
  return result;
}
