// plan() as k6 scripts get it: the core's plan, with its warnings printed at VU 0's init only (k6
// runs it for the options and for setup and handleSummary: twice), not at every VU's own init.
import { plan as planParts, type Plan, type PlanOptions } from "../core/scenarios/plan.ts";
import type { Scenario } from "k6/options";
import { readsOptions } from "./options-init.ts";

declare const console: { warn(...data: unknown[]): void };

/**
 * Runs scenarios one after another (see the core's `plan`), and prints the plan's warnings (a mostly
 * idle schedule) on k6's console at VU 0's init, not once per VU. In a VU's own init (`__VU` > 0),
 * where k6 does not read options, nothing is computed: `scenarios` are the parts as given, and
 * `thresholds`, `totalDuration` and `warnings` are empty (every function run there costs each VU
 * memory: docs/k6-facts.md).
 * @example
 * const p = plan({ warmup: sequential({ requests: 5 }), main: burst({ vus: 10, requests: 30 }) }, { gracefulStop: "5s" });
 * export const options = { scenarios: p.scenarios, thresholds: p.thresholds };
 */
export function plan(parts: Record<string, Scenario>, options?: PlanOptions): Plan {
  if (!readsOptions()) return { scenarios: { ...parts }, totalDuration: "", thresholds: {}, warnings: [] };
  const result = planParts(parts, options);
  if (typeof __VU === "number" && __VU === 0) for (const warning of result.warnings) console.warn(warning);
  return result;
}
