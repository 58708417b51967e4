import { readFileSync } from "node:fs";
import type { SummaryData } from "../../lib/core/verdict.ts";

/** The handleSummary data captured from real k6 runs (see test/fixtures/summary/capture.mjs). */
export const FIXTURES = ["healthy-with-phases", "all-failed-fast", "all-timed-out", "two-scenarios-one-broken", "aborted-on-fail"] as const;

export function fixture(name: (typeof FIXTURES)[number]): SummaryData {
  return JSON.parse(readFileSync(new URL(`../fixtures/summary/${name}.json`, import.meta.url), "utf8")) as SummaryData;
}
