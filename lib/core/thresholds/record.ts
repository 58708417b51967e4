// A fragment of k6's options that thresholds compile to, and the two ways fragments are combined.
import type { Threshold } from "k6/options";

/** k6's default `summaryTrendStats`, which loadgate extends with every stat a threshold needs. */
export const K6_DEFAULT_TREND_STATS = ["avg", "min", "med", "max", "p(90)", "p(95)"] as const;

/** Stats every loadgate report shows, so they are always in the summary. */
export const REPORT_TREND_STATS = ["med", "p(95)", "p(99)"] as const;

/** What a gate compiles to: a fragment of k6's options. */
export interface CompiledThresholds {
  thresholds: Record<string, Threshold[]>;
  summaryTrendStats: string[];
}

/** Appends entries to a thresholds record, keeping the ones already there. */
export function addThresholds(target: Record<string, Threshold[]>, metric: string, entries: Threshold[]): void {
  if (entries.length === 0 && target[metric] !== undefined) return;
  target[metric] = [...(target[metric] ?? []), ...entries];
}

/** Merges `summaryTrendStats` lists, k6's defaults first, without duplicates. */
export function mergeTrendStats(...lists: readonly (readonly string[])[]): string[] {
  return [...new Set([...K6_DEFAULT_TREND_STATS, ...lists.flat()])];
}
